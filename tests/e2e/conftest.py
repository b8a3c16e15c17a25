"""A live kiosk on 127.0.0.1 with every device simulated, and headless Debian Chromium driven by
Playwright. Screenshots of every step go to test-artifacts/e2e/<test>/."""
from __future__ import annotations

import os
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kiosk.web.kiosk_screen import launch_path
from kiosk.web.visit import KEY as VISIT_KEY
from tests.conftest import make_app

CHROMIUM = os.environ.get("KIOSK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]

pytestmark = pytest.mark.e2e


@contextmanager
def served(app):
    """``app`` on a real HTTP server on 127.0.0.1; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    """The kiosk served by a real HTTP server, devices and OCR started, like `make run`."""
    yield from serve(tmp_path_factory.mktemp("kiosk"))


def serve(tmp, **config):
    """Serve a kiosk built with ``config`` until the generator is closed; yields (app, base URL)."""
    app = make_app(tmp, WTF_CSRF_ENABLED=True, TESTING=False, IDLE_SECONDS=600, **config)
    services = app.extensions["kiosk"]
    services.start()
    with served(app) as base:
        app.config["PUBLIC_BASE_URL"] = base
        yield app, base
    services.stop()
    services.db.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Shots:
    """Numbered screenshots of one test's steps."""

    def __init__(self, page, name: str):
        self.page = page
        self.folder = ARTIFACTS / re.sub(r"[^\w-]+", "_", name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.shots = Shots(page, request.node.name)
    if "kiosk" in request.fixturenames:      # the kiosk shell opens the launch address once
        app, base = request.getfixturevalue("kiosk")
        page.goto(base + launch_path(app))
    yield page
    context.close()


def as_citizen_who_just_submitted(page, app, base: str, app_id: int) -> None:
    """The screen's visit as a submission leaves it (the receipt screen's visit)."""
    visit = app.extensions["kiosk"].visits.begin()
    visit.submitted_id = app_id
    cookie = app.session_interface.get_signing_serializer(app).dumps({VISIT_KEY: visit.id})
    page.context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": cookie, "url": base}])
