"""An ESC/POS command interpreter: what a receipt printer's firmware does with the byte stream.

It keeps the printer's mode (alignment, emphasis, character size, Chinese mode), turns text
and native QR codes into printed elements, answers DLE EOT real-time status requests and
splits the stream into jobs at each cut. The printer simulator runs it behind a TCP socket;
it is also handy to read back a byte-exact test's output.

Command lengths follow the Epson ESC/POS reference and the Chinese-model additions (FS &,
FS ., FS !). A command it does not know is recorded in ``unknown`` so a test can see it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10

# ESC commands with a fixed number of parameter bytes.
_ESC_ARGS = {
    ord("@"): 0, ord("2"): 0, ord("<"): 0, ord("a"): 1, ord("E"): 1, ord("G"): 1, ord("!"): 1,
    ord("d"): 1, ord("J"): 1, ord("e"): 1, ord("-"): 1, ord("M"): 1, ord("t"): 1, ord("R"): 1,
    ord("V"): 1, ord("{"): 1, ord("3"): 1, ord(" "): 1, ord("U"): 1, ord("r"): 1, ord("c"): 2,
    ord("p"): 3, ord("B"): 2, ord("$"): 2, ord("\\"): 2, ord("="): 1, ord("%"): 1, ord("D"): None,
}
_GS_ARGS = {
    ord("!"): 1, ord("B"): 1, ord("H"): 1, ord("h"): 1, ord("w"): 1, ord("f"): 1, ord("a"): 1,
    ord("r"): 1, ord("I"): 1, ord("b"): 1, ord("L"): 2, ord("W"): 2, ord("P"): 2, ord("$"): 2,
    ord("\\"): 2,
}
_FS_ARGS = {ord("&"): 0, ord("."): 0, ord("!"): 1, ord("C"): 1, ord("-"): 1, ord("W"): 1,
            ord("S"): 2, ord("p"): 2}
_ALIGN = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right", 50: "right"}
_QR_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}


class _Incomplete(Exception):
    """The buffer ends inside a command; wait for more bytes."""


@dataclass(frozen=True)
class TextRun:
    text: str
    bold: bool = False
    width: int = 1
    height: int = 1


@dataclass(frozen=True)
class PrintedLine:
    """One printed line: runs of text sharing a style, and the line's alignment."""

    runs: tuple[TextRun, ...]
    align: str = "left"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class PrintedQr:
    data: str
    module: int = 3
    ec: str = "L"
    align: str = "left"


@dataclass(frozen=True)
class PrintedImage:
    """A raster image or barcode; the simulator shows a placeholder."""

    kind: str
    align: str = "left"


Element = PrintedLine | PrintedQr | PrintedImage


@dataclass
class _Mode:
    align: str = "left"
    bold: bool = False
    width: int = 1
    height: int = 1
    chinese: bool = False


@dataclass
class ParsedJob:
    """What the interpreter made of one job's bytes."""

    raw: bytes
    elements: list[Element]
    cut: bool
    unknown: list[bytes] = field(default_factory=list)


