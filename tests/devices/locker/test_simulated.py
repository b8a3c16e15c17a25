"""start_simulated_bank as the kiosk's simulation mode uses it, and the bank's listener plumbing."""
from __future__ import annotations

import pytest

from devices.locker.base import locker_banks
from devices.locker.simulated import SIMULATORS, start_simulated_bank

# 12 compartments on one relay board: 1-8 small, 9-12 large, item sensors on inputs 13-24.
KIOSK_BANK = [{"address": 1, "locks": 12, "item_sensors": {n: 12 + n for n in range(1, 13)}}]


@pytest.fixture
def kiosk_bank():
    simulated = start_simulated_bank("modbus-tcp", KIOSK_BANK, poll_interval=0.05,
                                     pulse_seconds=0.1)
    yield simulated
    simulated.stop()


def test_every_driver_type_has_a_simulator():
    assert locker_banks.types() == sorted(SIMULATORS) == [
        "lock-8a", "lock-wkly", "modbus-rtu", "modbus-tcp"]


def test_a_citizen_deposits_papers_in_the_simulated_bank(kiosk_bank, locker_events):
    events = locker_events
    kiosk_bank.bank.add_listener(events)
    kiosk_bank.bank.start()

    kiosk_bank.bank.unlock_and_confirm(10, timeout=5)
    kiosk_bank.model.put_item(10)
    kiosk_bank.model.close(10)
    closed = events.wait_door(10, door_closed=True)
    assert closed.item_present is True
    assert kiosk_bank.bank.states()[10].item_present is True
    assert "12 compartments" in kiosk_bank.bank.probe()


def test_a_failing_listener_does_not_starve_the_others(kiosk_bank, locker_events):
    class Broken:
        def door_changed(self, bank, state):
            raise RuntimeError("listener bug")

        def board_failed(self, bank, error):
            raise RuntimeError("listener bug")

    events = locker_events
    kiosk_bank.bank.add_listener(Broken())
    kiosk_bank.bank.add_listener(events)
    kiosk_bank.bank.start()
    kiosk_bank.model.force_open(1)
    assert events.wait_door(1, door_closed=False).forced_open is True


def test_stop_ends_the_watcher(kiosk_bank):
    kiosk_bank.bank.start()
    watcher = kiosk_bank.bank._watcher
    assert watcher.is_alive()
    kiosk_bank.bank.stop()
    assert not watcher.is_alive()


def test_unknown_simulator_type_is_refused():
    with pytest.raises(ValueError, match="known: lock-8a"):
        start_simulated_bank("lock-9z", KIOSK_BANK)
