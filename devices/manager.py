"""The one owner of a kiosk's hardware: opens every configured device, watches, heals, closes.

    manager = DeviceManager(config)          # checks the configuration, builds the drivers
    manager.add_card_listener(listener)      # CardListener: card_placed / card_removed / card_failed
    manager.add_locker_listener(listener)    # LockerListener: door_changed / board_failed
    manager.add_printer_listener(callback)   # callback(name, PrinterStatus) when it changes
    manager.add_health_listener(callback)    # callback(name, Health) on every availability change
    manager.start()
    manager.health()                         # {"id_reader": Health(...), "printer": ..., "locker-A": ...}
    manager.stop()

A device that cannot be opened at start does not stop the kiosk: it is reported unavailable
and the supervisor thread tries again every ``supervise_interval`` seconds. Drivers whose
watcher reconnects by itself (``Device.reconnects_itself``) are left to it; the supervisor
only restarts their watcher should it have ended.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from devices.base import Device, DeviceError, Health
from devices.camera.base import DocumentCamera
from devices.config import DeviceSpec, load_config
from devices.idcard.base import CardListener, IdReader
from devices.locker.base import LockerBank, LockerListener
from devices.printer.base import PrinterStatus, ReceiptPrinter

log = logging.getLogger(__name__)

HealthCallback = Callable[[str, Health], None]
PrinterCallback = Callable[[str, PrinterStatus], None]
OFFLINE = PrinterStatus(online=False)


class DeviceManager:
    """Builds the configured devices (fails on bad configuration) and runs them once started."""

    def __init__(self, config: Mapping, *, supervise_interval: float = 5.0):
        self.specs: list[DeviceSpec] = load_config(config)
        self.devices: dict[str, Device] = {spec.name: spec.build() for spec in self.specs}
        self.supervise_interval = supervise_interval
        self._sections = {spec.name: spec.section for spec in self.specs}
        self._banks = {spec.member: self.devices[spec.name] for spec in self.specs if spec.section == "lockers"}
        self._health_listeners: list[HealthCallback] = []
        self._printer_listeners: list[PrinterCallback] = []
        self._printer_status: dict[str, PrinterStatus] = {}
        self._stop = threading.Event()
        self._supervisor: threading.Thread | None = None
        for device in self.devices.values():
            device.tracker.subscribe(self._health_changed)

    # -- lookup -----------------------------------------------------------------------------

    def device(self, name: str) -> Device:
        try:
            return self.devices[name]
        except KeyError:
            raise KeyError(f"no device {name!r} configured (configured: {', '.join(self.devices) or 'none'})") from None

    def _of_section(self, section: str) -> list[Device]:
        return [d for name, d in self.devices.items() if self._sections[name] == section]

    @property
    def id_reader(self) -> IdReader | None:
        return next(iter(self._of_section("id_reader")), None)

    @property
    def passport_reader(self) -> IdReader | None:
        return next(iter(self._of_section("passport_reader")), None)

    @property
    def camera(self) -> DocumentCamera | None:
        return next(iter(self._of_section("camera")), None)

    @property
    def printer(self) -> ReceiptPrinter | None:
        return next(iter(self._of_section("printer")), None)

    @property
    def lockers(self) -> dict[str, LockerBank]:
        """Locker banks by the name configuration gives them ("A", "B" …)."""
        return dict(self._banks)

    def locker(self, bank: str) -> LockerBank:
        try:
            return self.lockers[bank]
        except KeyError:
            raise KeyError(f"no locker bank {bank!r} (configured: {', '.join(self.lockers) or 'none'})") from None

    # -- listeners --------------------------------------------------------------------------

    def add_card_listener(self, listener: CardListener) -> None:
        for reader in (*self._of_section("id_reader"), *self._of_section("passport_reader")):
            reader.add_listener(listener)

    def add_locker_listener(self, listener: LockerListener) -> None:
        for bank in self.lockers.values():
            bank.add_listener(listener)

    def add_printer_listener(self, callback: PrinterCallback) -> None:
        """Called with the printer's status each time the supervisor sees it change."""
        self._printer_listeners.append(callback)

    def add_health_listener(self, callback: HealthCallback) -> None:
        self._health_listeners.append(callback)

    def health(self) -> dict[str, Health]:
        return {name: device.health for name, device in self.devices.items()}

    def printer_status(self) -> dict[str, PrinterStatus]:
        """The printers' status as last polled by the supervisor."""
        return dict(self._printer_status)

    def _health_changed(self, name: str, health: Health) -> None:
        for callback in list(self._health_listeners):
            try:
                callback(name, health)
            except Exception:
                log.exception("health listener %r failed", callback)

    # -- running ----------------------------------------------------------------------------

    def start(self) -> None:
        """Open every device and start its watcher; a device that fails is retried later."""
        self._stop.clear()
        for name, device in self.devices.items():
            self._bring_up(name, device)
        self._supervisor = threading.Thread(target=self._supervise, name="device-supervisor", daemon=True)
        self._supervisor.start()

    def stop(self) -> None:
        """Stop the supervisor and every watcher, and close every device."""
        self._stop.set()
        if self._supervisor:
            self._supervisor.join(timeout=10)
            self._supervisor = None
        for name, device in self.devices.items():
            try:
                if hasattr(device, "stop"):
                    device.stop()
                device.close()
            except Exception:
                log.exception("device %s did not close cleanly", name)

    def __enter__(self) -> DeviceManager:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _bring_up(self, name: str, device: Device) -> None:
        try:
            device.open()
        except DeviceError as exc:
            device.tracker.failed(exc)
        except Exception as exc:  # a driver bug must not keep the other devices down
            log.exception("device %s failed to open", name)
            device.tracker.failed(exc)
        # Watchers start even when opening failed: those that reconnect themselves recover on their own.
        if hasattr(device, "start") and (device.reconnects_itself or device.health.available):
            device.start()

    def _supervise(self) -> None:
        while not self._stop.wait(self.supervise_interval):
            self.supervise_once()

    def supervise_once(self) -> None:
        """One round of the supervisor: reopen failed devices, poll printer status."""
        for name, device in self.devices.items():
            if self._stop.is_set():
                return
            try:
                self._supervise_device(name, device)
            except Exception:
                log.exception("supervising device %s failed", name)

    def _supervise_device(self, name: str, device: Device) -> None:
        if device.reconnects_itself:
            if hasattr(device, "start") and not getattr(device, "watching", True):
                log.warning("device %s: watcher had stopped; restarting it", name)
                device.start()
        elif not device.health.available:
            self._reopen(name, device)
        if isinstance(device, ReceiptPrinter):
            self._poll_printer(name, device)

    def _reopen(self, name: str, device: Device) -> None:
        try:
            device.close()
            device.open()
            device.probe()
        except NotImplementedError:
            pass  # no probe: opening is all we can check
        except DeviceError as exc:
            device.tracker.failed(exc)
            return
        device.tracker.ok()
        if hasattr(device, "start"):
            device.start()

    def _poll_printer(self, name: str, printer: ReceiptPrinter) -> None:
        try:
            status = printer.status()
        except DeviceError:
            status = OFFLINE
        if self._printer_status.get(name) != status:
            self._printer_status[name] = status
            for callback in list(self._printer_listeners):
                try:
                    callback(name, status)
                except Exception:
                    log.exception("printer listener %r failed", callback)
