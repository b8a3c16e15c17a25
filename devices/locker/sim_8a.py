"""Simulated "8A" lock boards answering on a pty (see frames_8a for the protocol)."""
from __future__ import annotations

from devices.base import ProtocolError
from devices.locker import frames_8a
from devices.locker.sim_pty import PtyBoardBus
from devices.locker.simulator import LockerModel


class EightABusSimulator(PtyBoardBus):
    """Every board of ``model`` on one pty; ``status_bytes`` and ``group_order`` must match the
    driver's configuration, as they would match the vendor's firmware."""

    def __init__(self, model: LockerModel, *, status_bytes: int = 3, group_order: str = "low-first"):
        super().__init__(model)
        self.status_bytes = status_bytes
        self.group_order = group_order

    def driver_options(self) -> dict:
        """Options for ``EightALockerBank`` talking to this simulator."""
        return {"port": self.port, "boards": self.model.board_options(),
                "status_bytes": self.status_bytes, "group_order": self.group_order}

    def _handle(self, buffer: bytes) -> bytes:
        while len(buffer) >= frames_8a.FRAME_LENGTH:
            if buffer[0] not in (frames_8a.OPEN_HEAD, frames_8a.QUERY_HEAD):
                buffer = buffer[1:]  # line noise: hunt for the next head byte
                continue
            try:
                request = frames_8a.parse_request(buffer[:frames_8a.FRAME_LENGTH])
            except ProtocolError:
                buffer = buffer[1:]  # a real board ignores a frame with a bad BCC
                continue
            self.requests.append(buffer[:frames_8a.FRAME_LENGTH])
            buffer = buffer[frames_8a.FRAME_LENGTH:]
            if self.model.answers(request.board):
                self.send(self._answer(request))
        return buffer

    def _answer(self, request: frames_8a.Request) -> bytes:
        if request.head == frames_8a.OPEN_HEAD:
            self.model.pulse(request.board, request.lock)
        levels = self.model.levels(request.board)
        if request.head == frames_8a.QUERY_HEAD and request.lock == frames_8a.ALL_LOCKS:
            return frames_8a.all_status(request.board, list(levels.values()),
                                        self.status_bytes, self.group_order)
        return frames_8a.lock_status(request.head, request.board, request.lock,
                                     levels.get(request.lock, False))

