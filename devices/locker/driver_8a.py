"""Driver for lock boards speaking the "8A" five-byte protocol over RS485."""
from __future__ import annotations

from devices.base import ProtocolError
from devices.locker import frames_8a
from devices.locker.base import locker_banks
from devices.locker.serial_bank import SerialBoardBank


@locker_banks.register
class EightALockerBank(SerialBoardBank):
    """``type: lock-8a``. Extra options: ``status_bytes`` (group bytes in a query-all reply,
    3 for the common 24-lock board) and ``group_order`` (``low-first`` or ``high-first``)."""

    type = "lock-8a"

    def __init__(self, name: str, *, status_bytes: int = 3, group_order: str = "low-first",
                 **options):
        super().__init__(name, **options)
        if group_order not in frames_8a.GROUP_ORDERS:
            raise ValueError(f"group_order must be one of {frames_8a.GROUP_ORDERS}")
        self.status_bytes = int(status_bytes)
        self.group_order = group_order
        for board in self.layout.boards.values():
            if board.input_channels > self.status_bytes * 8:
                raise ValueError(f"board {board.address} needs {board.input_channels} channels, "
                                 f"more than {self.status_bytes} status bytes report")

    def _ask(self, board: int, request: bytes, reply_length: int) -> bytes:
        self._discard_input()
        self._write(request)
        reply = self._read(reply_length)
        if len(reply) < reply_length:
            raise self._no_answer(board, self.port,
                                  f"{len(reply)} of {reply_length} bytes to {request.hex(' ')}")
        return reply

    def _pulse(self, board: int, channel: int) -> None:
        reply = self._ask(board, frames_8a.open_lock(board, channel), frames_8a.FRAME_LENGTH)
        try:
            status = frames_8a.parse_lock_status(reply, frames_8a.OPEN_HEAD)
        except ProtocolError as exc:
            raise self._no_answer(board, self.port, str(exc)) from exc
        if (status.board, status.lock) != (board, channel):
            raise self._no_answer(board, self.port, f"reply {reply.hex(' ')} names another lock")

    def _read_levels(self, board: int) -> dict[int, bool]:
        reply = self._ask(board, frames_8a.query_all(board),
                          frames_8a.all_status_length(self.status_bytes))
        try:
            answered, levels = frames_8a.parse_all_status(reply, self.status_bytes, self.group_order)
        except ProtocolError as exc:
            raise self._no_answer(board, self.port, str(exc)) from exc
        if answered != board:
            raise self._no_answer(board, self.port, f"board {answered} answered instead")
        return {index + 1: level for index, level in enumerate(levels)}
