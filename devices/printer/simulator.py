"""Receipt printers the real ``escpos-network`` and ``escpos-serial`` drivers print to.

``EscposPrinterSimulator`` listens on 127.0.0.1 like a printer's raw port 9100;
``EscposSerialPrinterSimulator`` is a serial printer behind a pseudo-terminal. Both run every
byte through the ESC/POS interpreter, answer DLE EOT status requests according to the
injected faults, and keep each job with its raw bytes, its text (decoded from GB18030) and
a PNG of the paper.

    sim = EscposPrinterSimulator().start()
    printer = printers.get("escpos-network")("receipt", host=sim.host, port=sim.port)
    printer.print_receipt(receipt)
    job = sim.wait_for_job(timeout=5)
    sim.set_faults(paper_out=True)   # the next status request says: paper end
"""
from __future__ import annotations

import logging
import os
import select
import socketserver
import threading
import tty
from dataclasses import dataclass, field
from functools import cached_property

from devices.printer.escpos_interpreter import (Element, EscposInterpreter, ParsedJob, PrintedLine,
                                                PrintedQr)
from devices.printer.receipt_image import render_png

log = logging.getLogger(__name__)

# DLE EOT answers (ESC/POS): bits 1 and 4 are always set, bit 0 and 7 always clear.
_FIXED = 0x12
_OFFLINE = 0x08        # n=1, bit 3: offline
_COVER_OPEN = 0x04     # n=2, bit 2: cover is open
_PAPER_STOP = 0x20     # n=2, bit 5: printing stopped by paper end
_ERROR = 0x40          # n=2, bit 6: an error occurred
_NEAR_END = 0x0C       # n=4, bits 2-3: roll near end
_PAPER_END = 0x60      # n=4, bits 5-6: roll end


@dataclass
class PrinterFaults:
    """What the simulated printer reports; change them at any time."""

    paper_out: bool = False
    paper_low: bool = False
    cover_open: bool = False
    offline: bool = False

    def blocking(self) -> bool:
        return self.paper_out or self.cover_open or self.offline


@dataclass
class PrintJob:
    """One job as the printer received it: up to the cut, or to the end of the connection."""

    raw: bytes
    elements: list[Element]
    cut: bool
    printed: bool                      # False when a fault stopped the printer
    unknown: list[bytes] = field(default_factory=list)
    width: int = 384

    @cached_property
    def text(self) -> str:
        """The printed lines as plain text; a QR code reads ``[QR] <data>``."""
        lines = []
        for element in self.elements:
            if isinstance(element, PrintedQr):
                lines.append(f"[QR] {element.data}")
            elif isinstance(element, PrintedLine):
                lines.append(element.text)
            else:
                lines.append(f"[{element.kind}]")
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)

    @property
    def qr_codes(self) -> list[str]:
        return [e.data for e in self.elements if isinstance(e, PrintedQr)]

    @cached_property
    def png(self) -> bytes:
        """The receipt as it would come out of the printer, as PNG bytes."""
        return render_png(self.elements, width=self.width, cut=self.cut)


