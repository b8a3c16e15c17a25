"""好差评: one rating per application and occasion, from the receipt and after pickup; the desk sums them."""
from __future__ import annotations

import pytest

from kiosk.domain import states
from kiosk.services.applications import ApplicationError
from tests.conftest import kiosk_visit
from tests.kiosk.desk.conftest import login, make_case


def test_one_rating_per_application_and_occasion(services):
    case = make_case(services)
    services.ratings.rate(case, "submission", 5, ["fast", "easy"], "很方便")
    with pytest.raises(ApplicationError):
        services.ratings.rate(case, "submission", 1)
    with pytest.raises(ApplicationError):                      # not picked up yet
        services.ratings.rate(case, "pickup", 4)
    with pytest.raises(ApplicationError):
        services.ratings.rate(case, "submission", 7)
    with pytest.raises(ApplicationError):
        services.ratings.rate(case, "submission", 3, ["free text is not a reason"])
    done = make_case(services, state=states.COMPLETED)
    services.ratings.rate(done, "pickup", 2, ["slow"], "电话 13812345678 联系我")
    assert services.ratings.rated(case) == {"submission"} and services.ratings.rated(done) == {"pickup"}
    summary = {m.matter_id: m for m in services.ratings.per_matter()}["residence_permit"]
    assert (summary.count, summary.average, summary.levels[5], summary.levels[2]) == (2, 3.5, 1, 1)
    assert dict(summary.reasons) == {"fast": 1, "easy": 1, "slow": 1}


def test_comments_are_stored_masked(services):
    case = make_case(services)
    services.ratings.rate(case, "submission", 1, [], "我的身份证 330106199001011234 被拒")
    from kiosk.storage.models import Rating
    with services.db.session() as s:
        assert s.query(Rating).one().comment == "我的身份证 3301**********1234 被拒"


def test_the_receipt_offers_the_rating_once(client, services):
    from tests.kiosk.services.test_applications import complete_case
    svc = services.applications
    app_id = complete_case(svc)
    svc.prereview(app_id)
    app = svc.submit(app_id)
    kiosk_visit(client, submitted_id=app.id)
    page = client.get("/receipt").get_data(as_text=True)
    assert 'data-test="rating"' in page and "非常满意" in page
    response = client.post(f"/rating/{app.number}/submission",
                           data={"level": "4", "reasons": ["clear_guidance"], "comment": "", "next": "/receipt"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/receipt")
    assert services.ratings.rated(app.id) == {"submission"}
    assert 'data-test="rating"' not in client.get("/receipt").get_data(as_text=True)


def test_strangers_cannot_rate_someone_elses_case(client, services):
    case = make_case(services)
    number = services.applications.get(case).number
    assert client.post(f"/rating/{number}/submission", data={"level": "1"}).status_code == 404
    assert services.ratings.rated(case) == set()


def test_pickup_rating_from_the_progress_page_and_the_desk_summary(client, services, staff):
    case = make_case(services, state=states.COMPLETED)
    app = services.applications.get(case)
    page = client.get(f"/progress/{app.number}?t={app.access_token}").get_data(as_text=True)
    assert 'data-test="rating"' in page
    kiosk_visit(client, progress_token=app.access_token)
    client.post(f"/rating/{app.number}/pickup", data={"level": "5", "reasons": ["fast"]})
    assert services.ratings.rated(case) == {"pickup"}
    login(client, "li")
    desk = client.get("/staff/ratings").get_data(as_text=True)
    assert 'data-matter="residence_permit"' in desk and "办理快捷（1）" in desk
