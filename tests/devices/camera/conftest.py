"""Handles to the document camera simulator, the real OpenCV driver on it, and frame helpers."""
import threading
import time

import cv2
import numpy as np
import pytest

from devices.camera.base import cameras
from devices.camera.simulator import CameraSimulator


@pytest.fixture
def camera_sim():
    simulator = CameraSimulator(width=640, height=480, fps=20).start()
    yield simulator
    simulator.stop()


@pytest.fixture
def camera(camera_sim):
    driver = cameras.get("opencv")("document-camera", source=camera_sim.url, stale_after=2.0,
                                   open_timeout=5.0, read_timeout=2.0, retry_min=0.05, retry_max=0.5)
    yield driver
    driver.stop()


class HealthEvents:
    """Records a device's health transitions and lets a test wait for one."""

    def __init__(self, device):
        self.transitions: list[bool] = []
        self._changed = threading.Condition()
        device.tracker.subscribe(self._on_change)

    def _on_change(self, name, health):
        with self._changed:
            self.transitions.append(health.available)
            self._changed.notify_all()

    def wait_for(self, available: bool, timeout: float = 10.0) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: self.transitions[-1:] == [available], timeout), \
                f"health never became available={available}: {self.transitions}"


@pytest.fixture
def health_events():
    return HealthEvents


def frame_where(camera, predicate, timeout: float = 10.0) -> np.ndarray:
    """The first new frame for which ``predicate(image)`` holds; fails after ``timeout``."""
    deadline = time.monotonic() + timeout
    seen = camera.frame_count
    while time.monotonic() < deadline:
        frame = camera.wait_frame(seen, timeout=deadline - time.monotonic())
        seen = frame.number
        if predicate(frame.image):
            return frame.image
    raise AssertionError("no frame matched")


def card(colour=(200, 60, 20), size=(300, 480)) -> np.ndarray:
    """A plain coloured card with some printed text, to place under the camera."""
    image = np.full((*size, 3), colour, np.uint8)
    cv2.putText(image, "3301 TEST", (30, size[0] // 2), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 5)
    return image


def centre(image: np.ndarray) -> np.ndarray:
    """Mean BGR of a patch inside the card, above its text."""
    height, width = image.shape[:2]
    y, x = int(height * 0.35), int(width * 0.3)
    return image[y - 10:y + 10, x - 10:x + 10].reshape(-1, 3).mean(axis=0)


def sharpness(image: np.ndarray) -> float:
    return float(cv2.Laplacian(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())
