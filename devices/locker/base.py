"""The locker-bank interface: compartments with an electric lock, a door switch and
optionally an item sensor, behind one or more control boards.

Compartments are numbered 1..N across the whole bank; configuration maps each to a board
address and a lock channel, and says how the door switch is wired (polarity).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from devices.base import Device, Registry


@dataclass(frozen=True)
class CompartmentState:
    number: int
    door_closed: bool
    item_present: bool | None = None  # None where the compartment has no item sensor
    # The door opened although this bank sent no unlock for it recently (pried or forced open).
    forced_open: bool = False


class LockerListener(Protocol):
    """Receives a bank's events from its watcher thread.

    ``door_changed`` is called when a compartment's door or item state changes;
    ``board_failed`` once when a board stops answering (recovery shows in the bank's health).
    """

    def door_changed(self, bank: str, state: CompartmentState) -> None: ...
    def board_failed(self, bank: str, error: Exception) -> None: ...


class LockerBank(Device):
    # Boards with a light per door (WKLY) can point the citizen at the right one.
    has_lights: ClassVar[bool] = False

    def open(self) -> None:  # noqa: A003 - opening the bus connection, as for every Device
        raise NotImplementedError

    def indicate(self, number: int) -> None:
        """Flash the light of one compartment's door; only where ``has_lights``."""
        raise NotImplementedError

    def unlock(self, number: int) -> None:
        """Pulse the lock of one compartment; raises LockerFault when the board does not answer."""
        raise NotImplementedError

    def unlock_and_confirm(self, number: int, timeout: float = 3.0) -> CompartmentState:
        """Unlock and wait until the door is seen open; raises LockerFault when the board does
        not answer or the door has not opened within ``timeout`` seconds (jammed latch)."""
        raise NotImplementedError

    def states(self) -> dict[int, CompartmentState]:
        """Door (and item) state of every compartment, read from the boards now."""
        raise NotImplementedError

    def add_listener(self, listener: LockerListener) -> None:
        raise NotImplementedError

    def start(self) -> None:
        """Watch the doors in the background and report changes to listeners."""
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError


locker_banks: Registry[LockerBank] = Registry("locker bank")