class EscposInterpreter:
    """Feed it bytes; it answers status requests and hands out finished jobs.

    ``status(n)`` gives the DLE EOT n answer byte. ``chinese_default`` is the printer's
    power-on Chinese mode (off on most models until FS &). Text in Chinese mode is decoded
    with ``encoding``, otherwise with the single-byte page ``cp437``.
    """

    def __init__(self, status: Callable[[int], int], *, encoding: str = "gb18030",
                 chinese_default: bool = False):
        self._status = status
        self.encoding = encoding
        self.chinese_default = chinese_default
        self._buffer = b""
        self._reset_job()
        self._init_mode()

    def feed(self, data: bytes) -> tuple[bytes, list[ParsedJob]]:
        """Interpret ``data``; return the status answers to send back and the jobs it finished."""
        self._buffer += data
        replies, finished = bytearray(), []
        pos = 0
        while pos < len(self._buffer):
            try:
                end, reply, cut = self._command(self._buffer, pos)
            except _Incomplete:
                break
            self._raw += self._buffer[pos:end]
            pos = end
            if reply is not None:
                replies.append(reply)
            if cut:
                finished.append(self._finish(cut=True))
        self._buffer = self._buffer[pos:]
        return bytes(replies), finished

    def end_of_stream(self) -> ParsedJob | None:
        """The sender closed the connection: an uncut job that printed something ends here."""
        self._raw += self._buffer
        self._buffer = b""
        if self._text or self._line or self._elements:
            return self._finish(cut=False)
        self._reset_job()  # status requests alone are not a job
        return None

    # -- state -------------------------------------------------------------------------

    def _init_mode(self) -> None:
        self._mode = _Mode(chinese=self.chinese_default)
        self._qr = {"module": 3, "ec": "L", "data": b""}

    def _reset_job(self) -> None:
        self._raw = b""
        self._elements: list[Element] = []
        self._line: list[TextRun] = []
        self._text = b""
        self._unknown: list[bytes] = []

    def _finish(self, *, cut: bool) -> ParsedJob:
        self._flush_text()
        if self._line:
            self._end_line()
        job = ParsedJob(self._raw, self._elements, cut, self._unknown)
        self._reset_job()
        return job

    def _flush_text(self) -> None:
        if self._text:
            codec = self.encoding if self._mode.chinese else "cp437"
            m = self._mode
            self._line.append(TextRun(self._text.decode(codec, errors="replace"), m.bold, m.width, m.height))
            self._text = b""

    def _end_line(self) -> None:
        self._flush_text()
        self._elements.append(PrintedLine(tuple(self._line), self._mode.align))
        self._line = []

    # -- commands ----------------------------------------------------------------------

    def _command(self, buf: bytes, pos: int) -> tuple[int, int | None, bool]:
        """Interpret the command at ``pos``: (end position, status answer or None, cut?)."""
        byte = buf[pos]
        if byte >= 0x20:
            # Text. GB18030 trail bytes are never below 0x30, so a control byte always
            # starts a command even in the middle of Chinese text.
            end = pos
            while end < len(buf) and buf[end] >= 0x20:
                end += 1
            self._text += buf[pos:end]
            return end, None, False
        self._flush_text()
        if byte == 0x0A:
            self._end_line()
            return pos + 1, None, False
        if byte == DLE:
            return self._dle(buf, pos)
        if byte == ESC:
            return self._esc(buf, pos), None, False
        if byte == GS:
            return self._gs(buf, pos)
        if byte == FS:
            return self._fs(buf, pos), None, False
        if byte not in (0x0D, 0x09, 0x00):  # CR and HT print nothing here; NUL is padding
            self._unknown.append(bytes([byte]))
        return pos + 1, None, False

    def _dle(self, buf: bytes, pos: int) -> tuple[int, int | None, bool]:
        cmd = _arg(buf, pos + 1)
        if cmd == 0x04:  # DLE EOT n: real-time status, answered at once
            return pos + 3, self._status(_arg(buf, pos + 2)), False
        if cmd == 0x05:  # DLE ENQ n
            return pos + 3, None, False
        if cmd == 0x14:  # DLE DC4 fn m t
            return pos + 5, None, False
        self._unknown.append(buf[pos:pos + 2])
        return pos + 2, None, False

    def _esc(self, buf: bytes, pos: int) -> int:
        cmd = _arg(buf, pos + 1)
        n = _ESC_ARGS.get(cmd, -1)
        if cmd == ord("*"):  # ESC * m nL nH d1..dk: bit image
            m, low, high = _arg(buf, pos + 2), _arg(buf, pos + 3), _arg(buf, pos + 4)
            end = pos + 5 + (low + 256 * high) * (1 if m in (0, 1) else 3)
            _need(buf, end)
            self._elements.append(PrintedImage("image", self._mode.align))
            return end
        if cmd == ord("D"):  # ESC D n1..nk NUL: tab positions
            return _until_nul(buf, pos + 2)
        if n == -1:
            self._unknown.append(buf[pos:pos + 2])
            return pos + 2
        end = pos + 2 + n
        _need(buf, end)
        arg = buf[pos + 2] if n else 0
        mode = self._mode
        if cmd == ord("@"):
            self._init_mode()
        elif cmd == ord("a"):
            mode.align = _ALIGN.get(arg, mode.align)
        elif cmd in (ord("E"), ord("G")):
            mode.bold = bool(arg & 1)
        elif cmd == ord("!"):
            mode.bold = bool(arg & 0x08)
            mode.height = 2 if arg & 0x10 else 1
            mode.width = 2 if arg & 0x20 else 1
        elif cmd == ord("d"):  # print the pending line, then feed n blank lines
            if self._line:
                self._end_line()
            for _ in range(arg):
                self._end_line()
        return end

    def _gs(self, buf: bytes, pos: int) -> tuple[int, int | None, bool]:
        cmd = _arg(buf, pos + 1)
        if cmd == ord("V"):  # GS V m [n]: cut; m 65/66 (and 97/98, 103/104) feed n first
            m = _arg(buf, pos + 2)
            return pos + (4 if m >= 65 else 3), None, True
        if cmd == ord("("):  # GS ( fn pL pH ...: length-prefixed functions
            fn, low, high = _arg(buf, pos + 2), _arg(buf, pos + 3), _arg(buf, pos + 4)
            end = pos + 5 + low + 256 * high
            _need(buf, end)
            if fn == ord("k"):
                self._two_d_code(buf[pos + 5:end])
            return end, None, False
        if cmd == ord("v"):  # GS v 0 m xL xH yL yH d1..dk: raster image
            _need(buf, pos + 8)
            x = buf[pos + 4] + 256 * buf[pos + 5]
            y = buf[pos + 6] + 256 * buf[pos + 7]
            end = pos + 8 + x * y
            _need(buf, end)
            self._elements.append(PrintedImage("image", self._mode.align))
            return end, None, False
        if cmd == ord("k"):  # GS k m ...: 1D barcode
            m = _arg(buf, pos + 2)
            if m <= 6:
                end = _until_nul(buf, pos + 3)
            else:
                end = pos + 4 + _arg(buf, pos + 3)
                _need(buf, end)
            self._elements.append(PrintedImage("barcode", self._mode.align))
            return end, None, False
        n = _GS_ARGS.get(cmd)
        if n is None:
            self._unknown.append(buf[pos:pos + 2])
            return pos + 2, None, False
        end = pos + 2 + n
        _need(buf, end)
        if cmd == ord("!"):  # GS ! n: width in the high nibble, height in the low one
            self._mode.width = (buf[pos + 2] >> 4) + 1
            self._mode.height = (buf[pos + 2] & 0x0F) + 1
        return end, None, False

    def _fs(self, buf: bytes, pos: int) -> int:
        cmd = _arg(buf, pos + 1)
        n = _FS_ARGS.get(cmd)
        if n is None:
            self._unknown.append(buf[pos:pos + 2])
            return pos + 2
        end = pos + 2 + n
        _need(buf, end)
        if cmd == ord("&"):
            self._mode.chinese = True
        elif cmd == ord("."):
            self._mode.chinese = False
        return end

    def _two_d_code(self, params: bytes) -> None:
        """GS ( k with cn 49: QR model (65), module size (67), error correction (69),
        store data (80), print the stored symbol (81)."""
        if len(params) < 2 or params[0] != 49:
            self._unknown.append(b"\x1d(k" + params[:2])
            return
        fn = params[1]
        if fn == 67 and len(params) > 2:
            self._qr["module"] = params[2]
        elif fn == 69 and len(params) > 2:
            self._qr["ec"] = _QR_EC.get(params[2], "L")
        elif fn == 80:
            self._qr["data"] = params[3:]  # after the m byte '0'
        elif fn == 81:
            data = self._qr["data"].decode("utf-8", errors="replace")
            self._elements.append(PrintedQr(data, self._qr["module"], self._qr["ec"], self._mode.align))


def _arg(buf: bytes, index: int) -> int:
    _need(buf, index + 1)
    return buf[index]


def _need(buf: bytes, end: int) -> None:
    if len(buf) < end:
        raise _Incomplete


def _until_nul(buf: bytes, start: int) -> int:
    nul = buf.find(b"\x00", start)
    if nul < 0:
        raise _Incomplete
    return nul + 1
