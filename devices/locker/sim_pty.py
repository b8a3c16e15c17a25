"""A pseudo-terminal standing in for the RS485 line of a simulated lock board bus.

The driver opens the pty's slave side by its path, exactly as it opens /dev/ttyUSB0 in a
hall; the simulator reads and answers frames on the master side in a thread.
"""
from __future__ import annotations

import os
import select
import threading
import tty

from devices.locker.simulator import LockerModel


class _PtyThread:
    """A thread serving pseudo-terminal file descriptors until ``stop``, which also closes them.

    Subclasses set ``_fds``, ``name`` and implement ``_serve``.
    """

    name = "sim-pty"
    _fds: tuple[int, ...] = ()

    def __init__(self):
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self):
        self._thread = threading.Thread(target=self._serve, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for fd in self._fds:
            try:
                os.close(fd)
            except OSError:
                pass  # already closed by an earlier stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _serve(self) -> None:
        raise NotImplementedError


class PtyBoardBus(_PtyThread):
    """Base of the serial board simulators: subclasses implement ``_handle``."""

    def __init__(self, model: LockerModel):
        super().__init__()
        self.model = model
        self._master, self._slave = os.openpty()
        # Raw mode: no echo, no line editing, no CR/LF translation of binary frames.
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self.name = f"sim-bus-{self.port}"
        self._fds = (self._master, self._slave)
        self.requests: list[bytes] = []  # every complete frame received, for byte-exact tests
        self._buffer = b""
        self._write_lock = threading.Lock()

    def send(self, data: bytes) -> None:
        with self._write_lock:
            os.write(self._master, data)

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if ready:
                self._buffer = self._handle(self._buffer + os.read(self._master, 4096))

    def _handle(self, buffer: bytes) -> bytes:
        """Answer the complete frames at the front of ``buffer``; return what is left."""
        raise NotImplementedError


class PtyNullModem(_PtyThread):
    """Two ptys joined back to back, like two serial ports with a crossed cable between them.

    ``port`` is for the driver, ``far_port`` for a simulator that wants to open a serial port
    itself (pymodbus's serial server does).
    """

    def __init__(self):
        super().__init__()
        self._ends = [os.openpty(), os.openpty()]
        for _, slave in self._ends:
            tty.setraw(slave)
        self.port = os.ttyname(self._ends[0][1])
        self.far_port = os.ttyname(self._ends[1][1])
        self.name = f"sim-line-{self.port}"
        self._fds = tuple(fd for pair in self._ends for fd in pair)

    def _serve(self) -> None:
        near, far = self._ends[0][0], self._ends[1][0]
        other = {near: far, far: near}
        while not self._stop.is_set():
            ready, _, _ = select.select([near, far], [], [], 0.05)
            for fd in ready:
                os.write(other[fd], os.read(fd, 4096))
