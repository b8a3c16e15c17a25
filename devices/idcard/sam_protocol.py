"""Frames of the ID-card SAM serial protocol (GA 467-2013 readers; see shared spec idcard-sam.md).

Command:  ``AA AA AA 96 69 | LEN_HI LEN_LO | CMD PARA | DATA… | CHK``
Response: ``AA AA AA 96 69 | LEN_HI LEN_LO | SW1 SW2 SW3 | DATA… | CHK``

LEN counts every byte after the length field, CHK included; CHK is the XOR of every byte
after the preamble except itself. The same framing is used both ways, so one decoder serves
the driver (responses) and the simulator (commands).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import reduce
from operator import xor

from devices.base import CardNotPresent, CardReadError, DeviceError, ProtocolError

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
# The longest legal frame is text + photo + fingerprint: 3 SW + 3 length words + 256 + 1024 + 1024 + CHK.
MAX_LEN = 3 + 6 + 256 + 1024 + 1024 + 1
TEXT_LEN = 256
PHOTO_LEN = 1024
FINGERPRINT_LEN = 1024


@dataclass(frozen=True)
class Command:
    """A command's CMD PARA pair and what it is called in logs."""

    cmd: int
    para: int
    label: str

    @property
    def code(self) -> bytes:
        return bytes((self.cmd, self.para))


RESET_SAM = Command(0x10, 0xFF, "reset SAM")
SAM_STATUS = Command(0x11, 0xFF, "SAM status")
READ_SAM_ID = Command(0x12, 0xFF, "read SAM id")
FIND_CARD = Command(0x20, 0x01, "find card")
SELECT_CARD = Command(0x20, 0x02, "select card")
READ_TEXT_PHOTO = Command(0x30, 0x01, "read text and photo")
READ_TEXT_PHOTO_FINGERPRINT = Command(0x30, 0x10, "read text, photo and fingerprint")
SET_MAX_RF_BYTES = Command(0x61, 0xFF, "set max RF frame bytes")
COMMANDS = {c.code: c for c in (RESET_SAM, SAM_STATUS, READ_SAM_ID, FIND_CARD, SELECT_CARD,
                                READ_TEXT_PHOTO, READ_TEXT_PHOTO_FINGERPRINT, SET_MAX_RF_BYTES)}

# SW3 status codes.
OK = 0x90
NO_CONTENT = 0x91
CARD_FOUND = 0x9F
FIND_FAILED = 0x80
SELECT_FAILED = 0x81
READ_FAILED = 0x41

# What each non-success SW3 means and which project error it becomes.
STATUS: dict[int, tuple[type[DeviceError], str]] = {
    0x10: (ProtocolError, "SAM reports a checksum error in the command"),
    0x11: (ProtocolError, "SAM reports a length error in the command"),
    0x21: (ProtocolError, "SAM reports a command error"),
    0x23: (DeviceError, "SAM reports an unauthorised operation"),
    0x24: (ProtocolError, "SAM reports an unrecognised error"),
    0x31: (CardReadError, "card failed to authenticate the SAM"),
    0x32: (CardReadError, "SAM failed to authenticate the card"),
    0x33: (CardReadError, "verification failed"),
    0x37: (CardReadError, "fingerprint error"),
    0x3F: (ProtocolError, "information length error"),
    0x40: (CardReadError, "unrecognised card type"),
    0x41: (CardReadError, "card read failed"),
    0x47: (CardReadError, "random number generation failed"),
    0x60: (DeviceError, "SAM self-test failed"),
    0x66: (DeviceError, "SAM is not authorised"),
    0x80: (CardNotPresent, "no card found"),
    0x81: (CardReadError, "card selection failed"),
    NO_CONTENT: (CardReadError, "the requested field has no content"),
}
SAM_FAULT_HINT = "The reader's security module reports a fault; power-cycle the reader or have it serviced."


def checksum(data: bytes) -> int:
    """XOR of the bytes after the preamble (LEN included), CHK excluded."""
    return reduce(xor, data, 0)


def encode_frame(payload: bytes) -> bytes:
    """Wrap a payload (CMD PARA DATA or SW1 SW2 SW3 DATA) into a complete frame."""
    length = struct.pack(">H", len(payload) + 1)
    return PREAMBLE + length + payload + bytes((checksum(length + payload),))


def command_frame(command: Command, data: bytes = b"") -> bytes:
    return encode_frame(command.code + data)


