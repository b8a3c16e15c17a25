"""The locker book and the banks: hand-in of originals and late 容缺 materials, staff collection,
results left for pickup with a code, faults, and start-up reconciliation.

Door events arrive from the device layer on its watcher threads (``door_changed``,
``board_failed``: this service is a LockerListener) and move reservations on; screens poll
``view``. The service never holds its own lock while talking to a bank: a bank notifies its
listeners from inside its reads, so holding it there could deadlock with a watcher thread.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.base import DeviceError
from devices.locker.base import CompartmentState, LockerBank
from kiosk.domain import states
from kiosk.domain import lockers as book
from kiosk.domain.lockers import Finding, Status, Verdict
from kiosk.services.audit import AuditLog
from kiosk.services.applications import CITIZEN, SYSTEM, TERMINABLE, ApplicationError, ApplicationService
from kiosk.storage.db import Database
from kiosk.storage.models import (Application, Commitment, LockerAlert, LockerCompartment, LockerDeposit,
                                  LockerDoorEvent, LockerPickup, LockerReservation, aware, utcnow)

log = logging.getLogger(__name__)

# Sizes of the simulated bank "A" (12 compartments), used when LOCKERS is not configured.
DEFAULT_SIZES = {"1-8": "small", "9-10": "medium", "11-12": "large"}

# Why a whole bank's compartments were blocked; cleared by reconciliation once the boards answer.
BOARD_SILENT = "控制板无响应"
# What reconciliation may find in a compartment that can be given out again (or is handled).
SETTLED = (Finding.FINE, Finding.INTERRUPTED_WITH_ITEM, Finding.INTERRUPTED_EMPTY)


def N_(message: str) -> str:
    """Marks a message for the translation catalogue; screens translate it when they show it."""
    return message


class LockerError(ApplicationError):
    """A locker request that cannot be honoured now.

    ``message`` is a zh-CN catalogue msgid for the citizen or staff; the screens translate it
    and fill its ``%(name)s`` placeholders from ``params``.
    """

    def __init__(self, message: str, detail: str = "", **params: str):
        super().__init__(message, detail)
        self.params = params


@dataclass(frozen=True)
class LockerSettings:
    """How the kiosk runs its lockers (configuration keys in brackets)."""

    terminal_id: str
    secret: bytes                                   # keys the pickup-code hash (SECRET_KEY)
    layout: Mapping | None = None                   # LOCKERS; None: bank "A" beside this kiosk
    pickup_days: int = 7                            # LOCKER_PICKUP_DAYS: a pickup code's lifetime
    remind_after: float = 60.0                      # LOCKER_REMIND_SECONDS: door open → remind
    alert_after: float = 180.0                      # LOCKER_ALERT_SECONDS: door still open → staff
    code_attempts: int = 5                          # LOCKER_CODE_ATTEMPTS: wrong codes before a lock
    open_timeout: float = 3.0                       # LOCKER_OPEN_SECONDS: a door must spring open by then

    def bank_layout(self, bank: str) -> Mapping:
        """The LOCKERS entry of a bank; banks not configured stand beside this kiosk."""
        if self.layout is None and bank == "A":
            return {"terminal": self.terminal_id, "sizes": DEFAULT_SIZES}
        return (self.layout or {}).get(bank, {"terminal": self.terminal_id})


@dataclass(frozen=True)
class Opened:
    """A door opened for someone: which one to show them."""

    reservation_id: int
    bank: str
    number: int


@dataclass(frozen=True)
class ReservationView:
    """A reservation as screens show it (no personal data)."""

    id: int
    bank: str
    number: int
    size: str
    terminal_id: str
    purpose: str
    status: str
    application_id: int
    application_number: str | None
    remind: bool
    code_expires_at: datetime | None
    code_locked: bool
    deposit_confirmed: bool | None

    def as_json(self) -> dict:
        return {"id": self.id, "bank": self.bank, "number": self.number, "purpose": self.purpose,
                "status": self.status, "remind": self.remind}


@dataclass(frozen=True)
class CompartmentView:
    id: int
    bank: str
    number: int
    size: str
    terminal_id: str
    blocked_reason: str | None
    reservation: ReservationView | None


class LockerService:
    """Keeps the locker book and drives the banks; also the banks' LockerListener."""

    def __init__(self, db: Database, applications: ApplicationService, settings: LockerSettings,
                 clock: Callable[[], datetime] = utcnow, audit: AuditLog | None = None):
        self.db = db
        self.audit = audit
        self.applications = applications
        self.settings = settings
        self.clock = clock
        self.banks: dict[str, LockerBank] = {}
        self.ready: set[str] = set()       # banks reconciled since start (changed under ``changed``)
        self._bank_of_device: dict[str, str] = {}
        self._down: set[str] = set()       # banks whose boards stopped answering
        # Guards the book's state changes; ``changed`` wakes anyone waiting for a door.
        self.changed = threading.Condition(threading.RLock())

    # ---- set-up ---------------------------------------------------------------------------
    def attach(self, banks: Mapping[str, LockerBank]) -> None:
        """Use these banks (by the name configuration gives them); reconcile before use."""
        book.check_banks(self.settings.layout or {}, banks)
        self.banks = dict(banks)
        self._bank_of_device = {bank.name: name for name, bank in banks.items()}

    def reconcile(self) -> dict[str, list[tuple[int, Finding]]]:
        """Meet the book and the boards after a start or a power cut; the findings by bank.

        Every compartment is read: an open door is blocked, an interrupted deposit with
        something inside becomes "unconfirmed, staff check", a sensor that disagrees with the
        book blocks the compartment. A bank whose board is silent stays unused.
        """
        found = {name: findings for name in self.banks if (findings := self.reconcile_bank(name)) is not None}
        self._move_received_originals()
        return found

    def reconcile_bank(self, name: str) -> list[tuple[int, Finding]] | None:
        """Reconcile one bank; None when its boards do not answer (the bank stays unused).

        A compartment blocked only because its board was silent is put back once it reads
        as the book expects.
        """
        try:
            read = self.banks[name].states()
        except DeviceError as exc:
            with self.changed:
                self.ready.discard(name)
            self._bank_down(name, exc, "bank silent at start-up")
            return None
        specs = book.parse_layout({name: self.settings.bank_layout(name)}, {name: read.keys()})
        with self.changed, self.db.session() as s:
            self._sync_compartments(s, name, specs)
            findings = [(number, self._reconcile_one(s, name, number, state)) for number, state in read.items()]
            for number, finding in findings:
                compartment = self._compartment(s, name, number)
                if compartment.blocked_reason == BOARD_SILENT and finding in SETTLED:
                    compartment.blocked_at, compartment.blocked_reason = None, None
            self._down.discard(name)
            self.ready.add(name)
            self.changed.notify_all()
        return findings

    def health_changed(self, device: str, health) -> None:
        """Health listener: a bank that was down answers again, so it is reconciled and put back."""
        name = self._bank_of_device.get(device)
        if name is not None and health.available and name in self._down:
            log.info("locker bank %s answers again: reconciling", name)
            self.reconcile_bank(name)

    def _sync_compartments(self, s: Session, bank: str, specs: list[book.CompartmentSpec]) -> None:
        rows = {c.number: c for c in s.scalars(select(LockerCompartment).where(LockerCompartment.bank == bank))}
        for spec in specs:
            row = rows.get(spec.number)
            if row is None:
                s.add(LockerCompartment(bank=bank, number=spec.number, size=spec.size, terminal_id=spec.terminal))
            else:
                row.size, row.terminal_id = spec.size, spec.terminal
        s.flush()

    def _reconcile_one(self, s: Session, bank: str, number: int, state: CompartmentState) -> Finding:
        compartment = self._compartment(s, bank, number)
        reservation = self._active(s, compartment)
        status = Status(reservation.status) if reservation else None
        finding = book.reconcile(status, state.door_closed, state.item_present)
        now = self.clock()
        if finding is Finding.DOOR_OPEN:
            self._block(s, compartment, reservation, "door_open", "柜门在启动时处于打开状态，请现场检查并关门。")
        elif finding is Finding.MISSING_ITEM:
            self._block(s, compartment, reservation, "sensor_mismatch", "登记有物品，但物品传感器显示为空，请现场核对。")
        elif finding is Finding.UNEXPECTED_ITEM:
            self._block(s, compartment, None, "sensor_mismatch", "登记为空闲，但物品传感器检测到物品，请现场核对。")
        elif finding is Finding.INTERRUPTED_EMPTY:
            if status is Status.PICKING_UP:     # the citizen's door had opened: the result is gone
                s.add(LockerPickup(reservation_id=reservation.id, taken_by=CITIZEN,
                                   terminal_id=self.settings.terminal_id, taken_at=now))
                self._set(reservation, Status.DONE)
            elif status is not Status.COLLECTING:  # collecting waits for the staff member's confirmation
                self._set(reservation, Status.CANCELLED)
        elif finding is Finding.INTERRUPTED_WITH_ITEM:
            self._interrupted_with_item(s, compartment, reservation, status, now)
        return finding

    def _interrupted_with_item(self, s: Session, compartment: LockerCompartment, reservation: LockerReservation,
                               status: Status, now: datetime) -> None:
        """The power went while the door was open and something lies inside now: staff check."""
        if status not in (Status.COLLECTING, Status.PICKING_UP) and not self._deposits(s, reservation):
            s.add(LockerDeposit(reservation_id=reservation.id, application_id=reservation.application_id,
                                purpose=reservation.purpose, confirmed=False,
                                deposited_by="reconciliation", deposited_at=now))
        self._set(reservation, Status.UNCONFIRMED)
        self._alert(s, "staff_check", compartment, reservation,
                    "断电或重启时柜门处于开启过程中，柜内有物品，已登记为“待确认”，请工作人员核对。")

    def _move_received_originals(self) -> None:
        """Confirmed hand-ins whose case still waits for originals (a crash between the two)."""
        with self.db.session() as s:
            pending = list(s.scalars(
                select(LockerDeposit.application_id).join(Application, Application.id == LockerDeposit.application_id)
                .where(LockerDeposit.purpose == book.ORIGINALS, LockerDeposit.confirmed.is_(True),
                       Application.state == states.WAITING_ORIGINALS)))
        for app_id in set(pending):
            self.applications.originals_received(app_id, SYSTEM, "originals found in the locker book")

    # ---- LockerListener (device threads) --------------------------------------------------
    def door_changed(self, device: str, state: CompartmentState) -> None:
        bank = self._bank_of_device.get(device, device)
        after: list[Callable[[], object]] = []
        with self.changed:
            with self.db.session() as s:
                compartment = self._compartment(s, bank, state.number, missing_ok=True)
                reservation = self._active(s, compartment) if compartment else None
                s.add(LockerDoorEvent(bank=bank, number=state.number, door_closed=state.door_closed,
                                      item_present=state.item_present, forced_open=state.forced_open,
                                      reservation_id=reservation.id if reservation else None, at=self.clock()))
                if compartment is not None:
                    after = self._judge(s, compartment, reservation, state)
            self.changed.notify_all()
        if after:
            for action in after:
                action()
            with self.changed:      # the case moved on too: wake those waiting for it
                self.changed.notify_all()

    def board_failed(self, device: str, error: Exception) -> None:
        bank = self._bank_of_device.get(device, device)
        self._bank_down(bank, error, "board stopped answering")

    def _bank_down(self, bank: str, error: BaseException, what: str) -> None:
        with self.changed, self.db.session() as s:
            self._down.add(bank)
            hint = getattr(error, "staff_hint", "")
            s.add(LockerAlert(kind="board_silent", bank=bank, number=None, created_at=self.clock(),
                              message=f"柜组 {bank}：控制板无响应（{what}）。{error} {hint}".strip()))
            for compartment in s.scalars(select(LockerCompartment).where(LockerCompartment.bank == bank,
                                                                         LockerCompartment.blocked_at.is_(None))):
                compartment.blocked_at, compartment.blocked_reason = self.clock(), BOARD_SILENT
            self.changed.notify_all()
        log.warning("locker bank %s: %s: %s", bank, what, error)

    def _judge(self, s: Session, compartment: LockerCompartment, reservation: LockerReservation | None,
               state: CompartmentState) -> list[Callable[[], object]]:
        """Move the book on after one door event; actions to run once it is committed."""
        if not state.door_closed:
            if state.forced_open:
                self._block(s, compartment, reservation, "forced_open", "柜门在锁定状态下被强行打开，请立即现场检查。")
            return []
        status = Status(reservation.status) if reservation else None
        if reservation is None:
            if state.item_present:
                self._block(s, compartment, None, "sensor_mismatch", "登记为空闲，但物品传感器检测到物品，请现场核对。")
            return []
        verdict = book.on_close(status, state.item_present)
        if verdict is None:
            if status in book.HOLDS_ITEM and state.item_present is False:
                self._block(s, compartment, reservation, "sensor_mismatch", "登记有物品，但物品传感器显示为空，请现场核对。")
            return []
        return self._apply(s, compartment, reservation, status, verdict)

    def _apply(self, s: Session, compartment: LockerCompartment, reservation: LockerReservation, status: Status,
               verdict: Verdict) -> list[Callable[[], object]]:
        now = self.clock()
        where = f"{compartment.bank}-{compartment.number}"
        if verdict is Verdict.NOTHING_PUT_IN:
            self._set(reservation, Status.EMPTY)
            return []
        if verdict is Verdict.STORED:
            # Closed after staff were alerted: the item went in unobserved, so staff confirm it.
            confirmed = status is not Status.LEFT_OPEN
            s.add(LockerDeposit(reservation_id=reservation.id, application_id=reservation.application_id,
                                purpose=reservation.purpose, confirmed=confirmed,
                                deposited_by=reservation.created_by, deposited_at=now))
            if reservation.purpose == book.RESULT:
                self._set(reservation, Status.AWAITING_PICKUP)
                return []
            self._set(reservation, Status.STORED if confirmed else Status.UNCONFIRMED)
            if confirmed and reservation.purpose == book.ORIGINALS:
                app_id = reservation.application_id
                return [lambda: self.applications.originals_received(app_id, CITIZEN, f"originals in locker {where}")]
            return []
        if verdict is Verdict.TAKEN:
            if status is not Status.PICKING_UP:
                return []   # collecting: staff confirm what they took
            s.add(LockerPickup(reservation_id=reservation.id, taken_by=CITIZEN,
                               terminal_id=self.settings.terminal_id, taken_at=now))
            self._set(reservation, Status.DONE)
            app_id = reservation.application_id
            reason = f"result picked up from locker {where}"
            return [lambda: self.applications.result_collected(app_id, CITIZEN, reason)]
        # LEFT_BEHIND: closed again with the item still inside.
        if status is Status.COLLECTING:
            self._set(reservation, Status.STORED)
        else:
            self._set(reservation, Status.UNCONFIRMED)
            self._alert(s, "left_behind", compartment, reservation, "取件后柜内仍检测到物品，请工作人员核对。")
        return []

    # ---- citizen: hand-in -------------------------------------------------------------------
    def start_handin(self, app_id: int, purpose: str = book.ORIGINALS, size: str = "small") -> Opened:
        """Give a compartment for the originals (or a late 容缺 material) of an application and
        open it; an open hand-in of the same application is reused (a second tap)."""
        if purpose not in book.HANDED_IN:
            raise ValueError(f"not a hand-in purpose: {purpose}")
        with self.db.session() as s:
            app = s.get(Application, app_id)
            if app is None or app.number is None:
                raise LockerError(N_("没有找到该申请。"), f"no submitted application {app_id}")
            if purpose == book.ORIGINALS and app.state != states.WAITING_ORIGINALS:
                raise LockerError(N_("该申请不需要或已经投递了原件。"), f"state {app.state}")
            if purpose == book.LATE_MATERIAL and not self._owes_material(s, app):
                raise LockerError(N_("该申请没有待补交的容缺材料。"), f"no open deferral for {app_id}")
            current = s.scalars(select(LockerReservation).where(
                LockerReservation.application_id == app_id, LockerReservation.purpose == purpose,
                LockerReservation.status.in_([Status.OPEN.value, Status.OPENING.value, Status.EMPTY.value]))).first()
            if current is not None and current.status != Status.EMPTY.value:
                return Opened(current.id, current.compartment.bank, current.compartment.number)
        if current is not None:      # shut earlier with nothing inside: the same door opens again
            return self.reopen(current.id)
        return self._reserve_and_open(app_id, purpose, size, CITIZEN, terminal=self.settings.terminal_id)

    def reopen(self, reservation_id: int) -> Opened:
        """Open again a hand-in closed with nothing inside (or one the citizen wants to redo)."""
        with self.changed, self.db.session() as s:
            reservation = self._reservation(s, reservation_id)
            if Status(reservation.status) not in (Status.EMPTY, Status.LEFT_OPEN):
                raise LockerError(N_("柜门已关闭，投递已完成。"), f"status {reservation.status}")
            self._set(reservation, Status.OPENING)
            compartment = reservation.compartment
        self._open_door(reservation_id, compartment.bank, compartment.number, Status.OPEN, undo=Status.EMPTY)
        return Opened(reservation_id, compartment.bank, compartment.number)

    def cancel(self, reservation_id: int) -> None:
        """The citizen gives up a hand-in that has stored nothing (door shut, sensor empty)."""
        with self.changed, self.db.session() as s:
            reservation = self._reservation(s, reservation_id)
            if Status(reservation.status) is not Status.EMPTY:
                raise LockerError(N_("请先关好柜门。"), f"status {reservation.status}")
            self._set(reservation, Status.CANCELLED)

    def _owes_material(self, s: Session, app: Application) -> bool:
        return app.state in TERMINABLE and any(
            c.kind == "deferral" and c.fulfilled_at is None for c in app.commitments)

    # ---- citizen: pickup ---------------------------------------------------------------------
    def pickup(self, code: str, id_number: str) -> Opened:
        """Open the compartment holding a result: the code AND the applicant's card are both needed.

        A wrong try counts against the pickups of the card's holder and against the code's own
        reservation; after ``code_attempts`` tries they are locked until staff issue a new code.
        """
        digest = book.code_digest(self.settings.secret, code)
        key = self.applications.applicant_key(id_number)
        now = self.clock()
        with self.changed, self.db.session() as s:
            waiting = select(LockerReservation).join(Application).where(
                LockerReservation.status == Status.AWAITING_PICKUP.value)
            by_code = s.scalars(waiting.where(LockerReservation.code_digest == digest)).first()
            holders = list(s.scalars(waiting.where(Application.applicant_key == key)))
            match = by_code if by_code is not None and by_code in holders else None
            refusal = self._pickup_refusal(match, now)
            if match is None:
                for reservation in {*holders, *([by_code] if by_code else [])}:
                    self._count_wrong_code(s, reservation, now)
            elif refusal is None:
                self._set(match, Status.PICKING_UP)
                compartment = match.compartment
                reservation_id = match.id
        if refusal is not None:     # raised outside the unit of work: the counted try is kept
            raise refusal
        self._open_door(reservation_id, compartment.bank, compartment.number, Status.PICKING_UP,
                        undo=Status.AWAITING_PICKUP, consume_code=True)
        return Opened(reservation_id, compartment.bank, compartment.number)

    def _pickup_refusal(self, match: LockerReservation | None, now: datetime) -> LockerError | None:
        if match is None:
            return LockerError(N_("取件码或证件不正确，请核对后重试。"), "pickup code and card do not match")
        if match.code_locked_at is not None:
            return LockerError(N_("该取件码因多次输错已锁定，请联系工作人员。"), f"reservation {match.id} locked")
        if aware(match.code_expires_at) < now:
            return LockerError(N_("取件码已过期，请联系工作人员。"), f"reservation {match.id} expired")
        if match.compartment.terminal_id != self.settings.terminal_id:
            return LockerError(N_("您的物品在 %(terminal)s 号终端旁的智能柜，请到该终端取件。"),
                               f"reservation {match.id} at {match.compartment.terminal_id}",
                               terminal=match.compartment.terminal_id)
        return None

    def _count_wrong_code(self, s: Session, reservation: LockerReservation, now: datetime) -> None:
        reservation.code_attempts += 1
        if reservation.code_attempts >= self.settings.code_attempts and reservation.code_locked_at is None:
            reservation.code_locked_at = now
            self._alert(s, "code_locked", reservation.compartment, reservation,
                        f"取件码连续输错 {reservation.code_attempts} 次，已锁定；请核实身份后重新发码。")

    # ---- staff --------------------------------------------------------------------------------
    def deposit_result(self, app_id: int, actor: str, size: str = "small") -> tuple[Opened, str]:
        """Staff leave a result or certificate: a compartment is opened and a pickup code issued.

        The plain code is returned once, to be handed to the citizen; the book keeps its hash.
        """
        with self.db.session() as s:
            app = s.get(Application, app_id)
            if app is None or app.number is None or not app.applicant_key:
                raise LockerError(N_("没有找到该申请。"), f"no submitted application {app_id}")
        code = book.new_pickup_code()
        opened = self._reserve_and_open(app_id, book.RESULT, size, actor, code=code)
        self._record(actor, "locker.result_deposited", opened.bank, opened.number,
                     reservation_id=opened.reservation_id, application_id=app_id)
        return opened, code

    def reissue_code(self, reservation_id: int, actor: str) -> str:
        """A new pickup code for a result still inside (the old one expired, was locked or lost)."""
        code = book.new_pickup_code()
        with self.changed, self.db.session() as s:
            reservation = self._reservation(s, reservation_id)
            if reservation.purpose != book.RESULT or Status(reservation.status) is not Status.AWAITING_PICKUP:
                raise LockerError(N_("该柜格没有待取物品。"), f"status {reservation.status}")
            self._issue_code(reservation, code)
            self._record(actor, "locker.code_reissued", reservation.compartment.bank, reservation.compartment.number,
                         session=s, reservation_id=reservation.id, application_id=reservation.application_id)
            log.info("locker reservation %s: new pickup code issued by %s", reservation_id, actor)
        return code

    def staff_open(self, reservation_id: int, actor: str) -> Opened:
        """Open a compartment to take out what is stored (a hand-in, or a result not picked up)."""
        with self.changed, self.db.session() as s:
            reservation = self._reservation(s, reservation_id)
            previous = Status(reservation.status)
            if previous not in book.HOLDS_ITEM and previous is not Status.COLLECTING:
                raise LockerError(N_("该柜格没有待取物品。"), f"status {reservation.status}")
            self._set(reservation, Status.COLLECTING)
            compartment = reservation.compartment
            self._record(actor, "locker.staff_opened", compartment.bank, compartment.number, session=s,
                         reservation_id=reservation.id, application_id=reservation.application_id)
        log.info("locker %s-%d opened by %s", compartment.bank, compartment.number, actor)
        self._open_door(reservation_id, compartment.bank, compartment.number, Status.COLLECTING, undo=previous)
        return Opened(reservation_id, compartment.bank, compartment.number)

    def confirm_taken(self, reservation_id: int, actor: str, found: bool = True) -> None:
        """Staff say what they took out of a compartment they opened.

        ``found``: the item was there. An unconfirmed deposit is confirmed by it; the case moves
        on (originals in → staff re-check; a late 容缺 material fulfils its commitment).
        """
        with self.changed, self.db.session() as s:
            reservation = self._reservation(s, reservation_id)
            if Status(reservation.status) is not Status.COLLECTING:
                raise LockerError(N_("请先开柜取出物品。"), f"status {reservation.status}")
            now = self.clock()
            if found:
                for deposit in self._deposits(s, reservation):
                    if not deposit.confirmed:
                        deposit.confirmed, deposit.confirmed_by, deposit.confirmed_at = True, actor, now
                if reservation.purpose == book.LATE_MATERIAL:
                    for commitment in s.scalars(select(Commitment).where(
                            Commitment.application_id == reservation.application_id,
                            Commitment.kind == "deferral", Commitment.fulfilled_at.is_(None))):
                        commitment.fulfilled_at = now
            s.add(LockerPickup(reservation_id=reservation.id, taken_by=actor,
                               terminal_id=self.settings.terminal_id, taken_at=now))
            self._set(reservation, Status.DONE)
            app_id, purpose = reservation.application_id, reservation.purpose
            self._record(actor, "locker.taken_out", reservation.compartment.bank, reservation.compartment.number,
                         session=s, reservation_id=reservation.id, application_id=app_id, found=found)
            self.changed.notify_all()
        if found and purpose == book.ORIGINALS:
            self.applications.originals_received(app_id, actor, "originals checked by staff")

    def unblock(self, compartment_id: int, actor: str) -> None:
        """Put a checked compartment back in service; refused while its door is open or its
        sensor still disagrees with the book."""
        with self.db.session() as s:
            compartment = s.get(LockerCompartment, compartment_id)
            if compartment is None:
                raise LockerError(N_("没有该柜格。"), f"no compartment {compartment_id}")
            bank, number = compartment.bank, compartment.number
        if bank not in self.banks:
            raise LockerError(N_("该柜组未连接。"), f"bank {bank} not attached")
        state = self.banks[bank].states()[number]     # a silent board raises LockerFault here
        with self.changed, self.db.session() as s:
            compartment = s.get(LockerCompartment, compartment_id)
            reservation = self._active(s, compartment)
            finding = book.reconcile(Status(reservation.status) if reservation else None,
                                     state.door_closed, state.item_present)
            if finding not in SETTLED:
                raise LockerError(N_("柜格状态仍与登记不符，请先现场处理。"), f"{bank}-{number}: {finding.value}")
            compartment.blocked_at, compartment.blocked_reason = None, None
            self.ready.add(bank)
            self._record(actor, "locker.unblocked", bank, number, session=s)
            log.info("locker %s-%d back in service (%s)", bank, number, actor)

    def resolve_alert(self, alert_id: int, actor: str) -> None:
        with self.db.session() as s:
            alert = s.get(LockerAlert, alert_id)
            if alert is None:
                raise LockerError(N_("没有该提醒。"), f"no alert {alert_id}")
            if alert.resolved_at is None:
                alert.resolved_at, alert.resolved_by = self.clock(), actor
                self._record(actor, "locker.alert_resolved", alert.bank, alert.number, session=s, alert=alert.kind)

    def _record(self, actor: str, action: str, bank: str, number: int | None, *,
                session: Session | None = None, **details) -> None:
        """A staff action on the lockers, into the hash-chained audit log (with the change when
        a session is given, so both commit or neither)."""
        if self.audit is None:
            return
        subject = f"locker:{bank}-{number}" if number is not None else f"locker:{bank}"
        if session is not None:
            self.audit.append(session, actor, action, subject, details)
        else:
            self.audit.record(actor, action, subject, details)

    # ---- time-driven duties -----------------------------------------------------------------------
    def expire_codes(self) -> list[int]:
        """Tell staff, once, about results whose pickup code ran out: take them back or issue a new
        code. The reservations whose codes expired now."""
        now = self.clock()
        expired = []
        with self.changed, self.db.session() as s:
            waiting = s.scalars(select(LockerReservation).where(
                LockerReservation.status == Status.AWAITING_PICKUP.value,
                LockerReservation.code_expires_at.is_not(None)))
            for reservation in waiting:
                if aware(reservation.code_expires_at) < now and not self._alerted(s, reservation, "code_expired"):
                    self._alert(s, "code_expired", reservation.compartment, reservation,
                                "取件码已过期，物品仍在柜内：请取回或重新发码。")
                    expired.append(reservation.id)
        return expired

    def check_doors(self) -> None:
        """Remind, then alert staff, about doors left open; free hand-ins abandoned after closing
        empty (housekeeping and every status poll)."""
        now = self.clock()
        with self.changed, self.db.session() as s:
            waiting = s.scalars(select(LockerReservation).where(LockerReservation.status.in_(
                [Status.OPEN.value, Status.PICKING_UP.value, Status.COLLECTING.value, Status.EMPTY.value])))
            for reservation in waiting:
                if Status(reservation.status) is Status.EMPTY:
                    # Shut with nothing inside and abandoned: the compartment is free again.
                    if (now - aware(reservation.updated_at)).total_seconds() >= self.settings.alert_after:
                        self._set(reservation, Status.CANCELLED)
                    continue
                opened = aware(reservation.door_opened_at)
                if opened is None or not self._door_is_open(s, reservation):
                    continue
                elapsed = (now - opened).total_seconds()
                if elapsed >= self.settings.remind_after and reservation.reminded_at is None:
                    reservation.reminded_at = now
                if elapsed >= self.settings.alert_after and not self._alerted(s, reservation, "door_left_open"):
                    self._alert(s, "door_left_open", reservation.compartment, reservation,
                                f"柜门已打开 {int(elapsed)} 秒仍未关闭，请现场处理。")
                    if Status(reservation.status) is Status.OPEN:
                        self._set(reservation, Status.LEFT_OPEN)
            self.changed.notify_all()

    def _door_is_open(self, s: Session, reservation: LockerReservation) -> bool:
        last = s.scalars(select(LockerDoorEvent).where(
            LockerDoorEvent.bank == reservation.compartment.bank,
            LockerDoorEvent.number == reservation.compartment.number)
            .order_by(LockerDoorEvent.id.desc())).first()
        return last is None or not last.door_closed

    # ---- reading the book ----------------------------------------------------------------------
    def view(self, reservation_id: int) -> ReservationView:
        with self.db.session() as s:
            return self._view(s, self._reservation(s, reservation_id))

    def compartments(self) -> list[CompartmentView]:
        """Every compartment with what it holds, for the staff screen."""
        with self.db.session() as s:
            rows = s.scalars(select(LockerCompartment).order_by(LockerCompartment.bank, LockerCompartment.number))
            return [CompartmentView(c.id, c.bank, c.number, c.size, c.terminal_id, c.blocked_reason,
                                    self._view(s, r) if (r := self._active(s, c)) else None) for c in rows]

    def alerts(self, include_resolved: bool = False) -> list[LockerAlert]:
        with self.db.session() as s:
            query = select(LockerAlert).order_by(LockerAlert.id.desc())
            if not include_resolved:
                query = query.where(LockerAlert.resolved_at.is_(None))
            return list(s.scalars(query.limit(200)))

    def waiting_pickup(self, app_id: int) -> ReservationView | None:
        """The result of an application that lies in a compartment for its applicant, if any."""
        with self.db.session() as s:
            reservation = s.scalars(select(LockerReservation).where(
                LockerReservation.application_id == app_id, LockerReservation.purpose == book.RESULT,
                LockerReservation.status == Status.AWAITING_PICKUP.value)).first()
            return self._view(s, reservation) if reservation else None

    def application_id(self, number: str) -> int | None:
        """The submitted application with this receipt number, for the staff's deposit form."""
        with self.db.session() as s:
            return s.scalars(select(Application.id).where(Application.number == number.strip())).first()

    def deposits(self, app_id: int) -> list[LockerDeposit]:
        with self.db.session() as s:
            return list(s.scalars(select(LockerDeposit).where(LockerDeposit.application_id == app_id)
                                  .order_by(LockerDeposit.id)))

    def door_events(self, bank: str, number: int) -> list[LockerDoorEvent]:
        with self.db.session() as s:
            return list(s.scalars(select(LockerDoorEvent).where(LockerDoorEvent.bank == bank,
                                                                LockerDoorEvent.number == number)
                                  .order_by(LockerDoorEvent.id)))

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Block until ``predicate()`` holds after some change of the book (or the timeout)."""
        with self.changed:
            return self.changed.wait_for(predicate, timeout)

    # ---- internals ------------------------------------------------------------------------------
    def _reserve_and_open(self, app_id: int, purpose: str, size: str, actor: str, *,
                          terminal: str | None = None, code: str | None = None) -> Opened:
        """Reserve the best free compartment and open it; a door that will not open is blocked,
        alerted, and the next compartment tried."""
        tried: set[int] = set()
        while True:
            with self.changed, self.db.session() as s:
                candidate = self._free_compartment(s, size, terminal, tried)
                if candidate is None:
                    raise LockerError(N_("暂无可用的柜格，请联系工作人员。"),
                                      f"no free {size} compartment at {terminal or 'any terminal'}")
                reservation = LockerReservation(compartment_id=candidate.id, application_id=app_id, purpose=purpose,
                                                status=Status.OPENING.value, created_by=actor,
                                                created_at=self.clock(), updated_at=self.clock(), code_attempts=0)
                if code is not None:
                    self._issue_code(reservation, code)
                s.add(reservation)
                s.flush()
                reservation_id, bank, number = reservation.id, candidate.bank, candidate.number
            tried.add(candidate.id)
            try:
                self._open_door(reservation_id, bank, number, Status.OPEN, undo=Status.CANCELLED)
            except DeviceError:
                continue
            return Opened(reservation_id, bank, number)

    def _free_compartment(self, s: Session, size: str, terminal: str | None,
                          tried: set[int]) -> LockerCompartment | None:
        busy = select(LockerReservation.compartment_id).where(
            LockerReservation.status.in_([status.value for status in book.ACTIVE]))
        query = select(LockerCompartment).where(LockerCompartment.blocked_at.is_(None),
                                                LockerCompartment.bank.in_(sorted(self.ready)),
                                                LockerCompartment.id.not_in(busy))
        if terminal is not None:
            query = query.where(LockerCompartment.terminal_id == terminal)
        rows = {c.id: c for c in s.scalars(query) if c.id not in tried}
        best = book.fitting((book.Candidate(c.id, c.number, c.size) for c in rows.values()), size)
        return rows[best[0].id] if best else None

    def _open_door(self, reservation_id: int, bank: str, number: int, then: Status, *, undo: Status,
                   consume_code: bool = False) -> None:
        """Pulse the lock and wait for the door; on success the reservation moves to ``then``,
        on a fault it goes back to ``undo`` and the compartment is blocked and alerted."""
        device = self.banks.get(bank)
        try:
            if device is None:
                raise DeviceError(f"locker bank {bank} is not attached")
            device.unlock_and_confirm(number, timeout=self.settings.open_timeout)
            if device.has_lights:
                self._light(device, number)
        except DeviceError as exc:
            with self.changed, self.db.session() as s:
                reservation = self._reservation(s, reservation_id)
                self._set(reservation, undo)
                self._block(s, reservation.compartment, reservation, "door_not_open",
                            f"柜门未能打开：{exc} {getattr(exc, 'staff_hint', '')}".strip())
                self.changed.notify_all()
            raise
        with self.changed, self.db.session() as s:
            reservation = self._reservation(s, reservation_id)
            reservation.door_opened_at, reservation.reminded_at = self.clock(), None
            if consume_code:
                reservation.code_digest = None      # single use: spent once the door opened
            if Status(reservation.status) in (Status.OPENING, Status.PICKING_UP, Status.COLLECTING):
                self._set(reservation, then)
            self.changed.notify_all()

    @staticmethod
    def _light(device: LockerBank, number: int) -> None:
        """Point the citizen at the open door; a light that fails is no reason to fail the opening."""
        try:
            device.indicate(number)
        except DeviceError as exc:
            log.warning("locker %s-%d: door light not flashed: %s", device.name, number, exc)

    def has_lights(self, bank: str) -> bool:
        device = self.banks.get(bank)
        return bool(device and device.has_lights)

    def _issue_code(self, reservation: LockerReservation, code: str) -> None:
        reservation.code_digest = book.code_digest(self.settings.secret, code)
        reservation.code_expires_at = self.clock() + timedelta(days=self.settings.pickup_days)
        reservation.code_attempts, reservation.code_locked_at = 0, None

    def _block(self, s: Session, compartment: LockerCompartment, reservation: LockerReservation | None,
               kind: str, message: str) -> None:
        if compartment.blocked_at is None:
            compartment.blocked_at, compartment.blocked_reason = self.clock(), message
        self._alert(s, kind, compartment, reservation, message)

    def _alert(self, s: Session, kind: str, compartment: LockerCompartment, reservation: LockerReservation | None,
               message: str) -> None:
        s.add(LockerAlert(kind=kind, bank=compartment.bank, number=compartment.number,
                          reservation_id=reservation.id if reservation else None, message=message,
                          created_at=self.clock()))
        log.warning("locker %s-%d: %s", compartment.bank, compartment.number, kind)

    def _alerted(self, s: Session, reservation: LockerReservation, kind: str) -> bool:
        return s.scalars(select(LockerAlert.id).where(LockerAlert.reservation_id == reservation.id,
                                                      LockerAlert.kind == kind)).first() is not None

    def _set(self, reservation: LockerReservation, status: Status) -> None:
        reservation.status, reservation.updated_at = status.value, self.clock()

    def _compartment(self, s: Session, bank: str, number: int, missing_ok: bool = False) -> LockerCompartment | None:
        row = s.scalars(select(LockerCompartment).where(LockerCompartment.bank == bank,
                                                        LockerCompartment.number == number)).first()
        if row is None and not missing_ok:
            raise LockerError(N_("没有该柜格。"), f"no compartment {bank}-{number}")
        return row

    @staticmethod
    def _active(s: Session, compartment: LockerCompartment) -> LockerReservation | None:
        return s.scalars(select(LockerReservation).where(
            LockerReservation.compartment_id == compartment.id,
            LockerReservation.status.in_([status.value for status in book.ACTIVE]))
            .order_by(LockerReservation.id.desc())).first()

    @staticmethod
    def _deposits(s: Session, reservation: LockerReservation) -> list[LockerDeposit]:
        return list(s.scalars(select(LockerDeposit).where(LockerDeposit.reservation_id == reservation.id)))

    @staticmethod
    def _reservation(s: Session, reservation_id: int) -> LockerReservation:
        reservation = s.get(LockerReservation, reservation_id)
        if reservation is None:
            raise LockerError(N_("没有找到该柜格预约。"), f"no reservation {reservation_id}")
        return reservation

    def _view(self, s: Session, reservation: LockerReservation) -> ReservationView:
        app = s.get(Application, reservation.application_id)
        deposits = self._deposits(s, reservation)
        return ReservationView(
            id=reservation.id, bank=reservation.compartment.bank, number=reservation.compartment.number,
            size=reservation.compartment.size, terminal_id=reservation.compartment.terminal_id,
            purpose=reservation.purpose, status=reservation.status,
            application_id=reservation.application_id, application_number=app.number if app else None,
            remind=reservation.reminded_at is not None and reservation.status in (Status.OPEN, Status.LEFT_OPEN),
            code_expires_at=aware(reservation.code_expires_at), code_locked=reservation.code_locked_at is not None,
            deposit_confirmed=all(d.confirmed for d in deposits) if deposits else None)
