"""Fixtures shared by the whole suite: the app on a temporary instance, its client and CLI runner."""
from __future__ import annotations

import os

import pytest

from kiosk import create_app
from kiosk.storage.migrate import upgrade


def database_urls() -> list:
    """SQLite always; PostgreSQL too when KIOSK_TEST_DATABASE_URL points at one."""
    urls = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("KIOSK_TEST_DATABASE_URL"):
        urls.append(pytest.param(os.environ["KIOSK_TEST_DATABASE_URL"], id="postgres", marks=pytest.mark.postgres))
    return urls


def make_app(tmp_path, database: str = "sqlite", **config):
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}" if database == "sqlite" else database
    test_config = {"TESTING": True, "SECRET_KEY": "test-secret-of-at-least-32-bytes!!", "DATABASE_URL": url,
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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
