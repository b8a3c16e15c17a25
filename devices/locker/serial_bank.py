"""Locker banks whose boards hang on an RS485 serial line opened with pyserial (8A, WKLY)."""
from __future__ import annotations

import logging
import os
import termios

import serial

from devices.base import DeviceNotFound
from devices.locker.board_bank import BoardBank

log = logging.getLogger(__name__)


class SerialBoardBank(BoardBank):
    """A board bank on a serial port: ``port``, ``baudrate`` (default 9600, 8N1) and
    ``timeout`` (seconds a board gets to answer), plus the options of BoardBank."""

    def __init__(self, name: str, *, port: str, baudrate: int = 9600, timeout: float = 0.3,
                 **options):
        super().__init__(name, **options)
        self.port = port
        self.baudrate = int(baudrate)
        self.timeout = float(timeout)
        self._serial: serial.Serial | None = None
        self._wanted = False  # open() was called and close() not yet: reopen a lost port

    def _connect(self) -> None:
        self._wanted = True  # even if the port is missing now: the watcher keeps trying
        if self._serial is None:
            self._open_port()

    def _open_port(self) -> None:
        try:
            # exclusive: one process owns the bus; a second one would garble every frame.
            self._serial = serial.Serial(self.port, self.baudrate, bytesize=serial.EIGHTBITS,
                                         parity=serial.PARITY_NONE, stopbits=serial.STOPBITS_ONE,
                                         timeout=self.timeout, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceNotFound(
                f"cannot open locker port {self.port}: {exc}",
                staff_hint=f"The locker bus port {self.port} could not be opened: check the "
                           "USB-RS485 adapter, the configured port and that no other program "
                           "holds it.") from exc
        log.info("locker %s: port %s open", self.name, self.port)

    def _disconnect(self) -> None:
        self._wanted = False
        self._drop_port()

    def _drop_port(self) -> None:
        link, self._serial = self._serial, None
        if link is not None:
            link.close()

    def _link(self) -> serial.Serial:
        if self._serial is None:
            if not self._wanted:
                raise DeviceNotFound(f"locker port {self.port} is not open",
                                     staff_hint="The locker bank was used before open() was called.")
            self._open_port()  # the adapter was lost earlier: it may be back (USB re-plugged)
        return self._serial

    def _io(self, operation, *args):
        """Run a pyserial call; a vanished adapter becomes DeviceNotFound and is reopened later."""
        try:
            return operation(*args)
        # termios.error is what pyserial lets through from tcflush on a dead tty.
        except (serial.SerialException, OSError, termios.error) as exc:
            self._drop_port()
            raise DeviceNotFound(
                f"locker port {self.port} failed: {exc}",
                staff_hint=f"The serial adapter on {self.port} stopped working: check that it "
                           "is still plugged in.") from exc

    def _write(self, frame: bytes) -> None:
        link = self._link()
        self._io(link.write, frame)
        self._io(link.flush)

    def _read(self, count: int) -> bytes:
        return self._io(self._link().read, count)

    def _discard_input(self) -> None:
        """Drop stale bytes (a late answer to an earlier, timed-out request)."""
        self._io(self._link().reset_input_buffer)

    def port_exists(self) -> bool:
        """Cheap check before opening: does the configured device node exist?"""
        return os.path.exists(self.port)
