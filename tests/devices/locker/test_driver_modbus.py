"""The Modbus driver: solenoid pulses, address offsets, unreachable links."""
from __future__ import annotations

import socket

import pytest

from devices.base import DeviceNotFound
from devices.locker.driver_modbus import ModbusTcpLockerBank
from devices.locker.sim_modbus import ModbusTcpBoardSimulator
from devices.locker.simulator import LockerModel

ONE_BOARD = [{"address": 7, "locks": 8, "item_sensors": {8: 9}}]


def test_unlock_pulses_the_coil_on_then_off(make_rig):
    rig = make_rig("modbus-tcp", ONE_BOARD, pulse_seconds=0.4)
    rig.bank.unlock(3)
    assert rig.simulator.coil_writes == [(7, 2, True), (7, 2, False)]
    assert rig.model.door_closed(3) is False


def test_coil_and_input_bases_shift_the_addresses(make_rig):
    rig = make_rig("modbus-rtu", ONE_BOARD, simulator_options={"coil_base": 100, "input_base": 40})
    rig.bank.unlock_and_confirm(8, timeout=5)
    rig.model.put_item(8)
    assert rig.simulator.coil_writes == [(7, 107, True), (7, 107, False)]
    assert rig.bank.states()[8].item_present is True


def test_a_pulse_shorter_than_the_bus_gap_is_refused():
    with pytest.raises(ValueError, match="pulse_seconds"):
        ModbusTcpLockerBank("lockers", host="127.0.0.1", boards=ONE_BOARD, pulse_seconds=0.01)


def test_unreachable_gateway_is_device_not_found():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    bank = ModbusTcpLockerBank("lockers", host="127.0.0.1", port=free_port, boards=ONE_BOARD,
                               timeout=0.5)
    with pytest.raises(DeviceNotFound) as caught:
        bank.open()
    assert f"127.0.0.1:{free_port}" in caught.value.staff_hint


def test_gateway_missing_at_start_is_picked_up_by_the_watcher(locker_events):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    bank = ModbusTcpLockerBank("lockers", host="127.0.0.1", port=free_port, boards=ONE_BOARD,
                               timeout=0.5, poll_interval=0.05, pulse_seconds=0.1)
    bank.tracker.subscribe(locker_events.health_changed)
    simulator = ModbusTcpBoardSimulator(LockerModel(ONE_BOARD), port=free_port)
    try:
        with pytest.raises(DeviceNotFound):
            bank.open()
        bank.start()
        simulator.start()  # the gateway finishes booting
        locker_events.wait_health(available=True)
        assert bank.unlock_and_confirm(2, timeout=5).door_closed is False
    finally:
        bank.close()
        simulator.stop()
