"""Simulated Modbus relay/IO lock boards: pymodbus's own server in front of the locker model.

One Modbus device per board of the model. A coil written ON pulses that lock in the model;
a discrete-input read is answered from the model's door switches and item sensors at that
moment. A silenced board answers exception 0x0B over TCP (gateway target failed to respond:
what a TCP-to-RS485 gateway sends when the board behind it stays silent) and nothing at all
over RTU.

``ModbusTcpBoardSimulator`` listens on 127.0.0.1 (a free port); ``ModbusRtuBoardSimulator``
serves RTU frames on a pty pair, the driver opening the other end as its serial port.
"""
from __future__ import annotations

import asyncio
import threading
from functools import partial

from pymodbus import FramerType
from pymodbus.constants import ExcCodes
from pymodbus.server import ModbusSerialServer, ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice
from pymodbus.simulator.simutils import SimUtils

from devices.locker.sim_pty import PtyNullModem
from devices.locker.simulator import LockerModel

_READ_INPUTS = 2
_WRITE_COIL = 5
_WRITE_COILS = 15


class ModbusBoardSimulator:
    """Base of the two transports: builds the devices and runs the server in its own loop."""

    def __init__(self, model: LockerModel, *, coil_base: int = 0, input_base: int = 0):
        self.model = model
        self.coil_base = coil_base
        self.input_base = input_base
        self.coil_writes: list[tuple[int, int, bool]] = []  # (board, coil address, value)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self._thread: threading.Thread | None = None

    def driver_options(self) -> dict:
        return {"boards": self.model.board_options(), "coil_base": self.coil_base,
                "input_base": self.input_base}

    def start(self) -> "ModbusBoardSimulator":
        ready = threading.Event()
        failure: list[BaseException] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, args=(ready, failure),
                                        name="sim-modbus", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._loop is not None and self._server is not None and self._thread is not None:
            asyncio.run_coroutine_threadsafe(self._server.shutdown(), self._loop).result(5)
            self._thread.join(timeout=5)
        self._thread = self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _run(self, ready: threading.Event, failure: list[BaseException]) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve(ready))
        except BaseException as exc:  # reported to start(), which is waiting for us
            failure.append(exc)
            ready.set()
        finally:
            self._loop.close()

    async def _serve(self, ready: threading.Event) -> None:
        self._server = self._make_server(self._devices())
        await self._server.serve_forever(background=True)
        self._listening()
        ready.set()
        await self._server.serving

    def _make_server(self, devices: list[SimDevice]):
        raise NotImplementedError

    def _listening(self) -> None:
        """Called once the server listens (the TCP front end learns its port here)."""

    def _devices(self) -> list[SimDevice]:
        devices = []
        for board in self.model.layout.boards.values():
            coils = SimData(self.coil_base, values=[False] * board.locks, datatype=DataType.BITS)
            inputs = SimData(self.input_base, values=[False] * board.input_channels,
                             datatype=DataType.BITS)
            # Lock boards have no registers, but pymodbus wants every table present.
            holding = SimData(0, values=0, datatype=DataType.REGISTERS)
            input_registers = SimData(0, values=0, datatype=DataType.REGISTERS)
            devices.append(SimDevice(board.address,
                                     simdata=([coils], [inputs], [holding], [input_registers]),
                                     action=partial(self._action, board.address)))
        return devices

    async def _action(self, board: int, function_code: int, start_address: int, address: int,
                      count: int, registers: list[int], values) -> ExcCodes | None:
        """pymodbus calls this before it serves a request from ``registers`` (also to read
        a written coil back, with ``values`` None)."""
        if not self.model.answers(board):
            return ExcCodes.GATEWAY_NO_RESPONSE
        if function_code in (_WRITE_COIL, _WRITE_COILS) and values is not None:
            for offset, value in enumerate(values):
                coil = address + offset
                self.coil_writes.append((board, coil, bool(value)))
                if value:
                    self.model.pulse(board, coil - self.coil_base + 1)
        elif function_code == _READ_INPUTS:
            # Bit blocks are stored as 16-bit words from word ``start_address`` on.
            first_bit = start_address * 16
            bits = [False] * (16 * (len(registers) - 1))
            for channel, level in self.model.levels(board).items():
                bits[self.input_base + channel - 1 - first_bit] = level
            registers[:-1] = SimUtils.bitsToRegisters(bits)
        return None


class ModbusTcpBoardSimulator(ModbusBoardSimulator):
    """Modbus TCP on 127.0.0.1, on ``port`` (0: a free port, known once started)."""

    def __init__(self, model: LockerModel, *, port: int = 0, **options):
        super().__init__(model, **options)
        self.port = port

    def driver_options(self) -> dict:
        return {**super().driver_options(), "host": "127.0.0.1", "port": self.port}

    def _make_server(self, devices):
        return ModbusTcpServer(devices, address=("127.0.0.1", self.port))

    def _listening(self) -> None:
        self.port = self._server.transport.sockets[0].getsockname()[1]


class ModbusRtuBoardSimulator(ModbusBoardSimulator):
    """Modbus RTU over a pty pair: the server holds one end, ``port`` is the driver's end."""

    def __init__(self, model: LockerModel, *, baudrate: int = 9600, **options):
        super().__init__(model, **options)
        self.baudrate = baudrate
        self._line = PtyNullModem()
        self.port = self._line.port

    def driver_options(self) -> dict:
        return {**super().driver_options(), "port": self.port, "baudrate": self.baudrate}

    def start(self) -> "ModbusRtuBoardSimulator":
        self._line.start()
        return super().start()

    def stop(self) -> None:
        super().stop()
        self._line.stop()

    def _make_server(self, devices):
        return ModbusSerialServer(devices, framer=FramerType.RTU, port=self._line.far_port,
                                  baudrate=self.baudrate, trace_packet=self._silence)

    def _silence(self, sending: bool, packet: bytes) -> bytes:
        """On an RS485 line a dead board sends nothing at all: drop its answers (an RTU frame
        starts with the device id) so the driver meets a real timeout."""
        if sending and packet and not self.model.answers(packet[0]):
            return b""
        return packet
