"""Smart-locker banks: the interface (``base``), drivers for the 8A, WKLY and Modbus board
families registered in ``base.locker_banks`` by their ``type`` string, and simulators."""
from devices.locker import driver_8a, driver_modbus, driver_wkly  # noqa: F401 - register drivers
