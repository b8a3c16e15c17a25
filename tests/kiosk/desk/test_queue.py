"""The work queue: order, deadline colours against a controlled clock, filters, counts."""
from __future__ import annotations

from datetime import timedelta

from kiosk.domain import desk, states
from kiosk.services.desk import Filters
from tests.kiosk.desk.conftest import NOW, finding, login, make_case

TODAY = NOW.date()


def test_deadline_colours():
    assert desk.deadline_colour(TODAY - timedelta(days=1), TODAY, 2) == desk.RED
    assert desk.deadline_colour(TODAY, TODAY, 2) == desk.YELLOW
    assert desk.deadline_colour(TODAY + timedelta(days=2), TODAY, 2) == desk.YELLOW
    assert desk.deadline_colour(TODAY + timedelta(days=3), TODAY, 2) == desk.GREEN
    assert desk.deadline_colour(None, TODAY, 2) == desk.GREEN


def test_oldest_deadline_first_flagged_first_on_the_same_date(services):
    late = make_case(services, due=TODAY + timedelta(days=8))
    plain = make_case(services, due=TODAY + timedelta(days=1))
    flagged = make_case(services, due=TODAY + timedelta(days=1),
                        findings=[finding("consistency.name", "consistency", "staff")])
    info_only = make_case(services, due=TODAY + timedelta(days=1), findings=[finding("x.hint", "format", "info")])
    overdue = make_case(services, due=TODAY - timedelta(days=1), state=states.SUPPLEMENT_REQUESTED)
    make_case(services, state=states.APPROVED)           # decided: not in the queue
    items = services.desk.queue().items
    assert [i.app.id for i in items][:2] == [overdue, flagged]
    assert {i.app.id for i in items[2:4]} == {plain, info_only} and items[-1].app.id == late
    colours = {i.app.id: i.colour for i in items}
    assert colours == {overdue: "red", flagged: "yellow", plain: "yellow", info_only: "yellow", late: "green"}


def test_the_warning_window_is_configurable_and_the_clock_moves(services, clock):
    case = make_case(services, due=TODAY + timedelta(days=4))
    assert services.desk.queue().items[0].colour == "green"
    services.desk.warning_days = 5
    assert services.desk.queue().items[0].colour == "yellow"
    clock["now"] = NOW + timedelta(days=5)
    assert services.desk.queue().items[0].app.id == case and services.desk.queue().items[0].colour == "red"


def test_filters_and_counts(services):
    a = make_case(services, matter="residence_permit", terminal="K01",
                  findings=[finding("quality.blur", "quality")])
    b = make_case(services, matter="senior_card", terminal="K02", findings=[finding("consistency.name", "consistency")])
    c = make_case(services, matter="senior_card", terminal="K01", state=states.WAITING_ORIGINALS)
    ids = lambda f: {i.app.id for i in services.desk.queue(f).items}   # noqa: E731
    assert ids(Filters()) == {a, b, c}
    assert ids(Filters(matter="senior_card")) == {b, c}
    assert ids(Filters(category="consistency")) == {b}
    assert ids(Filters(terminal="K01")) == {a, c}
    assert ids(Filters(matter="senior_card", terminal="K01")) == {c}
    queue = services.desk.queue(Filters(matter="senior_card"))
    assert queue.counts == {states.SUPPLEMENT_REQUESTED: 0, states.WAITING_ORIGINALS: 1, states.WAITING_STAFF: 2}
    assert queue.terminals == ["K01", "K02"] and queue.categories == ["consistency", "quality"]


def test_queue_page_shows_colours_flags_and_filters(client, services, staff):
    make_case(services, due=TODAY - timedelta(days=2), findings=[finding("consistency.name", "consistency")],
              terminal="K07")
    make_case(services, due=TODAY + timedelta(days=9), matter="senior_card")
    login(client, "li")
    page = client.get("/staff/queue").get_data(as_text=True)
    assert 'data-colour="red" data-flagged="1"' in page and 'data-colour="green" data-flagged="0"' in page
    assert page.index('data-colour="red"') < page.index('data-colour="green"')
    filtered = client.get("/staff/queue?terminal=K07").get_data(as_text=True)
    assert filtered.count("data-number=") == 1 and "K07" in filtered