def response_frame(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return encode_frame(bytes((sw1, sw2, sw3)) + data)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @classmethod
    def from_payload(cls, payload: bytes) -> Response:
        if len(payload) < 3:
            raise ProtocolError(f"response payload of {len(payload)} bytes has no status word")
        return cls(payload[0], payload[1], payload[2], payload[3:])

    def check(self, command: Command, *accepted: int) -> Response:
        """Return self when SW3 is one of ``accepted`` (default 90), else raise the typed error."""
        accepted = accepted or (OK,)
        if self.sw1 or self.sw2:
            raise ProtocolError(f"{command.label}: SW1 SW2 = {self.sw1:02X} {self.sw2:02X}")
        if self.sw3 in accepted:
            return self
        raise status_error(command, self.sw3)


def status_error(command: Command, sw3: int) -> DeviceError:
    """The typed error for a non-success SW3 answered to ``command``."""
    error_cls, meaning = STATUS.get(sw3, (ProtocolError, "unknown status"))
    detail = f"{command.label}: SW3 {sw3:02X} ({meaning})"
    if error_cls is DeviceError:
        return DeviceError(detail, staff_hint=SAM_FAULT_HINT)
    return error_cls(detail)


@dataclass(frozen=True)
class CommandFrame:
    command: Command | None  # None for a CMD PARA pair this module does not know
    code: bytes
    data: bytes = b""

    @classmethod
    def from_payload(cls, payload: bytes) -> CommandFrame:
        if len(payload) < 2:
            raise ProtocolError("command payload has no CMD PARA")
        return cls(COMMANDS.get(payload[:2]), payload[:2], payload[2:])


class FrameDecoder:
    """Finds frames in a byte stream fed piece by piece.

    Bytes before a preamble are skipped (resynchronisation after line noise or a frame cut
    short). A frame whose LEN is impossible or whose CHK does not match raises ProtocolError
    and is dropped, so the next call continues with the bytes after it.
    """

    def __init__(self, max_len: int = MAX_LEN):
        self.max_len = max_len
        self._buffer = bytearray()
        self.skipped = 0  # bytes discarded while looking for a preamble

    @property
    def pending(self) -> int:
        """Bytes held that do not yet form a complete frame."""
        return len(self._buffer)

    def feed(self, data: bytes) -> None:
        self._buffer += data

    def next_payload(self) -> bytes | None:
        """The payload of the next complete frame, or None until more bytes arrive."""
        self._resync()
        if len(self._buffer) < len(PREAMBLE) + 2:
            return None
        start = len(PREAMBLE)
        (length,) = struct.unpack_from(">H", self._buffer, start)
        if not 2 <= length <= self.max_len:
            self._drop(1)
            raise ProtocolError(f"impossible frame length {length}")
        end = start + 2 + length
        if len(self._buffer) < end:
            return None
        body = bytes(self._buffer[start:end - 1])  # LEN + payload
        chk = self._buffer[end - 1]
        del self._buffer[:end]
        if checksum(body) != chk:
            raise ProtocolError(f"checksum mismatch: got {chk:02X}, computed {checksum(body):02X}")
        return body[2:]

    def _resync(self) -> None:
        at = self._buffer.find(PREAMBLE)
        if at < 0:
            # Keep a tail that could be the start of a preamble split across reads.
            keep = next((n for n in range(len(PREAMBLE) - 1, 0, -1)
                         if self._buffer.endswith(PREAMBLE[:n])), 0)
            self._drop(len(self._buffer) - keep)
        elif at:
            self._drop(at)

    def _drop(self, count: int) -> None:
        self.skipped += count
        del self._buffer[:count]

    def clear(self) -> None:
        self._buffer.clear()


@dataclass(frozen=True)
class ReadData:
    """The blocks of a 30 01 / 30 10 answer."""

    text: bytes
    photo: bytes
    fingerprint: bytes = b""


def parse_read_data(data: bytes, with_fingerprint: bool = False) -> ReadData:
    """Split the DATA of a read answer into text, photo (and fingerprint) by its length words."""
    words = 3 if with_fingerprint else 2
    if len(data) < 2 * words:
        raise ProtocolError(f"read answer of {len(data)} bytes has no length words")
    lengths = struct.unpack_from(f">{words}H", data)
    if len(data) != 2 * words + sum(lengths):
        raise ProtocolError(f"read answer of {len(data)} bytes does not match its lengths {lengths}")
    if lengths[0] != TEXT_LEN:
        raise ProtocolError(f"text block of {lengths[0]} bytes, expected {TEXT_LEN}")
    offset = 2 * words
    blocks = []
    for size in lengths:
        blocks.append(data[offset:offset + size])
        offset += size
    return ReadData(*blocks)


def build_read_data(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The DATA of a read answer, as a reader sends it (the simulator's side of parse_read_data)."""
    blocks = [text, photo] + ([fingerprint] if fingerprint is not None else [])
    return struct.pack(f">{len(blocks)}H", *map(len, blocks)) + b"".join(blocks)


def format_sam_id(data: bytes) -> str:
    """The SAM id as vendors print it (e.g. ``05.01-20101220-0012345678-1234567890``)."""
    if len(data) < 16:
        raise ProtocolError(f"SAM id of {len(data)} bytes, expected 16")
    a, b, c, d, e = struct.unpack_from("<HHIII", data)
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


def build_sam_id(text: str) -> bytes:
    """Inverse of format_sam_id."""
    head, c, d, e = text.split("-")
    a, b = head.split(".")
    return struct.pack("<HHIII", int(a), int(b), int(c), int(d), int(e))
