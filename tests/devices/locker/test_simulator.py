"""The physical locker model on its own: doors, latches, items, boards."""
from __future__ import annotations

import pytest

from devices.locker.simulator import LockerModel


@pytest.fixture
def model() -> LockerModel:
    return LockerModel.single_board(3, item_sensors=True)  # item sensors on channels 4-6


def test_a_pulse_opens_the_door_until_someone_closes_it(model):
    model.pulse(1, 2)
    assert model.door_closed(2) is False and model.door_closed(1) is True
    model.pulse(1, 2)
    assert model.door_closed(2) is False
    model.close(2)
    assert model.door_closed(2) is True
    assert model.pulses == [(1, 2), (1, 2)]


def test_pulse_on_channel_zero_opens_every_free_latch(model):
    model.jam(3)
    model.pulse(1, 0)
    assert [model.door_closed(n) for n in (1, 2, 3)] == [False, False, True]


def test_levels_follow_the_wiring(model):
    assert model.levels(1) == {1: True, 2: True, 3: True, 4: False, 5: False, 6: False}
    inverted = LockerModel.single_board(1, item_sensors=True, invert_door_switch=True,
                                        invert_item_sensor=True)
    assert inverted.levels(1) == {1: False, 2: True}


def test_items_go_in_and_out_only_through_an_open_door(model):
    with pytest.raises(ValueError, match="closed"):
        model.put_item(1)
    model.force_open(1)
    model.put_item(1)
    assert model.item_inside(1) and model.levels(1)[4] is True
    model.take_item(1)
    assert model.levels(1)[4] is False


def test_a_stuck_item_sensor_ignores_the_item(model):
    model.stick_item_sensor(2, True)
    assert model.item_inside(2) is False and model.levels(1)[5] is True
    model.stick_item_sensor(2, None)
    assert model.levels(1)[5] is False


def test_silenced_and_unknown_boards_do_not_answer(model):
    assert model.answers(1) and not model.answers(2)
    model.silence_board(1)
    assert not model.answers(1)
    model.silence_board(1, False)
    assert model.answers(1)


def test_level_listeners_hear_each_changed_channel_once(model):
    heard = []
    model.add_level_listener(lambda board, channel, level: heard.append((board, channel, level)))
    model.pulse(1, 1)
    model.put_item(1)
    model.jam(2)
    model.pulse(1, 2)  # jammed: nothing moves
    assert heard == [(1, 1, False), (1, 4, True)]


def test_unknown_compartment_is_refused(model):
    with pytest.raises(ValueError, match="no compartment 9"):
        model.close(9)


def test_board_options_describe_the_wiring_for_a_driver():
    model = LockerModel([{"address": 4, "locks": 2, "item_sensors": {1: 3}}],
                        invert_door_switch=True)
    assert model.board_options() == [{"address": 4, "locks": 2, "item_sensors": {1: 3},
                                      "invert_door_switch": True, "invert_item_sensor": False}]
