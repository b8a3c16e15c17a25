"""Personal data at rest: what a copy of the data folder (database files and scans) gives away."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from devices.printer.base import Receipt, ReceiptLine
from kiosk import create_app
from kiosk.keys import Keyring
from kiosk.storage import sealing
from kiosk.storage.db import Database
from kiosk.storage.migrate import upgrade
from kiosk.storage.models import Application, Commitment, Page, ReceiptOutbox
from kiosk.storage.scans import ScanStore
from tests.conftest import make_app
from tests.kiosk.services.test_applications import JPEG, complete_case, senior

SIGNATURE = b"\x89PNG\r\n\x1a\n-the-citizen's-own-hand-"
ADDRESS = "浙江省杭州市西湖区文三路100号3幢201室"


def data_folder_bytes(root: Path) -> bytes:
    """Every byte of every file under the data folder: database, WAL, shared memory, scans."""
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


def secrets_of(card) -> list[bytes]:
    texts = (card.name, card.address, ADDRESS)
    return [*(t.encode() for t in texts), *(json.dumps(t)[1:-1].encode() for t in texts),   # as JSON escapes them
            card.id_number.encode(), b"13812345678", SIGNATURE, JPEG]


def test_a_copy_of_the_data_folder_holds_no_personal_data_in_the_clear(tmp_path):
    app = make_app(tmp_path)
    services = app.extensions["kiosk"]
    svc = services.applications
    card = senior()
    app_id = complete_case(svc, card)
    svc.remove_page(app_id, "employment_proof", 1)        # supplied later, on a signed commitment
    svc.sign_commitment(app_id, "deferral", ["employment_proof"], f"本人{card.name}承诺十日内补交", SIGNATURE)
    svc.prereview(app_id)
    # The receipt waits in the outbox until printed, with the signed notice (the name in it).
    svc.submit(app_id, receipt=lambda app, matter: Receipt(
        title="受理回执", qr=f"/progress/{app.number}?t={app.access_token}",
        lines=[ReceiptLine(c.text) for c in app.commitments]))
    kept = svc.get(app_id)           # the kiosk itself still reads all of it
    assert kept.applicant_name == card.name and kept.card["id_number"] == card.id_number
    assert kept.form["residence_address"] == ADDRESS and kept.commitments[0].signature_png == SIGNATURE
    assert svc.read_scan(kept.pages[0], kept.pages[0].scan_id) == JPEG
    assert kept.pages[0].reading["fields"]["name"]["value"] == card.name
    with services.db.engine.connect() as conn:    # not yet checkpointed: the WAL holds the latest pages
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    on_disk = data_folder_bytes(tmp_path)
    assert (tmp_path / "kiosk.sqlite3-wal").exists()
    for secret in secrets_of(card):
        assert secret not in on_disk, secret
    with services.db.session() as s:
        assert s.get(ReceiptOutbox, app_id).receipt["lines"][0]["text"] == kept.commitments[0].text
    services.db.dispose()


def test_no_key_is_kept_in_the_data_folder(tmp_path):
    app = make_app(tmp_path, SECRET_KEY=None, KEY_FILE=str(tmp_path / "keys" / "master.key"))
    complete_case(app.extensions["kiosk"].applications)
    key_file = tmp_path / "keys" / "master.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    master = key_file.read_bytes().strip()
    keys = Keyring(master)
    data = data_folder_bytes(tmp_path / "instance") + data_folder_bytes(tmp_path / "scans") + \
        b"".join(p.read_bytes() for p in tmp_path.glob("kiosk.sqlite3*"))
    for secret in (master, *(keys.derive(p) for p in ("data", "lookup", "pickup", "audit", "sessions"))):
        assert secret not in data
    assert not (tmp_path / "instance" / "secret_key").exists()
    app.extensions["kiosk"].db.dispose()


def test_an_altered_or_moved_sealed_value_does_not_open(tmp_path):
    app = make_app(tmp_path)
    services = app.extensions["kiosk"]
    first, second = complete_case(services.applications), complete_case(services.applications)
    with services.db.session() as s:
        stolen = s.get(Application, first).sealed_name
        s.execute(update(Application).where(Application.id == second).values(sealed_name=stolen))
        card = s.get(Application, first).sealed_card
        s.execute(update(Application).where(Application.id == first).values(sealed_name=card))
    for app_id in (first, second):      # another draft's key, or another column's associated data
        with pytest.raises(sealing.SealError):
            _ = services.applications.get(app_id).applicant_name
    page = services.applications.get(first).pages[0]
    path = services.scans.path(page.scan_id)
    path.write_bytes(path.read_bytes()[:-1] + bytes([path.read_bytes()[-1] ^ 1]))
    with pytest.raises(sealing.SealError):
        services.applications.read_scan(page, page.scan_id)
    services.db.dispose()


LEGACY_READING = '{"doc_type": "id_card_front", "fields": {"name": {"value": "李秀英"}}}'


def test_plaintext_rows_of_an_earlier_version_are_sealed_by_the_upgrade(tmp_path):
    """A kiosk upgraded in place: rows written in the clear are sealed, scans too, lookups keep working."""
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    legacy = Database(url)
    engine = legacy.engine
    upgrade(engine, "0003")          # the schema before sealing, and rows as it wrote them
    store = ScanStore(tmp_path / "scans")
    legacy_scan = "ab" * 16 + ".jpg"
    store.path(legacy_scan).parent.mkdir(parents=True, exist_ok=True)
    store.path(legacy_scan).write_bytes(JPEG)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO applications (id, number, access_token, matter_id, terminal_id, state, language, created_at,"
            " updated_at, applicant_key, applicant_name, card, form, prefill_sources, review, flags) VALUES"
            " (1, '20261120000001', 'tok', 'residence_permit', 'K01', 'waiting_staff', 'zh_CN', '2026-11-20',"
            " '2026-11-20', 'old-key', '李秀英', :card, :form, '{}', :review, '[]')"),
            {"card": '{"name": "李秀英", "id_number": "310101195001011234"}',
             "form": '{"phone": "13900001111"}', "review": '{"outcome": "staff", "findings": []}'})
        conn.execute(text("INSERT INTO pages (id, application_id, material_id, page_no, scan_id, sha256, ocr_status,"
                          " reading, captured_at) VALUES (1, 1, 'id_card', 1, :scan, 'x', 'done', :reading,"
                          " '2026-11-20')"), {"scan": legacy_scan, "reading": LEGACY_READING})
        conn.execute(text("INSERT INTO commitments (id, application_id, kind, material_ids, text, signature_png,"
                          " signed_at) VALUES (1, 1, 'promise', '[]', '本人李秀英承诺', :png, '2026-11-20')"),
                     {"png": SIGNATURE})
    with pytest.raises(RuntimeError, match="flask init-db"):
        upgrade(engine)              # without the keys nothing is half done
    legacy.dispose()
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-of-at-least-32-bytes!!", "DATABASE_URL": url,
                      "SCAN_DIR": str(tmp_path / "scans")}, instance_path=str(tmp_path / "instance"))
    services = app.extensions["kiosk"]
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    app_row = services.applications.get(1)
    assert (app_row.applicant_name, app_row.form, app_row.review["outcome"]) == ("李秀英", {"phone": "13900001111"},
                                                                                 "staff")
    assert app_row.pages[0].reading["fields"]["name"]["value"] == "李秀英"
    assert app_row.commitments[0].signature_png == SIGNATURE and app_row.commitments[0].text == "本人李秀英承诺"
    page = app_row.pages[0]
    assert page.scan_id != legacy_scan and services.applications.read_scan(page, page.scan_id) == JPEG
    assert services.applications.find_for_progress("20261120000001", id_number="310101195001011234") is not None
    services.applications.sweep_orphan_scans()      # the plaintext scan left behind goes at start-up
    on_disk = b"".join(p.read_bytes() for p in tmp_path.glob("kiosk.sqlite3*")) + data_folder_bytes(tmp_path / "scans")
    for secret in ("李秀英".encode(), b"310101195001011234", b"13900001111", SIGNATURE, JPEG):
        assert secret not in on_disk, secret
    with services.db.session() as s:
        assert s.scalars(select(Commitment)).one().sealed_signature and s.scalars(select(Page)).one().sealed_reading
    services.db.dispose()
