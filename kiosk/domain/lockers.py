"""The locker book's rules: compartment sizes, what a reservation is for and where it stands,
which compartment to give, what a closed door means, how the book meets the boards after a
restart, and pickup codes.

Pure Python: the service (kiosk.services.lockers) keeps the book in the database and talks to
the banks; everything here decides from plain values, so each rule can be tested alone.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

# Compartment sizes, smallest first: a thing fits any compartment at least its size.
SIZES = ("small", "medium", "large")

# What a reservation is for.
ORIGINALS = "originals"        # a citizen hands in the paper originals of an application
LATE_MATERIAL = "late"         # a citizen hands in a material deferred under 容缺
RESULT = "result"              # staff leave a certificate or result for the citizen to pick up
HANDED_IN = (ORIGINALS, LATE_MATERIAL)


class Status(str, Enum):
    """Where a reservation stands. A compartment is busy while one of its reservations is active."""

    OPENING = "opening"            # the lock is being pulsed
    OPEN = "open"                  # door open, waiting for a citizen (or staff) to close it
    LEFT_OPEN = "left_open"        # not closed in time: staff alerted, nothing recorded
    EMPTY = "empty"                # closed with the item sensor seeing nothing: no deposit
    STORED = "stored"              # something lies inside as the book says (deposit recorded)
    UNCONFIRMED = "unconfirmed"    # something may lie inside: staff must check (after a power cut)
    COLLECTING = "collecting"      # staff opened it to take a hand-in out
    AWAITING_PICKUP = "awaiting_pickup"  # a result lies inside; its pickup code is valid
    PICKING_UP = "picking_up"      # the citizen's door is open
    DONE = "done"                  # taken out: the compartment is free again
    CANCELLED = "cancelled"        # ended without anything stored (door would not open, nothing put in)


ACTIVE = frozenset({Status.OPENING, Status.OPEN, Status.LEFT_OPEN, Status.EMPTY, Status.STORED,
                    Status.UNCONFIRMED, Status.COLLECTING, Status.AWAITING_PICKUP, Status.PICKING_UP})
# A door is expected to be open (or about to be) in these states.
DOOR_EXPECTED_OPEN = frozenset({Status.OPENING, Status.OPEN, Status.LEFT_OPEN, Status.EMPTY,
                                Status.COLLECTING, Status.PICKING_UP})
# Something the book knows of lies inside.
HOLDS_ITEM = frozenset({Status.STORED, Status.UNCONFIRMED, Status.AWAITING_PICKUP})


class LockerConfigError(ValueError):
    """The LOCKERS configuration is wrong; the message names the offending key."""


@dataclass(frozen=True)
class CompartmentSpec:
    """One compartment as configured: its bank, number, size and the kiosk it stands next to."""

    bank: str
    number: int
    size: str
    terminal: str


def parse_layout(config: Mapping, compartments: Mapping[str, Iterable[int]]) -> list[CompartmentSpec]:
    """Compartment specs from the ``LOCKERS`` setting and the numbers each bank really has.

    ``config`` is ``{"A": {"terminal": "K01", "sizes": {"1-8": "small", "9-12": "large"}}}``;
    compartments a ``sizes`` range does not name are "small". A bank that is configured but has
    no device, or a range naming a compartment the bank lacks, is a configuration error.
    """
    specs: list[CompartmentSpec] = []
    for bank, numbers in compartments.items():
        numbers = sorted(numbers)
        entry = config.get(bank, {})
        if not isinstance(entry, Mapping):
            raise LockerConfigError(f"LOCKERS.{bank} must be a table with terminal and sizes")
        terminal = str(entry.get("terminal") or "")
        if not terminal:
            raise LockerConfigError(f"LOCKERS.{bank}.terminal is missing (the kiosk the bank stands next to)")
        sizes = dict.fromkeys(numbers, SIZES[0])
        for key, size in dict(entry.get("sizes") or {}).items():
            if size not in SIZES:
                raise LockerConfigError(f"LOCKERS.{bank}.sizes.{key}: {size!r} is not one of {', '.join(SIZES)}")
            for number in _numbers(bank, str(key)):
                if number not in sizes:
                    raise LockerConfigError(f"LOCKERS.{bank}.sizes.{key}: the bank has no compartment "
                                            f"{number} (it has {numbers[0]}..{numbers[-1]})")
                sizes[number] = size
        specs.extend(CompartmentSpec(bank, n, sizes[n], terminal) for n in numbers)
    check_banks(config, compartments)
    return specs


def check_banks(config: Mapping, banks: Iterable[str]) -> None:
    """Every bank LOCKERS names must be a configured locker device."""
    banks = list(banks)
    unknown = sorted(set(config) - set(banks))
    if unknown:
        raise LockerConfigError(f"LOCKERS.{unknown[0]}: no locker bank of that name among the devices "
                                f"(banks: {', '.join(banks) or 'none'})")


def _numbers(bank: str, key: str) -> range:
    match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", key)
    if not match:
        raise LockerConfigError(f"LOCKERS.{bank}.sizes: {key!r} is not a number or a range like 1-8")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise LockerConfigError(f"LOCKERS.{bank}.sizes: the range {key!r} runs backwards")
    return range(first, last + 1)


@dataclass(frozen=True)
class Candidate:
    """A compartment offered for a new reservation."""

    id: int
    number: int
    size: str


def fitting(candidates: Iterable[Candidate], size: str) -> list[Candidate]:
    """Compartments at least ``size`` big, the smallest (then lowest number) first: big
    compartments stay free for big things."""
    if size not in SIZES:
        raise ValueError(f"unknown compartment size {size!r} (sizes: {', '.join(SIZES)})")
    wanted = SIZES.index(size)
    return sorted((c for c in candidates if SIZES.index(c.size) >= wanted),
                  key=lambda c: (SIZES.index(c.size), c.number))


class Verdict(str, Enum):
    """What a door closing on a reservation means."""

    STORED = "stored"            # the item is in (sensor says so, or there is no sensor)
    NOTHING_PUT_IN = "empty"     # the sensor sees nothing: no deposit
    TAKEN = "taken"              # taken out (sensor says empty, or there is no sensor)
    LEFT_BEHIND = "left_behind"  # the sensor still sees something after a pickup or collection


def on_close(status: Status, item_present: bool | None) -> Verdict | None:
    """The verdict on a door closing while the reservation is in ``status``; None when a
    closing means nothing in that status."""
    if status in (Status.OPENING, Status.OPEN, Status.EMPTY, Status.LEFT_OPEN):
        return Verdict.NOTHING_PUT_IN if item_present is False else Verdict.STORED
    if status in (Status.COLLECTING, Status.PICKING_UP):
        return Verdict.LEFT_BEHIND if item_present else Verdict.TAKEN
    return None


class Finding(str, Enum):
    """What start-up reconciliation found in one compartment."""

    FINE = "fine"
    DOOR_OPEN = "door_open"                      # block and alert
    INTERRUPTED_WITH_ITEM = "interrupted_item"   # record "unconfirmed, staff check"
    INTERRUPTED_EMPTY = "interrupted_empty"      # nothing happened: cancel the reservation
    MISSING_ITEM = "missing_item"                # the book says stored, the sensor says empty
    UNEXPECTED_ITEM = "unexpected_item"          # the book says free, the sensor sees something


def reconcile(status: Status | None, door_closed: bool, item_present: bool | None) -> Finding:
    """Compare the book (``status`` of the active reservation, None when the compartment is
    free) with what the board reads now, after a restart or a power cut."""
    if not door_closed:
        return Finding.DOOR_OPEN
    if status in DOOR_EXPECTED_OPEN:
        # The door was open when the power went: something may have gone in or out meanwhile.
        # Without an item sensor nobody can tell, so staff look.
        return Finding.INTERRUPTED_EMPTY if item_present is False else Finding.INTERRUPTED_WITH_ITEM
    if status in HOLDS_ITEM and item_present is False:
        return Finding.MISSING_ITEM
    if status is None and item_present:
        return Finding.UNEXPECTED_ITEM
    return Finding.FINE


def new_pickup_code() -> str:
    """Eight random digits (10^8 codes) from the operating system's CSPRNG."""
    return f"{secrets.randbelow(10 ** 8):08d}"


def code_digest(secret: bytes, code: str) -> str:
    """The stored form of a pickup code: HMAC-SHA256 keyed with the kiosk's secret.

    A keyed hash rather than argon2: a code is looked up by its digest (one indexed query, no
    salt to try per row), and the 10^8 codes cannot be tried offline from a copy of the
    database without the secret key, which lives outside it; online guessing is stopped by
    the attempt limits, not by a slow hash.
    """
    digits = re.sub(r"\D", "", code)
    return hmac.new(secret, b"locker-pickup:" + digits.encode(), hashlib.sha256).hexdigest()
