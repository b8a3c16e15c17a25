"""pcscd with the vpcd virtual reader, and virtual passports placed on it, for the PC/SC tests.

Import the fixtures into a test module with ``from tests.devices.idcard.pcsc_fixtures import *``.

pcscd's client socket path is compiled in (/run/pcscd/pcscd.comm), so there is one daemon per
machine. Where the tests may create a mount namespace (root, as in CI), they start a private
pcscd instead: /run/pcscd bind-mounted onto a temporary directory, a vpcd reader of its own
name on free TCP ports, and ``PCSCLITE_CSOCK_NAME`` pointing pyscard at its socket. A system
pcscd, or one left behind by another run, is then neither used nor disturbed. Without that
permission a running pcscd is reused (or one is started with the system configuration), and an
exclusive lock on ``VPCD_LOCK`` makes concurrent runs take turns on the shared vpcd slot.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from devices.idcard.base import PassportKey
from devices.idcard.emrtd_vicc import VPCD_PORT, EmrtdChip, PassportData, VirtualPassport
from devices.idcard.pcsc_emrtd import PcscPassportReader

__all__ = ["pcscd", "passport_data", "place_passport", "make_passport_reader", "wait_for_card", "key_of",
           "PcscStack", "EVENT_WAIT"]

SYSTEM_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
VPCD_LOCK = Path(tempfile.gettempdir()) / "govkiosk-vpcd.lock"
PRIVATE_READER = "Kiosk Test PCD"
EVENT_WAIT = 20.0   # upper bound for something that must happen; not a duration


@dataclass(frozen=True)
class PcscStack:
    """Where the tests' pcscd is: the vpcd reader name (first slot), its TCP port, and the
    daemon when the tests own it (``None`` when a shared pcscd is reused)."""

    reader: str
    port: int
    daemon: PrivatePcscd | None = None


def _answers(path: Path) -> bool:
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def _listed(reader: str) -> bool:
    from smartcard.System import readers

    try:
        return any(reader in str(found) for found in readers())
    except Exception:
        return False


def _free_port_pair() -> int:
    """A port p with p and p + 1 free: vpcd listens on one port per slot, two slots."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
        return port
    raise RuntimeError("no free pair of TCP ports")


def _until(condition, what: str, process: subprocess.Popen, log: Path) -> None:
    """Wait for a daemon to come up: before it exists there is no event to block on."""
    deadline = time.monotonic() + EVENT_WAIT
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"pcscd exited with {process.returncode}: {log.read_text(errors='replace')}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {EVENT_WAIT} s: {log.read_text(errors='replace')}")
        time.sleep(0.05)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=EVENT_WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _can_unshare() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        return False
    return subprocess.run([unshare, "--mount", "true"], capture_output=True).returncode == 0


# libpcsclite reads PCSCLITE_CSOCK_NAME once, at the first PC/SC call of the process, so the
# private socket is named when this module is imported (at collection, before any test runs);
# one directory per test process. Outside the pcscd fixture nothing answers there, so other
# tests of the run cannot reach a system pcscd by accident either.
PRIVATE = _can_unshare()
WORKDIR = Path(tempfile.gettempdir()) / f"govkiosk-pcscd-{os.getpid()}"
if PRIVATE:
    os.environ["PCSCLITE_CSOCK_NAME"] = str(WORKDIR / "run" / "pcscd.comm")


class PrivatePcscd:
    """A pcscd in its own mount namespace, its socket and vpcd ports private to this test run."""

    def __init__(self, binary: str, workdir: Path):
        self.binary, self.workdir = binary, workdir
        self.port = _free_port_pair()
        self.socket = workdir / "run" / "pcscd.comm"
        self.reader = f"{PRIVATE_READER} 00 00"
        self.process: subprocess.Popen | None = None
        (workdir / "conf").mkdir()
        (workdir / "run").mkdir()
        (workdir / "conf" / "vpcd").write_text(
            f'FRIENDLYNAME "{PRIVATE_READER}"\nDEVICENAME /dev/null:0x{self.port:X}\n'
            f"LIBPATH {VPCD_DRIVER}\nCHANNELID 0x{self.port:X}\n")

    def start(self) -> None:
        log = self.workdir / "pcscd.log"
        # unshare and sh exec into pcscd, so the process id is the daemon's. --auto-exit lets a
        # daemon whose test run was killed go away on its own.
        script = (f"mkdir -p /run/pcscd && mount --bind {self.workdir / 'run'} /run/pcscd && "
                  f"exec {self.binary} --foreground --auto-exit -c {self.workdir / 'conf'}")
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                stdout=out, stderr=subprocess.STDOUT)
        _until(lambda: _answers(self.socket) and _listed(self.reader),
               "the private pcscd did not list its reader", self.process, log)

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None


