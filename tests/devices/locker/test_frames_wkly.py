"""WKLY frames, byte for byte (XORs worked out by hand from the frame layout)."""
from __future__ import annotations

import pytest

from devices.base import ProtocolError
from devices.locker import frames_wkly as wkly


@pytest.mark.parametrize(("frame", "expected"), [
    (wkly.status_all(1), "57 4b 4c 59 08 01 84 84"),
    (wkly.open_one(1, 2), "57 4b 4c 59 09 01 82 02 81"),
    (wkly.open_several(1, [1, 3]), "57 4b 4c 59 0b 01 80 02 01 03 83"),
    (wkly.open_all(3), "57 4b 4c 59 08 03 86 84"),
    (wkly.close(1, 5), "57 4b 4c 59 09 01 89 05 8d"),
])
def test_requests(frame, expected):
    assert frame.encode().hex(" ") == expected


def test_every_command_80_to_89_has_its_byte():
    frames = [wkly.open_several(1, [1]), wkly.flash(1, 1), wkly.open_one(1, 1),
              wkly.status_one(1, 1), wkly.status_all(1), wkly.report(1, 1, True),
              wkly.open_all(1), wkly.open_sequential(1, [1]), wkly.keep_open(1, 1),
              wkly.close(1, 1)]
    assert [f.encode()[6] for f in frames] == list(range(0x80, 0x8A))
    assert all(wkly.decode(f.encode()) == f for f in frames)


def test_replies_and_reports():
    request = wkly.open_one(1, 2)
    opened = wkly.lock_reply(request, True, 2, closed=False)
    assert opened.encode().hex(" ") == "57 4b 4c 59 0b 01 82 00 02 00 83"
    assert wkly.reply(request, False, 2).encode().hex(" ") == "57 4b 4c 59 0a 01 82 ff 02 7d"
    everything = wkly.all_reply(wkly.status_all(2), [True, False, True])
    assert everything.encode().hex(" ") == "57 4b 4c 59 0d 02 84 00 03 01 00 01 81"
    assert wkly.report(1, 3, False).encode().hex(" ") == "57 4b 4c 59 0a 01 85 03 00 84"


def test_parsing_replies():
    assert wkly.reply_ok(wkly.decode(bytes.fromhex("57 4b 4c 59 0b 01 82 00 02 00 83")))
    assert not wkly.reply_ok(wkly.decode(bytes.fromhex("57 4b 4c 59 0a 01 82 ff 02 7d")))
    lock = wkly.parse_lock_reply(wkly.decode(bytes.fromhex("57 4b 4c 59 0b 01 82 00 02 00 83")))
    assert lock == wkly.LockState(board=1, channel=2, closed=False)
    everything = wkly.decode(bytes.fromhex("57 4b 4c 59 0d 02 84 00 03 01 00 01 81"))
    assert wkly.parse_all_reply(everything) == [True, False, True]
    report = wkly.decode(bytes.fromhex("57 4b 4c 59 0a 01 85 03 00 84"))
    assert wkly.parse_report(report) == wkly.LockState(board=1, channel=3, closed=False)
    assert wkly.parse_channels(wkly.open_several(1, [1, 3])) == [1, 3]


@pytest.mark.parametrize(("raw", "complaint"), [
    ("57 4b 4c 59 08 01 84 85", "XOR"),
    ("57 4b 4c 59 09 01 84 84", "length"),
    ("57 4b 4c 58 08 01 84 85", "not a WKLY"),
    ("57 4b 4c 59 08 01 8a 8a", "unknown command"),
])
def test_broken_frames_are_protocol_errors(raw, complaint):
    with pytest.raises(ProtocolError, match=complaint):
        wkly.decode(bytes.fromhex(raw))


def test_unknown_lock_state_and_short_replies_are_protocol_errors():
    with pytest.raises(ProtocolError, match="lock state"):
        wkly.parse_report(wkly.Frame(1, wkly.REPORT, bytes([3, 7])))
    with pytest.raises(ProtocolError):
        wkly.parse_all_reply(wkly.Frame(1, wkly.STATUS_ALL, bytes([0, 3, 1])))
    with pytest.raises(ProtocolError):
        wkly.reply_ok(wkly.Frame(1, wkly.OPEN_ALL))


def test_split_finds_frames_in_a_noisy_stream_and_keeps_the_unfinished_rest():
    report = bytes.fromhex("57 4b 4c 59 0a 01 85 03 00 84")
    reply = bytes.fromhex("57 4b 4c 59 0b 01 82 00 02 00 83")
    frames, rest = wkly.split(b"\x00\xff" + report + reply + reply[:6])
    assert frames == [report, reply]
    assert rest == reply[:6]
    frames, rest = wkly.split(rest + reply[6:])
    assert frames == [reply] and rest == b""


def test_split_keeps_a_header_cut_in_half_and_skips_an_impossible_length():
    assert wkly.split(b"\x01\x02WK") == ([], b"WK")
    status = bytes.fromhex("57 4b 4c 59 08 01 84 84")
    frames, rest = wkly.split(b"WKLY\x02" + status)
    assert frames == [status] and rest == b""


def test_bad_request_arguments_are_value_errors():
    with pytest.raises(ValueError):
        wkly.open_one(1, 0)
    with pytest.raises(ValueError):
        wkly.open_several(1, [])
