"""DeviceManager with the real drivers on the simulators: events, health, supervision, stop."""
import logging
import threading

import pytest

from devices.idcard.sam_serial import SamSerialReader
from devices.printer.base import PrinterStatus
from devices.samples import sample

from tests.devices.conftest import EVENT_WAIT


def fast(manager):
    """Poll the ID reader at test pace."""
    manager.id_reader.poll_interval = manager.id_reader.reopen_interval = 0.02
    return manager


class HealthEvents:
    def __init__(self):
        self.changes = []
        self.changed = threading.Condition()

    def __call__(self, name, health):
        with self.changed:
            self.changes.append((name, health.available))
            self.changed.notify_all()

    def wait_for(self, name, available):
        with self.changed:
            return self.changed.wait_for(lambda: (name, available) in self.changes, EVENT_WAIT)


def test_card_events_reach_the_domain_through_the_manager(simulation, make_manager, card_events):
    manager = fast(make_manager(simulation.config))
    manager.add_card_listener(card_events)
    manager.start()
    simulation.place_card("senior-shanghai")
    kind, card = card_events.next()
    assert kind == "placed" and card.name == sample("senior-shanghai").card.name
    simulation.remove_card()
    assert card_events.next() == ("removed", None)


def test_health_lists_every_configured_device(simulation, make_manager):
    manager = make_manager(simulation.config)
    health = HealthEvents()
    manager.add_health_listener(health)
    manager.start()
    assert health.wait_for("id_reader", True) and health.wait_for("printer", True)
    assert set(manager.health()) == {"id_reader", "printer"}
    assert all(h.available for h in manager.health().values())


def test_a_device_missing_at_start_does_not_stop_the_others_and_recovers(simulation, make_manager, caplog):
    caplog.set_level(logging.INFO, logger="devices.base")
    simulation.sam.unplug()
    manager = fast(make_manager(simulation.config))
    health = HealthEvents()
    manager.add_health_listener(health)
    manager.start()
    assert health.wait_for("printer", True)
    assert health.wait_for("id_reader", False)  # reported, although it was never up
    assert not manager.health()["id_reader"].available
    simulation.sam.plug()
    assert health.wait_for("id_reader", True)  # the reader's own loop reopened it
    reader_logs = [r.getMessage() for r in caplog.records if "id_reader" in r.getMessage()]
    assert [m.split(":")[0] for m in reader_logs] == ["device id_reader unavailable", "device id_reader available"]


def test_supervisor_reopens_a_failed_printer(simulation, make_manager):
    simulation.printer.set_faults(offline=True)
    manager = make_manager(simulation.config, supervise_interval=0.05)
    health = HealthEvents()
    manager.add_health_listener(health)
    manager.start()
    assert not manager.health()["printer"].available
    simulation.printer.clear_faults()
    assert health.wait_for("printer", True)


def test_printer_status_changes_are_reported(simulation, make_manager):
    manager = make_manager(simulation.config, supervise_interval=3600)
    statuses = []
    manager.add_printer_listener(lambda name, status: statuses.append((name, status)))
    manager.supervise_once()
    simulation.printer.set_faults(paper_out=True)
    manager.supervise_once()
    manager.supervise_once()  # unchanged: no second report
    assert [name for name, _ in statuses] == ["printer", "printer"]
    assert statuses[0][1] == PrinterStatus(online=True)
    assert statuses[1][1].paper_out
    assert manager.printer_status()["printer"].paper_out


@pytest.mark.parametrize("simulation", [("lockers",)], indirect=True)
def test_door_events_and_unlock_through_the_manager(simulation, make_manager):
    manager = make_manager(simulation.config)
    doors = []
    opened = threading.Event()

    class Doors:
        def door_changed(self, bank, state):
            doors.append((bank, state.number, state.door_closed))
            if not state.door_closed:
                opened.set()

        def board_failed(self, bank, error):
            doors.append((bank, "failed"))

    manager.add_locker_listener(Doors())
    manager.start()
    manager.locker("A").unlock(5)
    assert opened.wait(EVENT_WAIT)
    assert ("locker-A", 5, False) in doors
    assert simulation.lockers["A"].pulses == [(1, 5)]


def test_stop_closes_every_device(simulation, make_manager):
    manager = make_manager(simulation.config)
    manager.start()
    manager.stop()
    assert not manager.id_reader.watching
    # The port is free again: another owner can open it (the driver opens it exclusively).
    other = SamSerialReader("other", port=simulation.sam.port)
    other.open()
    other.close()


def test_unknown_names_are_explained(simulation, make_manager):
    manager = make_manager(simulation.config)
    with pytest.raises(KeyError, match="configured: id_reader, printer"):
        manager.device("camera")
    with pytest.raises(KeyError, match="no locker bank 'A'"):
        manager.locker("A")


def test_a_listener_that_raises_does_not_stop_the_reader(simulation, make_manager, card_events):
    class Broken:
        def card_placed(self, reader, card):
            raise RuntimeError("listener bug")

    manager = fast(make_manager(simulation.config))
    manager.add_card_listener(Broken())
    manager.add_card_listener(card_events)
    manager.start()
    simulation.place_card("young-hangzhou")
    assert card_events.next()[0] == "placed"
    simulation.remove_card()
    assert card_events.next()[0] == "removed"


def test_sam_fault_marks_the_reader_unavailable_until_it_answers_again(simulation, make_manager):
    manager = fast(make_manager(simulation.config))
    health = HealthEvents()
    manager.add_health_listener(health)
    manager.start()
    assert health.wait_for("id_reader", True)
    simulation.card_fault(0x60, times=3)
    assert health.wait_for("id_reader", False)
    assert "SW3 60" in manager.health()["id_reader"].last_error
    assert health.changes.count(("id_reader", True)) >= 1
    with health.changed:
        assert health.changed.wait_for(lambda: health.changes.count(("id_reader", True)) == 2, EVENT_WAIT)
