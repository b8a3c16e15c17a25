"""Fixtures shared by the whole suite: the app on a temporary instance, its client and CLI runner."""
from __future__ import annotations

import os

import pytest

from kiosk import create_app
from kiosk.storage.migrate import upgrade
from kiosk.web.kiosk_screen import launch_path
from kiosk.web.visit import KEY as VISIT_KEY


def database_urls() -> list:
    """SQLite always; PostgreSQL too when KIOSK_TEST_DATABASE_URL points at one."""
    urls = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("KIOSK_TEST_DATABASE_URL"):
        urls.append(pytest.param(os.environ["KIOSK_TEST_DATABASE_URL"], id="postgres", marks=pytest.mark.postgres))
    return urls


def make_app(tmp_path, database: str = "sqlite", **config):
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}" if database == "sqlite" else database
    test_config = {"TESTING": True, "SECRET_KEY": "test-secret-of-at-least-32-bytes!!", "DATABASE_URL": url,
                   "DEVICES": "simulation",
                   "SCAN_DIR": str(tmp_path / "scans"), "WTF_CSRF_ENABLED": False, **config}
    app = create_app(test_config, instance_path=str(tmp_path / "instance"))
    engine = app.extensions["kiosk"].db.engine
    if database != "sqlite":
        from kiosk.storage.models import Base
        with engine.begin() as conn:   # a clean schema for each test on a shared server
            Base.metadata.drop_all(conn)
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade(engine)
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    app.extensions["kiosk"].db.dispose()


@pytest.fixture
def services(app):
    return app.extensions["kiosk"]


def kiosk_client(app):
    """A test client that is the kiosk's screen: it opened the launch address, as the kiosk shell does."""
    client = app.test_client()
    assert client.get(launch_path(app)).status_code == 302
    return client


def kiosk_visit(client, **state):
    """The screen's open visit (begun now if there is none) holding ``state`` too (e.g. submitted_id)."""
    visits = client.application.extensions["kiosk"].visits
    with client.session_transaction() as session:
        visit = visits.get(session.get(VISIT_KEY)) or visits.begin()
        session[VISIT_KEY] = visit.id
    for name, value in state.items():
        setattr(visit, name, value)
    return visit


@pytest.fixture
def client(app):
    return kiosk_client(app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
