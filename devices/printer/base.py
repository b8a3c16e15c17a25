"""The receipt printer interface.

The domain describes a receipt as data (``Receipt``); the driver lays it out in ESC/POS with
the printer's Chinese encoding, prints the QR code and cuts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from devices.base import Device, Registry


@dataclass(frozen=True)
class ReceiptLine:
    text: str
    bold: bool = False
    large: bool = False
    align: str = "left"  # left | center | right


@dataclass(frozen=True)
class Receipt:
    title: str
    lines: list[ReceiptLine] = field(default_factory=list)
    qr: str = ""          # URL or text encoded as a QR code under the lines
    footer: list[ReceiptLine] = field(default_factory=list)


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper_out: bool = False
    paper_low: bool = False
    cover_open: bool = False


class ReceiptPrinter(Device):
    def print_receipt(self, receipt: Receipt) -> None:
        """Print and cut; raises PrinterError when the printer cannot print."""
        raise NotImplementedError

    def status(self) -> PrinterStatus:
        raise NotImplementedError


printers: Registry[ReceiptPrinter] = Registry("printer")
