"""Handles to the document camera simulator and the real OpenCV driver on it."""
import threading

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
