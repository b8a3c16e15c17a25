"""The WKLY driver: unsolicited 85 reports, and what goes on the wire."""
from __future__ import annotations

from devices.locker import frames_wkly as wkly

ONE_BOARD = [{"address": 1, "locks": 4, "item_sensors": {1: 5}}]
# So long that no second poll happens during a test: events can only come from 85 reports.
REPORTS_ONLY = 3600


def status_polls(rig) -> int:
    return sum(1 for raw in rig.simulator.requests if wkly.decode(raw).command == wkly.STATUS_ALL)


def test_door_changes_arrive_as_reports_between_polls(make_rig):
    rig = make_rig("lock-wkly", ONE_BOARD, poll_interval=REPORTS_ONLY)
    polls = status_polls(rig)  # the one read by open()
    rig.bank.start()

    rig.model.force_open(2)
    assert rig.events.wait_door(2, door_closed=False).forced_open is True
    rig.model.close(2)
    rig.events.wait_door(2, door_closed=True)
    assert status_polls(rig) == polls


def test_report_sent_ahead_of_a_reply_is_not_lost(make_rig):
    # The simulated board reports the door opening before it answers the 82 command.
    rig = make_rig("lock-wkly", ONE_BOARD, poll_interval=REPORTS_ONLY)
    rig.bank.start()
    rig.bank.unlock(1)
    opened = rig.events.wait_door(1, door_closed=False)
    assert opened.forced_open is False
    rig.model.put_item(1)
    assert rig.events.wait_door(1, item_present=True).door_closed is False


def test_unlock_sends_open_one(make_rig):
    rig = make_rig("lock-wkly", ONE_BOARD)
    rig.simulator.requests.clear()
    rig.bank.unlock(4)
    assert [r.hex(" ") for r in rig.simulator.requests] == ["57 4b 4c 59 09 01 82 04 87"]


def test_line_noise_between_frames_is_skipped(make_rig):
    rig = make_rig("lock-wkly", ONE_BOARD)
    rig.simulator.send(b"\x00\xffWK\x13")  # a transceiver glitch, with a false start of a header
    rig.model.force_open(3)
    assert rig.bank.states()[3].door_closed is False


def test_indicate_flashes_the_doors_light_on_the_wire(make_rig):
    rig = make_rig("lock-wkly", ONE_BOARD)
    assert rig.bank.has_lights
    rig.simulator.requests.clear()
    rig.bank.indicate(3)
    assert [wkly.decode(r).command for r in rig.simulator.requests] == [wkly.FLASH]
    assert rig.model.flashes == [(1, 3)]


def test_boards_without_lights_say_so(make_rig):
    assert not make_rig("lock-8a", ONE_BOARD).bank.has_lights
