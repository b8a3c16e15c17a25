"""The supervisor's dashboard: figures from a known set of cases, rendered as inline SVG."""
from __future__ import annotations

from datetime import timedelta

from kiosk.domain import states
from tests.kiosk.desk.conftest import NOW, finding, login, make_case


def seed(services):
    blur = finding("quality.blur", "quality")
    make_case(services, state=states.APPROVED, outcome="instant", submitted=NOW - timedelta(days=1),
              created=NOW - timedelta(days=1, minutes=4))
    make_case(services, state=states.REJECTED, findings=[blur], submitted=NOW - timedelta(days=1),
              created=NOW - timedelta(days=1, minutes=10))
    make_case(services, findings=[blur, finding("consistency.name", "consistency")], submitted=NOW,
              created=NOW - timedelta(minutes=6), due=NOW.date() - timedelta(days=1))
    make_case(services, matter="senior_card", submitted=NOW, created=NOW - timedelta(minutes=3))
    make_case(services, state=states.APPROVED, submitted=NOW - timedelta(days=30))   # outside the window


def test_figures(services):
    seed(services)
    figures = services.dashboard.build(days=14)
    assert figures.submitted == 4 and len(figures.per_day) == 14
    assert dict(figures.per_day)[NOW.date()] == 2 and dict(figures.per_day)[NOW.date() - timedelta(days=1)] == 2
    assert figures.shares == {"instant": 0.25, "flagged": 0.5, "rejected": 0.25}
    assert dict((m, v) for m, v, _n in figures.kiosk_minutes) == {"residence_permit": 6.0, "senior_card": 3.0}
    assert figures.top_findings[0] == ("quality.blur", "quality", 2)
    assert [a.due_date for a in figures.overdue] == [NOW.date() - timedelta(days=1)]


def test_dashboard_renders_charts_for_supervisors_only(client, services, staff):
    seed(services)
    login(client, "li")
    assert client.get("/staff/dashboard").status_code == 403
    login(client, "zhao")
    page = client.get("/staff/dashboard").get_data(as_text=True)
    assert page.count("<svg") >= 4 and "quality.blur" in page
    assert "<script" not in page.split("<main>")[1].split("</main>")[0]
    assert 'data-test="overdue"' in page and "未接入智能柜" in page and "设备未启动" in page


def test_locker_occupancy_comes_from_the_locker_book(client, services, staff):
    from kiosk.services.lockers import CompartmentView
    compartment = lambda n, reservation=None, blocked=None: CompartmentView(   # noqa: E731
        n, "A", n, "small", "K01", blocked, reservation)

    class Lockers:
        def compartments(self):
            return [compartment(1), compartment(2), compartment(3, reservation=object()),
                    compartment(4, blocked="door stuck")]

    services.lockers = Lockers()
    login(client, "zhao")
    page = client.get("/staff/dashboard").get_data(as_text=True)
    chart = page.split('data-test="lockers"')[1].split("</svg>")[0]
    assert "空闲: 2" in chart and "占用中: 1" in chart and "停用: 1" in chart


def test_dashboard_window_is_bounded(client, services, staff):
    login(client, "zhao")
    assert client.get("/staff/dashboard?days=junk").status_code == 200
    assert client.get("/staff/dashboard?days=100000").status_code == 200
