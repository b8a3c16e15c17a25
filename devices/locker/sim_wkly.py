"""Simulated "WKLY" lock boards answering on a pty, with unsolicited 85 state reports."""
from __future__ import annotations

from devices.base import ProtocolError
from devices.locker import frames_wkly as wkly
from devices.locker.sim_pty import PtyBoardBus
from devices.locker.simulator import LockerModel


class WklyBusSimulator(PtyBoardBus):
    """Every board of ``model`` on one pty. Boards report each input change with an 85 frame
    unless ``reports`` is False (some firmware has reporting switched off)."""

    def __init__(self, model: LockerModel, *, reports: bool = True):
        super().__init__(model)
        if reports:
            model.add_level_listener(self._report)

    def driver_options(self) -> dict:
        """Options for ``WklyLockerBank`` talking to this simulator."""
        return {"port": self.port, "boards": self.model.board_options()}

    def _report(self, board: int, channel: int, level: bool) -> None:
        if self.model.answers(board) and not self._stop.is_set():
            self.send(wkly.report(board, channel, level).encode())

    def _handle(self, buffer: bytes) -> bytes:
        raw_frames, rest = wkly.split(buffer)
        for raw in raw_frames:
            try:
                request = wkly.decode(raw)
            except ProtocolError:
                continue  # a real board ignores a frame that fails its check
            self.requests.append(raw)
            if self.model.answers(request.board):
                self.send(self._answer(request).encode())
        return rest

    def _answer(self, request: wkly.Frame) -> wkly.Frame:
        levels = self.model.levels(request.board)
        command = request.command
        try:
            if command == wkly.STATUS_ALL:
                return wkly.all_reply(request, list(levels.values()))
            if command == wkly.OPEN_ALL:
                self.model.pulse(request.board, 0)
                return wkly.reply(request, True)
            if command in (wkly.OPEN_SEVERAL, wkly.OPEN_SEQUENTIAL):
                channels = wkly.parse_channels(request)
                if not all(c in levels for c in channels):
                    return wkly.reply(request, False)
                for channel in channels:
                    self.model.pulse(request.board, channel)
                return wkly.reply(request, True)
            channel = request.data[0] if len(request.data) == 1 else 0
            if channel not in levels:
                return wkly.reply(request, False, channel)
            if command in (wkly.OPEN_ONE, wkly.KEEP_OPEN):
                self.model.pulse(request.board, channel)
            if command == wkly.FLASH:
                self.model.flash(request.board, channel)
            if command in (wkly.OPEN_ONE, wkly.STATUS_ONE):
                closed = self.model.levels(request.board)[channel]
                return wkly.lock_reply(request, True, channel, closed)
            return wkly.reply(request, True, channel)  # 81 flash, 88 keep open, 89 close
        except ProtocolError:
            return wkly.reply(request, False)
