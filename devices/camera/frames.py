"""The newest frame of a camera, shared between its grabber thread and the kiosk's readers."""
from __future__ import annotations

import threading
import time

import cv2
import numpy as np

from devices.base import CameraError
from devices.camera.base import DocumentCamera, Frame


class LatestFrame:
    """Holds the newest frame; readers can wait for one newer than what they have seen."""

    def __init__(self):
        self._frame: Frame | None = None
        self._arrived = threading.Condition()
        self._jpeg: tuple[int, int, bytes] | None = None  # frame number, quality, bytes

    def put(self, image: np.ndarray) -> Frame:
        with self._arrived:
            number = self._frame.number + 1 if self._frame else 1
            self._frame = Frame(image, number, time.monotonic())
            self._arrived.notify_all()
            return self._frame

    @property
    def newest(self) -> Frame | None:
        with self._arrived:
            return self._frame

    @property
    def count(self) -> int:
        frame = self.newest
        return frame.number if frame else 0

    def jpeg(self, frame: Frame, quality: int) -> bytes:
        """``frame`` as JPEG, encoded once however many live views ask for it."""
        cached = self._jpeg
        if cached and cached[:2] == (frame.number, quality):
            return cached[2]
        data = encode_jpeg(frame.image, quality)
        self._jpeg = (frame.number, quality, data)
        return data

    def wait(self, after: int, timeout: float) -> Frame | None:
        """The newest frame numbered above ``after``, or None after ``timeout`` seconds."""
        with self._arrived:
            if self._arrived.wait_for(lambda: self._frame is not None and self._frame.number > after,
                                      timeout):
                return self._frame
            return None


def encode_jpeg(image: np.ndarray, quality: int = 80) -> bytes:
    """JPEG bytes of a BGR image; CameraError if OpenCV cannot encode it."""
    if not 1 <= quality <= 100:
        raise ValueError("JPEG quality must be 1-100")
    ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise CameraError("JPEG encoding failed", staff_hint="The frame could not be encoded as JPEG.")
    return buffer.tobytes()


class BufferedCamera(DocumentCamera):
    """A camera whose background thread (``_run``, until ``_stop`` is set) puts frames into a
    LatestFrame; a driver says, in ``_usable``, when the newest one may be shown and captured."""

    thread_prefix = "camera"

    def __init__(self, name: str):
        super().__init__(name)
        self._frames = LatestFrame()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def watching(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.watching:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"{self.thread_prefix}-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread; safe to call twice."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._join_timeout())
            self._thread = None

    def _join_timeout(self) -> float:
        """How long the thread may take to notice the stop (one blocking read at most)."""
        return 10.0

    def _run(self) -> None:
        raise NotImplementedError

    @property
    def frame_count(self) -> int:
        return self._frames.count

    def latest_frame(self) -> np.ndarray:
        return self._usable().image

    def jpeg(self, quality: int = 80) -> bytes:
        return self._frames.jpeg(self._usable(), quality)

    def _usable(self) -> Frame:
        """The newest frame, or CameraError saying why there is none to use."""
        raise NotImplementedError
