"""The locker book's pure rules."""
from __future__ import annotations

import pytest

from kiosk.domain import lockers as book
from kiosk.domain.lockers import Candidate, Finding, Status, Verdict


def test_layout_gives_sizes_by_range_and_small_elsewhere():
    specs = book.parse_layout({"A": {"terminal": "K01", "sizes": {"1-2": "medium", "4": "large"}}},
                              {"A": range(1, 6)})
    assert [(s.number, s.size) for s in specs] == [(1, "medium"), (2, "medium"), (3, "small"),
                                                    (4, "large"), (5, "small")]
    assert {s.terminal for s in specs} == {"K01"}


@pytest.mark.parametrize("config, message", [
    ({"A": {"sizes": {"1": "small"}}}, "LOCKERS.A.terminal"),
    ({"A": {"terminal": "K01", "sizes": {"1-3": "huge"}}}, "huge"),
    ({"A": {"terminal": "K01", "sizes": {"9-12": "large"}}}, "no compartment 9"),
    ({"A": {"terminal": "K01", "sizes": {"5-1": "large"}}}, "backwards"),
    ({"A": {"terminal": "K01", "sizes": {"one": "large"}}}, "not a number"),
    ({"A": {"terminal": "K01"}, "B": {"terminal": "K02"}}, "LOCKERS.B"),
])
def test_layout_errors_name_the_key(config, message):
    with pytest.raises(book.LockerConfigError, match=message):
        book.parse_layout(config, {"A": range(1, 6)})


def test_the_smallest_fitting_compartment_comes_first():
    free = [Candidate(1, 11, "large"), Candidate(2, 9, "medium"), Candidate(3, 3, "small"), Candidate(4, 2, "small")]
    assert [c.number for c in book.fitting(free, "small")] == [2, 3, 9, 11]
    assert [c.number for c in book.fitting(free, "medium")] == [9, 11]
    assert book.fitting(free[2:], "large") == []


@pytest.mark.parametrize("status, item, verdict", [
    (Status.OPEN, True, Verdict.STORED),
    (Status.OPEN, None, Verdict.STORED),              # no item sensor: the closed door is all we know
    (Status.OPEN, False, Verdict.NOTHING_PUT_IN),
    (Status.LEFT_OPEN, True, Verdict.STORED),
    (Status.PICKING_UP, False, Verdict.TAKEN),
    (Status.PICKING_UP, True, Verdict.LEFT_BEHIND),
    (Status.COLLECTING, None, Verdict.TAKEN),
    (Status.STORED, True, None),
])
def test_what_a_closing_door_means(status, item, verdict):
    assert book.on_close(status, item) is verdict


@pytest.mark.parametrize("status, closed, item, finding", [
    (None, True, False, Finding.FINE),
    (None, False, False, Finding.DOOR_OPEN),
    (Status.STORED, False, True, Finding.DOOR_OPEN),
    (Status.OPEN, True, True, Finding.INTERRUPTED_WITH_ITEM),
    (Status.OPEN, True, None, Finding.INTERRUPTED_WITH_ITEM),   # cannot tell: staff check
    (Status.OPEN, True, False, Finding.INTERRUPTED_EMPTY),
    (Status.STORED, True, False, Finding.MISSING_ITEM),
    (Status.AWAITING_PICKUP, True, True, Finding.FINE),
    (None, True, True, Finding.UNEXPECTED_ITEM),
])
def test_reconciliation_after_a_restart(status, closed, item, finding):
    assert book.reconcile(status, closed, item) is finding


def test_pickup_codes_are_eight_random_digits_stored_keyed():
    codes = {book.new_pickup_code() for _ in range(200)}
    assert len(codes) > 190 and all(len(c) == 8 and c.isdigit() for c in codes)
    digest = book.code_digest(b"secret", "1234 5678")
    assert digest == book.code_digest(b"secret", "12345678") != book.code_digest(b"other", "12345678")
    assert "12345678" not in digest
