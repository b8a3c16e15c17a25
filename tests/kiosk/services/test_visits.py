"""Visits and the card on the reader: a card belongs to exactly one visit, and what a visit held
goes when it ends — whichever way it ends."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from devices.samples import sample
from kiosk.services.terminal import Terminal
from kiosk.services.visits import VisitService

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def kiosk():
    """Visits wired to a terminal as the composition root wires them; the drafts wiped are recorded."""
    clock, wiped = {"now": NOW}, []
    visits = VisitService(lambda draft, reason: wiped.append((draft, reason)), lambda: clock["now"])
    terminal = Terminal(camera=None, printer=None)
    visits.add_listener(terminal.visit_begun, terminal.visit_ended)
    return visits, terminal, clock, wiped


def card():
    return sample("young-hangzhou").card


def test_a_card_goes_to_the_visit_at_the_screen_when_it_is_laid():
    visits, terminal, _, _ = kiosk()
    earlier, current = visits.begin(), visits.begin()
    terminal.card_placed("id_reader", card())
    assert terminal.card_for(earlier.id) is None
    assert terminal.card_for(current.id).name == card().name
    visits.end(earlier.id, "test")
    assert terminal.card_for(current.id) is not None


def test_a_card_laid_before_anyone_is_served_goes_to_the_next_visit_only():
    visits, terminal, _, _ = kiosk()
    terminal.card_placed("id_reader", card())           # laid at the home screen, before the first touch
    first = visits.begin()
    assert terminal.card_for(first.id) is not None
    second = visits.begin()
    assert terminal.card_for(second.id) is None          # it stays with the visit that claimed it


def test_ending_a_visit_wipes_its_draft_and_drops_its_card_data():
    visits, terminal, _, wiped = kiosk()
    visit = visits.begin()
    visit.draft_id = 7
    terminal.card_placed("id_reader", card())
    assert terminal.card_for(visit.id) is not None
    assert visits.end(visit.id, "finished")
    assert wiped == [(7, "finished")] and terminal.current_card() is None
    assert visits.get(visit.id) is None and not visits.end(visit.id, "again")
    terminal.card_placed("id_reader", card())           # the next card goes to nobody until a visit begins
    assert terminal.card_for(visit.id) is None


def test_the_idle_sweep_ends_visits_nobody_touched_and_polls_do_not_count():
    visits, terminal, clock, wiped = kiosk()
    left, busy = visits.begin(), visits.begin()
    left.draft_id = 3
    clock["now"] = NOW + timedelta(minutes=5)
    visits.get(left.id)                                  # a poll of the screen left behind
    visits.get(busy.id, seen=True)                       # a touch
    assert visits.end_idle(timedelta(minutes=3)) == 1
    assert visits.get(left.id) is None and visits.get(busy.id) is busy
    assert wiped == [(3, "idle")]


def test_holding_a_case_is_more_than_display_preferences():
    visits, _, _, _ = kiosk()
    visit = visits.begin()
    visit.lang, visit.large_text = "en", True
    assert not visit.holds_case
    visit.progress_token = "t"
    assert visit.holds_case


def test_a_restart_finds_the_visits_case_again_and_an_ended_visit_finds_none(services):
    """Visits live in memory; the case they began lives in the database under the visit's keyed id."""
    svc = services.applications
    interrupted, finished = services.visits.begin(), services.visits.begin()
    draft = svc.start("social_card_replacement", visit_id=interrupted.id)
    done = svc.start("social_card_replacement", visit_id=finished.id)
    finished.draft_id = done
    services.visits.end(finished.id, "finished")          # 完成: its cases are released (and the draft wiped)
    restarted = VisitService(svc.wipe, svc.clock, release_case=svc.release_visit,
                             find_case=lambda visit_id: svc.case_of_visit(visit_id, timedelta(minutes=3),
                                                                         timedelta(minutes=1)))
    resumed = restarted.get(interrupted.id)
    assert resumed is not None and (resumed.draft_id, resumed.submitted_id) == (draft, None)
    assert restarted.get(finished.id) is None
    assert restarted.get("a guessed id") is None
    later = svc.clock() + timedelta(minutes=10)          # a draft left this long is nobody's any more
    svc.clock = lambda: later
    assert svc.case_of_visit(interrupted.id, timedelta(minutes=3), timedelta(minutes=1)) is None
