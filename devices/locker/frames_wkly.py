"""The "WKLY" lock-board protocol (see /work/shared/specs/lockers.md, family B).

``57 4B 4C 59 | LEN | BOARD | CMD | DATA... | XOR``: LEN is the length of the whole frame,
XOR covers every byte before it. Data layouts follow the vendor notes reproduced in
junerver/LockDemo (LockCtlBoardCmdHelper):

===  ======================  =======================  ==========================
cmd  meaning                 request data             reply data
===  ======================  =======================  ==========================
80   open several at once    count, channels...       status
81   flash channel LED       channel                  status, channel
82   open one                channel                  status, channel, lock state
83   status of one           channel                  status, channel, lock state
84   status of all           -                        status, count, states...
85   state change (board)    -                        channel, lock state (unsolicited)
86   open all in turn        -                        status
87   open several in turn    count, channels...       status
88   keep channel open       channel                  status, channel
89   close (end keep open)   channel                  status, channel
===  ======================  =======================  ==========================

Status 00 is success, FF failure; lock state 00 means the feedback switch reads "open", 01
"closed" (the bank layout may invert it where a switch is wired the other way).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from devices.base import ProtocolError

HEADER = b"WKLY"
OPEN_SEVERAL = 0x80
FLASH = 0x81
OPEN_ONE = 0x82
STATUS_ONE = 0x83
STATUS_ALL = 0x84
REPORT = 0x85
OPEN_ALL = 0x86
OPEN_SEQUENTIAL = 0x87
KEEP_OPEN = 0x88
CLOSE = 0x89
COMMANDS = range(OPEN_SEVERAL, CLOSE + 1)

STATUS_OK = 0x00
STATUS_FAIL = 0xFF
LOCK_OPEN = 0x00
LOCK_CLOSED = 0x01

_OVERHEAD = len(HEADER) + 4  # length, board, command, XOR


def xor(data: bytes) -> int:
    return reduce(lambda acc, byte: acc ^ byte, data, 0)


@dataclass(frozen=True)
class Frame:
    """One WKLY frame, either direction."""

    board: int
    command: int
    data: bytes = b""

    def encode(self) -> bytes:
        length = _OVERHEAD + len(self.data)
        if length > 0xFF or not 0 <= self.board <= 0xFF or self.command not in COMMANDS:
            raise ValueError(f"cannot encode WKLY frame {self!r}")
        body = HEADER + bytes([length, self.board, self.command]) + self.data
        return body + bytes([xor(body)])


def decode(raw: bytes) -> Frame:
    """Check header, length and XOR of one complete frame."""
    if len(raw) < _OVERHEAD or raw[:4] != HEADER:
        raise ProtocolError(f"not a WKLY frame: {raw.hex(' ')}")
    if raw[4] != len(raw):
        raise ProtocolError(f"WKLY frame {raw.hex(' ')} declares length {raw[4]}")
    if xor(raw[:-1]) != raw[-1]:
        raise ProtocolError(f"WKLY frame {raw.hex(' ')} fails its XOR check")
    if raw[6] not in COMMANDS:
        raise ProtocolError(f"WKLY frame {raw.hex(' ')} has unknown command {raw[6]:02X}")
    return Frame(raw[5], raw[6], bytes(raw[7:-1]))


def split(buffer: bytes) -> tuple[list[bytes], bytes]:
    """Cut complete frames off the front of a byte stream; return them and the unfinished rest.

    Bytes before a header are line noise (RS485 transceivers glitch when they switch
    direction) and are dropped; so is a header whose length byte is impossible.
    """
    frames = []
    while True:
        start = buffer.find(HEADER)
        if start < 0:
            # Keep a possible partial header at the end of the buffer.
            keep = next((n for n in range(3, 0, -1) if HEADER.startswith(buffer[-n:])), 0)
            return frames, buffer[len(buffer) - keep:] if keep else b""
        buffer = buffer[start:]
        if len(buffer) < 5:
            return frames, buffer
        length = buffer[4]
        if length < _OVERHEAD:
            buffer = buffer[1:]
            continue
        if len(buffer) < length:
            return frames, buffer
        frames.append(buffer[:length])
        buffer = buffer[length:]


def _channel(channel: int) -> bytes:
    if not 1 <= channel <= 0xFF:
        raise ValueError(f"WKLY channel {channel} is outside 1..255")
    return bytes([channel])


def _channels(channels: list[int]) -> bytes:
    if not channels:
        raise ValueError("name at least one channel")
    return bytes([len(channels)]) + b"".join(_channel(c) for c in channels)


# Requests (host -> board)

def open_several(board: int, channels: list[int]) -> Frame:
    return Frame(board, OPEN_SEVERAL, _channels(channels))


def flash(board: int, channel: int) -> Frame:
    return Frame(board, FLASH, _channel(channel))


def open_one(board: int, channel: int) -> Frame:
    return Frame(board, OPEN_ONE, _channel(channel))


def status_one(board: int, channel: int) -> Frame:
    return Frame(board, STATUS_ONE, _channel(channel))


def status_all(board: int) -> Frame:
    return Frame(board, STATUS_ALL)


def open_all(board: int) -> Frame:
    return Frame(board, OPEN_ALL)


def open_sequential(board: int, channels: list[int]) -> Frame:
    return Frame(board, OPEN_SEQUENTIAL, _channels(channels))


def keep_open(board: int, channel: int) -> Frame:
    return Frame(board, KEEP_OPEN, _channel(channel))


def close(board: int, channel: int) -> Frame:
    return Frame(board, CLOSE, _channel(channel))


# Replies and reports (board -> host)

@dataclass(frozen=True)
class LockState:
    """One channel's feedback switch as a board reports it."""

    board: int
    channel: int
    closed: bool


