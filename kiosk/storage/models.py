"""SQLAlchemy models. The schema itself is owned by the Alembic migrations beside this file."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kiosk.storage.personal import DataKeyOwner, KeyFromApplication, Sealed


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; only UTC is ever written."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict: JSON, list: JSON}


class Application(DataKeyOwner, Base):
    """One citizen's case, from the first touch (a draft) to its end.

    Personal data (name, card, form, review findings) lives here only, sealed with the draft's own
    data key (kiosk.storage.personal): a wiped draft deletes the row, its pages and its only key.
    """

    __tablename__ = "applications"
    # Never reuse the id of a wiped draft: a stale session must not find someone else's draft.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str | None] = mapped_column(String(32), unique=True)   # given at submission
    access_token: Mapped[str] = mapped_column(String(64))                 # in the receipt QR code
    matter_id: Mapped[str] = mapped_column(String(64), index=True)
    terminal_id: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(8), default="zh_CN")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set by the service on its own clock, never on update: the idle sweep ages drafts by it.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    due_date: Mapped[date | None] = mapped_column(Date)                   # promised processing days
    applicant_key: Mapped[str | None] = mapped_column(String(64), index=True)  # keyed hash of the ID number
    # Keyed hash of the visit that started it: after a restart the screen's visit finds its case again.
    visit_key: Mapped[str | None] = mapped_column(String(64), index=True)
    data_key: Mapped[bytes | None] = mapped_column(LargeBinary)   # the draft's data key, wrapped
    sealed_name: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_card: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_form: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_review: Mapped[bytes | None] = mapped_column(LargeBinary)
    applicant_name = Sealed("sealed_name", "text")
    card = Sealed("sealed_card")       # IdentityCard fields as read from the chip (no photo)
    form = Sealed("sealed_form", empty=dict)
    review = Sealed("sealed_review")   # the last pre-review: findings (with the values read) and outcome
    prefill_sources: Mapped[dict] = mapped_column(default=dict)
    # Where each form value came from (kiosk.domain.provenance): chip, material, typed or edited,
    # with what the source last read: personal, so sealed like the form.
    sealed_form_origins: Mapped[bytes | None] = mapped_column(LargeBinary)
    form_origins = Sealed("sealed_form_origins", empty=dict)
    outcome: Mapped[str | None] = mapped_column(String(16))   # instant | staff | blocked
    flags: Mapped[list] = mapped_column(default=list)         # e.g. sampling, commitment
    staff_assignee: Mapped[str | None] = mapped_column(String(64))

    pages: Mapped[list[Page]] = relationship(back_populates="application", cascade="all, delete-orphan",
                                             order_by="(Page.material_id, Page.page_no)")
    transitions: Mapped[list[Transition]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Transition.id")
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Commitment.id")


class Transition(Base):
    """A recorded state change: who, when, from, to, why."""

    __tablename__ = "transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="transitions")


class Page(KeyFromApplication, Base):
    """One captured page of one material; the image lives in the scan store, sealed like the reading."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("application_id", "material_id", "page_no"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[str] = mapped_column(String(64))
    page_no: Mapped[int] = mapped_column(Integer)
    scan_id: Mapped[str] = mapped_column(String(80))               # the capture as taken (evidence)
    view_scan_id: Mapped[str | None] = mapped_column(String(80))   # upright, rectified page the boxes refer to
    sha256: Mapped[str] = mapped_column(String(64))
    ocr_status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|running|done|failed
    doc_type: Mapped[str | None] = mapped_column(String(40))
    sealed_reading: Mapped[bytes | None] = mapped_column(LargeBinary)
    reading = Sealed("sealed_reading")     # ocr.types.DocumentReading as JSON
    error: Mapped[str | None] = mapped_column(Text)
    captured_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Joined, so a page read after its session closed still has the data key of its application.
    application: Mapped[Application] = relationship(back_populates="pages", lazy="joined")

    @property
    def scan_ids(self) -> list[str]:
        return [s for s in (self.scan_id, self.view_scan_id) if s]

    @property
    def display_scan_id(self) -> str:
        return self.view_scan_id or self.scan_id


class Commitment(KeyFromApplication, Base):
    """A signed commitment: 容缺 (materials supplied later by a deadline) or 告知承诺 (proof replaced)."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))          # deferral | promise
    material_ids: Mapped[list] = mapped_column(default=list)
    sealed_text: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    text = Sealed("sealed_text", "text")
    signature_png = Sealed("sealed_signature", "bytes")
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[date | None] = mapped_column(Date)
    fulfilled_at: Mapped[datetime | None]

    application: Mapped[Application] = relationship(back_populates="commitments", lazy="joined")


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))   # reviewer | locker_operator | supervisor | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sessions carry the version they began under; logging out or a new password bumps it,
    # so every session begun before, on any browser, stops at its next request.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class StaffLoginThrottle(Base):
    """Failed log-ins per typed user name (a keyed hash: someone may type an ID number there),
    so a lock holds across restarts and from every address."""

    __tablename__ = "staff_login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime]
    locked_until: Mapped[datetime | None]


# ---- staff desk ------------------------------------------------------------------------------
class AuditEntry(Base):
    """One link of the hash-chained audit log (see kiosk.domain.audit). Rows are only ever appended."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))            # the hashed UTC timestamp text
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject: Mapped[str] = mapped_column(String(80), index=True)
    details: Mapped[str] = mapped_column(Text)             # canonical JSON, personal data masked
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)   # two entries cannot share a parent
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row writers lock to append: the last seq and hash of the chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class SupplementRequest(Base):
    """Staff asked the applicant for more: what, by when."""

    __tablename__ = "supplement_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)


