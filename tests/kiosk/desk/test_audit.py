"""The hash-chained audit log: appends, verification, tampering, concurrent writers."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import update

from kiosk.domain import audit, states
from kiosk.storage.models import AuditEntry, AuditHead
from tests.conftest import database_urls, make_app
from tests.kiosk.desk.conftest import tampering
from tests.kiosk.services.test_applications import complete_case


def test_every_transition_is_chained_into_the_audit_log(services):
    svc = services.applications
    app_id = complete_case(svc)
    svc.prereview(app_id)
    svc.submit(app_id)
    entries = list(reversed(services.audit.entries(f"application:{app_id}")))
    moves = [(e.action, audit_details(e)["to"]) for e in entries]
    assert moves[-2:] == [("state", states.SUBMITTED), ("state", states.WAITING_STAFF)]
    assert [t.to_state for t in svc.get(app_id).transitions] == [m[1] for m in moves]
    everything = services.audit.entries()
    assert everything[-1].prev_hash == audit.GENESIS
    assert all(newer.prev_hash == older.hash for newer, older in zip(everything, everything[1:]))
    assert services.audit.verify().ok


def audit_details(entry):
    import json
    return json.loads(entry.details)


def test_personal_data_is_masked_in_audit_details(services):
    seq = services.audit.record("staff:li", "note", "application:1",
                                {"reason": audit.mask_text("申请人 330106199001011234 电话 13812345678")})
    text = services.audit.entries()[0].details
    assert seq == 1 and "330106199001011234" not in text and "13812345678" not in text
    assert "3301**********1234" in text and "138****5678" in text


def test_verify_cli_passes_then_names_the_tampered_entry(services, runner):
    for n in range(5):
        services.audit.record("staff:li", "open_scan", f"page:{n}", {"n": n})
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "5 entries" in result.output
    with tampering(services) as s:   # someone edits a row directly in the database
        s.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="staff:mallory"))
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "entry 3" in result.output


def test_rehashing_a_tampered_entry_still_breaks_the_next_one(services):
    for n in range(4):
        services.audit.record("system", "tick", "clock", {"n": n})
    entry = services.audit.entries()[2]    # seq 2
    forged = audit.seal(services.audit.key, entry.seq, entry.at, entry.actor, entry.action, entry.subject,
                        {"n": 99}, entry.prev_hash)
    with tampering(services) as s:
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(details=forged.details, hash=forged.hash))
    assert services.audit.verify().broken.seq == 3


def test_cutting_off_the_end_of_the_log_is_noticed(services):
    for n in range(3):
        services.audit.record("system", "tick", "clock", {"n": n})
    with tampering(services) as s:
        s.query(AuditEntry).filter(AuditEntry.seq == 3).delete()
    result = services.audit.verify()
    assert not result.ok and result.broken.seq == 3


@pytest.mark.parametrize("database", database_urls())
def test_concurrent_appends_keep_one_chain(tmp_path, database):
    app = make_app(tmp_path, database)
    log = app.extensions["kiosk"].audit
    writers, per_writer = 6, 15
    barrier = threading.Barrier(writers)
    errors = []

    def write(n):
        barrier.wait()
        try:
            for i in range(per_writer):
                log.record(f"staff:w{n}", "tick", "clock", {"i": i})
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = log.verify()
    assert result.ok and result.entries == writers * per_writer
    with app.extensions["kiosk"].db.session() as s:
        assert s.get(AuditHead, 1).seq == writers * per_writer
    app.extensions["kiosk"].db.dispose()


def test_verify_while_others_append_sees_an_intact_chain(services):
    stop = threading.Event()

    def keep_appending():
        n = 0
        while not stop.is_set():
            services.audit.record("system", "tick", "clock", {"n": n})
            n += 1

    writer = threading.Thread(target=keep_appending)
    writer.start()
    try:
        results = [services.audit.verify() for _ in range(20)]
    finally:
        stop.set()
        writer.join()
    assert all(r.ok for r in results), [r.broken for r in results if not r.ok]
    assert services.audit.verify().entries >= results[-1].entries
