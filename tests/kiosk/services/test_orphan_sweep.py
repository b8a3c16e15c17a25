"""The start-up sweep of orphan scans: it never takes a scan written meanwhile for an orphan,
runs before the OCR worker, and asks the database only about the files at hand."""
from __future__ import annotations

import contextlib
import os
import time

import numpy as np
from sqlalchemy import event

from devices.samples import sample
from kiosk.services.ocr_worker import OcrWorker
from tests.kiosk.factories import JPEG, prereviewed_case, reading

KEY = bytes(32)      # the sweep never opens a file: any data key will do for its orphans


def draft_with_pages(services):
    return prereviewed_case(services.applications, sample("young-hangzhou").card)


def written_an_hour_ago(store) -> None:
    """Every scan so far was written before the kiosk (re)started."""
    past = time.time() - 3600
    for path in store.root.glob("*/*"):
        os.utime(path, (past, past))


def test_orphans_go_and_every_referenced_scan_stays_in_batches(services):
    svc = services.applications
    app_id = draft_with_pages(services)
    page = svc.get(app_id).pages[0]
    view = reading("id_card_front")
    object.__setattr__(view, "image", np.full((60, 90, 3), 200, np.uint8))
    svc.record_reading(page.id, view)                          # the page gets a view scan too
    referenced = {s for p in svc.get(app_id).pages for s in p.scan_ids}
    orphans = {services.scans.put(b"crash left me", KEY)[0] for _ in range(5)}
    written_an_hour_ago(services.scans)
    assert svc.sweep_orphan_scans(batch=2) == 5
    assert all(services.scans.exists(s) for s in referenced) and len(referenced) == 5
    assert not any(services.scans.exists(s) for s in orphans)


def test_a_scan_written_with_its_row_while_the_sweep_runs_is_kept(services, monkeypatch):
    """The OCR worker stores a page's view (file, then row) just after the sweep read the database."""
    svc = services.applications
    app_id = draft_with_pages(services)
    page_id = svc.get(app_id).pages[0].id
    written_an_hour_ago(services.scans)
    view = reading("id_card_front")
    object.__setattr__(view, "image", np.full((60, 90, 3), 200, np.uint8))
    real_session = services.db.session
    written = []

    @contextlib.contextmanager
    def session_then_worker():
        with real_session() as s:
            yield s
        if not written:                       # the worker's write lands right after this read
            written.append(True)
            svc.record_reading(page_id, view)

    monkeypatch.setattr(services.db, "session", session_then_worker)
    svc.sweep_orphan_scans()
    monkeypatch.undo()
    view_scan = svc.page(page_id).view_scan_id
    assert written and view_scan and services.scans.exists(view_scan)


def test_the_sweep_never_loads_page_rows(services):
    svc = services.applications
    for _ in range(3):
        draft_with_pages(services)
    services.scans.put(b"crash left me", KEY)
    written_an_hour_ago(services.scans)
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        removed = svc.sweep_orphan_scans()
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert removed == 1
    assert selects and not any("reading" in s for s in selects)       # ids only, never the OCR readings
    assert all(" IN " in s.upper() for s in selects)                  # only about the files listed


def test_the_sweep_runs_before_the_ocr_worker_starts(services, monkeypatch):
    order = []
    monkeypatch.setattr(services.applications, "sweep_orphan_scans", lambda: order.append("sweep"))
    real_start = OcrWorker.start
    monkeypatch.setattr(OcrWorker, "start", lambda worker: (order.append("ocr"), real_start(worker)))
    services.start()
    try:
        assert order == ["sweep", "ocr"]
    finally:
        services.stop()


def test_the_store_lists_only_files_older_than_a_moment(services):
    store = services.scans
    old = store.put(JPEG, KEY)[0]
    written_an_hour_ago(store)
    moment = store.clock()
    new = store.put(JPEG, KEY)[0]
    listed = set(store.files_older_than(moment))
    assert old in listed and new not in listed
