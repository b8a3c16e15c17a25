"""A virtual SAM ID-card reader on a pseudo-terminal, speaking the real serial protocol.

The real ``sam-serial`` driver opens ``SamSimulator.port`` exactly as it opens
``/dev/ttyUSB0`` in a hall. ``port`` is a stable symlink to the pty's slave, as udev's
``/dev/serial/by-id/…`` links are, so the reader can be unplugged and plugged back in
(``unplug`` / ``plug``) and the driver finds it again under the same name.

The card on the reader behaves as real cards do: it is found once when it enters the field;
after a read it is halted, so "find card" no longer sees it while "select card" still does
until it leaves the field. Faults are injected on demand for the next matching command(s):
bad checksum, no answer, line noise, removal in the middle of a read, or any SW3 status.
"""
from __future__ import annotations

import enum
import hashlib
import logging
import os
import select
import tempfile
import threading
import time
import tty
from dataclasses import dataclass

from devices.base import ProtocolError
from devices.idcard import sam_protocol as sp
from devices.idcard.base import IdentityCard
from devices.idcard.sam_text import encode_text

log = logging.getLogger(__name__)


class Fault(enum.Enum):
    BAD_CHECKSUM = "bad-checksum"        # the answer's CHK is wrong
    NO_ANSWER = "no-answer"              # the command is swallowed (timeout)
    NOISE = "noise"                      # bytes that are no frame at all
    REMOVE_MID_READ = "remove-mid-read"  # the card leaves the field while being read: SW3 41
                                         # (on any other command it is simply gone)


@dataclass
class _Pending:
    fault: Fault | None
    status: int | None
    on: sp.Command | None
    times: int


def photo_bytes(card: IdentityCard) -> bytes:
    """1024 bytes standing for the card's WLT photo: the card's own when it has one, else a
    pattern derived from the ID number (no decodable image; the driver keeps bytes as they come)."""
    if len(card.photo) == sp.PHOTO_LEN:
        return card.photo
    return hashlib.shake_256(card.id_number.encode()).digest(sp.PHOTO_LEN)


