"""A whole kiosk's worth of simulated hardware, and the configuration that points the REAL
drivers at it.

    with Simulation(card="young-hangzhou") as sim:
        manager = DeviceManager(sim.config)   # the same drivers a hall runs
        sim.place_card("hk-permit")           # a citizen puts another card on the reader
        sim.card_fault(Fault.REMOVE_MID_READ) # … and snatches it away while it is read
        sim.lockers["A"].close(3)             # the locker model: doors, items, jams

Each simulator speaks its device's wire protocol: the SAM reader on a pseudo-terminal, the
document camera as an MJPEG stream on 127.0.0.1, the receipt printer as raw ESC/POS on a TCP
port, the lock boards as "8A" frames on a pseudo-terminal, the passport as a virtual ICAO chip
on the vpcd reader of pcscd (PC/SC). ``kinds`` picks which to run; a new kind is added by one
``_start_<kind>`` method that returns its configuration section.
"""
from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from devices.camera.simulator import CameraSimulator
from devices.idcard import sam_protocol
from devices.base import DeviceNotFound
from devices.idcard.base import IdentityCard
from devices.idcard.emrtd_vicc import VPCD_PORT, PassportData, PassportSimulator
from devices.idcard.sam_simulator import Fault, SamSimulator
from devices.locker.sim_8a import EightABusSimulator
from devices.locker.simulator import LockerModel
from devices.printer.simulator import EscposPrinterSimulator
from devices.samples import Sample, sample, samples

log = logging.getLogger(__name__)

KINDS = ("id_reader", "camera", "printer", "lockers", "passport_reader")

# Debian's pcscd and the vpcd driver of vsmartcard-vpcd (its reader in /etc/reader.conf.d/vpcd).
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
VPCD_READER = "Virtual PCD 00 00"
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")   # compiled into libpcsclite and pcscd


def pcscd_binary() -> str | None:
    # /usr/sbin is not on every user's PATH.
    return shutil.which("pcscd") or shutil.which("pcscd", path="/usr/sbin")


def missing_for_passport() -> str | None:
    """Why the passport reader cannot be simulated here, or None when it can."""
    if pcscd_binary() is None:
        return "pcscd is not installed (Debian package pcscd)"
    if not VPCD_DRIVER.exists():
        return f"the vpcd reader driver is not installed ({VPCD_DRIVER}, Debian package vsmartcard-vpcd)"
    return None


def default_kinds() -> tuple[str, ...]:
    """Every kind this machine can simulate; the passport reader is left out, with one log line,
    where pcscd or vpcd are not installed."""
    missing = missing_for_passport()
    if missing is None:
        return KINDS
    log.warning("simulation without a passport reader: %s", missing)
    return tuple(kind for kind in KINDS if kind != "passport_reader")


