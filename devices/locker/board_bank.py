"""What every locker-board driver shares: the bus lock, health, the watcher and events.

A driver only implements the wire primitives — pulse one lock, read one board's input levels —
and opening its transport. This class turns those into ``unlock``, ``states``, events for
listeners, forced-door detection and board failure/recovery reporting.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import replace

from devices.base import DeviceError, LockerFault
from devices.locker.base import CompartmentState, LockerBank, LockerListener
from devices.locker.layout import BankLayout

log = logging.getLogger(__name__)


class BoardBank(LockerBank):
    """A locker bank of control boards sharing one bus.

    Options common to every family: ``boards`` (list of ``{address, locks, item_sensors}``),
    ``invert_door_switch`` / ``invert_item_sensor`` (polarity), ``poll_interval`` (seconds
    between watcher polls), ``command_gap`` (quiet time between two commands on the bus; boards
    miss frames that follow each other too closely), ``unlock_window`` (how long after an unlock
    an opening door counts as expected rather than forced).

    The watcher keeps polling through failures, reopening a lost port and reporting the
    recovery, so a supervisor should leave a failed bank to it (``reconnects_itself``).
    """

    reconnects_itself = True

    def __init__(self, name: str, *, boards: list[Mapping], invert_door_switch: bool = False,
                 invert_item_sensor: bool = False, poll_interval: float = 0.5,
                 command_gap: float = 0.05, unlock_window: float = 10.0):
        super().__init__(name)
        self.layout = BankLayout.from_options(boards, invert_door_switch=invert_door_switch,
                                              invert_item_sensor=invert_item_sensor)
        self.poll_interval = float(poll_interval)
        self.command_gap = float(command_gap)
        self.unlock_window = float(unlock_window)
        self._bus = threading.RLock()           # one frame exchange at a time on the wire
        self._last_command = 0.0
        self._state_lock = threading.Lock()
        self._events_lock = threading.RLock()
        self._levels: dict[int, dict[int, bool]] = {}
        self._known: dict[int, CompartmentState] = {}
        self._unlocked: dict[int, float] = {}   # compartment -> time its unlock expires
        self._failed_boards: set[int] = set()
        self._listeners: list[LockerListener] = []
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    # -- the primitives a driver implements -------------------------------------------------

    def _connect(self) -> None:
        """Open the transport; raise DeviceNotFound when it is not there."""
        raise NotImplementedError

    def _disconnect(self) -> None:
        raise NotImplementedError

    def _pulse(self, board: int, channel: int) -> None:
        """Release one lock; raise LockerFault when the board does not answer or refuses."""
        raise NotImplementedError

    def _read_levels(self, board: int) -> dict[int, bool]:
        """Every input channel's level on one board (channel -> active)."""
        raise NotImplementedError

    def _after_exchange(self) -> None:
        """Called with the bus free after each exchange (drivers deliver queued reports here)."""

    # -- the LockerBank interface --------------------------------------------------------------

    def open(self) -> None:  # noqa: A003
        """Open the bus and read every board once; a silent board shows in health, not here."""
        self._connect()
        try:
            self.states()
        except LockerFault as exc:
            log.warning("locker bank %s opened with a board not answering: %s", self.name, exc)

    def close(self) -> None:
        self.stop()
        self._disconnect()

    def probe(self) -> str:
        states = self.states()
        open_doors = sorted(n for n, s in states.items() if not s.door_closed)
        return (f"{type(self).__name__} {self.name}: {len(self.layout.boards)} board(s), "
                f"{len(states)} compartments, open: {open_doors or 'none'}")

    def add_listener(self, listener: LockerListener) -> None:
        self._listeners.append(listener)

    def unlock(self, number: int) -> None:
        compartment = self.layout.compartment(number)
        with self._state_lock:
            self._unlocked[number] = time.monotonic() + self.unlock_window
        log.info("locker %s: unlocking compartment %d (board %d lock %d)",
                 self.name, number, compartment.board, compartment.channel)
        try:
            self._exchange(compartment.board, self._pulse, compartment.board, compartment.channel)
        except DeviceError:
            with self._state_lock:
                self._unlocked.pop(number, None)  # not released: an opening now is forced
            raise

    def unlock_and_confirm(self, number: int, timeout: float = 3.0) -> CompartmentState:
        """Unlock and wait until the door switch reports the door open.

        Raises LockerFault when the door has not opened within ``timeout`` seconds (a jammed
        latch, a blocked door, a broken lock or switch) — the board answering is not enough.
        """
        compartment = self.layout.compartment(number)
        self.unlock(number)
        deadline = time.monotonic() + timeout
        while True:
            state = self._read_board(compartment.board)[number]
            if not state.door_closed:
                return state
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                with self._state_lock:
                    self._unlocked.pop(number, None)
                raise LockerFault(
                    f"compartment {number} did not open within {timeout:g} s",
                    staff_hint=f"The lock of compartment {number} (board {compartment.board}, "
                               f"lock {compartment.channel}) was pulsed but its door switch never "
                               "showed the door open: check for a jammed latch or a blocked door, "
                               "the lock wiring and the door switch.")
            # Doors take a moment to spring open; re-read at the watcher's pace.
            time.sleep(min(self.poll_interval, remaining, 0.1))

    def states(self) -> dict[int, CompartmentState]:
        result: dict[int, CompartmentState] = {}
        for address in self.layout.boards:
            result.update(self._read_board(address))
        return dict(sorted(result.items()))

    def start(self) -> None:
        if self.watching:
            return
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, name=f"locker-watch-{self.name}",
                                         daemon=True)
        self._watcher.start()

    @property
    def watching(self) -> bool:
        """Whether the watcher thread is running."""
        return self._watcher is not None and self._watcher.is_alive()

    def stop(self) -> None:
        self._stop.set()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(timeout=5)
        self._watcher = None

    # -- machinery -----------------------------------------------------------------------------

    def _watch(self) -> None:
        # open() has just read every board, so the first poll can wait its turn.
        while not self._stop.is_set():
            self._idle(self.poll_interval)
            for address in self.layout.boards:
                if self._stop.is_set():
                    return
                try:
                    self._read_board(address)
                except DeviceError:
                    pass  # already reported through health and board_failed
                except Exception:  # a bug must not silently end the watching
                    log.exception("locker %s: watcher failed reading board %d", self.name, address)

    def _idle(self, seconds: float) -> None:
        """Wait between polls; drivers with unsolicited reports listen for them here."""
        self._stop.wait(seconds)

    def _exchange(self, board: int, primitive, *args):
        """Run one primitive with the bus to ourselves, spaced from the previous command."""
        try:
            with self._bus:
                wait = self._last_command + self.command_gap - time.monotonic()
                if wait > 0:
                    time.sleep(wait)  # protocol timing: the gap boards need between commands
                try:
                    result = primitive(*args)
                finally:
                    self._last_command = time.monotonic()
        except DeviceError as exc:
            self._board_down(board, exc)
            raise
        finally:
            self._after_exchange()
        self._board_up(board)
        return result

    def _read_board(self, address: int) -> dict[int, CompartmentState]:
        levels = self._exchange(address, self._read_levels, address)
        return self._apply_levels(address, levels)

    def _apply_levels(self, address: int, levels: Mapping[int, bool]) -> dict[int, CompartmentState]:
        """Record new input levels of one board; tell listeners what changed."""
        # Held through the notifications so listeners hear changes in the order they happened.
        with self._events_lock:
            return self._record_levels(address, levels)

    def _record_levels(self, address: int, levels: Mapping[int, bool]) -> dict[int, CompartmentState]:
        with self._state_lock:
            merged = {**self._levels.get(address, {}), **levels}
            needed = self.layout.boards[address].input_channels
            if any(channel not in merged for channel in range(1, needed + 1)):
                return {}  # a partial report before the first full read: wait for the poll
            self._levels[address] = merged
            changed, current = [], {}
            now = time.monotonic()
            for state in self.layout.decode(address, merged):
                previous = self._known.get(state.number)
                state = self._with_forced_flag(state, previous, now)
                self._known[state.number] = current[state.number] = state
                if previous is not None and previous != state:
                    changed.append(state)
        for state in changed:
            log.info("locker %s: compartment %d door %s, item %s%s", self.name, state.number,
                     "closed" if state.door_closed else "open", state.item_present,
                     " (FORCED OPEN)" if state.forced_open else "")
            self._notify("door_changed", state)
        return current

    def _with_forced_flag(self, state: CompartmentState, previous: CompartmentState | None,
                          now: float) -> CompartmentState:
        if state.door_closed:
            return state
        if previous is None:
            return state  # open when first seen (e.g. after a restart): the book decides
        if not previous.door_closed:
            return replace(state, forced_open=previous.forced_open)
        expected = self._unlocked.pop(state.number, 0.0) >= now
        return replace(state, forced_open=not expected)

    def _board_down(self, address: int, error: DeviceError) -> None:
        with self._state_lock:
            first = address not in self._failed_boards
            self._failed_boards.add(address)
        self.tracker.failed(error)
        if first:
            self._notify("board_failed", error)

    def _board_up(self, address: int) -> None:
        with self._state_lock:
            if address in self._failed_boards:
                log.info("locker %s: board %d answers again", self.name, address)
            self._failed_boards.discard(address)
            healthy = not self._failed_boards
        if healthy:
            self.tracker.ok()

    def _notify(self, event: str, payload) -> None:
        for listener in list(self._listeners):
            try:
                getattr(listener, event)(self.name, payload)
            except Exception:  # one broken listener must not starve the others
                log.exception("locker %s: listener %r failed on %s", self.name, listener, event)

    def _no_answer(self, board: int, where: str, detail: str = "") -> LockerFault:
        """The fault for a board that stayed silent or answered garbage."""
        return LockerFault(
            f"locker board {board} on {where} did not answer{': ' + detail if detail else ''}",
            staff_hint=f"Locker board at address {board} on {where} did not answer properly: "
                       "check its power, its DIP-switch address, the RS485 A/B wiring and "
                       "the baud rate.")
