"""Reads captured pages in the background so web workers never wait on OCR.

One worker thread: two OCR calls at once on a 2-core kiosk only slow each other down.
Pages left pending or half-read by a crash are queued again at start.
"""
from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

from ocr.types import DocumentError

log = logging.getLogger(__name__)


class OcrWorker:
    def __init__(self, applications, read_page: Callable[[bytes, tuple[str, ...]], object],
                 expected_types: Callable[[int], tuple[str, ...]]):
        """``read_page(image_bytes, expected_types)`` returns a DocumentReading or raises
        DocumentError; ``expected_types(page_id)`` gives the doc types its material accepts."""
        self.applications = applications
        self.read_page = read_page
        self.expected_types = expected_types
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.idle = threading.Event()
        self.idle.set()

    def start(self) -> None:
        for page_id in self.applications.pending_pages():
            self.submit(page_id)
        self._thread = threading.Thread(target=self._run, name="ocr-worker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread:
            self._queue.put(None)
            self._thread.join(timeout=30)

    def submit(self, page_id: int) -> None:
        self.idle.clear()
        self._queue.put(page_id)

    def _run(self) -> None:
        while True:
            page_id = self._queue.get()
            if page_id is None:
                return
            try:
                self.process(page_id)
            except Exception:  # the worker must outlive any one bad page (e.g. the database was busy)
                log.exception("OCR of page %s failed unexpectedly", page_id)
            finally:
                if self._queue.empty():
                    self.idle.set()

    def process(self, page_id: int) -> None:
        if not self.applications.mark_running(page_id):
            return
        page = self.applications.page(page_id)
        if page is None:
            return
        try:
            image = self.applications.read_scan(page, page.scan_id)
            reading = self.read_page(image, self.expected_types(page_id))
        except (DocumentError, FileNotFoundError) as exc:
            message = getattr(exc, "citizen_message", "无法识别该图片，请重新拍摄。")
            log.info("page %s unreadable: %s", page_id, exc)
            self.applications.record_reading(page_id, None, message)
            return
        except Exception:
            log.exception("OCR engine error on page %s", page_id)
            self.applications.record_reading(page_id, None, "识别服务暂时不可用，请重新拍摄或联系工作人员。")
            return
        self.applications.record_reading(page_id, reading)
