"""The "8A" five-byte lock-board protocol (see /work/shared/specs/lockers.md, family A).

Frames are ``HEAD BOARD LOCK FUNC BCC`` with BCC the XOR of the four bytes before it:

- open one lock ``8A 01 01 11 9B``; open all ``8A 01 00 11 9A`` (lock 0 means all);
  the board echoes board and lock with the lock's status byte.
- query one lock ``80 01 01 33 B3`` -> ``80 01 01 STATUS BCC``;
  query all ``80 01 00 33 B2`` -> ``80 01 s1 s2 s3 33 CHK``, one bit per lock in groups of eight.

A status byte of 0x11 means the feedback switch is active, 0x00 inactive; whether active means
"closed" depends on the switch wiring and is decided by the bank layout, not here. Vendors differ
in the order of the group bytes, so it is a parameter: ``low-first`` puts locks 1-8 in s1,
``high-first`` puts them in the last group byte. Inside a byte bit 0 is the lowest lock.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from devices.base import ProtocolError

OPEN_HEAD = 0x8A
QUERY_HEAD = 0x80
OPEN_FUNC = 0x11
QUERY_FUNC = 0x33
STATUS_ACTIVE = 0x11
STATUS_INACTIVE = 0x00
ALL_LOCKS = 0x00
FRAME_LENGTH = 5
GROUP_ORDERS = ("low-first", "high-first")


def bcc(data: bytes) -> int:
    """XOR of every byte (the 8A block check character)."""
    return reduce(lambda acc, byte: acc ^ byte, data, 0)


def _frame(*fields: int) -> bytes:
    for value in fields:
        if not 0 <= value <= 0xFF:
            raise ValueError(f"8A frame field {value} is outside 0..255")
    body = bytes(fields)
    return body + bytes([bcc(body)])


def open_lock(board: int, lock: int) -> bytes:
    return _frame(OPEN_HEAD, board, lock, OPEN_FUNC)


def open_all(board: int) -> bytes:
    return open_lock(board, ALL_LOCKS)


def query_lock(board: int, lock: int) -> bytes:
    return _frame(QUERY_HEAD, board, lock, QUERY_FUNC)


def query_all(board: int) -> bytes:
    return query_lock(board, ALL_LOCKS)


@dataclass(frozen=True)
class Request:
    """A request frame as a board sees it."""

    head: int   # OPEN_HEAD or QUERY_HEAD
    board: int
    lock: int   # ALL_LOCKS for open all / query all


@dataclass(frozen=True)
class LockStatus:
    """A board's answer about one lock: its feedback switch level."""

    board: int
    lock: int
    active: bool


def _checked(frame: bytes, length: int) -> bytes:
    if len(frame) != length:
        raise ProtocolError(f"8A frame {frame.hex(' ')} has {len(frame)} bytes, expected {length}")
    if bcc(frame[:-1]) != frame[-1]:
        raise ProtocolError(f"8A frame {frame.hex(' ')} fails its XOR check")
    return frame


def parse_request(frame: bytes) -> Request:
    head, board, lock, func, _ = _checked(frame, FRAME_LENGTH)
    if (head, func) not in ((OPEN_HEAD, OPEN_FUNC), (QUERY_HEAD, QUERY_FUNC)):
        raise ProtocolError(f"8A frame {frame.hex(' ')} is neither an open nor a query")
    return Request(head, board, lock)


def lock_status(head: int, board: int, lock: int, active: bool) -> bytes:
    """A board's reply to an open (head 8A) or a query-one (head 80) request."""
    return _frame(head, board, lock, STATUS_ACTIVE if active else STATUS_INACTIVE)


def parse_lock_status(frame: bytes, head: int) -> LockStatus:
    got_head, board, lock, status, _ = _checked(frame, FRAME_LENGTH)
    if got_head != head:
        raise ProtocolError(f"8A reply {frame.hex(' ')} does not start with {head:02X}")
    if status not in (STATUS_ACTIVE, STATUS_INACTIVE):
        raise ProtocolError(f"8A reply {frame.hex(' ')} has unknown status byte {status:02X}")
    return LockStatus(board, lock, status == STATUS_ACTIVE)


def all_status_length(groups: int) -> int:
    """Length of the query-all reply of a board reporting ``groups`` bytes of eight locks."""
    return 4 + groups


def all_status(board: int, levels: list[bool], groups: int, order: str = "low-first") -> bytes:
    """A board's reply to query-all: ``levels[i]`` is the switch of lock i + 1."""
    _check_order(order)
    if len(levels) > groups * 8:
        raise ValueError(f"{len(levels)} locks do not fit in {groups} status bytes")
    data = [0] * groups
    for index, active in enumerate(levels):
        if active:
            data[index // 8] |= 1 << (index % 8)
    if order == "high-first":
        data.reverse()
    return _frame(QUERY_HEAD, board, *data, QUERY_FUNC)


def parse_all_status(frame: bytes, groups: int, order: str = "low-first") -> tuple[int, list[bool]]:
    """Board address and the switch level of each lock (index 0 is lock 1)."""
    _check_order(order)
    _checked(frame, all_status_length(groups))
    if frame[0] != QUERY_HEAD or frame[-2] != QUERY_FUNC:
        raise ProtocolError(f"8A reply {frame.hex(' ')} is not a query-all answer")
    data = list(frame[2:-2])
    if order == "high-first":
        data.reverse()
    return frame[1], [bool(byte >> bit & 1) for byte in data for bit in range(8)]


def _check_order(order: str) -> None:
    if order not in GROUP_ORDERS:
        raise ValueError(f"group order must be one of {GROUP_ORDERS}, not {order!r}")