class SamSimulator:
    """The reader and its SAM. ``start()`` opens the pty; ``stop()`` closes it."""

    def __init__(self, card: IdentityCard | None = None, *,
                 sam_id: str = "05.01-20101220-0012345678-1234567890", baudrate: int | None = None):
        """``baudrate``: hold each answer back for the time it would take on such a line
        (10 bits a byte); None answers as fast as the pty carries it."""
        self.baudrate = baudrate
        self._dir = tempfile.mkdtemp(prefix="sam-sim-")
        self.port = os.path.join(self._dir, "ttySAM0")
        self.sam_id = sam_id
        self.commands: list[bytes] = []   # every command frame received, for byte-exact tests
        self.reads = 0                    # text blocks handed out
        self._lock = threading.Lock()
        self._received = threading.Condition(self._lock)
        self._card: IdentityCard | None = None
        self._found = self._selected = self._halted = False
        self._pending: list[_Pending] = []
        self._fds: tuple[int, int] | None = None
        self._wake: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        if card:
            self.place(card)

    # -- the card ---------------------------------------------------------------------------

    def place(self, card: IdentityCard) -> None:
        """Put a card on the reader (replacing any card there)."""
        with self._lock:
            self._card = card
            self._found = self._selected = self._halted = False

    def remove(self) -> None:
        with self._lock:
            self._card = None
            self._found = self._selected = self._halted = False

    @property
    def card(self) -> IdentityCard | None:
        return self._card

    def wait_for_commands(self, count: int, timeout: float = 5.0) -> bool:
        """Block until ``count`` commands have been received in all; False on timeout."""
        with self._received:
            return self._received.wait_for(lambda: len(self.commands) >= count, timeout)

    # -- faults -----------------------------------------------------------------------------

    def inject(self, fault: Fault, *, on: sp.Command | None = None, times: int = 1) -> None:
        """Misbehave on the next ``times`` commands (of kind ``on``, or any)."""
        with self._lock:
            self._pending.append(_Pending(fault, None, on, times))

    def inject_status(self, sw3: int, *, on: sp.Command | None = None, times: int = 1) -> None:
        """Answer the next ``times`` commands (of kind ``on``, or any) with status ``sw3``."""
        with self._lock:
            self._pending.append(_Pending(None, sw3, on, times))

    def clear_faults(self) -> None:
        with self._lock:
            self._pending.clear()

    # -- the port ---------------------------------------------------------------------------

    @property
    def plugged(self) -> bool:
        return self._fds is not None

    def start(self) -> SamSimulator:
        self.plug()
        return self

    def stop(self) -> None:
        self.unplug()
        os.rmdir(self._dir)

    def plug(self) -> None:
        """Connect the reader: a fresh pty appears behind ``port``."""
        if self.plugged:
            return
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline: the protocol is binary
        self._fds = (master, slave)
        self._wake = os.pipe()
        os.symlink(os.ttyname(slave), self.port)
        self._thread = threading.Thread(target=self._serve, args=(master, self._wake[0]),
                                        name="sam-simulator", daemon=True)
        self._thread.start()

    def unplug(self) -> None:
        """Disconnect the reader: the pty closes and ``port`` disappears."""
        if not self.plugged:
            return
        os.unlink(self.port)
        os.write(self._wake[1], b"x")
        self._thread.join(timeout=5)
        for fd in (*self._fds, *self._wake):
            os.close(fd)
        self._fds = self._wake = self._thread = None

    def __enter__(self) -> SamSimulator:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- serving ----------------------------------------------------------------------------

    def _serve(self, master: int, wake: int) -> None:
        decoder = sp.FrameDecoder()
        while True:
            ready, _, _ = select.select([master, wake], [], [])
            if wake in ready:
                return
            try:
                decoder.feed(os.read(master, 4096))
            except OSError:
                return
            while True:
                try:
                    payload = decoder.next_payload()
                except ProtocolError as exc:
                    # A real SAM answers a corrupted command with status 10 (checksum error).
                    log.debug("simulator: bad command frame: %s", exc)
                    os.write(master, sp.response_frame(0x10))
                    continue
                if payload is None:
                    break
                answer = self._answer(sp.CommandFrame.from_payload(payload), payload)
                if answer:
                    if self.baudrate:
                        time.sleep(len(answer) * 10 / self.baudrate)  # the line's transfer time
                    os.write(master, answer)

    def _answer(self, frame: sp.CommandFrame, payload: bytes) -> bytes:
        with self._lock:
            self.commands.append(sp.encode_frame(payload))
            self._received.notify_all()
            pending = self._take_fault(frame.command)
            if pending and pending.status is not None:
                return sp.response_frame(pending.status)
            fault = pending.fault if pending else None
            if fault is Fault.NO_ANSWER:
                return b""
            if fault is Fault.NOISE:
                return bytes(range(0x30, 0x50))
            if fault is Fault.REMOVE_MID_READ:
                self._card = None
                self._found = self._selected = self._halted = False
                if frame.command in (sp.READ_TEXT_PHOTO, sp.READ_TEXT_PHOTO_FINGERPRINT):
                    return sp.response_frame(sp.READ_FAILED)
            answer = self._normal_answer(frame)
        if fault is Fault.BAD_CHECKSUM:
            answer = answer[:-1] + bytes((answer[-1] ^ 0x5A,))
        return answer

    def _take_fault(self, command: sp.Command | None) -> _Pending | None:
        for pending in self._pending:
            if pending.on is None or pending.on == command:
                pending.times -= 1
                if pending.times <= 0:
                    self._pending.remove(pending)
                return pending
        return None

    def _normal_answer(self, frame: sp.CommandFrame) -> bytes:
        command, card = frame.command, self._card
        if command in (sp.RESET_SAM, sp.SAM_STATUS, sp.SET_MAX_RF_BYTES):
            return sp.response_frame(sp.OK)
        if command is sp.READ_SAM_ID:
            return sp.response_frame(sp.OK, sp.build_sam_id(self.sam_id))
        if command is sp.FIND_CARD:
            # A halted card has to leave the field before it can be found again.
            if card is None or self._halted:
                return sp.response_frame(sp.FIND_FAILED)
            self._found = True
            return sp.response_frame(sp.CARD_FOUND, bytes(4))
        if command is sp.SELECT_CARD:
            if card is None or not (self._found or self._halted):
                return sp.response_frame(sp.SELECT_FAILED)
            self._selected = True
            return sp.response_frame(sp.OK, bytes(8))
        if command in (sp.READ_TEXT_PHOTO, sp.READ_TEXT_PHOTO_FINGERPRINT):
            if card is None or not self._selected:
                return sp.response_frame(sp.READ_FAILED)
            self._halted, self._found = True, False
            self.reads += 1
            fingerprint = bytes(sp.FINGERPRINT_LEN) if command is sp.READ_TEXT_PHOTO_FINGERPRINT else None
            return sp.response_frame(sp.OK, sp.build_read_data(encode_text(card), photo_bytes(card), fingerprint))
        return sp.response_frame(0x21)  # command error
