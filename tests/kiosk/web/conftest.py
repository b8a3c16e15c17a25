"""The kiosk with its simulated devices and OCR worker running, for tests of live screens."""
from __future__ import annotations

import pytest

from tests.conftest import make_app


def running(tmp_path, **config):
    """Start a kiosk built with ``config``; yields (app, services) and stops it afterwards."""
    app = make_app(tmp_path, **config)
    services = app.extensions["kiosk"]
    services.start()
    yield app, services
    services.stop()
    services.db.dispose()


@pytest.fixture
def live(tmp_path):
    yield from running(tmp_path)
