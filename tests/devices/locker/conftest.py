"""Locker rigs: a physical model, a protocol simulator on it and the real driver talking to it."""
from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from devices.base import Health
from devices.locker.base import CompartmentState, LockerBank
from devices.locker.simulated import SIMULATORS, start_simulated_bank
from devices.locker.simulator import LockerModel

EVENT_WAIT = 10.0  # upper bound for an event that must come; never reached when all is well

FAMILIES = sorted(SIMULATORS)
# Fast timings for tests: the defaults suit a hall, not a test run.
TEST_OPTIONS = {"lock-8a": {"timeout": 0.2}, "lock-wkly": {"timeout": 0.2},
                "modbus-tcp": {"timeout": 0.5, "pulse_seconds": 0.1},
                "modbus-rtu": {"timeout": 0.3, "pulse_seconds": 0.1}}


class LockerEvents:
    """A LockerListener (and health subscriber) that keeps what it hears for tests to wait on."""

    def __init__(self):
        self.doors: list[CompartmentState] = []
        self.failures: list[Exception] = []
        self.health: list[Health] = []
        self._changed = threading.Condition()

    def door_changed(self, bank: str, state: CompartmentState) -> None:
        self._record(self.doors, state)

    def board_failed(self, bank: str, error: Exception) -> None:
        self._record(self.failures, error)

    def health_changed(self, name: str, health: Health) -> None:
        self._record(self.health, health)

    def _record(self, into: list, item) -> None:
        with self._changed:
            into.append(item)
            self._changed.notify_all()

    def wait_door(self, number: int, **expected) -> CompartmentState:
        """The first door event of compartment ``number`` matching ``expected`` field values."""
        def match(state):
            return state.number == number and all(
                getattr(state, key) == value for key, value in expected.items())
        return self._wait(self.doors, match, f"compartment {number} with {expected}")

    def wait_failure(self) -> Exception:
        return self._wait(self.failures, lambda _: True, "board_failed")

    def wait_health(self, available: bool, after: int = 0) -> Health:
        """The first health change to ``available`` among those after the first ``after``."""
        return self._wait(self.health, lambda h: h.available == available,
                          f"health available={available}", after)

    def _wait(self, items: list, match, what: str, after: int = 0):
        with self._changed:
            found = self._changed.wait_for(
                lambda: next((i for i in items[after:] if match(i)), None), timeout=EVENT_WAIT)
        assert found is not None, f"no event {what} came; heard {items}"
        return found


@dataclass
class Rig:
    """A simulated bank with an event recorder attached to its driver."""

    model: LockerModel
    simulator: object
    bank: LockerBank
    events: LockerEvents


@pytest.fixture
def make_rig():
    """``make_rig(family, boards, **options)``: a started simulator and the opened real driver
    with an event recorder attached (watcher not started); all stopped afterwards."""
    running = []

    def make(family: str, boards: list[dict], **options) -> Rig:
        options = {"poll_interval": 0.05, **TEST_OPTIONS[family], **options}
        simulated = start_simulated_bank(family, boards, **options)
        running.append(simulated)
        events = LockerEvents()
        simulated.bank.add_listener(events)
        simulated.bank.tracker.subscribe(events.health_changed)
        return Rig(simulated.model, simulated.simulator, simulated.bank, events)

    yield make
    for simulated in reversed(running):
        simulated.stop()


@pytest.fixture
def locker_events() -> LockerEvents:
    return LockerEvents()


@pytest.fixture(params=FAMILIES)
def family(request) -> str:
    return request.param
