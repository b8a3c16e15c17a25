"""Handles to the device simulators and the real drivers pointed at them."""
from __future__ import annotations

import queue

import pytest

from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.sam_simulator import SamSimulator

EVENT_WAIT = 10.0  # generous upper bound for an event that must come; never reached when all is well
ANSWER_WAIT = 2.0  # the readers' answer timeout: long enough for a simulator starved of CPU
SILENCE_WAIT = 0.5  # the answer timeout where a test makes the reader fall silent on purpose


@pytest.fixture
def sam_sim():
    with SamSimulator() as sim:
        yield sim


@pytest.fixture
def make_sam_reader(sam_sim):
    """Build real sam-serial drivers on the simulator's port; all are closed afterwards."""
    readers = []

    def make(**options) -> SamSerialReader:
        options = {"port": sam_sim.port, "timeout": ANSWER_WAIT, "retries": 0, **options}
        reader = SamSerialReader("id_reader", **options)
        reader.poll_interval = 0.02
        reader.reopen_interval = 0.05
        readers.append(reader)
        return reader

    yield make
    for reader in readers:
        reader.stop()
        reader.close()


class CardEvents:
    """A CardListener that queues what it hears, for tests to wait on."""

    def __init__(self):
        self.events: queue.Queue = queue.Queue()

    def card_placed(self, reader, card):
        self.events.put(("placed", card))

    def card_removed(self, reader):
        self.events.put(("removed", None))

    def card_failed(self, reader, error):
        self.events.put(("failed", error))

    def next(self, timeout: float = EVENT_WAIT):
        return self.events.get(timeout=timeout)

    def pending(self) -> list:
        items = []
        while not self.events.empty():
            items.append(self.events.get_nowait())
        return items


@pytest.fixture
def card_events():
    return CardEvents()


@pytest.fixture
def simulation(request):
    """A started Simulation; parametrize indirectly with the kinds to run (default: reader and printer)."""
    from devices.simulation import Simulation

    kinds = getattr(request, "param", ("id_reader", "printer"))
    with Simulation(kinds=kinds) as sim:
        yield sim


@pytest.fixture
def make_manager():
    """Build DeviceManagers that are stopped after the test."""
    from devices.manager import DeviceManager

    managers = []

    def make(config, **kwargs) -> DeviceManager:
        manager = DeviceManager(config, **kwargs)
        managers.append(manager)
        return manager

    yield make
    for manager in managers:
        manager.stop()
