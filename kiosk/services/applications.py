"""Use cases of a citizen's application: start, identify, fill, capture, pre-review, submit, wipe.

Every state change goes through ``_move`` so it is checked against the state machine and
recorded (who, when, from, to, why) in the same transaction as the change itself.
"""
from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Callable, Iterable, Iterator

import cv2
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from devices.idcard.base import IdentityCard
from devices.printer.base import Receipt
from kiosk.domain import provenance, states, workdays
from kiosk.domain.audit import mask_text
from kiosk.domain.catalog import Catalog, Matter
from kiosk.domain.codes import id_lookup_key
from kiosk.domain.commitments import Deferral, deferral_deadline, deferral_offer, overdue
from kiosk.domain.facts import BROKEN_COMMITMENT, CapturedMaterial, CapturedPage, CaseFacts
from kiosk.domain.masking import mask_id
from kiosk.domain.prefill import prefill, validate_form
from kiosk.domain.prereview import Review, review
from kiosk.domain.prereview.photo import with_photo_background
from kiosk.storage.codec import card_from_json, card_to_json, reading_from_json, reading_to_json
from kiosk.storage.db import Database
from kiosk.storage.models import Application, Commitment, Page, SupplementRequest, Transition, aware, utcnow
from kiosk.storage.scans import ScanStore
from kiosk.services.audit import AuditLog
from kiosk.services.receipt_outbox import ReceiptOutbox
from ocr.types import DocumentReading

log = logging.getLogger(__name__)

CITIZEN = "citizen"
SYSTEM = "system"
# States in which an application still waits for something and so can run out of time.
TERMINABLE = (states.WAITING_STAFF, states.WAITING_ORIGINALS, states.SUPPLEMENT_REQUESTED)


