"""The reader's watch loop with the real driver and the SAM simulator: events and health."""
import logging
import threading

from devices.idcard import sam_protocol as sp
from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.sam_simulator import Fault
from devices.samples import sample

from tests.devices.conftest import ANSWER_WAIT, EVENT_WAIT

CARD = sample("senior-shanghai").card


def watch(make_sam_reader, card_events, **options):
    reader = make_sam_reader(**options)
    reader.add_listener(card_events)
    reader.start()
    return reader


def test_card_is_read_once_while_it_stays_and_removal_is_reported(sam_sim, make_sam_reader, card_events):
    sam_sim.place(CARD)
    watch(make_sam_reader, card_events)
    kind, card = card_events.next()
    assert kind == "placed" and card.id_number == CARD.id_number
    # Let the loop poll the card several more times: it must neither read it again nor send events.
    assert sam_sim.wait_for_commands(len(sam_sim.commands) + 10, EVENT_WAIT)
    assert sam_sim.reads == 1
    assert card_events.pending() == []
    sam_sim.remove()
    assert card_events.next() == ("removed", None)
    sam_sim.place(sample("hk-permit").card)
    kind, card = card_events.next()
    assert kind == "placed" and card.name == "黄嘉欣"


def test_failed_read_is_reported_once_and_the_card_must_be_placed_again(sam_sim, make_sam_reader, card_events):
    sam_sim.place(CARD)
    sam_sim.inject_status(0x41, on=sp.READ_TEXT_PHOTO, times=1)
    watch(make_sam_reader, card_events)
    kind, error = card_events.next()
    assert kind == "failed" and "SW3 41" in str(error)
    assert sam_sim.wait_for_commands(len(sam_sim.commands) + 10, EVENT_WAIT)
    assert card_events.pending() == [] and sam_sim.reads == 0
    sam_sim.remove()
    sam_sim.place(CARD)
    kind, card = card_events.next()
    assert kind == "placed" and card.name == CARD.name


def test_card_removed_mid_read_then_placed_again(sam_sim, make_sam_reader, card_events):
    sam_sim.place(CARD)
    sam_sim.inject(Fault.REMOVE_MID_READ, on=sp.READ_TEXT_PHOTO)
    watch(make_sam_reader, card_events, retries=1)
    assert card_events.next()[0] == "failed"
    sam_sim.place(CARD)
    assert card_events.next()[0] == "placed"


class CountingReader(SamSerialReader):
    """Counts open attempts so a test can wait for the loop to have retried."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attempts = 0
        self.attempted = threading.Condition()

    def open(self):
        with self.attempted:
            self.attempts += 1
            self.attempted.notify_all()
        super().open()


def test_port_vanishing_is_logged_once_and_recovery_once(sam_sim, card_events, caplog):
    caplog.set_level(logging.INFO, logger="devices.base")
    reader = CountingReader("id_reader", port=sam_sim.port, timeout=ANSWER_WAIT, retries=0)
    reader.poll_interval, reader.reopen_interval = 0.02, 0.02
    changes = []
    available, unavailable = threading.Event(), threading.Event()
    reader.tracker.subscribe(lambda name, health: (changes.append(health.available),
                                                   (available if health.available else unavailable).set()))
    reader.add_listener(card_events)
    try:
        reader.start()
        assert available.wait(EVENT_WAIT)
        available.clear()
        sam_sim.unplug()
        assert unavailable.wait(EVENT_WAIT)
        assert not reader.health.available and "ttySAM0" in reader.health.last_error
        with reader.attempted:  # the loop keeps trying to reopen the missing port
            assert reader.attempted.wait_for(lambda: reader.attempts >= 5, EVENT_WAIT)
        sam_sim.plug()
        sam_sim.place(CARD)
        assert available.wait(EVENT_WAIT)
        assert card_events.next()[0] == "placed"
    finally:
        reader.stop()
        reader.close()
    assert changes == [True, False, True]
    messages = [r.getMessage() for r in caplog.records if r.name == "devices.base"]
    assert sum("unavailable" in m for m in messages) == 1
    assert sum(m.endswith(" available") for m in messages) == 2  # first contact and recovery


def test_health_listener_fires_once_per_transition(sam_sim, make_sam_reader):
    reader = make_sam_reader()
    came_up = threading.Event()
    reader.tracker.subscribe(lambda name, health: health.available and came_up.set())
    reader.start()
    assert came_up.wait(EVENT_WAIT)
    assert reader.health.available


def test_personal_data_is_not_logged(sam_sim, make_sam_reader, card_events, caplog):
    caplog.set_level(logging.DEBUG)
    sam_sim.place(CARD)
    watch(make_sam_reader, card_events)
    assert card_events.next()[0] == "placed"
    sam_sim.remove()
    assert card_events.next()[0] == "removed"
    logged = caplog.text
    assert CARD.id_number not in logged and CARD.name not in logged and CARD.address not in logged


class BuggyOnceReader(SamSerialReader):
    """A driver with a bug that strikes once: the watch must carry on."""

    struck = False

    def read_once(self):
        if not self.struck:
            self.struck = True
            raise RuntimeError("driver bug")
        return super().read_once()


def test_an_unexpected_error_does_not_end_the_watch(sam_sim, card_events, caplog):
    reader = BuggyOnceReader("id_reader", port=sam_sim.port, timeout=ANSWER_WAIT, retries=0)
    reader.poll_interval, reader.reopen_interval = 0.02, 0.02
    failed = threading.Event()
    reader.tracker.subscribe(lambda name, health: health.available or failed.set())
    reader.add_listener(card_events)
    sam_sim.place(CARD)
    try:
        reader.start()
        kind, card = card_events.next()
        assert kind == "placed" and card.name == CARD.name
    finally:
        reader.stop()
        reader.close()
    assert failed.is_set()
    assert "unexpected error while watching" in caplog.text


def test_a_card_lying_on_the_reader_is_read_again_when_asked(sam_sim, make_sam_reader, card_events):
    sam_sim.place(CARD)
    reader = watch(make_sam_reader, card_events)
    assert card_events.next()[0] == "placed"
    reader.read_again()               # the kiosk dropped the card's data; the card never moved
    kind, card = card_events.next()
    assert kind == "placed" and card.id_number == CARD.id_number and sam_sim.reads == 2
    assert sam_sim.wait_for_commands(len(sam_sim.commands) + 10, EVENT_WAIT)
    assert card_events.pending() == []      # once, not again and again
    sam_sim.remove()
    assert card_events.next() == ("removed", None)
    reader.read_again()               # nothing on the reader: nothing happens
    assert sam_sim.wait_for_commands(len(sam_sim.commands) + 10, EVENT_WAIT)
    assert card_events.pending() == []
