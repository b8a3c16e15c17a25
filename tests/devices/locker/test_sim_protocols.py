"""The serial board simulators answer the protocol commands the drivers do not use, too."""
from __future__ import annotations

import pytest
import serial

from devices.locker import frames_8a
from devices.locker import frames_wkly as wkly
from devices.locker.sim_8a import EightABusSimulator
from devices.locker.sim_wkly import WklyBusSimulator
from devices.locker.simulator import LockerModel


@pytest.fixture
def model() -> LockerModel:
    return LockerModel.single_board(4)


def talk(simulator, request: bytes, reply_length: int, timeout: float = 2) -> bytes:
    with serial.Serial(simulator.port, 9600, timeout=timeout) as line:
        line.write(request)
        return line.read(reply_length)


def test_8a_open_all_and_query_one(model):
    with EightABusSimulator(model) as simulator:
        model.jam(4)
        assert talk(simulator, frames_8a.open_all(1), 5) == frames_8a.lock_status(0x8A, 1, 0, False)
        assert [model.door_closed(n) for n in range(1, 5)] == [False, False, False, True]
        assert talk(simulator, frames_8a.query_lock(1, 4), 5).hex(" ") == "80 01 04 11 94"
        assert talk(simulator, frames_8a.query_lock(1, 2), 5).hex(" ") == "80 01 02 00 83"


def test_8a_board_ignores_frames_for_other_addresses_and_bad_checks(model):
    with EightABusSimulator(model) as simulator:
        # Silence is the answer; waiting for it is bounded by a short read timeout.
        assert talk(simulator, frames_8a.query_all(2), 7, timeout=0.3) == b""
        assert talk(simulator, bytes.fromhex("80 01 00 33 b3"), 7, timeout=0.3) == b""
        assert simulator.requests == [frames_8a.query_all(2)]


def wkly_exchange(simulator, request: wkly.Frame) -> wkly.Frame:
    with serial.Serial(simulator.port, 9600, timeout=2) as line:
        line.write(request.encode())
        head = line.read(5)
        return wkly.decode(head + line.read(head[4] - 5))


def test_wkly_commands_80_to_89(model):
    with WklyBusSimulator(model, reports=False) as simulator:
        assert wkly.reply_ok(wkly_exchange(simulator, wkly.open_several(1, [1, 3])))
        assert [model.door_closed(n) for n in range(1, 5)] == [False, True, False, True]
        assert wkly_exchange(simulator, wkly.flash(1, 2)).data == bytes([wkly.STATUS_OK, 2])
        status = wkly.parse_lock_reply(wkly_exchange(simulator, wkly.status_one(1, 3)))
        assert status.closed is False
        assert wkly_exchange(simulator, wkly.keep_open(1, 2)).data == bytes([wkly.STATUS_OK, 2])
        assert model.door_closed(2) is False
        assert wkly_exchange(simulator, wkly.close(1, 2)).data == bytes([wkly.STATUS_OK, 2])
        assert wkly.reply_ok(wkly_exchange(simulator, wkly.open_sequential(1, [4])))
        assert wkly.reply_ok(wkly_exchange(simulator, wkly.open_all(1)))
        assert not any(model.door_closed(n) for n in range(1, 5))


def test_wkly_refuses_channels_the_board_does_not_have(model):
    with WklyBusSimulator(model, reports=False) as simulator:
        assert not wkly.reply_ok(wkly_exchange(simulator, wkly.open_one(1, 9)))
        assert not wkly.reply_ok(wkly_exchange(simulator, wkly.open_several(1, [2, 9])))
        assert model.door_closed(2) is True
