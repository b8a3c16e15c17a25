"""8A frames, byte for byte, against the examples of the locker spec."""
from __future__ import annotations

import pytest

from devices.base import ProtocolError
from devices.locker import frames_8a


@pytest.mark.parametrize(("frame", "expected"), [
    (frames_8a.open_lock(1, 1), "8a 01 01 11 9b"),
    (frames_8a.open_all(1), "8a 01 00 11 9a"),
    (frames_8a.query_lock(1, 1), "80 01 01 33 b3"),
    (frames_8a.query_all(1), "80 01 00 33 b2"),
    (frames_8a.open_lock(0x1F, 0x18), "8a 1f 18 11 9c"),
])
def test_requests_match_the_spec(frame, expected):
    assert frame.hex(" ") == expected


def test_bcc_is_the_xor_of_the_first_four_bytes():
    assert frames_8a.bcc(bytes.fromhex("8a010111")) == 0x9B
    assert frames_8a.bcc(b"") == 0


def test_lock_status_replies_carry_0x11_or_0x00():
    assert frames_8a.lock_status(0x8A, 1, 1, True).hex(" ") == "8a 01 01 11 9b"
    assert frames_8a.lock_status(0x80, 1, 1, False).hex(" ") == "80 01 01 00 80"
    status = frames_8a.parse_lock_status(bytes.fromhex("80 01 01 00 80"), frames_8a.QUERY_HEAD)
    assert status == frames_8a.LockStatus(board=1, lock=1, active=False)


@pytest.mark.parametrize(("order", "expected"), [
    ("low-first", "80 01 05 80 01 33 36"),
    ("high-first", "80 01 01 80 05 33 36"),
])
def test_query_all_reply_groups_eight_locks_per_byte_in_either_order(order, expected):
    levels = [False] * 24
    for lock in (1, 3, 16, 17):
        levels[lock - 1] = True
    frame = frames_8a.all_status(1, levels, groups=3, order=order)
    assert frame.hex(" ") == expected
    board, parsed = frames_8a.parse_all_status(frame, groups=3, order=order)
    assert board == 1 and parsed == levels


def test_query_all_reply_read_in_the_wrong_order_moves_the_locks():
    frame = bytes.fromhex("80 01 05 80 01 33 36")
    _, parsed = frames_8a.parse_all_status(frame, groups=3, order="high-first")
    assert [i + 1 for i, level in enumerate(parsed) if level] == [1, 16, 17, 19]


def test_requests_parse_as_a_board_sees_them():
    assert frames_8a.parse_request(bytes.fromhex("8a 01 00 11 9a")) == frames_8a.Request(0x8A, 1, 0)
    assert frames_8a.parse_request(bytes.fromhex("80 02 03 33 b2")) == frames_8a.Request(0x80, 2, 3)


@pytest.mark.parametrize("raw", [
    "8a 01 01 11 9c",          # bad BCC
    "8a 01 01 11",             # short
    "8a 01 01 33 bd",          # open head with query function
])
def test_bad_requests_are_refused(raw):
    with pytest.raises(ProtocolError):
        frames_8a.parse_request(bytes.fromhex(raw))


def test_bad_replies_are_protocol_errors():
    with pytest.raises(ProtocolError, match="XOR"):
        frames_8a.parse_all_status(bytes.fromhex("80 01 05 80 01 33 37"), groups=3)
    with pytest.raises(ProtocolError, match="status byte"):
        frames_8a.parse_lock_status(bytes.fromhex("8a 01 01 22 a8"), frames_8a.OPEN_HEAD)
    with pytest.raises(ProtocolError, match="does not start"):
        frames_8a.parse_lock_status(bytes.fromhex("80 01 01 00 80"), frames_8a.OPEN_HEAD)


def test_out_of_range_fields_and_orders_are_value_errors():
    with pytest.raises(ValueError):
        frames_8a.open_lock(256, 1)
    with pytest.raises(ValueError):
        frames_8a.all_status(1, [True] * 25, groups=3)
    with pytest.raises(ValueError):
        frames_8a.parse_all_status(bytes(7), groups=3, order="middle-first")
