"""The document camera (高拍仪) interface.

A camera keeps the latest frame in a background grabber thread; the kiosk shows it as a live
view and takes a still from it. Frames are BGR numpy arrays as OpenCV gives them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from devices.base import Device, Registry


@dataclass(frozen=True)
class Frame:
    """One grabbed frame: the BGR image, its number since start (1, 2, …) and when it came
    (``time.monotonic()``)."""

    image: np.ndarray
    number: int
    timestamp: float


class DocumentCamera(Device):
    """A source of frames kept fresh by a background thread.

    Drivers reopen their source themselves after a failure (``reconnects_itself``);
    ``watching`` says whether that thread is running.
    """

    reconnects_itself = True

    @property
    def watching(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        """Start grabbing frames in the background."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def latest_frame(self) -> np.ndarray:
        """The newest frame; raises CameraError when none has arrived recently."""
        raise NotImplementedError

    def jpeg(self, quality: int = 80) -> bytes:
        """The newest frame as JPEG bytes, for the live view."""
        raise NotImplementedError

    def wait_frame(self, after: int = 0, timeout: float = 2.0) -> Frame:
        """The newest frame numbered above ``after``, waiting up to ``timeout`` seconds for it;
        raises CameraError when none comes. Pass the last number seen to get a fresh still."""
        raise NotImplementedError

    @property
    def frame_count(self) -> int:
        """How many frames have arrived since start (the newest frame's number)."""
        raise NotImplementedError


cameras: Registry[DocumentCamera] = Registry("camera")
