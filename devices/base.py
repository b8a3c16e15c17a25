"""What every device driver shares: typed errors, health, listeners and the driver registry.

devices/ knows nothing of Flask or of the kiosk's domain. Drivers turn library and wire
errors into the exceptions below, each carrying a plain instruction for the citizen and a
hint for staff, so the layers above never see a pyserial or pyscard exception.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, ClassVar, Generic, TypeVar

log = logging.getLogger(__name__)


class DeviceError(Exception):
    """A device could not do what was asked.

    ``citizen_message`` is safe to show on the kiosk screen (plain Chinese, no jargon);
    ``staff_hint`` says what an integrator or hall staff should check.
    """

    citizen_message = "设备暂时无法使用，请联系工作人员。"
    staff_hint = "Check the device connection and the kiosk log."

    def __init__(self, detail: str = "", *, citizen_message: str | None = None,
                 staff_hint: str | None = None):
        super().__init__(detail or self.__class__.__name__)
        if citizen_message:
            self.citizen_message = citizen_message
        if staff_hint:
            self.staff_hint = staff_hint


class DeviceNotFound(DeviceError):
    citizen_message = "设备未连接，请联系工作人员。"
    staff_hint = "The configured port, reader or address was not found; check cabling and configuration."


class DeviceTimeout(DeviceError):
    citizen_message = "设备响应超时，请稍候再试。"
    staff_hint = "The device did not answer in time; check power, baud rate and cabling."


class ProtocolError(DeviceError):
    citizen_message = "读取失败，请重试。"
    staff_hint = "The device answered with a malformed frame or an error status."


class CardNotPresent(DeviceError):
    citizen_message = "未检测到证件，请将证件平放在读卡区。"
    staff_hint = "No card in the reader field."


class CardReadError(DeviceError):
    citizen_message = "证件读取失败，请不要移动证件，重新放置后再试。"
    staff_hint = "The card was found but could not be read (moved away, damaged, or SAM error)."


class PrinterError(DeviceError):
    citizen_message = "打印机暂时无法使用，请拍照或记下屏幕上的回执，或联系工作人员。"
    staff_hint = "The receipt printer is offline, out of paper or its cover is open."


class LockerFault(DeviceError):
    citizen_message = "柜门暂时无法打开，请联系工作人员。"
    staff_hint = "The locker board did not answer or a door did not move as commanded."


class CameraError(DeviceError):
    citizen_message = "高拍仪暂时无法使用，请联系工作人员。"
    staff_hint = "The document camera delivers no frames; check USB and the configured source."


@dataclass
class Health:
    """A device's availability as last observed."""

    available: bool = False
    last_error: str | None = None
    since: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


class HealthTracker:
    """Keeps a device's health and logs each transition once: on failure and on recovery."""

    def __init__(self, name: str):
        self.name = name
        self._health = Health()
        self._observed = False  # the first observation is a transition too, so a device down at start is reported
        self._lock = threading.Lock()
        self._listeners: list[Callable[[str, Health], None]] = []

    @property
    def health(self) -> Health:
        with self._lock:
            return Health(self._health.available, self._health.last_error, self._health.since)

    def subscribe(self, listener: Callable[[str, Health], None]) -> None:
        self._listeners.append(listener)

    def ok(self) -> None:
        self._set(True, None)

    def failed(self, error: BaseException | str) -> None:
        self._set(False, str(error))

    def _set(self, available: bool, error: str | None) -> None:
        with self._lock:
            changed = available != self._health.available or not self._observed
            self._observed = True
            if changed:
                self._health = Health(available, error)
                if available:
                    log.info("device %s available", self.name)
                else:
                    log.warning("device %s unavailable: %s", self.name, error)
            elif error:
                self._health.last_error = error
            snapshot = Health(self._health.available, self._health.last_error, self._health.since)
        if changed:
            for listener in list(self._listeners):
                listener(self.name, snapshot)


class Device:
    """Base of every driver: a name, health, and open/close.

    ``type`` is the string configuration uses to pick the driver. ``available_here()``
    is a cheap check (is the library importable, does the port exist) done before opening.
    """

    type: ClassVar[str] = ""
    # True when the driver's own watcher reopens it after a failure, so a supervisor leaves it alone.
    reconnects_itself: ClassVar[bool] = False

    def __init__(self, name: str):
        self.name = name
        self.tracker = HealthTracker(name)

    @classmethod
    def available_here(cls) -> bool:
        return True

    @property
    def health(self) -> Health:
        return self.tracker.health

    def open(self) -> None:
        """Connect to the hardware; raise a DeviceError when it cannot be reached."""

    def close(self) -> None:
        """Release the hardware; safe to call twice."""

    def probe(self) -> str:
        """Talk to the device once and describe what answered; raises a DeviceError."""
        raise NotImplementedError


D = TypeVar("D", bound=Device)


class Registry(Generic[D]):
    """Drivers of one device kind by their configuration ``type`` string.

    An unknown type fails when configuration is read, not at first use.
    """

    def __init__(self, kind: str):
        self.kind = kind
        self._drivers: dict[str, type[D]] = {}

    def register(self, cls: type[D]) -> type[D]:
        if not cls.type:
            raise ValueError(f"{cls.__name__} has no type string")
        self._drivers[cls.type] = cls
        return cls

    def get(self, type_name: str) -> type[D]:
        try:
            return self._drivers[type_name]
        except KeyError:
            known = ", ".join(sorted(self._drivers)) or "none"
            raise ValueError(f"unknown {self.kind} type {type_name!r} (known: {known})") from None

    def types(self) -> list[str]:
        return sorted(self._drivers)
