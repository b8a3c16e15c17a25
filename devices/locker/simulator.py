"""A physical model of a locker bank, shared by the 8A, WKLY and Modbus board simulators.

The model knows doors, latches, item sensors and boards, not protocols: a protocol front end
(``sim_8a``, ``sim_wkly``, ``sim_modbus``) turns frames into ``pulse`` calls and reads the
boards' input levels back. Tests and the kiosk's simulation mode play the person at the locker
(``close``, ``put_item``, ``take_item``, ``force_open``) and inject faults (``jam``,
``silence_board``, ``stick_item_sensor``).

Levels are electrical: a door switch wired the usual way is active while the door is closed;
``invert_door_switch`` models the other wiring, so the driver's polarity option can be tested.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from devices.locker.layout import BankLayout, Compartment

# (board address, input channel, new level)
LevelListener = Callable[[int, int, bool], None]


@dataclass
class _Box:
    """What is physically true of one compartment."""

    spec: Compartment
    door_closed: bool = True
    item: bool = False
    jammed: bool = False
    stuck_sensor: bool | None = None  # the level an item sensor is stuck at


class LockerModel:
    """Doors, items and boards of a simulated bank, safe to use from several threads."""

    def __init__(self, boards: Iterable[Mapping], *, invert_door_switch: bool = False,
                 invert_item_sensor: bool = False):
        self.layout = BankLayout.from_options(boards, invert_door_switch=invert_door_switch,
                                              invert_item_sensor=invert_item_sensor)
        self._boxes = {n: _Box(spec) for n, spec in self.layout.compartments.items()}
        self._silent: set[int] = set()
        self._lock = threading.RLock()
        self._listeners: list[LevelListener] = []
        self.pulses: list[tuple[int, int]] = []  # every (board, channel) pulsed, in order
        self.flashes: list[tuple[int, int]] = []  # every door light flashed, in order

    @classmethod
    def single_board(cls, locks: int, *, address: int = 1, item_sensors: bool = False,
                     **polarity) -> "LockerModel":
        """One board of ``locks`` compartments; with ``item_sensors`` each lock n has its item
        sensor on input channel ``locks + n``."""
        sensors = {n: locks + n for n in range(1, locks + 1)} if item_sensors else {}
        return cls([{"address": address, "locks": locks, "item_sensors": sensors}], **polarity)

    def board_options(self) -> list[dict]:
        """The ``boards`` option a driver needs for this bank (wiring polarity included)."""
        return [{"address": b.address, "locks": b.locks, "item_sensors": dict(b.item_sensors),
                 "invert_door_switch": b.invert_door_switch,
                 "invert_item_sensor": b.invert_item_sensor}
                for b in self.layout.boards.values()]

    # -- the wire side (used by protocol front ends) ---------------------------------------

    def add_level_listener(self, listener: LevelListener) -> None:
        """Called on every change of an input level (WKLY boards report them unprompted)."""
        self._listeners.append(listener)

    def answers(self, board: int) -> bool:
        """Whether a board with this address is on the bus and powered."""
        return board in self.layout.boards and board not in self._silent

    def pulse(self, board: int, channel: int) -> None:
        """Energise one lock (channel 0: every lock of the board): its door springs open unless
        the latch is jammed."""
        with self._change(board):
            self.pulses.append((board, channel))
            for box in self._boxes.values():
                if box.spec.board == board and channel in (0, box.spec.channel) and not box.jammed:
                    box.door_closed = False

    def flash(self, board: int, channel: int) -> None:
        """A door's light blinks (boards that have lights)."""
        with self._lock:
            self.flashes.append((board, channel))

    def levels(self, board: int) -> dict[int, bool]:
        """Every input channel's level on one board (channel -> active)."""
        config = self.layout.boards[board]
        with self._lock:
            levels = dict.fromkeys(range(1, config.input_channels + 1), False)
            for box in self._boxes.values():
                if box.spec.board != board:
                    continue
                levels[box.spec.channel] = box.door_closed != config.invert_door_switch
                if box.spec.item_channel is not None:
                    item = box.item if box.stuck_sensor is None else box.stuck_sensor
                    levels[box.spec.item_channel] = item != config.invert_item_sensor
            return levels

    # -- the person at the locker ---------------------------------------------------------------

    def close(self, number: int) -> None:
        """Push the door shut; the latch catches it."""
        self._set(number, door_closed=True)

    def force_open(self, number: int) -> None:
        """Pry the door open while it is locked."""
        self._set(number, door_closed=False)

    def put_item(self, number: int) -> None:
        self._require_open(number, "put something in")
        self._set(number, item=True)

    def take_item(self, number: int) -> None:
        self._require_open(number, "take something out")
        self._set(number, item=False)

    # -- faults ---------------------------------------------------------------------------------

    def jam(self, number: int, jammed: bool = True) -> None:
        """A jammed latch ignores pulses: the board answers but the door stays shut."""
        self._set(number, jammed=jammed)

    def silence_board(self, address: int, silent: bool = True) -> None:
        """The board stops answering (power lost, cable cut); False brings it back."""
        with self._lock:
            (self._silent.add if silent else self._silent.discard)(address)

    def stick_item_sensor(self, number: int, level: bool | None) -> None:
        """Freeze the item sensor at ``level`` (True: always sees an item); None repairs it."""
        self._set(number, stuck_sensor=level)

    # -- what is true (for tests and the simulation screen) -------------------------------------

    def door_closed(self, number: int) -> bool:
        return self._box(number).door_closed

    def item_inside(self, number: int) -> bool:
        return self._box(number).item

    # -- internals ------------------------------------------------------------------------------

    def _box(self, number: int) -> _Box:
        try:
            return self._boxes[number]
        except KeyError:
            raise ValueError(f"the simulated bank has no compartment {number}") from None

    def _require_open(self, number: int, what: str) -> None:
        if self._box(number).door_closed:
            raise ValueError(f"compartment {number} is closed: open it before you {what}")

    def _set(self, number: int, **changes) -> None:
        box = self._box(number)
        with self._change(box.spec.board):
            for attribute, value in changes.items():
                setattr(box, attribute, value)

    @contextmanager
    def _change(self, board: int):
        """Apply a change under the model lock, then announce the input levels it moved."""
        with self._lock:
            before = self.levels(board)
            yield
            after = self.levels(board)
        self._fire(board, before, after)

    def _fire(self, board: int, before: dict[int, bool], after: dict[int, bool]) -> None:
        for channel, level in after.items():
            if before.get(channel) != level:
                for listener in list(self._listeners):
                    listener(board, channel, level)

