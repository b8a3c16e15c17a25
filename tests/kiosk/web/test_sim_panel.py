"""The simulation panel drives the wire-level simulators the real drivers talk to."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import kiosk_client, make_app


@pytest.fixture
def live(tmp_path):
    app = make_app(tmp_path)
    services = app.extensions["kiosk"]
    services.start()
    yield app, services
    services.stop()
    services.db.dispose()


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
