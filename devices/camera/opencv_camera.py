"""A document camera read through OpenCV: a UVC device, a network stream or a video file.

A grabber thread keeps the newest frame. When reads fail (the USB cable pulled, the stream
dropped, the file gone) the camera is reported unavailable once, ``latest_frame`` raises
CameraError, and the thread keeps reopening the source with a growing pause until frames
flow again, when the camera is reported available once more.
"""
from __future__ import annotations

import logging
import re
import time

import cv2

from devices.base import CameraError
from devices.camera.base import Frame, cameras
from devices.camera.frames import BufferedCamera

log = logging.getLogger(__name__)

_CREDENTIALS = re.compile(r"(?<=://)[^/@]+@")


@cameras.register
class OpenCvCamera(BufferedCamera):
    """Frames from ``cv2.VideoCapture``.

    ``source``: a device index (``0``), a device path (``/dev/video2``), a stream URL
    (``http://…/stream.mjpg``, ``rtsp://…``) or a video file. ``width``/``height``/``fps`` are
    hints for devices; ``fourcc`` (e.g. ``MJPG``) picks a device's compressed mode, which
    UVC document cameras need for full resolution. A file plays at its own frame rate (or
    ``fps``) and starts again at its end when ``loop`` is set; otherwise its last frame stays.
    A frame older than ``stale_after`` seconds counts as no frame.
    """

    type = "opencv"

    def __init__(self, name: str, *, source: int | str, width: int | None = None,
                 height: int | None = None, fps: float | None = None, fourcc: str | None = None,
                 loop: bool = True, stale_after: float = 2.0, open_timeout: float = 5.0,
                 read_timeout: float = 3.0, retry_min: float = 0.2, retry_max: float = 5.0):
        super().__init__(name)
        self.source = int(source) if str(source).isdigit() else str(source)
        self.width, self.height, self.fps, self.fourcc = width, height, fps, fourcc
        self.loop, self.stale_after = loop, stale_after
        self.open_timeout, self.read_timeout = open_timeout, read_timeout
        self.retry_min, self.retry_max = retry_min, retry_max
        self._ended = False
        self._warned = False

    @property
    def is_file(self) -> bool:
        return isinstance(self.source, str) and "://" not in self.source \
            and not self.source.startswith("/dev/")

    def describe(self) -> str:
        """The source with any URL credentials hidden, for logs."""
        return _CREDENTIALS.sub("***@", str(self.source))

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        if not self.watching:
            self._ended = False
        super().start()

    def _join_timeout(self) -> float:
        return self.read_timeout + self.open_timeout + 1

    def open(self) -> None:
        """Start and wait for the first frame; CameraError if none comes within ``open_timeout``."""
        self.start()
        self.wait_frame(0, self.open_timeout)

    def close(self) -> None:
        self.stop()

    def probe(self) -> str:
        self.start()
        frame = self.wait_frame(0, self.open_timeout)
        height, width = frame.image.shape[:2]
        return f"opencv {self.describe()}: {width}x{height}, {frame.number} frames"

    # -- frames ----------------------------------------------------------------------------

    def _usable(self) -> Frame:
        frame = self._frames.newest
        if frame is None:
            raise CameraError(f"{self.describe()}: no frame yet")
        if not self.health.available:
            raise CameraError(self.health.last_error or f"{self.describe()}: unavailable")
        if not self._ended and time.monotonic() - frame.timestamp > self.stale_after:
            raise CameraError(f"{self.describe()}: no frame for {self.stale_after} s")
        return frame

    def wait_frame(self, after: int = 0, timeout: float = 2.0) -> Frame:
        frame = self._frames.wait(after, timeout)
        if frame is None:
            raise CameraError(f"{self.describe()}: no new frame within {timeout} s")
        return frame

    # -- grabber thread ------------------------------------------------------------------

    def _run(self) -> None:
        delay = self.retry_min
        while not self._stop.is_set():
            grabbed = 0
            try:
                capture = self._open_capture()
                if capture is not None:
                    try:
                        grabbed = self._grab(capture)
                    finally:
                        capture.release()
            except cv2.error as exc:  # a backend error must not end the grabber
                self._failed(f"{self.describe()}: {exc}")
            if self._ended:
                return
            if grabbed:
                delay = self.retry_min
                if self.is_file and self.loop and self.health.available:
                    continue  # end of the file: play it again from the start
            # Nothing came: wait before reopening, longer each time up to retry_max.
            if self._stop.wait(delay):
                return
            delay = min(delay * 2, self.retry_max)

    def _open_capture(self) -> cv2.VideoCapture | None:
        if isinstance(self.source, int):
            capture = cv2.VideoCapture(self.source)
        else:
            # The FFmpeg backend gives URLs and files timeouts, so a hung stream cannot
            # block the grabber (and stop()) for ever.
            capture = cv2.VideoCapture(self.source, cv2.CAP_FFMPEG, [
                cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, int(self.open_timeout * 1000),
                cv2.CAP_PROP_READ_TIMEOUT_MSEC, int(self.read_timeout * 1000)])
        if not capture.isOpened():
            capture.release()
            self._failed(f"cannot open {self.describe()}")
            return None
        if not self.is_file:
            self._apply_hints(capture)
        return capture

    def _apply_hints(self, capture: cv2.VideoCapture) -> None:
        if self.fourcc:
            capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*self.fourcc))
        for prop, value in ((cv2.CAP_PROP_FRAME_WIDTH, self.width),
                            (cv2.CAP_PROP_FRAME_HEIGHT, self.height), (cv2.CAP_PROP_FPS, self.fps)):
            if value:
                capture.set(prop, value)

    def _grab(self, capture: cv2.VideoCapture) -> int:
        """Read frames until the source fails, ends or the camera stops; how many came."""
        period = self._file_period(capture) if self.is_file else 0.0
        grabbed = 0
        while not self._stop.is_set():
            ok, image = capture.read()
            if not ok or image is None:
                if self.is_file and grabbed:
                    self._ended = not self.loop
                else:
                    self._failed(f"{self.describe()}: no frame from the source")
                return grabbed
            grabbed += 1
            self._frames.put(image)
            self.tracker.ok()
            self._warned = False
            if period and self._stop.wait(period):
                break
        return grabbed

    def _file_period(self, capture: cv2.VideoCapture) -> float:
        fps = self.fps or capture.get(cv2.CAP_PROP_FPS) or 25.0
        return 1.0 / fps

    def _failed(self, reason: str) -> None:
        if not self._warned and not self.health.available:
            # The tracker starts unavailable and so stays silent when a camera never comes up.
            log.warning("camera %s: %s; retrying", self.name, reason)
        self._warned = True
        self.tracker.failed(CameraError(reason))
