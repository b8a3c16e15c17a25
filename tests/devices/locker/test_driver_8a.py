"""The 8A driver on the wire: what it sends, and vendor variations of the reply."""
from __future__ import annotations

import os

import pytest

from devices.base import DeviceNotFound
from devices.locker.driver_8a import EightALockerBank
from devices.locker.sim_8a import EightABusSimulator
from devices.locker.simulator import LockerModel

ONE_BOARD = [{"address": 1, "locks": 12}]


def test_unlock_and_poll_send_the_spec_frames(make_rig):
    rig = make_rig("lock-8a", ONE_BOARD)
    rig.simulator.requests.clear()
    rig.bank.unlock(3)
    rig.bank.states()
    assert [r.hex(" ") for r in rig.simulator.requests] == ["8a 01 03 11 99", "80 01 00 33 b2"]


def test_high_first_group_order_reads_the_right_locks(make_rig):
    rig = make_rig("lock-8a", [{"address": 1, "locks": 24}],
                   simulator_options={"group_order": "high-first"}, group_order="high-first")
    rig.bank.unlock_and_confirm(17, timeout=5)
    assert [n for n, s in rig.bank.states().items() if not s.door_closed] == [17]


def test_a_group_order_different_from_the_firmware_reads_wrong_locks(make_rig):
    rig = make_rig("lock-8a", [{"address": 1, "locks": 24}],
                   simulator_options={"group_order": "high-first"}, group_order="low-first")
    rig.model.force_open(2)
    assert [n for n, s in rig.bank.states().items() if not s.door_closed] == [18]


def test_configuration_needing_more_channels_than_the_reply_holds_is_refused():
    with pytest.raises(ValueError, match="status bytes"):
        EightALockerBank("lockers", port="/dev/null", boards=[{"address": 1, "locks": 30}])
    with pytest.raises(ValueError, match="group_order"):
        EightALockerBank("lockers", port="/dev/null", boards=ONE_BOARD, group_order="sideways")


def test_missing_port_is_device_not_found():
    bank = EightALockerBank("lockers", port="/dev/ttyNO-SUCH-LOCKER", boards=ONE_BOARD)
    assert bank.port_exists() is False
    with pytest.raises(DeviceNotFound) as caught:
        bank.open()
    assert "/dev/ttyNO-SUCH-LOCKER" in caught.value.staff_hint


def test_unplugged_adapter_makes_the_bank_unavailable(make_rig):
    rig = make_rig("lock-8a", ONE_BOARD)
    rig.simulator.stop()  # the far end of the line disappears
    with pytest.raises(DeviceNotFound):
        rig.bank.states()
    assert rig.bank.health.available is False



def test_replugged_adapter_is_reopened_by_the_watcher(tmp_path, locker_events):
    # Halls configure the stable udev name (/dev/serial/by-id/...), a symlink to the tty.
    model = LockerModel(ONE_BOARD)
    first, second = EightABusSimulator(model).start(), EightABusSimulator(model)
    link = tmp_path / "ttyLOCKER"
    link.symlink_to(first.port)
    bank = EightALockerBank("lockers", port=str(link), boards=ONE_BOARD, timeout=0.2,
                            poll_interval=0.05)
    bank.tracker.subscribe(locker_events.health_changed)
    try:
        bank.open()
        first.stop()  # the adapter is pulled out
        with pytest.raises(DeviceNotFound):
            bank.states()
        assert bank.health.available is False
        seen = len(locker_events.health)

        second.start()  # plugged in again: udev points the link at the new tty
        replacement = tmp_path / "ttyLOCKER.new"
        replacement.symlink_to(second.port)
        os.replace(replacement, link)
        bank.start()
        locker_events.wait_health(available=True, after=seen)
        assert bank.unlock_and_confirm(1, timeout=5).door_closed is False
    finally:
        bank.close()
        first.stop()
        second.stop()


def test_adapter_missing_at_start_is_picked_up_by_the_watcher(tmp_path, locker_events):
    link = tmp_path / "ttyLOCKER"
    simulator = EightABusSimulator(LockerModel(ONE_BOARD))
    bank = EightALockerBank("lockers", port=str(link), boards=ONE_BOARD, timeout=0.2,
                            poll_interval=0.05)
    bank.tracker.subscribe(locker_events.health_changed)
    try:
        with pytest.raises(DeviceNotFound):
            bank.open()
        bank.start()
        simulator.start()
        link.symlink_to(simulator.port)  # the adapter is plugged in
        locker_events.wait_health(available=True)
        assert bank.unlock_and_confirm(4, timeout=5).door_closed is False
    finally:
        bank.close()
        simulator.stop()
