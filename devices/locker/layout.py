"""How compartments map onto control boards.

Compartments are numbered 1..N across the bank in the order the boards are configured:
board 1's locks first, then board 2's, and so on. Each compartment has the lock channel of
its board (the same channel number reads its door switch) and, where fitted, an item sensor
wired to another input channel of the same board.

The door switch's electrical level means "closed" or "open" depending on how the switch is
wired (normally-open or normally-closed contact), so polarity is configuration, not code.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from devices.base import LockerFault
from devices.locker.base import CompartmentState


@dataclass(frozen=True)
class BoardConfig:
    """One control board: its bus address, how many locks it drives, where its item sensors are."""

    address: int
    locks: int
    item_sensors: Mapping[int, int] = field(default_factory=dict)  # lock channel -> input channel
    invert_door_switch: bool = False
    invert_item_sensor: bool = False

    @property
    def input_channels(self) -> int:
        """How many input channels must be read to see every door and item sensor."""
        return max([self.locks, *self.item_sensors.values()])


@dataclass(frozen=True)
class Compartment:
    """Where one compartment sits on the bus."""

    number: int
    board: int
    channel: int
    item_channel: int | None = None


class BankLayout:
    """The compartment numbering of a bank and the meaning of each board's input levels."""

    def __init__(self, boards: Iterable[BoardConfig]):
        self.boards: dict[int, BoardConfig] = {}
        self.compartments: dict[int, Compartment] = {}
        number = 0
        for board in boards:
            if board.address in self.boards:
                raise ValueError(f"board address {board.address} configured twice")
            self.boards[board.address] = board
            for channel in range(1, board.locks + 1):
                number += 1
                self.compartments[number] = Compartment(
                    number, board.address, channel, board.item_sensors.get(channel))
        if not self.compartments:
            raise ValueError("a locker bank needs at least one board with at least one lock")

    @classmethod
    def from_options(cls, boards: Iterable[Mapping], *, invert_door_switch: bool = False,
                     invert_item_sensor: bool = False) -> "BankLayout":
        """Build the layout from configuration: ``boards`` is a list of
        ``{address, locks, item_sensors: {lock channel: input channel}, invert_door_switch}``;
        the bank-wide polarity flags apply where a board does not set its own."""
        return cls(_board_from_options(entry, invert_door_switch, invert_item_sensor)
                   for entry in boards)

    def compartment(self, number: int) -> Compartment:
        try:
            return self.compartments[number]
        except (KeyError, TypeError):
            raise LockerFault(
                f"no compartment {number!r} in this bank",
                staff_hint=f"Compartment numbers run from 1 to {len(self.compartments)}; "
                           "check the locker configuration and the booking.") from None

    def on_board(self, address: int) -> list[Compartment]:
        return [c for c in self.compartments.values() if c.board == address]

    def decode(self, address: int, levels: Mapping[int, bool]) -> list[CompartmentState]:
        """Turn one board's raw input levels (channel -> active) into compartment states."""
        board = self.boards[address]
        states = []
        for compartment in self.on_board(address):
            door_closed = levels[compartment.channel] != board.invert_door_switch
            item = None
            if compartment.item_channel is not None:
                item = levels[compartment.item_channel] != board.invert_item_sensor
            states.append(CompartmentState(compartment.number, door_closed, item))
        return states


def _board_from_options(entry: Mapping, invert_door: bool, invert_item: bool) -> BoardConfig:
    try:
        address = int(entry["address"])
        locks = int(entry["locks"])
        sensors = {int(lock): int(channel)
                   for lock, channel in dict(entry.get("item_sensors") or {}).items()}
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"locker board entry {dict(entry)!r} needs an integer address and "
                         f"locks, and item_sensors as {{lock channel: input channel}} ({exc})") from None
    if not 0 <= address <= 0xFF:
        raise ValueError(f"locker board address {address} is outside 0..255")
    if not 1 <= locks <= 0xFF:
        raise ValueError(f"locker board {address}: locks must be 1..255, not {locks}")
    for lock, channel in sensors.items():
        if not 1 <= lock <= locks or channel < 1:
            raise ValueError(f"locker board {address}: item sensor {lock}->{channel} does not "
                             f"name a lock 1..{locks} and an input channel >= 1")
    return BoardConfig(address, locks, sensors,
                       bool(entry.get("invert_door_switch", invert_door)),
                       bool(entry.get("invert_item_sensor", invert_item)))
