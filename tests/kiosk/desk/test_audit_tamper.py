"""Rewriting history: someone with the database (and, worse, the key) edits, deletes and re-chains
audit entries; the keyed chain and the signed checkpoints outside the database give it away."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from kiosk.domain import audit
from kiosk.services.audit import AuditError
from kiosk.storage.models import AuditEntry, AuditHead
from tests.conftest import make_app
from tests.kiosk.desk.conftest import login, make_case, tampering
from tests.kiosk.services.test_applications import complete_case


def decisions(services, n: int = 5) -> None:
    for i in range(n):
        services.audit.record("staff:li", "decide", f"application:{i}", {"decision": "rejected"})


def unkeyed_hash(e: audit.Entry) -> str:
    """The chain as anyone can compute it without the kiosk's key: SHA-256 of the same body."""
    body = json.dumps({"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "subject": e.subject,
                       "details": json.loads(e.details), "prev_hash": e.prev_hash},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def rewrite(services, change, rehash) -> None:
    """Apply ``change`` to the stored entries (a list of dicts in seq order), then re-chain them all
    with ``rehash`` and move the head, as an attacker who covers their tracks would."""
    with tampering(services) as s:
        rows = [dict(seq=r.seq, at=r.at, actor=r.actor, action=r.action, subject=r.subject, details=r.details)
                for r in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        rows = change(rows)
        s.execute(delete(AuditEntry))
        prev = audit.GENESIS
        for seq, r in enumerate(rows, start=1):
            entry = audit.Entry(seq, r["at"], r["actor"], r["action"], r["subject"], r["details"], prev, "")
            digest = rehash(entry)
            s.add(AuditEntry(**{**r, "seq": seq}, prev_hash=prev, hash=digest))
            s.flush()
            prev = digest
        s.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=len(rows), hash=prev))


def approve_instead(rows):
    rows[2]["details"] = json.dumps({"decision": "approved"}, separators=(",", ":"))
    return rows


def drop_third(rows):
    return rows[:2] + rows[3:]


@pytest.mark.parametrize("change", [approve_instead, drop_third], ids=["changed decision", "deleted entry"])
def test_a_rechained_log_without_the_key_does_not_verify(services, change):
    decisions(services)
    rewrite(services, change, unkeyed_hash)
    result = services.audit.verify()
    assert not result.ok and result.broken.seq == 1 and "hash" in result.broken.problem


@pytest.mark.parametrize("change", [approve_instead, drop_third], ids=["changed decision", "deleted entry"])
def test_a_rechained_log_with_the_key_is_caught_by_the_last_checkpoint(services, runner, change):
    decisions(services)
    services.audit.checkpoint()
    key = services.audit.key
    rewrite(services, change, lambda e: audit.entry_hash(key, e.seq, e.at, e.actor, e.action, e.subject,
                                                         e.details, e.prev_hash))
    result = services.audit.verify()
    assert not result.ok and result.broken.seq == 5 and "checkpoint" in result.broken.problem
    cli = runner.invoke(args=["audit", "verify"])
    assert cli.exit_code == 1 and "checkpoint" in cli.output


def test_a_deleted_checkpoint_file_is_answered_by_the_copy_in_the_daily_report(app, services, runner, staff):
    decisions(services)
    services.audit.checkpoint()
    client = app.test_client()
    login(client, "zhao")
    page = client.get("/staff/dashboard").get_data(as_text=True)
    start = page.index('data-test="audit-checkpoint">') + len('data-test="audit-checkpoint">')
    reported = page[start:page.index("</pre>", start)].replace("&#34;", '"')
    assert audit.Checkpoint.from_json(reported).seq == 5
    key = services.audit.key
    rewrite(services, approve_instead, lambda e: audit.entry_hash(key, e.seq, e.at, e.actor, e.action, e.subject,
                                                                  e.details, e.prev_hash))
    services.audit.checkpoint_file.unlink()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0      # nothing left to compare with here
    cli = runner.invoke(args=["audit", "verify", "--checkpoint", reported])
    assert cli.exit_code == 1 and "differs from the checkpoint" in cli.output


def test_cutting_entries_off_the_end_and_moving_the_head_back_is_caught(services):
    decisions(services)
    services.audit.checkpoint()
    with tampering(services) as s:
        s.execute(delete(AuditEntry).where(AuditEntry.seq > 3))
        last = s.get(AuditEntry, 3)
        s.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=3, hash=last.hash))
    result = services.audit.verify()
    assert not result.ok and "entry 5" in result.broken.problem


def test_a_forged_checkpoint_is_refused(services, runner):
    decisions(services)
    point = services.audit.checkpoint()
    forged = audit.Checkpoint(point.terminal, 2, "f" * 64, point.at, point.public_key, point.signature)
    with services.audit.checkpoint_file.open("a") as fh:
        fh.write(forged.to_json() + "\n")
    result = services.audit.verify()
    assert not result.ok and "not signed by this kiosk" in result.broken.problem
    with pytest.raises(AuditError, match="not signed"):
        services.audit.checkpoint()      # a tampered history is never signed over


