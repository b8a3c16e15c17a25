"""Compartment numbering across boards, polarity and configuration errors."""
from __future__ import annotations

import pytest

from devices.base import LockerFault
from devices.locker.layout import BankLayout, Compartment


def test_compartments_are_numbered_across_boards_in_configuration_order():
    layout = BankLayout.from_options([{"address": 3, "locks": 2},
                                      {"address": 1, "locks": 3, "item_sensors": {"2": "9"}}])
    assert layout.compartment(1) == Compartment(1, board=3, channel=1)
    assert layout.compartment(2) == Compartment(2, board=3, channel=2)
    assert layout.compartment(4) == Compartment(4, board=1, channel=2, item_channel=9)
    assert [c.number for c in layout.on_board(1)] == [3, 4, 5]
    assert layout.boards[1].input_channels == 9


def test_decode_applies_each_boards_polarity():
    layout = BankLayout.from_options([{"address": 1, "locks": 2, "item_sensors": {1: 3}},
                                      {"address": 2, "locks": 1, "invert_door_switch": False}],
                                     invert_door_switch=True)
    states = layout.decode(1, {1: True, 2: False, 3: True})
    assert [(s.number, s.door_closed, s.item_present) for s in states] == [
        (1, False, True), (2, True, None)]
    assert layout.decode(2, {1: True})[0].door_closed is True


@pytest.mark.parametrize(("boards", "complaint"), [
    ([], "at least one board"),
    ([{"address": 1, "locks": 2}, {"address": 1, "locks": 2}], "configured twice"),
    ([{"locks": 2}], "integer address"),
    ([{"address": "one", "locks": 2}], "integer address"),
    ([{"address": 300, "locks": 2}], "0..255"),
    ([{"address": 1, "locks": 0}], "locks must be"),
    ([{"address": 1, "locks": 2, "item_sensors": {3: 4}}], "item sensor"),
    ([{"address": 1, "locks": 2, "item_sensors": [1, 2]}], "item_sensors"),
])
def test_bad_configuration_fails_at_start_up_with_a_reason(boards, complaint):
    with pytest.raises(ValueError, match=complaint):
        BankLayout.from_options(boards)


@pytest.mark.parametrize("number", [0, 6, -1, "3", None])
def test_unknown_compartment_is_a_locker_fault_naming_the_range(number):
    layout = BankLayout.from_options([{"address": 1, "locks": 5}])
    with pytest.raises(LockerFault) as caught:
        layout.compartment(number)
    assert "1 to 5" in caught.value.staff_hint
