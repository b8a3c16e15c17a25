"""The composition root: the one place that knows which drivers, OCR engine and storage are used.

It reads configuration once, builds the services and keeps them in ``app.extensions["kiosk"]``.
Devices and the OCR worker start only when the kiosk is served (``Services.start``), so CLI
commands such as ``flask init-db`` never open hardware or load models.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask, current_app

from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.domain.workdays import WorkCalendar
from kiosk.keys import Keyring
from kiosk.services.applications import ApplicationService, Settings
from kiosk.services.lockers import LockerService, LockerSettings
from kiosk.services.audit import AuditError, AuditLog
from kiosk.services.dashboard import DashboardService
from kiosk.services.desk import DeskService
from kiosk.services.ocr_worker import OcrWorker
from kiosk.services.ratings import RatingService
from kiosk.services.receipt_outbox import ReceiptOutbox
from kiosk.services.staff import LoginLimits, StaffService
from kiosk.services.terminal import Terminal
from kiosk.services.visits import VisitService
from kiosk.storage.db import Database
from kiosk.storage.models import Application, utcnow
from kiosk.storage.scans import ScanStore


class NoDevices(RuntimeError):
    """The kiosk has no device configuration: it does not guess, and does not simulate unasked."""

    def __init__(self):
        super().__init__(
            "No devices are configured. Describe the kiosk's devices in the DEVICES table of "
            "instance/kiosk.toml (see README, Configuration), or ask for simulated devices explicitly: "
            "python -m kiosk --simulation, KIOSK_DEVICES=simulation, or DEVICES = \"simulation\".")


@dataclass
class Services:
    config: dict
    db: Database
    scans: ScanStore
    catalog: Catalog
    applications: ApplicationService
    staff: StaffService
    visits: VisitService
    keys: Keyring          # keys.derive(purpose): a key of its own for each use of the master key
    outbox: ReceiptOutbox | None = None
    audit: AuditLog | None = None
    desk: DeskService | None = None
    ratings: RatingService | None = None
    dashboard: DashboardService | None = None
    # Hook for the locker side: given a decided application, the pickup instructions to show the
    # citizen on the progress page (compartment, code hint), or None.
    pickup_instructions: Callable[[Application], str | None] | None = None
    lockers: LockerService | None = None
    terminal: Terminal | None = None
    ocr: OcrWorker | None = None
    devices: object | None = None       # devices.manager.DeviceManager once started
    simulation: object | None = None    # devices.simulation.Simulation in simulation mode
    pipeline: object | None = None
    scheduler: BackgroundScheduler | None = None
    _input_methods: dict | None = field(default=None, repr=False)
    _input_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    clock: Callable[[], datetime] = utcnow   # the kiosk's one clock (UTC); every service reads it
    # One OCR call at a time: the page worker and the passport's MRZ share the engine and 2 cores.
    _ocr_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def today(self) -> date:
        return self.clock().date()

    def start(self) -> None:
        """Open the devices, load the OCR engine and start the background jobs."""
        # Orphans of a crash go first, while nothing else writes scans.
        self.applications.sweep_orphan_scans()
        self._start_devices()
        self.input_methods()        # librime deploys its schema now, not on the first keystroke
        # Receipts a crash left unprinted, while their citizen may still stand at the kiosk.
        if self.terminal:
            self.outbox.deliver_pending(self.terminal.print_receipt,
                                        timedelta(seconds=self.config["RECEIPT_REPRINT_SECONDS"]))
        self.ocr = OcrWorker(self.applications, self._read_page, self.applications.expected_types)
        self.ocr.start()
        self.scheduler = BackgroundScheduler(daemon=True)
        # One run at a time; runs missed while the kiosk was busy are merged, not queued up.
        self.scheduler.add_job(self._housekeeping, "interval", seconds=30, id="housekeeping",
                               max_instances=1, coalesce=True)
        self.scheduler.add_job(self._audit_checkpoint, "interval", seconds=self.config["AUDIT_CHECKPOINT_SECONDS"],
                               id="audit-checkpoint", max_instances=1, coalesce=True, next_run_time=datetime.now())
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler:
            self.scheduler.shutdown(wait=True)
        if self.ocr:
            self.ocr.stop()
        if self.devices:
            self.devices.stop()
        if self.simulation:
            self.simulation.stop()

    def input_methods(self) -> dict:
        """The on-screen keyboard's Chinese input engines by kind ("pinyin", "handwriting")."""
        with self._input_lock:
            if self._input_methods is None:
                from ime import load_methods
                self._input_methods = load_methods(self.config["INPUT_PINYIN"], self.config["INPUT_HANDWRITING"])
            return self._input_methods

    def _read_page(self, image: bytes, expected_types: tuple[str, ...]):
        with self._ocr_lock:
            return self._pipeline().read(image, expected_types=expected_types or None)

    def read_mrz(self, image):
        """The machine-readable zone of a passport data page (a BGR frame), or None."""
        from ocr.mrz_image import read_mrz

        with self._ocr_lock:
            return read_mrz(image, self._pipeline().engine)

    def _pipeline(self):
        if self.pipeline is None:
            from ocr.engines import load_engine
            from ocr.pipeline import DocumentPipeline, PipelineSettings
            self.pipeline = DocumentPipeline(load_engine(self.config["OCR_ENGINE"], **self.config["OCR_OPTIONS"]),
                                             PipelineSettings(max_pixels=self.config["OCR_MAX_PIXELS"]))
        return self.pipeline

    def _start_devices(self) -> None:
        from devices.manager import DeviceManager

        device_config = self.config["DEVICES"]
        if not device_config:
            raise NoDevices()
        if device_config == "simulation":
            from devices.simulation import Simulation
            # One set up beforehand is used as it is (tests point it at their own pcscd).
            self.simulation = self.simulation or Simulation()
            device_config = self.simulation.start()
        self.devices = DeviceManager(device_config)
        self.terminal = Terminal(self.devices.camera, self.devices.printer,
                                 passport_reader=self.devices.passport_reader, read_mrz=self.read_mrz,
                                 id_reader=self.devices.id_reader)
        self.devices.add_card_listener(self.terminal)
        # The locker book hears door events from the first poll, and reconciles with the
        # boards once they are open, before any compartment is given out.
        self.devices.add_locker_listener(self.lockers)
        self.devices.add_health_listener(self.lockers.health_changed)
        self.lockers.attach(self.devices.lockers)
        self.devices.start()
        self.lockers.reconcile()

    def _visit_begun(self, visit_id: str) -> None:
        if self.terminal:
            self.terminal.visit_begun(visit_id)

    def _visit_ended(self, visit_id: str) -> None:
        if self.terminal:         # the card's data and the passport key held for the visit go
            self.terminal.visit_ended(visit_id)

    def _audit_checkpoint(self) -> None:
        try:
            self.audit.checkpoint()
        except AuditError:
            pass     # logged as an error; the daily report shows the last good checkpoint and its age

    def _housekeeping(self) -> None:
        self.visits.end_idle(visit_idle(self.config))
        self.applications.wipe_idle(visit_idle(self.config))
        self.applications.terminate_overdue()
        self.lockers.check_doors()
        self.lockers.expire_codes()
        self.applications.expire_supplements()


