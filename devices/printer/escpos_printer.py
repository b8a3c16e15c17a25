"""ESC/POS receipt printers over python-escpos connections: network, serial, USB and file.

Each connection is one registered type. A job opens the connection, asks the printer for its
status over DLE EOT where the link is bidirectional, sends the whole receipt in one write and
closes again, so a printer that was power-cycled between two citizens needs no reconnect.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from typing import ClassVar, Iterator

from escpos import escpos, exceptions as escpos_errors
from escpos.constants import DLE, EOT, RT_MASK_ONLINE, RT_STATUS_ONLINE
from escpos.printer import File, Network, Serial, Usb

from devices.base import PrinterError
from devices.printer.base import PrinterStatus, Receipt, ReceiptPrinter, printers
from devices.printer.layout import ReceiptLayout

log = logging.getLogger(__name__)

# DLE EOT 2: offline cause. python-escpos names only n=1 (printer) and n=4 (roll paper).
RT_STATUS_OFFLINE_CAUSE = DLE + EOT + b"\x02"
_COVER_OPEN_BIT = 0x04
_PAPER_END_STOP_BIT = 0x20

PAPER_OUT_MESSAGE = "打印纸已用完，请拍照或记下屏幕上的回执，并联系工作人员更换纸卷。"
COVER_OPEN_MESSAGE = "打印机仓盖未关好，请联系工作人员。"
OFFLINE_MESSAGE = "打印机暂时离线，请拍照或记下屏幕上的回执，或联系工作人员。"


class EscposPrinter(ReceiptPrinter):
    """A receipt printer reached through one python-escpos connection.

    Subclasses implement the primitive ``_connection()``: a new, unopened python-escpos
    printer object. ``bidirectional`` says whether the link can carry DLE EOT answers back.
    Options shared by all connections: ``encoding`` (default gb18030), ``chinese_mode``,
    ``qr_size`` (dots), ``profile`` (python-escpos capability profile name) and ``columns``
    (characters per line: 32 on 58 mm paper, 48 on 80 mm).
    """

    bidirectional: ClassVar[bool] = True

    def __init__(self, name: str, *, encoding: str = "gb18030", chinese_mode: bool | None = None,
                 qr_size: int = 6, profile: str | None = None, columns: int = 32):
        super().__init__(name)
        self.layout = ReceiptLayout(encoding=encoding, chinese_mode=chinese_mode,
                                    qr_size=qr_size, profile=profile, columns=int(columns))
        self.profile = profile
        self._paper_low = False

    def _connection(self) -> escpos.Escpos:
        raise NotImplementedError

    def describe(self) -> str:
        """Where the printer is, for logs and the staff desk."""
        raise NotImplementedError

    def open(self) -> None:
        """Check the printer answers; raises PrinterError when it cannot print."""
        self._require_printable(self.status())

    def probe(self) -> str:
        status = self.status()
        return f"{self.type} {self.describe()}: {_describe_status(status)}"

    def status(self) -> PrinterStatus:
        """Online, paper and cover state; raises PrinterError when the printer cannot be reached."""
        with self._session() as printer:
            return self._read_status(printer)

    def print_receipt(self, receipt: Receipt) -> None:
        job = self.layout.render(receipt)
        with self._session() as printer:
            self._require_printable(self._read_status(printer))
            printer._raw(job)
        log.info("printer %s printed a receipt (%d bytes)", self.name, len(job))
        self.tracker.ok()

    @contextmanager
    def _session(self) -> Iterator[escpos.Escpos]:
        printer = None
        try:
            printer = self._connection()
            printer.open()
            yield printer
        except PrinterError as exc:
            self.tracker.failed(exc)
            raise
        except (escpos_errors.Error, OSError, ValueError) as exc:
            # DeviceNotFoundError, socket/serial errors and timeouts: the printer is unreachable.
            error = PrinterError(f"{self.describe()}: {exc}", citizen_message=OFFLINE_MESSAGE,
                                 staff_hint=f"Check that the printer at {self.describe()} is "
                                            "powered, connected and configured.")
            self.tracker.failed(error)
            raise error from exc
        finally:
            if printer is not None:
                _close_quietly(printer)

    def _read_status(self, printer: escpos.Escpos) -> PrinterStatus:
        if not self.bidirectional:
            return PrinterStatus(online=True)
        online = printer.query_status(RT_STATUS_ONLINE)
        if not online:
            raise PrinterError(f"{self.describe()}: no answer to DLE EOT 1",
                               citizen_message=OFFLINE_MESSAGE,
                               staff_hint="The printer does not answer status requests; "
                                          "check the link, or use a write-only connection type.")
        cause = printer.query_status(RT_STATUS_OFFLINE_CAUSE)
        paper = printer.paper_status()  # 2 adequate, 1 near end, 0 out (DLE EOT 4)
        cover_open = bool(cause) and bool(cause[0] & _COVER_OPEN_BIT)
        paper_out = paper == 0 or (bool(cause) and bool(cause[0] & _PAPER_END_STOP_BIT))
        # DLE EOT 1, bit 3: 0 online, 1 offline.
        return PrinterStatus(online=not online[0] & RT_MASK_ONLINE, paper_out=paper_out,
                             paper_low=paper == 1, cover_open=cover_open)

    def _require_printable(self, status: PrinterStatus) -> None:
        if status.paper_out:
            error = PrinterError(f"{self.describe()}: paper out", citizen_message=PAPER_OUT_MESSAGE,
                                 staff_hint="Load a new paper roll.")
        elif status.cover_open:
            error = PrinterError(f"{self.describe()}: cover open", citizen_message=COVER_OPEN_MESSAGE,
                                 staff_hint="Close the printer cover.")
        elif not status.online:
            error = PrinterError(f"{self.describe()}: offline", citizen_message=OFFLINE_MESSAGE,
                                 staff_hint="The printer reports offline; check its panel.")
        else:
            if status.paper_low != self._paper_low:  # said once, when it changes
                self._paper_low = status.paper_low
                log.log(logging.WARNING if status.paper_low else logging.INFO,
                        "printer %s: paper roll %s", self.name,
                        "near its end" if status.paper_low else "replaced")
            self.tracker.ok()
            return
        self.tracker.failed(error)
        raise error


def _describe_status(status: PrinterStatus) -> str:
    parts = ["online" if status.online else "offline"]
    parts += [name for name, flag in (("paper out", status.paper_out), ("paper low", status.paper_low),
                                      ("cover open", status.cover_open)) if flag]
    return ", ".join(parts)


def _close_quietly(printer: escpos.Escpos) -> None:
    try:
        printer.close()
    except (escpos_errors.Error, OSError):
        log.debug("closing the printer connection failed", exc_info=True)


@printers.register
class EscposNetworkPrinter(EscposPrinter):
    """A printer on the hall network, raw TCP (port 9100)."""

    type = "escpos-network"

    def __init__(self, name: str, *, host: str, port: int = 9100, timeout: float = 5.0, **options):
        super().__init__(name, **options)
        self.host, self.port, self.timeout = host, int(port), float(timeout)

    def _connection(self) -> escpos.Escpos:
        return Network(self.host, self.port, timeout=self.timeout, profile=self.profile)

    def describe(self) -> str:
        return f"{self.host}:{self.port}"


@printers.register
class EscposSerialPrinter(EscposPrinter):
    """A printer on a serial port (RS-232 or a USB-serial adapter)."""

    type = "escpos-serial"

    def __init__(self, name: str, *, devfile: str, baudrate: int = 9600, timeout: float = 1.0,
                 dsrdtr: bool = True, **options):
        super().__init__(name, **options)
        self.devfile, self.baudrate = devfile, int(baudrate)
        self.timeout, self.dsrdtr = float(timeout), dsrdtr

    @classmethod
    def available_here(cls) -> bool:
        return Serial.is_usable()

    def _connection(self) -> escpos.Escpos:
        return _OneByteStatusSerial(self.devfile, self.baudrate, timeout=self.timeout, dsrdtr=self.dsrdtr,
                      profile=self.profile)

    def describe(self) -> str:
        return f"{self.devfile}@{self.baudrate}"


class _OneByteStatusSerial(Serial):
    """python-escpos reads 16 bytes after a status request, so over a serial line every
    one-byte DLE EOT answer waits out the whole read timeout; a status answer is one byte."""

    def _read(self) -> bytes:
        return self.device.read(1)


@printers.register
class EscposUsbPrinter(EscposPrinter):
    """A printer on USB (printer class), addressed by vendor and product id; needs pyusb."""

    type = "escpos-usb"

    def __init__(self, name: str, *, id_vendor: int, id_product: int, in_ep: int = 0x82,
                 out_ep: int = 0x01, timeout: float = 0, **options):
        super().__init__(name, **options)
        self.id_vendor, self.id_product = _as_int(id_vendor), _as_int(id_product)
        self.in_ep, self.out_ep, self.timeout = _as_int(in_ep), _as_int(out_ep), timeout

    @classmethod
    def available_here(cls) -> bool:
        return Usb.is_usable()

    def _connection(self) -> escpos.Escpos:
        return Usb(self.id_vendor, self.id_product, timeout=self.timeout, in_ep=self.in_ep,
                   out_ep=self.out_ep, profile=self.profile)

    def describe(self) -> str:
        return f"usb {self.id_vendor:04x}:{self.id_product:04x}"


@printers.register
class EscposFilePrinter(EscposPrinter):
    """A write-only device file (``/dev/usb/lp0``) or a plain file; no status comes back."""

    type = "escpos-file"
    bidirectional = False

    def __init__(self, name: str, *, devfile: str, **options):
        super().__init__(name, **options)
        self.devfile = devfile

    def _connection(self) -> escpos.Escpos:
        return File(self.devfile, profile=self.profile)

    def status(self) -> PrinterStatus:
        # Nothing comes back over a file: the best sign of life is that it can be written.
        writable = os.access(self.devfile, os.W_OK) or (
            not os.path.exists(self.devfile) and os.access(os.path.dirname(self.devfile) or ".", os.W_OK))
        return PrinterStatus(online=writable)

    def describe(self) -> str:
        return self.devfile


def _as_int(value: int | str) -> int:
    """USB ids come from YAML as ints or as hex strings like ``"0x0416"``."""
    return value if isinstance(value, int) else int(str(value), 0)