def reply(request: Frame, ok: bool, *extra: int) -> Frame:
    """A board's reply to ``request``: the status byte, then the command's own reply data."""
    return Frame(request.board, request.command, bytes([STATUS_OK if ok else STATUS_FAIL, *extra]))


def lock_reply(request: Frame, ok: bool, channel: int, closed: bool) -> Frame:
    """Reply to 82 (open one) and 83 (status of one)."""
    return reply(request, ok, channel, LOCK_CLOSED if closed else LOCK_OPEN)


def all_reply(request: Frame, closed: list[bool]) -> Frame:
    """Reply to 84: ``closed[i]`` is the switch of channel i + 1."""
    return reply(request, True, len(closed), *(LOCK_CLOSED if c else LOCK_OPEN for c in closed))


def report(board: int, channel: int, closed: bool) -> Frame:
    """The board's unsolicited 85 report of a state change."""
    return Frame(board, REPORT, bytes([channel, LOCK_CLOSED if closed else LOCK_OPEN]))


def reply_ok(frame: Frame) -> bool:
    if not frame.data:
        raise ProtocolError(f"WKLY reply {frame!r} has no status byte")
    if frame.data[0] not in (STATUS_OK, STATUS_FAIL):
        raise ProtocolError(f"WKLY reply {frame!r} has unknown status {frame.data[0]:02X}")
    return frame.data[0] == STATUS_OK


def _lock_state(board: int, channel: int, state: int) -> LockState:
    if state not in (LOCK_OPEN, LOCK_CLOSED):
        raise ProtocolError(f"WKLY board {board} channel {channel}: unknown lock state {state:02X}")
    return LockState(board, channel, state == LOCK_CLOSED)


def parse_lock_reply(frame: Frame) -> LockState:
    """The lock state in a successful 82 or 83 reply."""
    if frame.command not in (OPEN_ONE, STATUS_ONE) or len(frame.data) != 3:
        raise ProtocolError(f"not a WKLY single-lock reply: {frame!r}")
    return _lock_state(frame.board, frame.data[1], frame.data[2])


def parse_all_reply(frame: Frame) -> list[bool]:
    """Closed flags of every channel in a successful 84 reply (index 0 is channel 1)."""
    if frame.command != STATUS_ALL or len(frame.data) < 2 or len(frame.data) != 2 + frame.data[1]:
        raise ProtocolError(f"not a WKLY status-of-all reply: {frame!r}")
    return [_lock_state(frame.board, i + 1, s).closed for i, s in enumerate(frame.data[2:])]


def parse_report(frame: Frame) -> LockState:
    if frame.command != REPORT or len(frame.data) != 2:
        raise ProtocolError(f"not a WKLY state report: {frame!r}")
    return _lock_state(frame.board, frame.data[0], frame.data[1])


def parse_channels(frame: Frame) -> list[int]:
    """Channels named by an 80 or 87 request (count, then channels)."""
    if not frame.data or len(frame.data) != 1 + frame.data[0]:
        raise ProtocolError(f"WKLY request {frame!r} has a bad channel list")
    return list(frame.data[1:])