def init_app(app: Flask, keys: Keyring) -> Services:
    config = app.config
    db = Database(config["DATABASE_URL"], data_kek=keys.derive("data"))
    scans = ScanStore(config["SCAN_DIR"])
    catalog = load_catalog(config["CATALOG_DIR"])
    settings = Settings(terminal_id=config["TERMINAL_ID"], hall_region=config["HALL_REGION"],
                        secret=keys.derive("lookup"),
                        calendar=WorkCalendar.configured(config["HOLIDAYS"], config["EXTRA_WORKDAYS"]))
    # CLOCK (a callable returning an aware UTC datetime) is for tests that run the kiosk on another day.
    clock = config.get("CLOCK") or utcnow
    audit = AuditLog(db, key=keys.derive("audit"), clock=clock,
                     signer=Ed25519PrivateKey.from_private_bytes(keys.derive("audit-signing")),
                     terminal_id=config["TERMINAL_ID"], checkpoint_file=config["AUDIT_CHECKPOINT_FILE"])
    outbox = ReceiptOutbox(db, clock)
    applications = ApplicationService(db, scans, catalog, settings, clock, audit=audit, outbox=outbox)
    services = Services(config=config, db=db, scans=scans, catalog=catalog, applications=applications, keys=keys,
                        staff=StaffService(db, keys.derive("staff-login"), LoginLimits(
                            int(config["STAFF_LOGIN_ATTEMPTS"]), int(config["STAFF_LOGIN_LOCK_SECONDS"]))),
                        visits=VisitService(applications.wipe, lambda: applications.clock(),
                                            # After a restart: a draft as long as a visit lasts idle, a
                                            # receipt as long as its own screen shows it.
                                            find_case=lambda visit_id: applications.case_of_visit(
                                                visit_id, visit_idle(config),
                                                timedelta(seconds=config["RECEIPT_SECONDS"])),
                                            release_case=applications.release_visit),
                        audit=audit, outbox=outbox,
                        desk=DeskService(db, audit, warning_days=int(config["STAFF_WARNING_DAYS"]),
                                         sampling_rate=float(config["SAMPLING_RATE"]), clock=clock),
                        ratings=RatingService(db, clock), dashboard=DashboardService(db, clock), clock=clock)
    services.visits.add_listener(services._visit_begun, services._visit_ended)
    services.lockers = LockerService(db, services.applications, locker_settings(config, keys.derive("pickup")),
                                     clock, audit=audit)
    app.extensions["kiosk"] = services
    return services


def visit_idle(config) -> timedelta:
    """Visits and drafts left by a closed browser end a little after the screen would have ended them."""
    return timedelta(seconds=config["IDLE_SECONDS"] + config["IDLE_COUNTDOWN_SECONDS"] + 60)


def locker_settings(config, secret: bytes) -> LockerSettings:
    """The locker configuration: LOCKERS (banks: terminal, sizes) and the LOCKER_* timings."""
    return LockerSettings(
        terminal_id=config["TERMINAL_ID"], secret=secret,
        layout=config.get("LOCKERS"),
        pickup_days=int(config.get("LOCKER_PICKUP_DAYS", 7)),
        remind_after=float(config.get("LOCKER_REMIND_SECONDS", 60)),
        alert_after=float(config.get("LOCKER_ALERT_SECONDS", 180)),
        code_attempts=int(config.get("LOCKER_CODE_ATTEMPTS", 5)),
        open_timeout=float(config.get("LOCKER_OPEN_SECONDS", 3)))


def services() -> Services:
    return current_app.extensions["kiosk"]
