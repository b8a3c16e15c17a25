"""Commissioning checks on a real locker bank; skipped unless asked for.

    KIOSK_HARDWARE_TESTS=1 \
    KIOSK_LOCKER='{"type": "lock-8a", "port": "/dev/ttyUSB1", "boards": [{"address": 1, "locks": 24}]}' \
    KIOSK_LOCKER_TEST_COMPARTMENT=3 \
    .venv/bin/pytest -m hardware tests/devices/locker/test_hardware.py

The unlock check opens one real door: someone must be at the locker to close it again.
"""
from __future__ import annotations

import json
import os

import pytest

from devices.locker.base import locker_banks

pytestmark = [
    pytest.mark.hardware,
    pytest.mark.skipif(os.environ.get("KIOSK_HARDWARE_TESTS") != "1" or "KIOSK_LOCKER" not in os.environ,
                       reason="needs KIOSK_HARDWARE_TESTS=1 and KIOSK_LOCKER (driver options as JSON)"),
]


@pytest.fixture
def bank():
    options = json.loads(os.environ["KIOSK_LOCKER"])
    bank = locker_banks.get(options.pop("type"))("hardware", **options)
    bank.open()
    yield bank
    bank.close()


def test_every_board_answers(bank):
    states = bank.states()
    assert bank.health.available is True
    assert sorted(states) == list(range(1, len(states) + 1))


def test_an_unlocked_door_opens(bank):
    number = int(os.environ.get("KIOSK_LOCKER_TEST_COMPARTMENT", "1"))
    assert bank.unlock_and_confirm(number, timeout=5).door_closed is False
