"""Lay a ``Receipt`` out as ESC/POS bytes for a Chinese receipt printer.

The layout is built on python-escpos' ``Dummy`` printer so the commands (align, bold, size,
native QR, cut) are the library's; only the text is encoded here. python-escpos' magic
encoder targets single-byte code pages: it sends text as GB18030 only when it spots a
character in U+4E00..U+9FA5 and otherwise falls back to code-page switching, so CJK
punctuation on its own, full-width forms and rare name characters outside that block
(e.g. 𠮷) come out as ``?``. Receipts therefore encode every line in the printer's own
encoding and hand the bytes to the library's raw primitive. Lines are broken here, not by the
printer (see ``devices.printer.linebreak``).
"""
from __future__ import annotations

import codecs
import re

from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from devices.printer.base import Receipt, ReceiptLine
from devices.printer.linebreak import wrap

# FS & selects Chinese character mode, FS . cancels it (ESC/POS, Chinese models).
FS_CHINESE_ON = b"\x1c&"
FS_CHINESE_OFF = b"\x1c."

CHINESE_ENCODINGS = frozenset({"gb18030", "gbk", "gb2312", "big5"})

_ALIGNS = frozenset({"left", "center", "right"})
# Control characters in data (a name or an address) must not reach the printer as commands.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; ValueError for an unknown encoding (checked at start-up)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown printer encoding {encoding!r}") from None


class ReceiptLayout:
    """Turns receipts into the byte stream one printer model understands.

    ``encoding`` is the printer's character set (GB18030 for mainland models); with
    ``chinese_mode`` the job switches the printer to Chinese character mode (FS &) first.
    ``qr_size`` is the QR module size in dots (1-16). ``columns`` is the line's width in font A
    characters: 32 on 58 mm paper (384 dots), 48 on 80 mm (576 dots).
    """

    def __init__(self, *, encoding: str = "gb18030", chinese_mode: bool | None = None,
                 qr_size: int = 6, profile: str | None = None, columns: int = 32):
        self.encoding = check_encoding(encoding)
        self.chinese_mode = (self.encoding in CHINESE_ENCODINGS
                             if chinese_mode is None else chinese_mode)
        if not 1 <= qr_size <= 16:
            raise ValueError("qr_size must be 1-16 dots")
        self.qr_size = qr_size
        self.profile = profile
        if columns < 8:
            raise ValueError("a receipt line needs at least 8 columns")
        self.columns = columns

    def render(self, receipt: Receipt) -> bytes:
        """The complete job: initialise, Chinese mode, title, lines, QR, footer, feed and cut."""
        p = Dummy(profile=self.profile)
        p.hw("INIT")
        if self.chinese_mode:
            p._raw(FS_CHINESE_ON)
        self._line(p, ReceiptLine(receipt.title, bold=True, large=True, align="center"))
        for line in receipt.lines:
            self._line(p, line)
        if receipt.qr:
            # Native QR (GS ( k); python-escpos refuses center=True for native codes,
            # so the code is centred with ESC a like text.
            p.set(align="center")
            p.qr(receipt.qr, native=True, size=self.qr_size, ec=QR_ECLEVEL_M)
            p._raw(b"\n")
        for line in receipt.footer:
            self._line(p, line)
        p.cut()
        return p.output

    def encode(self, text: str) -> bytes:
        """Text in the printer's encoding, control characters replaced by spaces."""
        return _CONTROL.sub(" ", text).encode(self.encoding, errors="replace")

    def _line(self, p: Dummy, line: ReceiptLine) -> None:
        if line.align not in _ALIGNS:
            raise ValueError(f"unknown alignment {line.align!r}")
        size = 2 if line.large else 1
        # GS ! (custom size) scales Chinese characters too; ESC ! only affects the
        # alphanumeric font on Chinese models, so a large title would stay small.
        p.set(align=line.align, bold=line.bold, custom_size=True, width=size, height=size)
        text = _CONTROL.sub(" ", line.text)
        for part in wrap(text, self.columns // size, ambiguous_as_wide=self.chinese_mode):
            p._raw(self.encode(part) + b"\n")
