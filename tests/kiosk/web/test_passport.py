"""Identification by passport through the kiosk's screens: the data page under the simulated
camera, its MRZ read by the real OCR engine, the BAC key handed to the REAL pcsc-emrtd driver,
the chip answered by the virtual ICAO passport on pcscd's vpcd reader."""
from __future__ import annotations

import pytest

from devices.idcard.base import PASSPORT
from devices.simulation import Simulation
from kiosk.web.sim.views import sample_passport
from kiosk.web.visit import KEY as VISIT_KEY
from tests.conftest import kiosk_client, make_app
from tests.devices.idcard.pcsc_fixtures import *  # noqa: F403 (pytest fixtures)
from tests.devices.idcard.pcsc_fixtures import EVENT_WAIT

pytestmark = [pytest.mark.pcsc, pytest.mark.slow]
OCR_WAIT = 60.0   # upper bound for one MRZ read on a loaded 2-core machine; not a duration


@pytest.fixture(scope="module")
def kiosk(pcscd, tmp_path_factory):
    """A kiosk on the simulated devices, its passport reader on the tests' own pcscd."""
    sim = Simulation(pcsc_reader=pcscd.reader, vpcd_port=pcscd.port)
    app = make_app(tmp_path_factory.mktemp("kiosk"))
    services = app.extensions["kiosk"]
    services.simulation = sim
    services.start()
    yield app, services, sim
    services.stop()
    services.db.dispose()


def lay(services, sim, image) -> None:
    """Put a page under the camera (None: take it away) and wait until the camera delivers it."""
    camera = services.devices.camera
    before = camera.frame_count
    sim.camera.show(image) if image is not None else sim.camera.clear()
    camera.wait_frame(after=before + 2, timeout=EVENT_WAIT)


def scan(client, terminal) -> dict:
    """Press 拍摄资料页 and wait until the background MRZ read has an outcome."""
    assert client.post("/identify/passport/scan").status_code == 200
    with terminal.changed:
        assert terminal.changed.wait_for(lambda: terminal.passport_status()["page"] != "reading", OCR_WAIT)
    return client.get("/identify/passport/status").get_json()


def wait_for(terminal, condition) -> None:
    with terminal.changed:
        assert terminal.changed.wait_for(condition, EVENT_WAIT)


def test_data_page_then_chip_identifies_the_visitor(kiosk):
    app, services, sim = kiosk
    client, terminal = kiosk_client(app), services.terminal
    client.post("/start/residence_permit")
    screen = client.get("/identify/passport").get_data(as_text=True)
    assert "拍摄资料页" in screen and 'data-test="passport-shoot"' in screen
    assert 'data-test="use-passport"' in client.get("/identify").get_data(as_text=True)

    page, chip = sample_passport(3, nationality="D")
    lay(services, sim, page.image)
    assert scan(client, terminal) == {"page": "chip", "failure": None}
    assert services.devices.passport_reader.expected_key.number == page.fields["document_number"]

    sim.place_passport(chip)
    wait_for(terminal, lambda: terminal.current_card() is not None)
    shown = client.get("/api/card").get_json()["card"]
    number = page.fields["document_number"]
    assert number not in shown["id_number"] and shown["id_number"].endswith(number[-2:])   # masked

    response = client.post("/identify")
    assert response.status_code == 302 and response.headers["Location"].endswith("/form")
    stored = services.applications.get(_app_id(client))
    assert stored.applicant_name == "MUELLER ANNA"
    assert stored.card["card_type"] == PASSPORT and stored.card["nationality"] == "D"   # from the chip

    # The visit ends: the reader forgets the key.
    client.post("/api/reset", data={"reason": "test"})
    assert services.devices.passport_reader.expected_key is None
    assert client.get("/identify/passport/status").status_code == 409
    sim.remove_passport()
    wait_for(terminal, lambda: not terminal.card_status()["present"])


def test_a_page_of_another_passport_is_refused_by_the_chip_and_a_retake_opens_it(kiosk):
    app, services, sim = kiosk
    client, terminal = kiosk_client(app), services.terminal
    client.post("/start/residence_permit")
    _, chip = sample_passport(5)
    other_page, _ = sample_passport(6)        # same visitor, another passport's number and dates
    sim.place_passport(chip)
    wait_for(terminal, lambda: terminal.passport_status()["failure"] == "no_key")

    lay(services, sim, other_page.image)
    assert scan(client, terminal)["page"] == "chip"
    wait_for(terminal, lambda: terminal.passport_status()["failure"] == "wrong_key")
    assert terminal.current_card() is None
    assert client.get("/identify/passport/status").get_json() == {"page": "chip", "failure": "wrong_key"}

    lay(services, sim, None)                   # nothing readable under the camera
    assert scan(client, terminal) == {"page": "retake", "failure": None}

    page, _ = sample_passport(5)
    lay(services, sim, page.image)
    assert scan(client, terminal)["page"] == "chip"
    wait_for(terminal, lambda: terminal.current_card() is not None)
    assert terminal.current_card().id_number == page.fields["document_number"]
    client.post("/api/reset", data={"reason": "test"})
    sim.remove_passport()
    wait_for(terminal, lambda: not terminal.card_status()["present"])


def test_the_panel_lays_the_page_and_the_passport_of_the_same_visitor(kiosk):
    app, services, sim = kiosk
    client, terminal = kiosk_client(app), services.terminal
    assert 'data-test="place-passport"' in client.get("/sim/").get_data(as_text=True)
    client.post("/start/residence_permit")
    camera = services.devices.camera
    before = camera.frame_count
    client.post("/sim/passport", data={"action": "show_page", "seed": "4"})
    camera.wait_frame(after=before + 2, timeout=EVENT_WAIT)
    assert scan(client, terminal)["page"] == "chip"
    client.post("/sim/passport", data={"action": "place", "seed": "4"})
    wait_for(terminal, lambda: terminal.current_card() is not None)
    card = terminal.current_card()
    assert (card.name, card.nationality) == ("MUELLER ANNA", "D")
    assert card.id_number == sample_passport(4)[0].fields["document_number"]
    client.post("/api/reset", data={"reason": "test"})
    client.post("/sim/passport", data={"action": "remove"})
    wait_for(terminal, lambda: not terminal.card_status()["present"])
    assert client.post("/sim/passport", data={"action": "fly"}).status_code == 400


def _app_id(client) -> int:
    with client.session_transaction() as session:
        return client.application.extensions["kiosk"].visits.get(session[VISIT_KEY]).draft_id
