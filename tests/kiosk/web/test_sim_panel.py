"""The simulation panel drives the wire-level simulators the real drivers talk to."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from devices.samples import sample, samples
from kiosk.web.sim.documents import person_of
from ocr import doctypes
from ocr.synth import render
from tests.conftest import kiosk_client
from tests.kiosk.web.conftest import running


def test_panel_places_a_card_and_lays_a_document_for_its_holder(live):
    app, services = live
    client = kiosk_client(app)
    assert "设备模拟面板" in client.get("/sim/").get_data(as_text=True)
    client.post("/sim/card", data={"action": "place", "identity": "senior-shanghai"})
    with services.terminal.changed:
        assert services.terminal.changed.wait_for(lambda: services.terminal.current_card() is not None, 10)
    assert services.terminal.current_card().name == "周建国"
    before = services.devices.camera.frame_count
    client.post("/sim/camera", data={"action": "show", "doc_type": "id_card_front", "for_holder": "1"})
    services.devices.camera.wait_frame(after=before + 2, timeout=10)
    client.post("/sim/card", data={"action": "remove"})
    with services.terminal.changed:
        assert services.terminal.changed.wait_for(lambda: not services.terminal.card_status()["present"], 10)
    assert services.terminal.current_card() is None          # the chip's data left with the card


def test_panel_moves_the_simulated_locker_doors(live):
    app, services = live
    client = kiosk_client(app)
    model = services.simulation.lockers["A"]
    client.post("/sim/locker", data={"bank": "A", "number": "3", "action": "force_open"})
    assert not model.door_closed(3)
    client.post("/sim/locker", data={"bank": "A", "number": "3", "action": "put_item"})
    client.post("/sim/locker", data={"bank": "A", "number": "3", "action": "close"})
    assert model.door_closed(3) and model.item_inside(3)
    assert client.post("/sim/locker", data={"bank": "Z", "number": "1", "action": "close"}).status_code == 400


def test_housekeeping_is_scheduled_and_ends_abandoned_visits(live):
    app, services = live
    assert services.scheduler.get_job("housekeeping") is not None
    visit = services.visits.begin()
    visit.draft_id = services.applications.start("residence_permit")
    services.simulation.place_card("senior-shanghai")
    terminal = services.terminal
    with terminal.changed:
        assert terminal.changed.wait_for(lambda: terminal.card_for(visit.id) is not None, 10)
    later = services.applications.clock() + timedelta(hours=1)
    services.applications.clock = lambda: later
    services._housekeeping()
    assert services.visits.get(visit.id) is None
    assert services.applications.get(visit.draft_id) is None
    assert terminal.current_card() is None          # nobody left at the kiosk: the card's data is dropped
    services.simulation.remove_card()


FUTURE = datetime(2061, 8, 15, 9, 30, tzinfo=timezone.utc)
EXPIRING = {"lease_contract": "end_date", "business_licence": "valid_until", "passport": "expiry_date"}


@pytest.fixture
def future(tmp_path):
    """The kiosk on a day far from the one its code was written on."""
    yield from running(tmp_path, CLOCK=lambda: FUTURE)


def test_every_sample_document_is_laid_for_every_sample_person(future):
    app, services = future
    client = kiosk_client(app)
    assert "已过期的材料" in client.get("/sim/").get_data(as_text=True)
    shown = []
    services.simulation.camera.show = shown.append        # what reaches the simulated camera
    for person in samples(FUTURE.date()):
        assert client.post("/sim/card", data={"action": "place", "identity": person.key}).status_code == 302
        assert services.simulation.sam.card.birth_date == person.card.birth_date   # aged as of the kiosk's day
        for doc_type in doctypes.ALL[:-1]:
            for expired in ("", "1"):
                answer = client.post("/sim/camera", data={"action": "show", "doc_type": doc_type, "for_holder": "1",
                                                          "expired": expired})
                assert answer.status_code == 302, (person.key, doc_type)
    assert len(shown) == len(samples()) * (len(doctypes.ALL) - 1) * 2
    assert client.post("/sim/camera", data={"action": "show", "doc_type": "driving_licence"}).status_code == 400


@pytest.mark.parametrize("person", [s.key for s in samples()])
@pytest.mark.parametrize("doc_type", doctypes.ALL[:-1])
def test_sample_documents_are_valid_on_the_day_they_are_laid_or_expired_when_asked(person, doc_type):
    today = FUTURE.date()
    subject = person_of(sample(person, today).card)
    fresh = render(doc_type, 1, subject=subject, today=today)
    stale = render(doc_type, 1, subject=subject, today=today, expired=True)
    for rendered in (fresh, stale):
        for name, value in rendered.fields.items():
            if name.endswith(("_date", "valid_from")) and name not in ("end_date", "expiry_date"):
                assert date.fromisoformat(value) <= today, (name, value)     # events lie in the past
    if doc_type in EXPIRING:
        assert fresh.fields[EXPIRING[doc_type]] == "长期" or date.fromisoformat(fresh.fields[EXPIRING[doc_type]]) > today
        assert date.fromisoformat(stale.fields[EXPIRING[doc_type]]) < today
    if doc_type == "lease_contract":     # long enough for a residence permit (half a year lived there)
        assert date.fromisoformat(fresh.fields["start_date"]) <= today - timedelta(days=183)
    if doc_type == "birth_certificate":  # a newborn's matters take a child of under a year
        assert (today - date.fromisoformat(fresh.fields["birth_date"])).days < 365
        assert (today - date.fromisoformat(stale.fields["birth_date"])).days > 365
    if doc_type == "property_certificate":
        assert fresh.fields["owner_name"] == subject.name and fresh.fields["address"] == subject.residence
