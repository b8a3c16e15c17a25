"""Start a simulated locker bank for the kiosk's simulation mode, demos and tests.

``start_simulated_bank("modbus-tcp", boards=[{"address": 1, "locks": 12}])`` starts the board
simulator of that family on a physical model and opens the *real* driver of that family on it,
so the kiosk runs the same driver code as in a hall. Drive the model to play the person at the
locker (``sim.model.close(3)``, ``sim.model.put_item(3)``) or to inject faults
(``sim.model.jam(5)``, ``sim.model.silence_board(1)``, ``sim.model.force_open(7)``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from devices.locker.base import LockerBank, locker_banks
from devices.locker.sim_8a import EightABusSimulator
from devices.locker.sim_modbus import ModbusRtuBoardSimulator, ModbusTcpBoardSimulator
from devices.locker.sim_wkly import WklyBusSimulator
from devices.locker.simulator import LockerModel

SIMULATORS = {
    "lock-8a": EightABusSimulator,
    "lock-wkly": WklyBusSimulator,
    "modbus-tcp": ModbusTcpBoardSimulator,
    "modbus-rtu": ModbusRtuBoardSimulator,
}


@dataclass
class SimulatedBank:
    """A running simulator, its model, and the opened driver talking to it."""

    model: LockerModel
    simulator: EightABusSimulator | WklyBusSimulator | ModbusTcpBoardSimulator | ModbusRtuBoardSimulator
    bank: LockerBank

    def stop(self) -> None:
        """Close the driver (and its watcher), then the simulator."""
        self.bank.close()
        self.simulator.stop()


def start_simulated_bank(type: str, boards: list[Mapping], *, name: str = "lockers",  # noqa: A002
                         invert_door_switch: bool = False, invert_item_sensor: bool = False,
                         simulator_options: Mapping | None = None,
                         driver_boards: list[Mapping] | None = None,
                         **driver_options) -> SimulatedBank:
    """Start the ``type`` simulator for ``boards`` and open its driver (watcher not started).

    ``driver_options`` override what the simulator suggests (e.g. ``poll_interval``);
    ``driver_boards`` configures the driver with other boards than the simulated wiring,
    to rehearse a wrong configuration.
    """
    try:
        simulator_class = SIMULATORS[type]
    except KeyError:
        raise ValueError(f"no locker simulator for type {type!r} "
                         f"(known: {', '.join(sorted(SIMULATORS))})") from None
    model = LockerModel(boards, invert_door_switch=invert_door_switch,
                        invert_item_sensor=invert_item_sensor)
    simulator = simulator_class(model, **(simulator_options or {})).start()
    try:
        options = {**simulator.driver_options(), **driver_options}
        if driver_boards is not None:
            options["boards"] = driver_boards
        bank = locker_banks.get(type)(name, **options)
        bank.open()
    except BaseException:
        simulator.stop()
        raise
    return SimulatedBank(model, simulator, bank)
