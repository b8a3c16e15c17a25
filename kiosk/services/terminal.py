"""The kiosk's own devices as its screens need them: the card on the reader, the camera view,
the receipt printer. It listens to the device layer and never touches a driver's protocol.
"""
from __future__ import annotations

import logging
import threading

import cv2

from devices.base import DeviceError
from devices.camera.base import DocumentCamera
from devices.idcard.base import IdentityCard
from devices.printer.base import Receipt, ReceiptPrinter
from ocr import quality

log = logging.getLogger(__name__)


class Terminal:
    """Card events arrive on device threads; pages poll ``card_status``.

    ``seq`` grows with every card placed, so a page can tell a new card from the one it already
    used. The card's data is held only while the card lies on the reader.
    """

    def __init__(self, camera: DocumentCamera | None, printer: ReceiptPrinter | None):
        self.camera = camera
        self.printer = printer
        self._lock = threading.RLock()   # re-entrant: waiters on ``changed`` call the accessors
        self._card: IdentityCard | None = None
        self._present = False
        self._error: str | None = None
        self._seq = 0
        self.changed = threading.Condition(self._lock)
        self._stability = quality.StabilityTracker()
        self._stability_lock = threading.Lock()

    # CardListener -------------------------------------------------------------------------
    def card_placed(self, reader: str, card: IdentityCard) -> None:
        with self._lock:
            self._card, self._present, self._error = card, True, None
            self._seq += 1
            self.changed.notify_all()

    def card_removed(self, reader: str) -> None:
        # The chip's data leaves with the card: what a session needs it has copied already.
        with self._lock:
            self._present, self._card = False, None
            self.changed.notify_all()

    def card_failed(self, reader: str, error: DeviceError) -> None:
        with self._lock:
            self._error = error.citizen_message
            self.changed.notify_all()

    # for the screens ----------------------------------------------------------------------
    def card_status(self) -> dict:
        with self._lock:
            return {"present": self._present, "seq": self._seq, "error": self._error,
                    "has_card": self._card is not None}

    def current_card(self) -> IdentityCard | None:
        with self._lock:
            return self._card

    def forget_card(self) -> None:
        with self._lock:
            self._card, self._error = None, None

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
        # With no document in view the whole frame counts as the page and fails "in frame".
        checks = (still, *quality.assess(frame).checks)
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