def test_the_daily_report_says_when_the_scheduled_check_found_a_break(app, services, staff):
    decisions(services, 3)
    services._audit_checkpoint()
    with tampering(services) as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(actor="staff:mallory"))
    services._audit_checkpoint()             # finds it, writes no checkpoint, and the desk is told
    client = app.test_client()
    login(client, "zhao")
    page = client.get("/staff/dashboard").get_data(as_text=True)
    assert 'data-test="audit-broken"' in page and "审计日志在第 2 条被改动" in page
    assert len(services.audit.checkpoint_file.read_text().splitlines()) == 1


def test_the_scheduled_checkpoint_writes_the_signed_head_outside_the_database(services, caplog):
    decisions(services, 3)
    caplog.set_level("INFO", logger="kiosk.services.audit")
    services._audit_checkpoint()
    lines = services.audit.checkpoint_file.read_text().splitlines()
    point = audit.Checkpoint.from_json(lines[-1])
    assert (point.seq, point.terminal) == (3, "K01")
    assert point.signed_by(services.audit.signer.public_key())
    assert point.to_json() in caplog.text               # the system log carries a copy too
    assert services.audit.checkpoint_file.parent != services.db.url
    decisions(services, 2)
    services._audit_checkpoint()
    assert services.audit.verify().checkpoint.seq == 5


def test_a_checkpoint_of_the_empty_log_holds_until_the_first_entries(services):
    services.audit.checkpoint()                # the kiosk's first start
    decisions(services, 2)
    assert services.audit.verify().ok
    services.audit.checkpoint()
    assert services.audit.verify().checkpoint.seq == 2


def test_checkpoints_name_the_kiosk_key_that_can_check_them(services, runner):
    decisions(services, 1)
    point = services.audit.checkpoint()
    assert runner.invoke(args=["audit", "public-key"]).output.strip() == point.public_key


def test_the_scheduler_checkpoints_on_start_and_hourly(app, services, monkeypatch):
    monkeypatch.setattr(type(services), "_start_devices", lambda self: None)
    monkeypatch.setattr(services.applications, "sweep_orphan_scans", lambda: 0)
    services.start()
    try:
        job = services.scheduler.get_job("audit-checkpoint")
        assert job.trigger.interval.total_seconds() == app.config["AUDIT_CHECKPOINT_SECONDS"] == 3600
    finally:
        services.stop()


@pytest.fixture
def postgres(tmp_path):
    if not os.environ.get("KIOSK_TEST_DATABASE_URL"):
        pytest.skip("needs KIOSK_TEST_DATABASE_URL")
    app = make_app(tmp_path, os.environ["KIOSK_TEST_DATABASE_URL"])
    yield app.extensions["kiosk"]
    app.extensions["kiosk"].db.dispose()


@pytest.mark.postgres
def test_postgresql_refuses_to_rewrite_history_even_for_the_owner(postgres):
    services = postgres
    decisions(services, 2)
    submitted = make_case(services)
    attempts = [update(AuditEntry).where(AuditEntry.seq == 1).values(actor="staff:mallory"),
                delete(AuditEntry).where(AuditEntry.seq == 2),
                "TRUNCATE audit_log",
                update(AuditHead).where(AuditHead.id == 1).values(seq=1),
                "UPDATE transitions SET to_state = 'approved'",
                f"DELETE FROM transitions WHERE application_id = {submitted}",
                f"DELETE FROM applications WHERE id = {submitted}"]
    for attempt in attempts:
        with pytest.raises(DBAPIError, match="append-only"):
            with services.db.session() as s:
                s.execute(attempt) if not isinstance(attempt, str) else s.connection().exec_driver_sql(attempt)
    assert services.audit.verify().ok
    # What the kiosk itself does still works: appending, and wiping a citizen's draft.
    draft = complete_case(services.applications)
    assert services.applications.wipe(draft, "test")
    assert services.audit.verify().ok


@pytest.mark.postgres
def test_the_documented_role_can_append_but_not_rewrite(postgres):
    services = postgres
    role = f"kiosk_app_{os.getpid()}"
    recipe = (Path(__file__).resolve().parents[3] / "scripts" / "postgres-roles.sql").read_text()
    with services.db.engine.begin() as conn:
        conn.exec_driver_sql(recipe.replace("kiosk_app", role))
    try:
        with services.db.session() as s:
            s.execute(text(f"SET LOCAL ROLE {role}"))
            services.audit.append(s, "staff:li", "decide", "application:1", {"decision": "approved"})
        for attempt in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE transitions",
                        "ALTER TABLE audit_log DISABLE TRIGGER USER"):
            with pytest.raises(DBAPIError, match="permission denied|must be owner"):
                with services.db.session() as s:
                    s.execute(text(f"SET LOCAL ROLE {role}"))
                    s.connection().exec_driver_sql(attempt)
        assert services.audit.verify().ok and services.audit.verify().entries == 1
    finally:
        with services.db.engine.begin() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