class SimulatedPrinter:
    """The printer behind any transport: faults, the ESC/POS interpreter and the jobs.

    ``width`` is the head width in dots (384 for 58 mm paper, 576 for 80 mm). ``encoding``
    is the printer's Chinese character set; ``chinese_default`` its power-on Chinese mode.
    """

    def __init__(self, *, width: int = 384, encoding: str = "gb18030", chinese_default: bool = False):
        self.faults = PrinterFaults()
        self.width = width
        self.jobs: list[PrintJob] = []
        self._changed = threading.Condition()
        self._taken = 0
        self._interpreter = EscposInterpreter(self._status_byte, encoding=encoding,
                                              chinese_default=chinese_default)

    def set_faults(self, **faults: bool) -> None:
        """Inject faults by name: paper_out, paper_low, cover_open, offline."""
        for name, value in faults.items():
            if not hasattr(self.faults, name):
                raise ValueError(f"unknown printer fault {name!r}")
            setattr(self.faults, name, bool(value))

    def clear_faults(self) -> None:
        self.faults = PrinterFaults()

    def wait_for_job(self, timeout: float = 5.0) -> PrintJob:
        """The next job not yet handed out by this method; TimeoutError if none comes in time."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.jobs) > self._taken, timeout):
                raise TimeoutError(f"no print job within {timeout} s")
            job = self.jobs[self._taken]
            self._taken += 1
            return job

    def _status_byte(self, n: int) -> int:
        f = self.faults
        if n == 1:
            return _FIXED | (_OFFLINE if f.blocking() else 0)
        if n == 2:
            return (_FIXED | (_COVER_OPEN if f.cover_open else 0) | (_PAPER_STOP if f.paper_out else 0)
                    | (_ERROR if f.offline else 0))
        if n == 4:
            return (_FIXED | (_PAPER_END if f.paper_out else 0)
                    | (_NEAR_END if f.paper_low or f.paper_out else 0))
        return _FIXED

    def _receive(self, data: bytes) -> bytes:
        with self._changed:
            replies, finished = self._interpreter.feed(data)
            self._keep(finished)
            return replies

    def _disconnected(self) -> None:
        with self._changed:
            job = self._interpreter.end_of_stream()
            self._keep([job] if job else [])

    def _keep(self, finished: list[ParsedJob]) -> None:
        for parsed in finished:
            job = PrintJob(parsed.raw, parsed.elements, parsed.cut, not self.faults.blocking(),
                           parsed.unknown, self.width)
            self.jobs.append(job)
            log.info("printer simulator: job %d, %d bytes%s", len(self.jobs), len(job.raw),
                     "" if job.printed else " (not printed: fault)")
        if finished:
            self._changed.notify_all()


class EscposPrinterSimulator(SimulatedPrinter):
    """A network receipt printer on 127.0.0.1 (``port=0`` picks a free port); a job ends at
    its cut or when the sender closes the connection."""

    def __init__(self, *, port: int = 0, **printer):
        super().__init__(**printer)
        self._server = _Server(("127.0.0.1", port), _handler_for(self))
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return self._server.server_address[0]

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def start(self) -> "EscposPrinterSimulator":
        # A short poll interval so stop() returns quickly.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="escpos-simulator", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; safe to call twice."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()


class EscposSerialPrinterSimulator(SimulatedPrinter):
    """A serial receipt printer on a pseudo-terminal: ``port`` is the device path the
    ``escpos-serial`` driver opens. A serial line has no connection, so jobs end at the cut."""

    def __init__(self, **printer):
        super().__init__(**printer)
        self._master, self._slave = os.openpty()
        # Raw mode: binary ESC/POS must pass without echo, CR/LF translation or XON/XOFF.
        # Holding the slave open also keeps the master readable between the driver's jobs.
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self._wake = os.pipe()
        self._thread: threading.Thread | None = None

    def start(self) -> "EscposSerialPrinterSimulator":
        self._thread = threading.Thread(target=self._serve, name="escpos-serial-simulator",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop and close the pty; safe to call twice."""
        if self._thread is None:
            return
        os.write(self._wake[1], b"x")
        self._thread.join(timeout=5)
        self._thread = None
        for fd in (self._master, self._slave, *self._wake):
            os.close(fd)

    def _serve(self) -> None:
        while True:
            ready, _, _ = select.select([self._master, self._wake[0]], [], [])
            if self._wake[0] in ready:
                return
            replies = self._receive(os.read(self._master, 4096))
            if replies:
                os.write(self._master, replies)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def _handler_for(simulator: EscposPrinterSimulator) -> type[socketserver.BaseRequestHandler]:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            try:
                while data := self.request.recv(4096):
                    replies = simulator._receive(data)
                    if replies:
                        self.request.sendall(replies)
            except OSError:
                log.debug("printer simulator: connection dropped", exc_info=True)
            finally:
                simulator._disconnected()

    return Handler

