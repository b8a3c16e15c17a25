"""The composition root: the one place that knows which drivers, OCR engine and storage are used.

It reads configuration once, builds the services and keeps them in ``app.extensions["kiosk"]``.
Devices and the OCR worker start only when the kiosk is served (``Services.start``), so CLI
commands such as ``flask init-db`` never open hardware or load models.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, current_app

from kiosk.domain.catalog import Catalog, load_catalog
from kiosk.services.applications import ApplicationService, Settings
from kiosk.services.lockers import LockerService, LockerSettings
from kiosk.services.audit import AuditLog
from kiosk.services.dashboard import DashboardService
from kiosk.services.desk import DeskService
from kiosk.services.ocr_worker import OcrWorker
from kiosk.services.ratings import RatingService
from kiosk.services.receipt_outbox import ReceiptOutbox
from kiosk.services.staff import StaffService
from kiosk.services.terminal import Terminal
from kiosk.storage.db import Database
from kiosk.storage.models import Application
from kiosk.storage.scans import ScanStore



@dataclass
class Services:
    config: dict
    db: Database
    scans: ScanStore
    catalog: Catalog
    applications: ApplicationService
    staff: StaffService
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
    # One OCR call at a time: the page worker and the passport's MRZ share the engine and 2 cores.
    _ocr_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self) -> None:
        """Open the devices, load the OCR engine and start the background jobs."""
        # Orphans of a crash go first, while nothing else writes scans.
        self.applications.sweep_orphan_scans()
        self._start_devices()
        # Receipts a crash left unprinted, while their citizen may still stand at the kiosk.
        self.outbox.deliver_pending(self.terminal.print_receipt,
                                    timedelta(seconds=self.config["RECEIPT_REPRINT_SECONDS"]))
        self.ocr = OcrWorker(self.applications, self.scans, self._read_page, self.applications.expected_types)
        self.ocr.start()
        self.scheduler = BackgroundScheduler(daemon=True)
        # One run at a time; runs missed while the kiosk was busy are merged, not queued up.
        self.scheduler.add_job(self._housekeeping, "interval", seconds=30, id="housekeeping",
                               max_instances=1, coalesce=True)
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
        if device_config == "simulation":
            from devices.simulation import Simulation
            # One set up beforehand is used as it is (tests point it at their own pcscd).
            self.simulation = self.simulation or Simulation()
            device_config = self.simulation.start()
        self.devices = DeviceManager(device_config)
        self.terminal = Terminal(self.devices.camera, self.devices.printer,
                                 passport_reader=self.devices.passport_reader, read_mrz=self.read_mrz)
        self.devices.add_card_listener(self.terminal)
        # The locker book hears door events from the first poll, and reconciles with the
        # boards once they are open, before any compartment is given out.
        self.devices.add_locker_listener(self.lockers)
        self.devices.add_health_listener(self.lockers.health_changed)
        self.lockers.attach(self.devices.lockers)
        self.devices.start()
        self.lockers.reconcile()

    def _housekeeping(self) -> None:
        idle = self.config["IDLE_SECONDS"] + self.config["IDLE_COUNTDOWN_SECONDS"]
        # Drafts left by a closed browser are wiped a little after the screen would have wiped them.
        wiped = self.applications.wipe_idle(timedelta(seconds=idle + 60))
        if wiped and self.terminal and not self.applications.open_drafts():
            self.terminal.forget_passport()      # nobody is at the kiosk: the reader drops the key
        self.applications.terminate_overdue()
        self.lockers.check_doors()
        self.lockers.expire_codes()
        self.applications.expire_supplements()


def init_app(app: Flask) -> Services:
    config = app.config
    db = Database(config["DATABASE_URL"])
    scans = ScanStore(config["SCAN_DIR"])
    catalog = load_catalog(config["CATALOG_DIR"])
    settings = Settings(terminal_id=config["TERMINAL_ID"], hall_region=config["HALL_REGION"],
                        secret=config["SECRET_KEY"].encode())
    audit = AuditLog(db)
    outbox = ReceiptOutbox(db)
    services = Services(config=config, db=db, scans=scans, catalog=catalog,
                        applications=ApplicationService(db, scans, catalog, settings, audit=audit, outbox=outbox),
                        staff=StaffService(db), audit=audit, outbox=outbox,
                        desk=DeskService(db, audit, warning_days=int(config["STAFF_WARNING_DAYS"]),
                                         sampling_rate=float(config["SAMPLING_RATE"])),
                        ratings=RatingService(db), dashboard=DashboardService(db))
    services.lockers = LockerService(db, services.applications, locker_settings(config), audit=audit)
    app.extensions["kiosk"] = services
    return services


def locker_settings(config) -> LockerSettings:
    """The locker configuration: LOCKERS (banks: terminal, sizes) and the LOCKER_* timings."""
    return LockerSettings(
        terminal_id=config["TERMINAL_ID"], secret=config["SECRET_KEY"].encode(),
        layout=config.get("LOCKERS"),
        pickup_days=int(config.get("LOCKER_PICKUP_DAYS", 7)),
        remind_after=float(config.get("LOCKER_REMIND_SECONDS", 60)),
        alert_after=float(config.get("LOCKER_ALERT_SECONDS", 180)),
        code_attempts=int(config.get("LOCKER_CODE_ATTEMPTS", 5)),
        open_timeout=float(config.get("LOCKER_OPEN_SECONDS", 3)))


def services() -> Services:
    return current_app.extensions["kiosk"]
