"""Every driver family against its simulator: the same physical story on four wire protocols."""
from __future__ import annotations

import threading

import pytest

from devices.base import LockerFault

# Board 1: compartments 1-4 without item sensors; board 2: compartments 5-8, each with an item
# sensor on input channels 5-8 of board 2.
TWO_BOARDS = [{"address": 1, "locks": 4},
              {"address": 2, "locks": 4, "item_sensors": {1: 5, 2: 6, 3: 7, 4: 8}}]


def test_opened_door_is_reported_then_closed_by_the_person(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    rig.bank.start()

    rig.bank.unlock(6)
    opened = rig.events.wait_door(6, door_closed=False)
    assert opened.forced_open is False
    assert rig.model.door_closed(6) is False

    rig.model.close(6)
    rig.events.wait_door(6, door_closed=True)
    assert rig.bank.states()[6].door_closed is True
    assert all(s.number == 6 for s in rig.events.doors)


def test_states_cover_every_compartment_across_boards(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    states = rig.bank.states()
    assert sorted(states) == list(range(1, 9))
    assert all(s.door_closed for s in states.values())
    assert [states[n].item_present for n in (1, 5)] == [None, False]


def test_item_sensor_follows_what_the_person_puts_in_and_takes_out(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    rig.bank.start()
    rig.bank.unlock_and_confirm(7, timeout=5)

    rig.model.put_item(7)
    rig.events.wait_door(7, item_present=True, door_closed=False)
    rig.model.close(7)
    rig.events.wait_door(7, item_present=True, door_closed=True)

    rig.bank.unlock_and_confirm(7, timeout=5)
    rig.model.take_item(7)
    rig.events.wait_door(7, item_present=False)
    assert rig.bank.states()[7].item_present is False


def test_jammed_door_answers_on_the_wire_but_never_opens(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    rig.model.jam(2)

    rig.bank.unlock(2)  # the board acknowledges the pulse
    assert rig.bank.states()[2].door_closed is True
    with pytest.raises(LockerFault) as caught:
        rig.bank.unlock_and_confirm(2, timeout=0.3)
    assert "compartment 2" in caught.value.staff_hint
    assert "board 1, lock 2" in caught.value.staff_hint
    assert rig.bank.health.available is True  # the board is fine; the door is not

    rig.model.jam(2, False)
    assert rig.bank.unlock_and_confirm(2, timeout=5).door_closed is False


def test_silent_board_fails_then_recovers(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    assert rig.bank.health.available is True
    rig.model.silence_board(2)

    with pytest.raises(LockerFault) as caught:
        rig.bank.unlock(5)
    assert "address 2" in caught.value.staff_hint
    assert caught.value.citizen_message  # something plain to show on screen
    assert rig.bank.health.available is False
    assert rig.events.wait_failure() is caught.value
    with pytest.raises(LockerFault):
        rig.bank.states()

    changes_so_far = len(rig.events.health)
    rig.bank.start()
    rig.model.silence_board(2, False)
    rig.events.wait_health(available=True, after=changes_so_far)
    assert rig.bank.health.available is True
    assert len(rig.events.failures) == 1  # reported once, not on every poll
    assert rig.bank.unlock_and_confirm(5, timeout=5).door_closed is False


def test_door_forced_open_while_locked_is_flagged(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    rig.bank.start()

    rig.model.force_open(3)
    forced = rig.events.wait_door(3, door_closed=False)
    assert forced.forced_open is True
    assert rig.bank.states()[3].forced_open is True

    rig.model.close(3)
    assert rig.events.wait_door(3, door_closed=True).forced_open is False


def test_inverted_switch_wiring_reads_right_with_inverted_configuration(family, make_rig):
    # The simulator hands the wiring's polarity on to the driver's configuration.
    rig = make_rig(family, TWO_BOARDS, invert_door_switch=True, invert_item_sensor=True)
    assert all(s.door_closed for s in rig.bank.states().values())
    assert rig.bank.states()[8].item_present is False

    opened = rig.bank.unlock_and_confirm(8, timeout=5)
    assert opened.door_closed is False and opened.forced_open is False


def test_wrong_polarity_configuration_sees_every_door_open(family, make_rig):
    rig = make_rig(family, TWO_BOARDS, invert_door_switch=True,
                   driver_boards=[{"address": 1, "locks": 4}, {"address": 2, "locks": 4}])
    assert not any(s.door_closed for s in rig.bank.states().values())


def test_unknown_compartment_is_a_clear_fault(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    with pytest.raises(LockerFault) as caught:
        rig.bank.unlock(9)
    assert "1 to 8" in caught.value.staff_hint
    assert rig.model.pulses == []


def test_stuck_item_sensor_reports_an_item_that_is_not_there(family, make_rig):
    rig = make_rig(family, TWO_BOARDS)
    rig.bank.start()
    rig.model.stick_item_sensor(5, True)
    stuck = rig.events.wait_door(5, item_present=True)
    assert stuck.door_closed is True and rig.model.item_inside(5) is False

    rig.model.stick_item_sensor(5, None)
    rig.events.wait_door(5, item_present=False)


def test_concurrent_unlocks_and_watcher_never_interleave_frames(family, make_rig):
    rig = make_rig(family, TWO_BOARDS, poll_interval=0.01)
    rig.bank.start()
    failures = []

    def unlock_repeatedly(number):
        try:
            for _ in range(3):
                rig.bank.unlock(number)
        except Exception as exc:  # collected: an interleaved frame would surface here
            failures.append(exc)

    workers = [threading.Thread(target=unlock_repeatedly, args=(n,)) for n in (1, 4, 5, 8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert sorted(rig.model.pulses) == sorted([(1, 1), (1, 4), (2, 1), (2, 4)] * 3)
    assert rig.bank.health.available is True
