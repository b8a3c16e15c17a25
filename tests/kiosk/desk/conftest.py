"""Fixtures of the staff desk: a controlled clock, staff users, cases in any state."""
from __future__ import annotations

import secrets
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from kiosk.domain import states
from kiosk.storage.models import Application, Transition
from tests.conftest import database_urls, make_app

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"


@pytest.fixture
def clock():
    """The one clock every service of the app reads; tests move ``clock["now"]``."""
    return {"now": NOW}


@pytest.fixture(params=database_urls())
def app(request, tmp_path, clock):
    app = make_app(tmp_path, request.param, SAMPLING_RATE=0.5)
    services = app.extensions["kiosk"]
    for service in (services.applications, services.audit, services.desk, services.ratings, services.dashboard):
        service.clock = lambda: clock["now"]
    yield app
    services.db.dispose()


@pytest.fixture
def staff(services):
    """One user per role, all with the same password."""
    for name, role in (("li", "reviewer"), ("wang", "locker_operator"), ("zhao", "supervisor"),
                       ("chen", "reviewer")):
        services.staff.create_user(name, PASSWORD, role, name.upper())
    return services.staff


@contextmanager
def tampering(services):
    """A session of someone editing the tables by hand: on PostgreSQL a superuser, who can turn
    the append-only triggers off for their transaction."""
    with services.db.session() as s:
        if s.bind.dialect.name == "postgresql":
            s.execute(text("SET LOCAL session_replication_role = replica"))
        yield s


def login(client, username: str, password: str = PASSWORD):
    return client.post("/staff/login", data={"username": username, "password": password})


def finding(rule_id: str, category: str, severity: str = "staff", **extra) -> dict:
    return {"rule_id": rule_id, "category": category, "severity": severity,
            "message": {"zh": f"{rule_id} 问题", "en": f"{rule_id} problem"}, "material_id": None, "page": None,
            "box": None, "value_read": None, "confidence": None, "expected": None, **extra}


_serial = iter(range(1, 10_000))


def make_case(services, *, state: str = states.WAITING_STAFF, due: date | None = None, findings=(),
              matter: str = "residence_permit", terminal: str = "K01", outcome: str = "staff", flags=(),
              submitted: datetime = NOW, created: datetime | None = None, name: str = "张三",
              form: dict | None = None) -> int:
    """A submitted case stored as the application service leaves it (for queue and figures tests)."""
    n = next(_serial)
    with services.db.session() as s:
        app = Application(number=f"{submitted:%Y%m%d}{n:06d}", access_token=secrets.token_urlsafe(8),
                          matter_id=matter, terminal_id=terminal, state=state, created_at=created or submitted,
                          updated_at=submitted, submitted_at=submitted,
                          due_date=due or submitted.date() + timedelta(days=10),
                          applicant_name=name, form=dict(form or {}), prefill_sources={}, outcome=outcome,
                          flags=list(flags), review={"outcome": outcome, "findings": list(findings)})
        s.add(app)
        s.flush()
        s.add(Transition(application_id=app.id, from_state=states.SUBMITTED, to_state=state, actor="system",
                         reason="", at=submitted))
        return app.id
