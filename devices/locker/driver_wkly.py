"""Driver for lock boards speaking the "WKLY" protocol over RS485.

WKLY boards report door changes on their own (command 85). The watcher listens for those
reports between polls and still polls every board now and then, because a report can be lost
in a collision on the shared bus and a silent board only shows up when asked.
"""
from __future__ import annotations

import logging
import time

from devices.base import DeviceError, ProtocolError
from devices.locker import frames_wkly
from devices.locker.base import locker_banks
from devices.locker.serial_bank import SerialBoardBank

log = logging.getLogger(__name__)

# How often the idle watcher looks at the line for unsolicited reports.
_LISTEN_STEP = 0.02


@locker_banks.register
class WklyLockerBank(SerialBoardBank):
    """``type: lock-wkly``. ``poll_interval`` may be long (e.g. 5 s): changes arrive as reports."""

    type = "lock-wkly"
    has_lights = True

    def __init__(self, name: str, **options):
        super().__init__(name, **options)
        self._pending = b""
        self._reports: list[frames_wkly.LockState] = []

    def _request(self, request: frames_wkly.Frame) -> frames_wkly.Frame:
        """Send one request and return the board's reply, queueing reports that come first."""
        self._write(request.encode())
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for frame in self._take_frames(self._read(1)):
                if (frame.board, frame.command) == (request.board, request.command):
                    return frame
        raise self._no_answer(request.board, self.port, f"no reply to {request.encode().hex(' ')}")

    def _take_frames(self, chunk: bytes) -> list[frames_wkly.Frame]:
        """Add bytes from the line; return the replies among the complete frames."""
        waiting = self._io(lambda: self._link().in_waiting)
        if waiting:
            chunk += self._read(waiting)
        raw_frames, self._pending = frames_wkly.split(self._pending + chunk)
        replies = []
        for raw in raw_frames:
            try:
                frame = frames_wkly.decode(raw)
                if frame.command == frames_wkly.REPORT:
                    self._reports.append(frames_wkly.parse_report(frame))
                else:
                    replies.append(frame)
            except ProtocolError as exc:
                log.warning("locker %s: dropped a garbled frame: %s", self.name, exc)
        return replies

    def _checked(self, request: frames_wkly.Frame) -> frames_wkly.Frame:
        reply = self._request(request)
        try:
            ok = frames_wkly.reply_ok(reply)
        except ProtocolError as exc:
            raise self._no_answer(request.board, self.port, str(exc)) from exc
        if not ok:
            raise self._no_answer(request.board, self.port,
                                  f"board refused {request.encode().hex(' ')} (status FF)")
        return reply

    def _pulse(self, board: int, channel: int) -> None:
        reply = self._checked(frames_wkly.open_one(board, channel))
        try:
            frames_wkly.parse_lock_reply(reply)
        except ProtocolError as exc:
            raise self._no_answer(board, self.port, str(exc)) from exc

    def indicate(self, number: int) -> None:
        compartment = self.layout.compartment(number)
        self._exchange(compartment.board, self._flash, compartment.board, compartment.channel)

    def _flash(self, board: int, channel: int) -> None:
        reply = self._checked(frames_wkly.flash(board, channel))
        if not reply.data or reply.data[0] != frames_wkly.STATUS_OK:
            raise self._no_answer(board, self.port, "the board refused to flash the light")

    def _read_levels(self, board: int) -> dict[int, bool]:
        reply = self._checked(frames_wkly.status_all(board))
        try:
            closed = frames_wkly.parse_all_reply(reply)
        except ProtocolError as exc:
            raise self._no_answer(board, self.port, str(exc)) from exc
        return {index + 1: level for index, level in enumerate(closed)}

    def _after_exchange(self) -> None:
        with self._bus:
            reports, self._reports = self._reports, []
        for report in reports:
            if report.board in self.layout.boards:
                self._apply_levels(report.board, {report.channel: report.closed})

    def _idle(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stop.wait(_LISTEN_STEP) and time.monotonic() < deadline:
            with self._bus:
                if self._serial is None:
                    continue
                try:
                    self._take_frames(b"")
                except DeviceError as exc:
                    self.tracker.failed(exc)
                    return  # the next poll tells which boards are affected
            self._after_exchange()
