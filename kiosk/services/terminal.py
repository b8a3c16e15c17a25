"""The kiosk's own devices as its screens need them: the card on the reader, the camera view,
the receipt printer, the passport's data page read for its chip key. It listens to the device
layer and never touches a driver's protocol.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

import cv2
import numpy as np

from devices.base import DeviceError
from devices.camera.base import DocumentCamera
from devices.idcard.base import IdentityCard, IdReader, PassportKey, PassportKeyError, PassportReader
from devices.idcard.icao_bac import BacError
from devices.printer.base import Receipt, ReceiptPrinter
from ocr import imaging, quality
from ocr.mrz import Mrz

log = logging.getLogger(__name__)

# The passport path (see ``scan_passport_page``): what the screen shows in turn.
PAGE_WANTED, PAGE_READING, PAGE_RETAKE, CHIP_WANTED = "page", "reading", "retake", "chip"


class Terminal:
    """Card events arrive on device threads; pages poll ``card_status``.

    ``seq`` grows with every card placed, so a page can tell a new card from the one it already
    used. The card's data is held only while the card lies on the reader. A passport's chip is
    reported like a card once its key is known: ``scan_passport_page`` reads the key from the
    data page, ``passport_status`` says how far that got, ``forget_passport`` drops it.

    A card belongs to exactly one visit (``card_for``): the visit the screen served when the card
    was laid down (the visit begun last, ``visit_begun``), or, for a card laid while no visit
    was served, the first visit served afterwards. Another visit never sees it. When a visit
    ends (``visit_ended``) its card's data and its passport key are dropped.
    """

    def __init__(self, camera: DocumentCamera | None, printer: ReceiptPrinter | None,
                 passport_reader: PassportReader | None = None,
                 read_mrz: Callable[[np.ndarray], Mrz | None] | None = None,
                 id_reader: IdReader | None = None):
        self.camera = camera
        self.printer = printer
        self.id_reader = id_reader
        self.passport_reader = passport_reader
        self._read_mrz = read_mrz
        self._page = PAGE_WANTED
        self._scan = 0       # which data-page scan is current; a visit that ended makes older ones stale
        self._failure: DeviceError | None = None
        self._lock = threading.RLock()   # re-entrant: waiters on ``changed`` call the accessors
        self._card: IdentityCard | None = None
        self._reader: str | None = None        # which reader the card lies on (ID card or passport)
        self._present = False
        self._error: str | None = None
        self._seq = 0
        self._serving: str | None = None       # the visit at the screen: cards laid now are its
        self._holder: str | None = None        # the visit the card on the reader belongs to
        self._passport_visit: str | None = None
        self.changed = threading.Condition(self._lock)
        self._stability = quality.StabilityTracker()
        self._stability_lock = threading.Lock()

    # CardListener -------------------------------------------------------------------------
    def card_placed(self, reader: str, card: IdentityCard) -> None:
        with self._lock:
            self._card, self._present, self._error, self._failure = card, True, None, None
            self._reader, self._holder = reader, self._serving
            self._seq += 1
            self.changed.notify_all()

    def card_removed(self, reader: str) -> None:
        # The chip's data leaves with the card: what a session needs it has copied already. A
        # document lifted off another reader (a passport off the PC/SC reader while the ID card
        # lies on the SAM reader) takes nothing away.
        with self._lock:
            if self._present and reader != self._reader:
                return
            self._present, self._card, self._holder = False, None, None
            self.changed.notify_all()

    def card_failed(self, reader: str, error: DeviceError) -> None:
        with self._lock:
            self._error, self._failure = error.citizen_message, error
            self.changed.notify_all()

    # for the screens ----------------------------------------------------------------------
    def card_status(self) -> dict:
        with self._lock:
            return {"present": self._present, "seq": self._seq, "error": self._error,
                    "has_card": self._card is not None}

    def card_for(self, visit_id: str) -> IdentityCard | None:
        """The card on the reader if it belongs to this visit (see the class docstring)."""
        with self._lock:
            if self._card is not None and self._holder is None and visit_id == self._serving:
                self._holder = visit_id
            return self._card if self._holder == visit_id else None

    def current_card(self) -> IdentityCard | None:
        """The card on the reader whoever it belongs to: for tools and the simulation, not screens."""
        with self._lock:
            return self._card

    # VisitService listener ----------------------------------------------------------------
    def visit_begun(self, visit_id: str) -> None:
        with self._lock:
            self._serving = visit_id

    def visit_ended(self, visit_id: str) -> None:
        """The visit's card data and passport key go; the card itself may still lie there."""
        with self._lock:
            if self._holder == visit_id:
                self._card, self._error, self._failure, self._holder = None, None, None, None
            if self._serving == visit_id:
                self._serving = None
            if self._passport_visit == visit_id:
                self.forget_passport()

    def card_for_screen(self, visit_id: str, wait: float = 0.0) -> IdentityCard | None:
        """The card for a screen of this visit that asks for one now (pickup, late hand-in, progress).

        A card still lying on the reader whose data was dropped when the last visit ended is
        read again, waiting up to ``wait`` seconds for it; then it belongs to this visit as any card
        laid while it is served (``card_for``). None when the reader is empty.
        """
        with self._lock:
            if self._card is None and self._present and self.id_reader is not None:
                self.id_reader.read_again()
                self.changed.wait_for(lambda: self._card is not None or not self._present, wait)
            return self.card_for(visit_id)

    # the passport path --------------------------------------------------------------------
    @property
    def can_read_passports(self) -> bool:
        """Whether passports can be read here: a passport reader, a camera for the data page, OCR."""
        return None not in (self.passport_reader, self.camera, self._read_mrz)

    def scan_passport_page(self, visit_id: str) -> None:
        """Take the data page under the camera now and read its MRZ in the background.

        The zone is OCR'd off the web worker; its key goes to the passport reader, which then
        reads the chip when the passport is laid on it (``card_placed`` like an ID card).
        """
        if not self.can_read_passports:
            raise DeviceError("no passport reader, camera or OCR for passports")
        frame = self.camera.latest_frame().copy()
        with self._stability_lock:
            self._stability.reset()
        with self._lock:
            self._scan += 1
            self._page, self._failure, self._error = PAGE_READING, None, None
            self._passport_visit = visit_id
            scan = self._scan
            self.changed.notify_all()
        threading.Thread(target=self._key_from_page, args=(frame, scan), name="passport-mrz", daemon=True).start()

    def _key_from_page(self, frame: np.ndarray, scan: int) -> None:
        try:
            mrz = self._read_mrz(frame)
            key = PassportKey.from_mrz(mrz) if mrz is not None else None
        except PassportKeyError as exc:
            log.info("passport data page: %s", exc)   # names check digits, never the zone's text
            key = None
        except Exception:   # an OCR failure must leave the screen a way on, not a spinner
            log.exception("passport data page could not be read")
            key = None
        with self._lock:
            if scan != self._scan:
                return   # the visit ended or the page was taken again meanwhile
            self._page = CHIP_WANTED if key else PAGE_RETAKE
            if key:
                self.passport_reader.expect(key)
            self.changed.notify_all()

    def passport_status(self) -> dict:
        """Where the passport path stands: ``page`` (lay the data page), ``reading``, ``retake``
        (the zone did not read or its check digits failed) or ``chip`` (lay the passport on the
        reader); ``failure`` says why the chip did not read: ``wrong_key``, ``no_key`` or ``read``."""
        with self._lock:
            failure = self._failure
            kind = (None if failure is None else "wrong_key" if isinstance(failure, BacError)
                    else "no_key" if isinstance(failure, PassportKeyError) else "read")
            return {"page": self._page, "failure": kind}

    def forget_passport(self) -> None:
        """End of the visit: the reader drops the key, a scan still running is ignored."""
        with self._lock:
            self._scan += 1
            self._page, self._failure, self._passport_visit = PAGE_WANTED, None, None
            if self.passport_reader is not None:
                self.passport_reader.expect(None)

    def frame_jpeg(self, quality: int = 70) -> bytes:
        if self.camera is None:
            raise DeviceError("no camera configured")
        return self.camera.jpeg(quality)

    def readiness(self) -> dict:
        """Is the page under the camera still, sharp, well lit and whole? For guidance and auto-capture."""
        if self.camera is None:
            raise DeviceError("no camera configured")
        frame = self.camera.latest_frame()
        with self._stability_lock:
            still = self._stability.update(frame)
        quad = imaging.find_document(frame)
        if not quad.found:   # an empty tray: asking to hold still or for sharpness would not be true
            return {"ready": False, "checks": (quality.presence_check(quad),)}
        checks = (still, *quality.assess(frame, quad).checks)
        return {"ready": all(c.ok for c in checks), "checks": checks}

    def capture(self) -> bytes:
        """A still for OCR: the newest frame at high JPEG quality."""
        if self.camera is None:
            raise DeviceError("no camera configured")
        frame = self.camera.latest_frame()
        with self._stability_lock:
            self._stability.reset()      # the next page must settle again before it is taken
        ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
        if not ok:
            raise DeviceError("could not encode the frame")
        return buf.tobytes()

    def print_receipt(self, receipt: Receipt) -> str | None:
        """Print; returns None when printed, else a message for the citizen (never raises)."""
        if self.printer is None:
            return "本终端未配置打印机，请拍照保存屏幕上的回执。"
        try:
            self.printer.print_receipt(receipt)
            return None
        except DeviceError as exc:
            log.warning("receipt not printed: %s", exc)
            return exc.citizen_message
