"""Sampling of instantly approved and commitment cases: a deterministic share, confirmed or revoked."""
from __future__ import annotations

import json

import pytest

from kiosk.domain import desk, states
from kiosk.domain.facts import BROKEN_COMMITMENT
from kiosk.services.applications import ApplicationError
from kiosk.storage.models import Application
from tests.kiosk.desk.conftest import login, make_case


def test_the_draw_is_deterministic_and_near_the_rate():
    numbers = [f"20261120{n:06d}" for n in range(4000)]
    drawn = [n for n in numbers if desk.sampled(n, 0.1)]
    assert drawn == [n for n in numbers if desk.sampled(n, 0.1)]
    assert 0.08 < len(drawn) / len(numbers) < 0.12
    assert not any(desk.sampled(n, 0) for n in numbers[:100]) and all(desk.sampled(n, 1) for n in numbers[:100])


def instant_cases(services, count, **kw):
    return [make_case(services, state=states.APPROVED, outcome="instant", flags=["sampling"], **kw)
            for _ in range(count)]


def number_of(services, app_id):
    return services.applications.get(app_id).number


def test_sampling_queue_holds_the_drawn_share_of_instant_cases(services):
    ids = instant_cases(services, 40)
    make_case(services, state=states.APPROVED, outcome="staff")           # approved by staff: not sampled
    queued = {a.id for a in services.desk.sampling_queue()}
    expected = {i for i in ids if desk.sampled(number_of(services, i), services.desk.sampling_rate)}
    assert queued == expected and 0 < len(queued) < 40


def test_confirming_takes_a_case_off_the_queue(client, services, staff):
    case = next(i for i in instant_cases(services, 20) if services.desk.is_drawn(services.applications.get(i)))
    login(client, "li")
    assert number_of(services, case) in client.get("/staff/sampling").get_data(as_text=True)
    client.post(f"/staff/sampling/{case}", data={"result": "confirm"})
    assert case not in {a.id for a in services.desk.sampling_queue()}
    assert services.desk.sampling_result(case).result == "confirmed"
    entry = next(e for e in services.audit.entries(f"application:{case}") if e.action == "sampling")
    assert json.loads(entry.details)["result"] == "confirmed" and entry.actor == "staff:li"


def test_revoking_a_commitment_case_records_the_false_commitment(client, services, staff):
    cases = [make_case(services, state=states.APPROVED, outcome="instant", flags=["promise"]) for _ in range(20)]
    case = next(i for i in cases if services.desk.is_drawn(services.applications.get(i)))
    login(client, "li")
    client.post(f"/staff/sampling/{case}", data={"result": "revoke", "reason": ""})
    assert services.desk.sampling_result(case) is None                 # a reason is required
    client.post(f"/staff/sampling/{case}", data={"result": "revoke", "reason": "承诺的租住地址不存在"})
    app = services.applications.get(case)
    assert services.desk.sampling_result(case).result == "revoked"
    assert {"revoked", "false_commitment", BROKEN_COMMITMENT} <= set(app.flags)
    page = client.get(f"/progress/{app.number}?t={app.access_token}").get_data(as_text=True)
    assert "该决定已被撤销" in page
    with pytest.raises(ApplicationError):                               # checked once only
        services.desk.check_sample(case, "staff:li", True)


def test_cases_not_drawn_cannot_be_checked(services):
    cases = instant_cases(services, 20)
    undrawn = next(i for i in cases if not services.desk.is_drawn(services.applications.get(i)))
    with pytest.raises(ApplicationError):
        services.desk.check_sample(undrawn, "staff:li", True)


def test_a_false_commitment_bars_the_applicant_next_time(services):
    svc = services.applications
    from tests.kiosk.services.test_applications import senior
    case = next(i for i in (make_case(services, state=states.APPROVED, outcome="instant", flags=["promise"])
                            for _ in range(20)) if services.desk.is_drawn(svc.get(i)))
    with services.db.session() as s:
        s.get(Application, case).applicant_key = svc.applicant_key(senior().id_number)
    services.desk.check_sample(case, "staff:li", False, "虚假承诺")
    later = svc.start("residence_permit")
    svc.identify(later, senior())
    assert BROKEN_COMMITMENT in svc.facts(svc.get(later)).applicant_flags