class ApplicationError(Exception):
    """A request the application cannot honour now; ``message`` is for the citizen."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(detail or message)
        self.message = message


class UnknownItem(ApplicationError):
    """The request names something that does not exist: a matter, a material."""


@dataclass(frozen=True)
class Settings:
    terminal_id: str
    hall_region: str
    secret: bytes   # keys the applicant hash used for progress look-up
    calendar: workdays.WorkCalendar = field(default_factory=workdays.WorkCalendar)


class ApplicationService:
    def __init__(self, db: Database, scans: ScanStore, catalog: Catalog, settings: Settings,
                 clock: Callable[[], datetime] = utcnow, audit: AuditLog | None = None,
                 outbox: ReceiptOutbox | None = None):
        self.db = db
        self.scans = scans
        self.catalog = catalog
        self.settings = settings
        self.clock = clock
        self.audit = audit   # every transition is also appended to the hash-chained audit log
        self.outbox = outbox  # receipts queued by ``submit``, printed after the commit

    # ---- lifecycle of a draft -------------------------------------------------------------
    def start(self, matter_id: str, language: str = "zh_CN", visit_id: str | None = None) -> int:
        matter = self.matter(matter_id)
        if not matter.kiosk_enabled:
            raise ApplicationError("该事项暂不支持在自助终端办理，请到窗口办理。")
        with self.db.session() as s:
            app = Application(matter_id=matter.id, terminal_id=self.settings.terminal_id,
                              state=states.DRAFT, language=language,
                              access_token=secrets.token_urlsafe(24), form={}, prefill_sources={}, form_origins={},
                              flags=[], created_at=self.clock(), updated_at=self.clock(),
                              visit_key=self.visit_key(visit_id) if visit_id else None)
            s.add(app)
            s.flush()
            return app.id

    def identify(self, app_id: int, card: IdentityCard) -> None:
        """Attach the chip's identity and pre-fill the form from it (and from any readings)."""
        with self.db.session() as s:
            app = self._get(s, app_id)
            if card.expired_on(self.clock().date()) and not self.matter(app.matter_id).expired_identity_ok:
                raise ApplicationError("您的证件已过期，请使用有效证件。",
                                       f"card expired {card.valid_until.isoformat()}")
            if app.state not in states.UNSUBMITTED:
                raise ApplicationError("该申请已提交。")
            app.card = card_to_json(card)
            app.applicant_name = card.name
            app.applicant_key = self.applicant_key(card.id_number)
            self._apply_prefill(app, card)
            if app.state == states.DRAFT:
                self._move(s, app, states.IDENTIFIED, CITIZEN, "card read")
            log.info("application %s identified by %s card %s", app.id, card.card_type, mask_id(card.id_number))

    def save_form(self, app_id: int, values: dict[str, str]) -> dict:
        """Store the citizen's form; returns {field id: Text message} for values to fix."""
        with self.db.session() as s:
            app = self._get(s, app_id)
            self._require_unsubmitted(app)
            matter = self.matter(app.matter_id)
            # Identity values read from the chip are trusted and never typed: the screen cannot change them.
            origins = provenance.origins_from_json(app.form_origins)
            known = {f.id for f in matter.fields} - provenance.locked(origins)
            merged, origins = provenance.apply_typing(app.form, origins,
                                                      {k: v.strip() for k, v in values.items() if k in known})
            self._store_form(app, merged, origins)
            app.updated_at = self.clock()
            errors = validate_form(matter, merged, today=self.clock().date())
            # A field a material will fill may stay empty until that material is captured.
            later = {f.id for f in matter.fields
                     if f.prefill and f.prefill.startswith("material.") and not merged.get(f.id)}
            return {k: v for k, v in errors.items() if k not in later}

    def settle_disagreement(self, app_id: int, field_id: str, keep_mine: bool) -> None:
        """The citizen's answer to "the material says X, you entered Y — which is right?"."""
        with self.db.session() as s:
            app = self._get(s, app_id)
            self._require_unsubmitted(app)
            origins = provenance.origins_from_json(app.form_origins)
            if keep_mine:
                form, origins = app.form, provenance.keep(origins, field_id)
            else:
                form, origins = provenance.take_reading(app.form, origins, field_id)
            self._store_form(app, form, origins)
            app.updated_at = self.clock()

    def form_errors(self, app_id: int) -> dict:
        """Every problem of the form as it stands, material-filled fields included."""
        with self.db.session() as s:
            app = self._get(s, app_id)
            return validate_form(self.matter(app.matter_id), app.form, today=self.clock().date())

    def add_page(self, app_id: int, material_id: str, page_no: int, image: bytes, suffix: str = "jpg") -> int:
        """Store a captured page (replacing an earlier capture of the same page) for OCR."""
        with self.db.session() as s:
            app = self._get(s, app_id)
            self._require_unsubmitted(app)
            spec = self._material(app.matter_id, material_id)
            if not 1 <= page_no <= max(1, len(spec.pages)):
                raise ApplicationError("页码不正确。", f"page {page_no} of {material_id}")
            key = app.sealing_key()
        scan_id, digest = self.scans.put(image, key, suffix)
        try:
            with self.db.session() as s:
                app = self._get(s, app_id)
                old = s.scalars(select(Page).where(Page.application_id == app_id, Page.material_id == material_id,
                                                   Page.page_no == page_no)).first()
                old_scans = old.scan_ids if old else []
                if old:
                    s.delete(old)
                    s.flush()
                page = Page(application_id=app_id, material_id=material_id, page_no=page_no, scan_id=scan_id,
                            sha256=digest, ocr_status="pending", captured_at=self.clock())
                s.add(page)
                app.updated_at = self.clock()
                if app.state == states.PREREVIEWED:
                    self._move(s, app, states.CAPTURED, CITIZEN, f"retook {material_id} page {page_no}")
                s.flush()
                page_id = page.id
        except BaseException:
            self.scans.delete(scan_id)
            raise
        for old_scan in old_scans:
            self.scans.delete(old_scan)
        return page_id

    def remove_page(self, app_id: int, material_id: str, page_no: int) -> None:
        with self.db.session() as s:
            app = self._get(s, app_id)
            self._require_unsubmitted(app)
            page = s.scalars(select(Page).where(Page.application_id == app_id, Page.material_id == material_id,
                                                Page.page_no == page_no)).first()
            if page is None:
                return
            scan_ids = page.scan_ids
            s.delete(page)
        for scan_id in scan_ids:
            self.scans.delete(scan_id)

    def record_reading(self, page_id: int, reading: DocumentReading | None, error: str = "") -> None:
        """Called by the OCR worker when a page has been read (or could not be).

        The rectified page the reading's boxes refer to is stored as the page's view.
        """
        with self.db.session() as s:
            page = s.get(Page, page_id)
            if page is None:      # wiped before it was read
                return
            key = page.sealing_key()
        view_scan = self._store_view(reading, key)
        with self.db.session() as s:
            page = s.get(Page, page_id)
            if page is None:      # wiped while being read
                if view_scan:
                    self.scans.delete(view_scan)
                return
            if reading is None:
                page.ocr_status, page.error = "failed", error
            else:
                if page.view_scan_id:
                    self.scans.delete(page.view_scan_id)
                page.ocr_status, page.reading, page.doc_type, page.error = (
                    "done", reading_to_json(with_photo_background(reading)), reading.doc_type, None)
                page.view_scan_id = view_scan
            app = page.application
            if app.state in states.UNSUBMITTED and app.card:
                self._apply_prefill(app, card_from_json(app.card))

    def _store_view(self, reading: DocumentReading | None, key: bytes) -> str | None:
        if reading is None or reading.image is None:
            return None
        ok, buf = cv2.imencode(".jpg", reading.image, [cv2.IMWRITE_JPEG_QUALITY, 88])
        return self.scans.put(buf.tobytes(), key)[0] if ok else None

    def read_scan(self, page: Page, scan_id: str) -> bytes:
        """One of the page's images (the capture or its upright view), unsealed."""
        if scan_id not in page.scan_ids:
            raise ValueError("not a scan of this page")
        return self.scans.get(scan_id, page.sealing_key())

    def mark_running(self, page_id: int) -> bool:
        with self.db.session() as s:
            return s.execute(update(Page).where(Page.id == page_id, Page.ocr_status.in_(("pending", "running")))
                             .values(ocr_status="running")).rowcount == 1

    def page(self, page_id: int) -> Page | None:
        with self.db.session() as s:
            return s.get(Page, page_id)

    def expected_types(self, page_id: int) -> tuple[str, ...]:
        """Document types the page's material accepts: a hint for classification."""
        with self.db.session() as s:
            page = s.get(Page, page_id)
            if page is None:
                return ()
            return tuple(self._material(page.application.matter_id, page.material_id).doc_types)

    def pending_pages(self) -> list[int]:
        with self.db.session() as s:
            return list(s.scalars(select(Page.id).where(Page.ocr_status.in_(("pending", "running")))
                                  .order_by(Page.id)))

    # ---- pre-review and submission --------------------------------------------------------
    def prereview(self, app_id: int) -> Review:
        with self.db.session() as s:
            app = self._get(s, app_id)
            self._require_unsubmitted(app)
            if app.state == states.DRAFT:
                raise ApplicationError("请先读取身份证。")
            matter = self.matter(app.matter_id)
            result = review(matter, self.facts(app))
            app.review = review_to_json(result)
            app.outcome = result.outcome
            self._move(s, app, states.PREREVIEWED, SYSTEM,
                       f"pre-review: {result.outcome}, {len(result.findings)} findings")
            return result

    def deferral_available(self, app_id: int):
        """The 容缺 offer for this draft as it stands, or None."""
        with self.db.session() as s:
            app = self._get(s, app_id)
            matter = self.matter(app.matter_id)
            facts = self.facts(app)
            return deferral_offer(matter, review(matter, facts), facts)

    def sign_commitment(self, app_id: int, kind: str, material_ids: list[str], text: str,
                        signature_png: bytes) -> None:
        """Record a signed 容缺 (kind "deferral") or 告知承诺 (kind "promise") commitment."""
        if not signature_png.startswith(b"\x89PNG"):
            raise ApplicationError("请在屏幕上签名后再确认。")
        with self.db.session() as s:
            app = self._get(s, app_id)
            self._require_unsubmitted(app)
            matter = self.matter(app.matter_id)
            specs = {m.id: m for m in matter.materials}
            allowed = "deferrable" if kind == "deferral" else "replaceable"
            if kind not in ("deferral", "promise") or not material_ids or any(
                    not getattr(specs.get(mid), allowed, False) for mid in material_ids):
                raise ApplicationError("该材料不能以承诺方式办理。", f"{kind} {material_ids}")
            if kind == "deferral":
                offer = deferral_offer(matter, review(matter, self.facts(app)), self.facts(app))
                if offer is None:
                    raise ApplicationError("该申请不符合容缺受理条件。")
            s.execute(delete(Commitment).where(Commitment.application_id == app_id, Commitment.kind == kind))
            s.add(Commitment(application_id=app_id, kind=kind, material_ids=list(material_ids), text=text,
                             signature_png=signature_png, signed_at=self.clock()))
            if kind == "promise" and "promise" not in app.flags:
                app.flags = [*app.flags, "promise"]

    def submit(self, app_id: int, receipt: Callable[[Application, Matter], Receipt] | None = None) -> Application:
        """Submit once: a repeated request (double tap, retry, a race) returns the same application,
        fully loaded. ``receipt`` renders the receipt, which is queued for printing in the same
        transaction (see ReceiptOutbox)."""
        now = self.clock()
        with self.db.session() as s:
            # Compare-and-set first, so two requests racing cannot both pass the check.
            won = s.execute(update(Application).where(Application.id == app_id,
                                                      Application.state == states.PREREVIEWED)
                            .values(state=states.SUBMITTED, submitted_at=now, updated_at=now)).rowcount == 1
            app = self._get(s, app_id)
            if not won:
                if app.number:
                    return self.get(app_id)
                raise ApplicationError("请先完成智能预审。", f"state {app.state}")
            matter = self.matter(app.matter_id)
            facts = self.facts(app)
            result = review(matter, facts)
            if result.outcome == "blocked":
                raise ApplicationError("还有需要修改的问题，请按提示修改后再提交。")
            app.review, app.outcome = review_to_json(result), result.outcome
            app.number = f"{now:%Y%m%d}{app.id:06d}"
            app.due_date = self.settings.calendar.add(now.date(), matter.promised_days)
            self._record(s, app, states.PREREVIEWED, states.SUBMITTED, CITIZEN,
                         "submitted at kiosk " + self.settings.terminal_id, now)
            for commitment in app.commitments:
                if commitment.kind == "deferral":
                    commitment.deadline = deferral_deadline(matter, now)
            if result.outcome == "instant" and not matter.needs_originals:
                app.flags = [*app.flags, "sampling"] if "sampling" not in app.flags else app.flags
                self._move(s, app, states.APPROVED, SYSTEM, "approved at once (秒办)")
            elif matter.needs_originals:
                self._move(s, app, states.WAITING_ORIGINALS, SYSTEM, "paper originals to be handed in")
            else:
                self._move(s, app, states.WAITING_STAFF, SYSTEM, f"staff re-check ({len(result.findings)} findings)")
            if receipt is not None and self.outbox is not None:
                self.outbox.add(s, app.id, receipt(app, matter))
            log.info("application %s submitted as %s, outcome %s", app.id, app.number, result.outcome)
        return self.get(app_id)

    def originals_received(self, app_id: int, actor: str, reason: str) -> bool:
        """The paper originals are in (a locker deposit): WAITING_ORIGINALS → WAITING_STAFF.

        Returns False, changing nothing, when the case no longer waits for originals (a repeat).
        """
        return self._move_from(app_id, states.WAITING_ORIGINALS, states.WAITING_STAFF, actor, reason)

    def result_collected(self, app_id: int, actor: str, reason: str) -> bool:
        """The citizen took the certificate out of the locker: APPROVED → COMPLETED.

        Returns False, changing nothing, for a case in any other state (a rejection notice, a repeat).
        """
        return self._move_from(app_id, states.APPROVED, states.COMPLETED, actor, reason)

    def _move_from(self, app_id: int, expected: str, target: str, actor: str, reason: str) -> bool:
        with self.db.session() as s:
            app = self._get(s, app_id)
            if app.state != expected:
                return False
            self._move(s, app, target, actor, reason)
            return True

    # ---- staff ------------------------------------------------------------------------------
    def decide(self, app_id: int, target: str, actor: str, reason: str, *, deadline: date | None = None) -> None:
        """Approve, reject (with a reason) or ask for a supplement (with a reason and a deadline date).

        A case someone has taken over can only be decided by them.
        """
        if target in (states.REJECTED, states.SUPPLEMENT_REQUESTED) and not reason.strip():
            raise ApplicationError("请填写理由。")
        if target == states.SUPPLEMENT_REQUESTED and (deadline is None or deadline <= self.clock().date()):
            raise ApplicationError("请填写晚于今天的补正期限。", f"supplement deadline {deadline}")
        with self.db.session() as s:
            app = self._get(s, app_id)
            if app.staff_assignee and app.staff_assignee != actor:
                raise ApplicationError("该案件已由其他工作人员接手。", f"assigned to {app.staff_assignee}")
            self._move(s, app, target, actor, reason.strip())
            if target == states.SUPPLEMENT_REQUESTED:
                s.add(SupplementRequest(application_id=app.id, reason=reason.strip(), deadline=deadline,
                                        requested_by=actor, requested_at=self.clock()))
            if self.audit is not None:
                self.audit.append(s, actor, "decide", f"application:{app.id}",
                                  {"decision": target, "deadline": deadline.isoformat() if deadline else None},
                                  at=self.clock())

    def assign(self, app_id: int, actor: str, take: bool, *, override: bool = False) -> None:
        """Take a waiting case over (``take``) or hand it back; ``override`` lets a supervisor take it from another."""
        with self.db.session() as s:
            app = self._get(s, app_id)
            if app.state not in states.NEEDS_STAFF:
                raise ApplicationError("该案件不在待办中。", f"state {app.state}")
            holder = app.staff_assignee
            if holder and holder != actor and not override:
                raise ApplicationError("该案件已由其他工作人员接手。", f"assigned to {holder}")
            app.staff_assignee = actor if take else None
            if self.audit is not None:
                self.audit.append(s, actor, "take_over" if take else "hand_back", f"application:{app.id}",
                                  {"previous": holder}, at=self.clock())

    def supplement_request(self, app_id: int) -> SupplementRequest | None:
        """The latest supplement request of the case, if any."""
        with self.db.session() as s:
            return s.scalars(select(SupplementRequest).where(SupplementRequest.application_id == app_id)
                             .order_by(SupplementRequest.id.desc()).limit(1)).first()

    def expire_supplements(self) -> list[int]:
        """End cases whose supplement deadline passed without the applicant supplying the materials."""
        today = self.clock().date()
        with self.db.session() as s:
            waiting = s.scalars(select(Application).where(Application.state == states.SUPPLEMENT_REQUESTED))
            ended = []
            for app in waiting:
                request = s.scalars(select(SupplementRequest).where(SupplementRequest.application_id == app.id)
                                    .order_by(SupplementRequest.id.desc()).limit(1)).first()
                if request is not None and request.deadline < today:
                    self._move(s, app, states.TERMINATED, SYSTEM,
                               "补正材料未在 {} 前提交，申请终止。".format(request.deadline.isoformat()))
                    ended.append(app.id)
            return ended

    def terminate_overdue(self) -> list[int]:
        """End applications whose 容缺 deadline passed with materials still owed (a broken commitment)."""
        with self.db.session() as s:
            open_deferrals = s.scalars(
                select(Commitment).join(Application)
                .where(Commitment.kind == "deferral", Commitment.fulfilled_at.is_(None),
                       Commitment.deadline.is_not(None), Application.state.in_(TERMINABLE)))
            due = overdue([Deferral(str(c.application_id), tuple(c.material_ids), c.deadline)
                           for c in open_deferrals], self.clock())
            ended = []
            for deferral in due:
                app = s.get(Application, int(deferral.application_id))
                self._move(s, app, states.TERMINATED, SYSTEM,
                           "容缺材料未在 {} 前补交，申请终止。".format(deferral.deadline.isoformat()))
                app.flags = [*app.flags, BROKEN_COMMITMENT]
                ended.append(app.id)
            return ended

    # ---- privacy ----------------------------------------------------------------------------
    def wipe(self, app_id: int, reason: str) -> bool:
        """Delete an unsubmitted draft with its card data and scans. Submitted cases are kept."""
        with self.db.session() as s:
            app = s.get(Application, app_id)
            if app is None or app.state not in states.UNSUBMITTED:
                return False
            scan_ids = [scan for p in app.pages for scan in p.scan_ids]
            s.delete(app)
        self.db.forget_deleted()
        for scan_id in scan_ids:
            self.scans.delete(scan_id)
        log.info("draft %s wiped (%s), %d scans deleted", app_id, reason, len(scan_ids))
        return True

    def touch(self, app_id: int) -> None:
        with self.db.session() as s:
            s.execute(update(Application).where(Application.id == app_id,
                                                Application.state.in_(states.UNSUBMITTED))
                      .values(updated_at=self.clock()))

    def wipe_idle(self, idle: timedelta) -> int:
        """Wipe drafts untouched for longer than ``idle`` (a browser closed mid-flow, a crash)."""
        cutoff = self.clock() - idle
        with self.db.session() as s:
            ids = list(s.scalars(select(Application.id).where(Application.state.in_(states.UNSUBMITTED),
                                                              Application.updated_at < cutoff)))
        return sum(self.wipe(i, "idle") for i in ids)

    def sweep_orphan_scans(self, batch: int = 500) -> int:
        """Delete scan files no page refers to (a crash between writing a scan and its row).

        Run at start-up before anything writes scans. Only files older than the sweep's start
        are candidates, and each batch of them is checked against the database after it was
        listed, so a scan written meanwhile together with its row is never taken for an orphan.
        The database is asked only about the files at hand, never for every page.
        """
        started = self.scans.clock()
        self.scans.sweep_temporary()
        removed = 0
        for names in _batched(self.scans.files_older_than(started), batch):
            with self.db.session() as s:
                known = set(s.scalars(select(Page.scan_id).where(Page.scan_id.in_(names))))
                known.update(s.scalars(select(Page.view_scan_id).where(Page.view_scan_id.in_(names))))
            for name in names:
                if name not in known:
                    self.scans.delete(name)
                    removed += 1
        if removed:
            log.info("start-up sweep removed %d orphan scans", removed)
        return removed

    # ---- progress ---------------------------------------------------------------------------
    def find_for_progress(self, number: str, *, token: str | None = None,
                          id_number: str | None = None) -> Application | None:
        """The application, only when the caller holds its receipt token or the applicant's card."""
        with self.db.session() as s:
            app = s.scalars(select(Application).where(Application.number == number.strip())).first()
            if app is None:
                return None
            if token is not None and hmac.compare_digest(token, app.access_token):
                return app
            if id_number is not None and app.applicant_key and hmac.compare_digest(
                    self.applicant_key(id_number), app.applicant_key):
                return app
            return None

    def get(self, app_id: int) -> Application | None:
        with self.db.session() as s:
            app = s.get(Application, app_id)
            if app is not None:
                _ = app.pages, app.transitions, app.commitments   # loaded before the session closes
            return app

    # ---- helpers ----------------------------------------------------------------------------
    def matter(self, matter_id: str) -> Matter:
        try:
            return self.catalog.get(matter_id)
        except KeyError:
            raise UnknownItem("没有找到该事项。", f"unknown matter {matter_id}") from None

    def visit_key(self, visit_id: str) -> str:
        return id_lookup_key(self.settings.secret, "visit:" + visit_id)

    def case_of_visit(self, visit_id: str, draft_idle: timedelta, receipt_age: timedelta
                      ) -> tuple[int | None, int | None] | None:
        """(draft id, submitted id) of the visit's case, found after a restart forgot the visit:
        a draft touched within ``draft_idle``, or an application submitted within ``receipt_age``."""
        now = self.clock()
        with self.db.session() as s:
            app = s.scalars(select(Application).where(Application.visit_key == self.visit_key(visit_id))
                            .order_by(Application.id.desc()).limit(1)).first()
            if app is None:
                return None
            if app.state in states.UNSUBMITTED and aware(app.updated_at) >= now - draft_idle:
                return app.id, None
            if app.submitted_at is not None and aware(app.submitted_at) >= now - receipt_age:
                return None, app.id
            return None

    def release_visit(self, visit_id: str) -> None:
        """The visit ended: its cookie leads to none of its cases any more."""
        with self.db.session() as s:
            s.execute(update(Application).where(Application.visit_key == self.visit_key(visit_id))
                      .values(visit_key=None))

    def applicant_key(self, id_number: str) -> str:
        return id_lookup_key(self.settings.secret, id_number)

    def facts(self, app: Application) -> CaseFacts:
        matter = self.matter(app.matter_id)
        committed = {mid: c.kind for c in app.commitments for mid in c.material_ids}
        materials = {}
        for spec in matter.materials:
            pages = tuple(CapturedPage(page_no=p.page_no, reading=reading_from_json(p.reading),
                                       scan_id=p.scan_id, error=p.error or "")
                          for p in app.pages if p.material_id == spec.id)
            materials[spec.id] = CapturedMaterial(material_id=spec.id, pages=pages,
                                                  deferred=committed.get(spec.id) == "deferral",
                                                  committed=committed.get(spec.id) == "promise")
        return CaseFacts(matter_id=matter.id, card=card_from_json(app.card), form=dict(app.form),
                         materials=materials, today=self.clock().date(), kiosk_region=self.settings.hall_region,
                         applicant_flags=self._applicant_flags(app),
                         form_origins=provenance.origins_from_json(app.form_origins))

    def _applicant_flags(self, app: Application) -> frozenset[str]:
        """What the kiosk itself knows of the applicant: a commitment they broke here before."""
        if not app.applicant_key:
            return frozenset()
        with self.db.session() as s:
            # Terminated cases carry it after a missed 容缺 deadline; sampled ones after a false 告知承诺.
            past = s.scalars(select(Application.flags).where(Application.applicant_key == app.applicant_key,
                                                             Application.id != app.id,
                                                             Application.state.in_(states.FINAL | {states.APPROVED})))
            return frozenset({BROKEN_COMMITMENT}) if any(BROKEN_COMMITMENT in f for f in past) else frozenset()

    def _apply_prefill(self, app: Application, card: IdentityCard | None) -> None:
        matter = self.matter(app.matter_id)
        readings: dict[str, list[DocumentReading]] = {}
        for page in app.pages:
            reading = reading_from_json(page.reading)
            if reading is not None:
                readings.setdefault(page.material_id, []).append(reading)
        # A value the citizen typed or edited is never overwritten; a disagreement is for the pre-review.
        form, origins = provenance.apply_readings(app.form, provenance.origins_from_json(app.form_origins),
                                                  prefill(matter, card, readings))
        self._store_form(app, form, origins)

    @staticmethod
    def _store_form(app: Application, form: dict, origins: provenance.Origins) -> None:
        app.form, app.form_origins = form, provenance.origins_to_json(origins)
        # The fields whose value is as read, and from where (the form's 已自动填写 mark, the desk).
        app.prefill_sources = {k: o.source for k, o in origins.items() if o.kind in provenance.READ}

    def _material(self, matter_id: str, material_id: str):
        for spec in self.matter(matter_id).materials:
            if spec.id == material_id:
                return spec
        raise UnknownItem("没有找到该材料。", f"unknown material {material_id}")

    def _get(self, s: Session, app_id: int) -> Application:
        app = s.get(Application, app_id)
        if app is None:
            raise ApplicationError("办理已超时或已结束，请重新开始。", f"no application {app_id}")
        return app

    @staticmethod
    def _require_unsubmitted(app: Application) -> None:
        if app.state not in states.UNSUBMITTED:
            raise ApplicationError("该申请已提交，不能再修改。")

    def _move(self, s: Session, app: Application, target: str, actor: str, reason: str) -> None:
        states.check(app.state, target)
        now = self.clock()
        self._record(s, app, app.state, target, actor, reason, now)
        app.state = target
        app.updated_at = now

    def _record(self, s: Session, app: Application, from_state: str, target: str, actor: str, reason: str,
                now: datetime) -> None:
        s.add(Transition(application_id=app.id, from_state=from_state, to_state=target, actor=actor,
                         reason=reason, at=now))
        if self.audit is not None:
            self.audit.append(s, actor, "state", f"application:{app.id}",
                              {"from": from_state, "to": target, "reason": mask_text(reason)}, at=now)


def review_to_json(result: Review) -> dict:
    """The pre-review as stored with the application and shown to staff."""
    return {
        "outcome": result.outcome,
        "findings": [
            {"rule_id": f.rule_id, "category": f.category, "severity": f.severity,
             "message": {"zh": f.message.zh, "en": f.message.en}, "material_id": f.material_id, "field": f.field,
             "page": f.page, "box": [list(p) for p in f.box] if f.box else None,
             "value_read": f.value_read, "confidence": f.confidence, "expected": f.expected}
            for f in result.findings],
    }


def _batched(items: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
