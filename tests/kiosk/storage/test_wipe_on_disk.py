"""A wiped draft leaves nothing on disk: not in the database file, not in its WAL, not in the scans."""
from __future__ import annotations

from pathlib import Path

from kiosk.storage.models import Application, Page
from tests.conftest import make_app
from tests.kiosk.services.test_applications import complete_case, senior


def database_files(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in tmp_path.glob("kiosk.sqlite3*")}


def test_a_wipe_leaves_no_trace_of_the_draft_in_the_database_files(tmp_path):
    app = make_app(tmp_path)
    services = app.extensions["kiosk"]
    card = senior()
    app_id = complete_case(services.applications, card)
    with services.db.session() as s:
        row = s.get(Application, app_id)
        # The draft's only wrapped key and its sealed values: with the key gone, no copy opens.
        traces = [row.data_key, row.sealed_name, row.sealed_card, row.sealed_form,
                  *(p.sealed_reading for p in s.query(Page).filter_by(application_id=app_id))]
        scans = [scan for p in row.pages for scan in p.scan_ids]
    before = database_files(tmp_path)
    assert traces[0] in b"".join(before.values())      # the wrapped key was on disk
    assert services.applications.wipe(app_id, "idle")
    after = database_files(tmp_path)
    assert set(after) >= {"kiosk.sqlite3", "kiosk.sqlite3-wal"}
    assert len(after["kiosk.sqlite3-wal"]) == 0          # checkpointed and truncated
    for name, data in after.items():
        for secret in (*traces, card.name.encode(), card.id_number.encode(), card.address.encode(),
                       b"13812345678"):
            assert secret not in data, (name, secret[:16])
    assert not any(services.scans.exists(s) for s in scans)
    services.db.dispose()


def test_deleted_rows_are_zeroed_in_place(app):
    with app.extensions["kiosk"].db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