@contextmanager
def _private_pcscd(binary: str, workdir: Path):
    daemon = PrivatePcscd(binary, workdir)
    try:
        daemon.start()
        yield PcscStack(daemon.reader, daemon.port, daemon)
    finally:
        daemon.stop()


@contextmanager
def _shared_pcscd(binary: str, workdir: Path):
    reader = "Virtual PCD 00 00"   # /etc/reader.conf.d/vpcd, first slot
    with VPCD_LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # released when the file closes, also if the run dies
        process = None
        if not _answers(SYSTEM_SOCKET):
            log = workdir / "pcscd.log"
            with log.open("wb") as out:
                process = subprocess.Popen([binary, "--foreground", "--auto-exit"], stdout=out,
                                           stderr=subprocess.STDOUT)
            _until(lambda: _answers(SYSTEM_SOCKET) and _listed(reader), "pcscd did not list the vpcd reader",
                   process, log)
        elif not _listed(reader):
            pytest.skip("the running pcscd has no vpcd reader (see /etc/reader.conf.d/vpcd)")
        try:
            yield PcscStack(reader, VPCD_PORT)
        finally:
            if process is not None:
                _stop(process)


@pytest.fixture(scope="module")
def pcscd():
    """A pcscd serving a vpcd reader for the tests of one module."""
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
    if binary is None or not VPCD_DRIVER.exists():
        pytest.skip("pcscd or vsmartcard-vpcd is not installed (Debian packages pcscd, vsmartcard-vpcd)")
    start = _private_pcscd if PRIVATE else _shared_pcscd
    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir()
    try:
        with start(binary, WORKDIR) as stack:
            yield stack
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


def wait_for_card(reader: str, present: bool) -> None:
    """Block on SCardGetStatusChange until pcscd reports the card on ``reader`` present or gone."""
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert hresult == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(hresult)
    try:
        states = [(reader, scard.SCARD_STATE_UNAWARE)]
        deadline = time.monotonic() + EVENT_WAIT
        while True:
            hresult, states = scard.SCardGetStatusChange(context, 500, states)
            if hresult == scard.SCARD_S_SUCCESS:
                state = states[0][1]
                if bool(state & scard.SCARD_STATE_PRESENT) == present:
                    return
                states = [(reader, state & ~scard.SCARD_STATE_CHANGED)]
            elif hresult != scard.SCARD_E_TIMEOUT:
                pytest.fail(f"SCardGetStatusChange: {scard.SCardGetErrorMessage(hresult)}")
            if time.monotonic() > deadline:
                pytest.fail(f"card on {reader} not {'present' if present else 'gone'} within {EVENT_WAIT} s")
    finally:
        scard.SCardReleaseContext(context)


@pytest.fixture
def passport_data():
    return PassportData.sample()


@pytest.fixture
def place_passport(pcscd, passport_data):
    """Place a virtual passport on the vpcd reader and wait until pcscd sees it; removed afterwards."""
    placed: list[VirtualPassport] = []

    def place(data: PassportData | None = None, *, remove_after: int | None = None,
              wait: bool = True) -> VirtualPassport:
        passport = VirtualPassport(EmrtdChip(data or passport_data), port=pcscd.port, remove_after=remove_after)
        passport.insert()
        placed.append(passport)
        if wait:
            wait_for_card(pcscd.reader, True)
        return passport

    yield place
    for passport in placed:
        passport.remove()
    wait_for_card(pcscd.reader, False)


@pytest.fixture
def make_passport_reader(pcscd):
    """Real pcsc-emrtd drivers on the vpcd reader; stopped afterwards."""
    made: list[PcscPassportReader] = []

    def make(reader: str | None = None) -> PcscPassportReader:
        driver = PcscPassportReader("passport", reader=reader or pcscd.reader)
        made.append(driver)
        return driver

    yield make
    for driver in made:
        driver.stop()
        driver.expect(None)


def key_of(data: PassportData) -> PassportKey:
    return PassportKey.from_mrz(data.mrz)