class SamplingCheck(Base):
    """The after-the-fact check of an instantly approved or commitment case."""

    __tablename__ = "sampling_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    result: Mapped[str] = mapped_column(String(16))    # confirmed | revoked
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Rating(Base):
    """好差评: the citizen's rating of the service, once per application and occasion."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("application_id", "occasion"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    matter_id: Mapped[str] = mapped_column(String(64), index=True)
    occasion: Mapped[str] = mapped_column(String(16))   # submission | pickup
    level: Mapped[int] = mapped_column(Integer)         # 5 非常满意 … 1 非常不满意
    reasons: Mapped[list] = mapped_column(default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


# ---- the locker book (kiosk.services.lockers) ----------------------------------------------

class LockerCompartment(Base):
    """A compartment of a locker bank as configured; blocked ones are given to nobody."""

    __tablename__ = "locker_compartments"
    __table_args__ = (UniqueConstraint("bank", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank: Mapped[str] = mapped_column(String(32))
    number: Mapped[int] = mapped_column(Integer)
    size: Mapped[str] = mapped_column(String(8))               # small | medium | large
    terminal_id: Mapped[str] = mapped_column(String(32))       # the kiosk it stands next to
    blocked_at: Mapped[datetime | None]
    blocked_reason: Mapped[str | None] = mapped_column(Text)


class LockerReservation(Base):
    """A compartment given for one purpose of one application, from opening to emptying."""

    __tablename__ = "locker_reservations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    compartment_id: Mapped[int] = mapped_column(ForeignKey("locker_compartments.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))           # originals | late | result
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    door_opened_at: Mapped[datetime | None]                    # the last time its door was opened for it
    reminded_at: Mapped[datetime | None]
    code_digest: Mapped[str | None] = mapped_column(String(64), index=True)  # keyed hash of the pickup code
    code_expires_at: Mapped[datetime | None]
    code_attempts: Mapped[int] = mapped_column(Integer, default=0)          # wrong codes tried against it
    code_locked_at: Mapped[datetime | None]

    compartment: Mapped[LockerCompartment] = relationship()


class LockerDeposit(Base):
    """Something put into a compartment; ``confirmed`` is False until staff check an uncertain one."""

    __tablename__ = "locker_deposits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reservation_id: Mapped[int] = mapped_column(ForeignKey("locker_reservations.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    confirmed: Mapped[bool] = mapped_column(Boolean)
    deposited_by: Mapped[str] = mapped_column(String(64))
    deposited_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_by: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None]


class LockerPickup(Base):
    """Something taken out of a compartment: staff collecting a hand-in, or a citizen a result."""

    __tablename__ = "locker_pickups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reservation_id: Mapped[int] = mapped_column(ForeignKey("locker_reservations.id"), index=True)
    taken_by: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(String(32))
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)


class LockerDoorEvent(Base):
    """Every door and item-sensor change a bank reported, with the reservation it concerned."""

    __tablename__ = "locker_door_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank: Mapped[str] = mapped_column(String(32))
    number: Mapped[int] = mapped_column(Integer)
    door_closed: Mapped[bool] = mapped_column(Boolean)
    item_present: Mapped[bool | None] = mapped_column(Boolean)
    forced_open: Mapped[bool] = mapped_column(Boolean, default=False)
    reservation_id: Mapped[int | None] = mapped_column(ForeignKey("locker_reservations.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LockerAlert(Base):
    """Something staff must look at: a door that would not open or was left open, a forced door,
    a silent board, a sensor disagreeing with the book."""

    __tablename__ = "locker_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    bank: Mapped[str] = mapped_column(String(32))
    number: Mapped[int | None] = mapped_column(Integer)
    reservation_id: Mapped[int | None] = mapped_column(ForeignKey("locker_reservations.id"))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]


class ReceiptOutbox(KeyFromApplication, Base):
    """A receipt to print, written in the transaction that submits: a kiosk killed before the
    printer answered prints it when it comes back (kiosk.services.receipt_outbox). Its text
    (the masked name, the progress token) is sealed like the rest of the case."""

    __tablename__ = "receipt_outbox"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                primary_key=True, autoincrement=False)
    sealed_receipt: Mapped[bytes | None] = mapped_column(LargeBinary)
    receipt = Sealed("sealed_receipt")   # devices.printer.base.Receipt as JSON; dropped once printed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    printed_at: Mapped[datetime | None] = mapped_column(index=True)

    application: Mapped[Application] = relationship(lazy="joined")
