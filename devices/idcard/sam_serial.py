"""The ID-card reader driver for SAM modules on a serial port (华视, 新中新, 神思 … readers).

Configuration (``type: sam-serial``): ``port`` (e.g. ``/dev/ttyUSB0`` or a
``/dev/serial/by-id/…`` link), ``baudrate`` (115200 on most readers; confirm per model),
``timeout`` (seconds to wait for one complete answer; a card read takes the SAM up to about
a second plus 0.1 s on the wire at 115200 baud), ``retries`` (extra attempts of a whole
find → select → read when an answer was wrong or the card could not be read),
``photo_decoder`` (optional ``"module:callable"``, see devices.idcard.photo).

pyserial's exceptions stop here: a missing port becomes DeviceNotFound, silence DeviceTimeout,
bytes that are no frame ProtocolError, SAM status codes their typed errors (sam_protocol.STATUS).
"""
from __future__ import annotations

import errno
import logging
import termios
import threading
import time
from dataclasses import replace

import serial

from devices.base import CardNotPresent, CardReadError, DeviceError, DeviceNotFound, DeviceTimeout, ProtocolError
from devices.idcard import sam_protocol as sp
from devices.idcard.base import IdentityCard, IdReader, id_readers
from devices.idcard.photo import WLT, load_photo_decoder
from devices.idcard.sam_text import decode_text

log = logging.getLogger(__name__)

# How long one serial read blocks at most; answers are collected until the command's timeout.
_READ_SLICE = 0.05


@id_readers.register
class SamSerialReader(IdReader):
    """A SAM reader on a serial port, read by polling find → select → read."""

    type = "sam-serial"

    def __init__(self, name: str, *, port: str, baudrate: int = 115200, timeout: float = 3.0,
                 retries: int = 2, photo_decoder: str | None = None):
        super().__init__(name)
        self.port = port
        self.baudrate = int(baudrate)
        self.timeout = float(timeout)
        self.retries = int(retries)
        if self.retries < 0 or self.timeout <= 0:
            raise ValueError("retries must be >= 0 and timeout > 0")
        if photo_decoder:
            self.photo_decoder = load_photo_decoder(photo_decoder)
        self._serial: serial.Serial | None = None
        self._io = threading.RLock()  # one command at a time: the watch loop and the CLI share the port

    # -- connection -------------------------------------------------------------------------

    def open(self) -> None:
        with self._io:
            if self._serial is not None:
                return
            try:
                # exclusive: one process owns the reader; a second one fails here, not mid-read.
                self._serial = serial.Serial(self.port, self.baudrate, timeout=_READ_SLICE,
                                             write_timeout=self.timeout, exclusive=True)
            except serial.SerialException as exc:
                raise self._open_error(exc) from None
            except ValueError as exc:  # pyserial's answer to a bad baud rate
                raise DeviceError(f"{self.port}: {exc}",
                                  staff_hint="Check the reader's baudrate in the configuration.") from None

    def _open_error(self, exc: serial.SerialException) -> DeviceError:
        code = getattr(exc, "errno", None)
        if code in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EBUSY):
            return DeviceError(f"{self.port} is in use: {exc}",
                               staff_hint="Another program holds the reader's port; stop it "
                                          "(one process owns the hardware).")
        if code in (errno.EACCES, errno.EPERM):
            return DeviceError(f"{self.port}: permission denied",
                               staff_hint="Add the kiosk user to the 'dialout' group or fix the udev rule.")
        return DeviceNotFound(f"{self.port}: {exc}")

    def close(self) -> None:
        with self._io:
            if self._serial is not None:
                try:
                    self._serial.close()
                except (OSError, serial.SerialException):
                    pass  # the port may already be gone with the device
                self._serial = None

    # -- one command ------------------------------------------------------------------------

    def transact(self, command: sp.Command, data: bytes = b"") -> sp.Response:
        """Send one command and return its answer (SW3 not yet checked)."""
        with self._io:
            self.open()
            try:
                self._serial.reset_input_buffer()  # drop a late answer to an earlier command
                self._serial.write(sp.command_frame(command, data))
                return self._receive(command)
            except serial.SerialTimeoutException:
                raise DeviceTimeout(f"{self.port}: {command.label}: write timed out") from None
            # A vanished tty also shows as OSError (in_waiting) or termios.error (flushing).
            except (serial.SerialException, OSError, termios.error) as exc:
                self.close()
                raise DeviceNotFound(f"{self.port}: {command.label}: {exc}",
                                     staff_hint="The reader's port went away; check the USB cable.") from None

    def _receive(self, command: sp.Command) -> sp.Response:
        decoder = sp.FrameDecoder()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            decoder.feed(self._serial.read(self._serial.in_waiting or 1))
            payload = decoder.next_payload()  # ProtocolError on a bad checksum or length
            if payload is not None:
                return sp.Response.from_payload(payload)
        if decoder.skipped or decoder.pending:
            raise ProtocolError(f"{self.port}: {command.label}: {decoder.skipped + decoder.pending} "
                                f"bytes but no complete frame within {self.timeout} s")
        raise DeviceTimeout(f"{self.port}: {command.label}: no answer within {self.timeout} s")

    # -- reading ----------------------------------------------------------------------------

    def read_once(self) -> IdentityCard:
        """find → select → read, retried ``retries`` times on read errors and malformed answers.

        A card that disappears during the retries raises the read error that started them,
        which tells the citizen to place the card again; CardNotPresent means none was there.
        A reader that does not answer at all is not retried: waiting ``timeout`` again would
        only delay reporting it.
        """
        with self._io:
            failure: DeviceError | None = None
            for attempt in range(self.retries + 1):
                try:
                    return self._read_card()
                except CardNotPresent:
                    if failure is None:
                        raise
                    raise failure from None
                except (CardReadError, ProtocolError) as exc:
                    failure = exc
                    log.info("reader %s: attempt %d failed: %s", self.name, attempt + 1, exc)
            raise failure

    def _read_card(self) -> IdentityCard:
        found = self.transact(sp.FIND_CARD)
        if found.sw3 != sp.FIND_FAILED:
            found.check(sp.FIND_CARD, sp.CARD_FOUND)
        # After "find failed" a card already read (halted) still answers "select".
        selected = self.transact(sp.SELECT_CARD)
        if found.sw3 == sp.FIND_FAILED and selected.sw3 == sp.SELECT_FAILED:
            raise CardNotPresent(f"{self.port}: no card on the reader")
        selected.check(sp.SELECT_CARD)
        blocks = sp.parse_read_data(self.transact(sp.READ_TEXT_PHOTO).check(sp.READ_TEXT_PHOTO).data)
        try:
            card = decode_text(blocks.text)
        except ProtocolError as exc:
            # The frame arrived intact, so the reader is fine: it is this card that is not understood.
            raise CardReadError(f"{self.port}: card text not understood: {exc}") from None
        return replace(card, photo=blocks.photo, photo_format=WLT)

    def card_present(self) -> bool:
        with self._io:
            answer = self.transact(sp.SELECT_CARD)
            if answer.sw3 in (sp.SELECT_FAILED, sp.FIND_FAILED):
                return False
            answer.check(sp.SELECT_CARD)
            return True

    def probe(self) -> str:
        with self._io:
            self.transact(sp.SAM_STATUS).check(sp.SAM_STATUS)
            sam_id = sp.format_sam_id(self.transact(sp.READ_SAM_ID).check(sp.READ_SAM_ID).data)
        return f"SAM {sam_id} on {self.port} at {self.baudrate} baud"
