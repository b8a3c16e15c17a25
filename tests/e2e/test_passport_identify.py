"""A foreign visitor identifies with a passport in headless Chromium: the data page under the
simulated camera (MRZ read by the real OCR engine), the key to the REAL pcsc-emrtd driver, the
virtual ICAO chip on pcscd's vpcd reader; then the form. Screenshots in test-artifacts/e2e/."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from devices.simulation import Simulation
from kiosk.web.sim.views import sample_passport
from tests.conftest import make_app
from tests.devices.idcard.pcsc_fixtures import *  # noqa: F403 (pytest fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.pcsc, pytest.mark.slow]


@pytest.fixture(scope="module")
def kiosk(pcscd, tmp_path_factory):
    """The kiosk served over HTTP, every device simulated, the passport reader on the tests' pcscd."""
    sim = Simulation(pcsc_reader=pcscd.reader, vpcd_port=pcscd.port)
    app = make_app(tmp_path_factory.mktemp("kiosk"), WTF_CSRF_ENABLED=True, TESTING=False, IDLE_SECONDS=600)
    services = app.extensions["kiosk"]
    services.simulation = sim
    services.start()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    services.stop()
    services.db.dispose()


def test_a_foreign_visitor_identifies_with_a_passport(kiosk, page):
    app, base = kiosk
    services = app.extensions["kiosk"]
    sim, shot = services.simulation, page.shots
    data_page, chip = sample_passport(2, nationality="D")
    number = data_page.fields["document_number"]

    page.goto(base + "/matter/residence_permit")
    page.click('[data-test="start"]')
    page.click('[data-test="use-passport"]')
    page.wait_for_selector('[data-test="passport-step"][data-page="page"]')
    shot("passport-lay-data-page")

    camera = services.devices.camera
    before = camera.frame_count
    sim.camera.show(data_page.image)
    camera.wait_frame(after=before + 2, timeout=10)
    page.click('[data-test="passport-shoot"]')
    page.wait_for_selector('[data-test="passport-step"][data-page="chip"]', timeout=60_000)
    shot("passport-page-read")

    sim.place_passport(chip)
    page.wait_for_selector('[data-test="identify-confirm"]:not([disabled])')
    shot("passport-chip-read")
    shown = page.inner_text("#card-data")
    assert number not in shown and number[-2:] in shown            # masked on the screen
    assert page.is_hidden('[data-test="passport-error"]')
    page.click('[data-test="identify-confirm"]')

    page.wait_for_url("**/form")
    shot("form")
    assert page.input_value("#f-name") == "MUELLER ANNA"              # from the chip
    assert page.get_attribute("#f-name", "readonly") is not None
    assert services.devices.passport_reader.expected_key is not None

    page.evaluate("kiosk.post('/api/reset', {reason: 'visitor left'}).then((r) => r.status)")
    assert services.devices.passport_reader.expected_key is None     # the key left with the visit
    sim.remove_passport()
