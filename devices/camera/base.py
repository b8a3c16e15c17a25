"""The document camera (高拍仪) interface.

A camera keeps the latest frame in a background grabber thread; the kiosk shows it as a live
view and takes a still from it. Frames are BGR numpy arrays as OpenCV gives them.
"""
from __future__ import annotations

import numpy as np

from devices.base import Device, Registry


class DocumentCamera(Device):
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


cameras: Registry[DocumentCamera] = Registry("camera")