class PcscDaemon:
    """Makes sure pcscd answers and lists the vpcd reader; starts one when none runs.

    pcscd is a per-machine service (its socket path is compiled in), so one already running is
    used as it is, and only a daemon started here is stopped by ``stop``. Started with
    ``--auto-exit``, it also goes away by itself should the kiosk be killed.
    """

    wait = 20.0   # how long a starting pcscd may take to list its readers

    def __init__(self, reader: str = VPCD_READER):
        self.reader = reader
        self.pid: int | None = None
        self._process: subprocess.Popen | None = None

    def start(self) -> "PcscDaemon":
        if _socket_answers(_client_socket()):
            if not _lists(self.reader):
                raise DeviceNotFound(f"the running pcscd lists no reader {self.reader!r}",
                                     staff_hint="Install vsmartcard-vpcd and restart pcscd.")
            return self
        if _client_socket() != PCSCD_SOCKET:
            # PCSCLITE_CSOCK_NAME points elsewhere: a daemon started here would not be the one asked.
            raise DeviceNotFound(f"no pcscd answers at {_client_socket()}")
        self._process = subprocess.Popen([pcscd_binary(), "--foreground", "--auto-exit"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pid = self._process.pid
        log.info("started pcscd (pid %s) for the simulated passport reader", self.pid)
        deadline = time.monotonic() + self.wait
        # A starting daemon offers nothing to wait on: ask until it lists the reader.
        while not (_socket_answers(PCSCD_SOCKET) and _lists(self.reader)):
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise DeviceNotFound(f"pcscd did not come up listing {self.reader!r}",
                                     staff_hint="Run pcscd --foreground --debug to see why.")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=self.wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.info("stopped pcscd (pid %s)", self.pid)
        self.pid = None


def _client_socket() -> Path:
    return Path(os.environ.get("PCSCLITE_CSOCK_NAME") or PCSCD_SOCKET)


def _socket_answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(str(path)) == 0


def _lists(reader: str) -> bool:
    from smartcard.System import readers

    try:
        return any(reader in str(found) for found in readers())
    except Exception:   # pyscard raises several unrelated classes while pcscd is not up
        return False


class Simulation:
    """Simulators for the chosen device kinds; ``config`` is valid once started."""

    def __init__(self, *, kinds: tuple[str, ...] | None = None, card: str | IdentityCard | None = None,
                 locker_banks: dict[str, int] | None = None, pcsc_reader: str = VPCD_READER,
                 vpcd_port: int = VPCD_PORT):
        kinds = default_kinds() if kinds is None else kinds
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown simulated kinds {sorted(unknown)} (known: {', '.join(KINDS)})")
        self.kinds = tuple(kinds)
        self.locker_banks = locker_banks or {"A": 12}  # bank name -> compartments
        self.sam: SamSimulator | None = None
        self.camera: CameraSimulator | None = None
        self.printer: EscposPrinterSimulator | None = None
        self.lockers: dict[str, LockerModel] = {}
        self.pcscd: PcscDaemon | None = None
        self.passport: PassportSimulator | None = None
        self.pcsc_reader, self.vpcd_port = pcsc_reader, vpcd_port
        self.config: dict = {}
        self._running: list = []
        self._first_card = card

    def start(self) -> dict:
        """Start the simulators; the device configuration for them."""
        try:
            for kind in self.kinds:
                section = getattr(self, f"_start_{kind}")()
                if section is not None:
                    self.config[kind] = section
        except BaseException:
            self.stop()
            raise
        return self.config

    def stop(self) -> None:
        while self._running:
            self._running.pop().stop()

    def __enter__(self) -> Simulation:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _run(self, simulator):
        self._running.append(simulator.start())
        return simulator

    # -- the kinds --------------------------------------------------------------------------

    def _start_id_reader(self) -> dict:
        self.sam = self._run(SamSimulator())
        if self._first_card is not None:
            self.place_card(self._first_card)
        return {"type": "sam-serial", "port": self.sam.port}

    def _start_camera(self) -> dict:
        # A 3-megapixel document camera (enough pixels per mm to read an A4 page), at a modest rate
        # because the simulation shares the kiosk's CPU.
        self.camera = self._run(CameraSimulator(width=2048, height=1536, fps=4))
        return {"type": "opencv", "source": self.camera.url}

    def _start_printer(self) -> dict:
        self.printer = self._run(EscposPrinterSimulator())
        return {"type": "escpos-network", "host": self.printer.host, "port": self.printer.port}

    def _start_lockers(self) -> list[dict]:
        banks = []
        for name, compartments in self.locker_banks.items():
            model = LockerModel.single_board(compartments, item_sensors=True)
            bus = self._run(EightABusSimulator(model))
            self.lockers[name] = model
            banks.append({"name": name, "type": "lock-8a", **bus.driver_options()})
        return banks

    def _start_passport_reader(self) -> dict | None:
        missing = missing_for_passport()
        if missing is not None:
            log.warning("simulation without a passport reader: %s", missing)
            return None
        try:
            self.pcscd = self._run(PcscDaemon(self.pcsc_reader))
        except DeviceNotFound as exc:
            # The kiosk runs on without passports rather than not at all.
            log.warning("simulation without a passport reader: %s", exc)
            return None
        self.passport = self._run(PassportSimulator(reader=self.pcsc_reader, port=self.vpcd_port))
        return self.passport.config

    # -- the citizen at the ID reader -------------------------------------------------------

    @staticmethod
    def samples() -> list[Sample]:
        return samples()

    def place_card(self, card: str | IdentityCard) -> IdentityCard:
        """Put a card on the reader: a sample key (see devices.samples) or any IdentityCard."""
        identity = sample(card).card if isinstance(card, str) else card
        self._sam().place(identity)
        return identity

    def remove_card(self) -> None:
        self._sam().remove()

    def card_fault(self, fault: Fault | int, *, on: sam_protocol.Command | None = None, times: int = 1) -> None:
        """Make the reader misbehave: a ``Fault`` or a SAM status code such as 0x41 or 0x60."""
        if isinstance(fault, Fault):
            self._sam().inject(fault, on=on, times=times)
        else:
            self._sam().inject_status(fault, on=on, times=times)

    def _sam(self) -> SamSimulator:
        if self.sam is None:
            raise RuntimeError("the ID reader is not simulated (start with 'id_reader' in kinds)")
        return self.sam

    # -- the visitor at the passport reader ---------------------------------------------------

    def place_passport(self, passport: PassportData | str = "sample") -> PassportData:
        """Lay a passport on the contactless reader: any PassportData, or a sample key
        (see ``sample_passport``)."""
        data = sample_passport(passport) if isinstance(passport, str) else passport
        self._passport().place(data)
        return data

    def remove_passport(self) -> None:
        self._passport().remove()

    def _passport(self) -> PassportSimulator:
        if self.passport is None:
            raise RuntimeError("the passport reader is not simulated (needs 'passport_reader' in kinds, "
                               "pcscd and vsmartcard-vpcd)")
        return self.passport


def sample_passport(key: str = "sample") -> PassportData:
    """A sample passport by key: "sample" (the default PassportData.sample)."""
    if key != "sample":
        raise KeyError(f"no sample passport {key!r} (known: sample)")
    return PassportData.sample()
