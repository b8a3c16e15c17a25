"""Locker rigs: a physical model, a protocol simulator on it and the real driver talking to it."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from devices.base import Health
from devices.locker.base import CompartmentState, LockerBank, locker_banks
from devices.locker.sim_8a import EightABusSimulator
from devices.locker.sim_modbus import ModbusRtuBoardSimulator, ModbusTcpBoardSimulator
from devices.locker.sim_wkly import WklyBusSimulator
from devices.locker.simulator import LockerModel

EVENT_WAIT = 10.0  # upper bound for an event that must come; never reached when all is well

FAMILIES = ["lock-8a", "lock-wkly", "modbus-tcp", "modbus-rtu"]
SIMULATORS = {"lock-8a": EightABusSimulator, "lock-wkly": WklyBusSimulator,
              "modbus-tcp": ModbusTcpBoardSimulator, "modbus-rtu": ModbusRtuBoardSimulator}
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
    model: LockerModel
    simulator: object
    bank: LockerBank
    events: LockerEvents = field(default_factory=LockerEvents)


@pytest.fixture
def make_rig():
    """``make_rig(family, model, **driver_options)``: a started simulator and an opened driver
    with listeners attached (watcher not started); everything is stopped afterwards."""
    started = []

    def make(family: str, model: LockerModel, *, simulator_options: dict | None = None,
             **driver_options) -> Rig:
        simulator = SIMULATORS[family](model, **(simulator_options or {})).start()
        started.append(simulator)
        options = {**simulator.driver_options(), "poll_interval": 0.05,
                   **TEST_OPTIONS[family], **driver_options}
        bank = locker_banks.get(family)("lockers", **options)
        started.append(bank)
        rig = Rig(model, simulator, bank)
        bank.add_listener(rig.events)
        bank.tracker.subscribe(rig.events.health_changed)
        bank.open()
        return rig

    yield make
    for thing in reversed(started):
        if isinstance(thing, LockerBank):
            thing.close()
        else:
            thing.stop()


@pytest.fixture(params=FAMILIES)
def family(request) -> str:
    return request.param
