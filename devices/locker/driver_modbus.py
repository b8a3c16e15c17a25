"""Driver for Modbus relay/IO boards driving locker solenoids (family C), through pymodbus.

Each board is a Modbus slave (``address`` = device id). Coil ``coil_base + channel - 1`` drives
the solenoid of lock ``channel``: written ON (FC05), held ``pulse_seconds``, written OFF — a
solenoid left energised overheats. Discrete input ``input_base + channel - 1`` reads the
door switch (and item sensors on the channels configured for them), read with FC02.
"""
from __future__ import annotations

import time

from pymodbus import FramerType, ModbusException
from pymodbus.exceptions import ConnectionException
from pymodbus.client import ModbusSerialClient, ModbusTcpClient

from devices.base import DeviceNotFound, LockerFault
from devices.locker.base import locker_banks
from devices.locker.board_bank import BoardBank


class ModbusBoardBank(BoardBank):
    """Common Modbus options: ``pulse_seconds`` (0.4), ``coil_base`` / ``input_base`` (0),
    ``timeout`` (seconds per request, 1.0), ``retries`` (0: the watcher retries anyway)."""

    def __init__(self, name: str, *, pulse_seconds: float = 0.4, coil_base: int = 0,
                 input_base: int = 0, timeout: float = 1.0, retries: int = 0, **options):
        super().__init__(name, **options)
        self.pulse_seconds = float(pulse_seconds)
        if self.pulse_seconds < self.command_gap:
            raise ValueError("pulse_seconds must not be shorter than command_gap")
        self.coil_base = int(coil_base)
        self.input_base = int(input_base)
        self.timeout = float(timeout)
        self.retries = int(retries)
        self._client: ModbusTcpClient | ModbusSerialClient | None = None

    def _where(self) -> str:
        raise NotImplementedError

    def _make_client(self) -> ModbusTcpClient | ModbusSerialClient:
        raise NotImplementedError

    def _connect(self) -> None:
        if self._client is None:
            # Kept even when the link is down now: pymodbus reconnects on the next request.
            self._client = self._make_client()
        if not self._client.connect():
            raise self._link_down("connection refused or port missing")

    def _link_down(self, detail: str) -> DeviceNotFound:
        return DeviceNotFound(
            f"cannot reach the locker Modbus link at {self._where()}: {detail}",
            staff_hint=f"The locker Modbus link {self._where()} could not be opened: check "
                       "the gateway's power and network, or the serial adapter and port.")

    def _disconnect(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def _call(self, board: int, request: str, *args, **kwargs):
        """One Modbus request; no answer, an exception response or a dead link -> LockerFault."""
        if self._client is None:
            raise DeviceNotFound(f"locker Modbus link {self._where()} is not open",
                                 staff_hint="The locker bank was used before open() was called.")
        try:
            response = getattr(self._client, request)(*args, device_id=board, **kwargs)
        except ConnectionException as exc:
            raise self._link_down(str(exc)) from exc
        except ModbusException as exc:
            raise self._no_answer(board, self._where(), str(exc)) from exc
        if response.isError():
            code = getattr(response, "exception_code", "?")
            raise self._no_answer(board, self._where(), f"exception response {code} to {request}")
        return response

    def _pulse(self, board: int, channel: int) -> None:
        coil = self.coil_base + channel - 1
        self._call(board, "write_coil", coil, True)
        try:
            time.sleep(self.pulse_seconds)  # protocol timing: how long the solenoid is energised
        finally:
            try:
                self._call(board, "write_coil", coil, False)
            except LockerFault as exc:
                raise LockerFault(
                    f"lock {channel} of board {board} may still be energised: {exc}",
                    staff_hint=f"The OFF command for coil {coil} of Modbus board {board} was not "
                               "acknowledged; the solenoid may stay powered and overheat. Check "
                               "the board now.") from exc

    def _read_levels(self, board: int) -> dict[int, bool]:
        count = self.layout.boards[board].input_channels
        response = self._call(board, "read_discrete_inputs", self.input_base, count=count)
        bits = list(response.bits[:count])
        if len(bits) < count:
            raise self._no_answer(board, self._where(), f"{len(bits)} of {count} inputs returned")
        return {index + 1: bool(bit) for index, bit in enumerate(bits)}


@locker_banks.register
class ModbusTcpLockerBank(ModbusBoardBank):
    """``type: modbus-tcp``: boards behind a Modbus TCP gateway (or TCP IO boards).
    Options ``host`` and ``port`` (502)."""

    type = "modbus-tcp"

    def __init__(self, name: str, *, host: str, port: int = 502, **options):
        super().__init__(name, **options)
        self.host = host
        self.port = int(port)

    def _where(self) -> str:
        return f"{self.host}:{self.port}"

    def _make_client(self) -> ModbusTcpClient:
        return ModbusTcpClient(self.host, port=self.port, timeout=self.timeout, retries=self.retries)


@locker_banks.register
class ModbusRtuLockerBank(ModbusBoardBank):
    """``type: modbus-rtu``: boards on an RS485 line. Options ``port``, ``baudrate`` (9600),
    ``parity`` (N), ``stopbits`` (1)."""

    type = "modbus-rtu"

    def __init__(self, name: str, *, port: str, baudrate: int = 9600, parity: str = "N",
                 stopbits: int = 1, **options):
        super().__init__(name, **options)
        self.port = port
        self.baudrate = int(baudrate)
        self.parity = parity
        self.stopbits = int(stopbits)

    def _where(self) -> str:
        return self.port

    def _make_client(self) -> ModbusSerialClient:
        return ModbusSerialClient(self.port, framer=FramerType.RTU, baudrate=self.baudrate,
                                  bytesize=8, parity=self.parity, stopbits=self.stopbits,
                                  timeout=self.timeout, retries=self.retries)
