"""The simulated passport reader: pcscd + vpcd + the virtual ICAO chip, read by the real
pcsc-emrtd driver through the DeviceManager, events arriving at the card listeners."""
import json
import logging
import os
import queue
import subprocess
import sys
import textwrap

import pytest

from devices import simulation
from devices.idcard.base import PASSPORT, PassportKey, PassportKeyError
from devices.idcard.emrtd_vicc import PassportData
from devices.idcard.icao_bac import BacError
from devices.idcard.pcsc_emrtd import PcscPassportReader
from devices.manager import DeviceManager
from devices.simulation import Simulation
from tests.devices.idcard.pcsc_fixtures import *  # noqa: F403 (pytest fixtures)
from tests.devices.idcard.pcsc_fixtures import EVENT_WAIT, PRIVATE, wait_for_card

pytestmark = pytest.mark.pcsc


class Events:
    """A CardListener that queues what it hears."""

    def __init__(self):
        self.queue = queue.Queue()

    def card_placed(self, reader, card):
        self.queue.put(("placed", card))

    def card_removed(self, reader):
        self.queue.put(("removed", None))

    def card_failed(self, reader, error):
        self.queue.put(("failed", error))

    def next(self):
        return self.queue.get(timeout=EVENT_WAIT)


@pytest.fixture
def sim(pcscd):
    with Simulation(kinds=("passport_reader",), pcsc_reader=pcscd.reader, vpcd_port=pcscd.port) as sim:
        yield sim


def test_the_kind_points_the_real_driver_at_the_virtual_reader(sim, pcscd):
    assert sim.config == {"passport_reader": {"type": "pcsc-emrtd", "reader": pcscd.reader}}
    assert sim.pcscd.pid is None   # the running pcscd was used, not a second one started
    manager = DeviceManager(sim.config)
    assert isinstance(manager.passport_reader, PcscPassportReader)


def test_passport_events_reach_the_card_listeners(sim, pcscd):
    manager = DeviceManager(sim.config)
    events = Events()
    manager.add_card_listener(events)
    data = PassportData.sample(surname="MUELLER", given_names="ANNA", number="C01X00T47", nationality="D",
                               issuer="D", sex="F")
    with manager:
        sim.place_passport(data)
        kind, error = events.next()
        assert kind == "failed" and isinstance(error, PassportKeyError)   # no data page scanned yet

        manager.passport_reader.expect(PassportKey("C01X00T47", "880517", "340517"))   # expiry misread
        kind, error = events.next()
        assert kind == "failed" and isinstance(error, BacError)

        manager.passport_reader.expect(PassportKey.from_mrz(data.mrz))
        kind, card = events.next()
        assert kind == "placed" and card.card_type == PASSPORT
        assert (card.name, card.id_number, card.nationality) == ("MUELLER ANNA", "C01X00T47", "D")

        sim.remove_passport()
        assert events.next() == ("removed", None)
    wait_for_card(pcscd.reader, False)


def test_a_sample_key_places_the_sample_passport(sim, pcscd):
    data = sim.place_passport("sample")
    wait_for_card(pcscd.reader, True)
    reader = PcscPassportReader(reader=pcscd.reader)
    assert reader.read_passport(PassportKey.from_mrz(data.mrz)).id_number == "EA1234567"
    sim.remove_passport()
    wait_for_card(pcscd.reader, False)
    with pytest.raises(KeyError, match="no sample passport"):
        sim.place_passport("nobody")


def test_without_pcscd_or_vpcd_the_kind_is_left_out_with_one_log_line(monkeypatch, caplog):
    monkeypatch.setattr(simulation, "VPCD_DRIVER", simulation.Path("/nonexistent/libifdvpcd.so"))
    with caplog.at_level(logging.WARNING, logger="devices.simulation"):
        assert "passport_reader" not in simulation.default_kinds()
        with Simulation(kinds=("passport_reader",)) as sim:
            assert sim.config == {}
            with pytest.raises(RuntimeError, match="not simulated"):
                sim.place_passport()
    assert [r.getMessage() for r in caplog.records] == [
        "simulation without a passport reader: the vpcd reader driver is not installed "
        "(/nonexistent/libifdvpcd.so, Debian package vsmartcard-vpcd)"] * 2


# Run inside the namespaces made below: no pcscd answers there, so the Simulation starts one.
WHEN_NONE_RUNS = textwrap.dedent("""
    import json, os, queue
    from devices.idcard.base import PassportKey
    from devices.idcard.pcsc_emrtd import PcscPassportReader
    from devices.simulation import Simulation

    class Heard(queue.Queue):
        def card_placed(self, reader, card): self.put(card.id_number)
        def card_failed(self, reader, error): self.put(type(error).__name__)
        def card_removed(self, reader): pass

    with Simulation(kinds=("passport_reader",)) as sim:
        pid = sim.pcscd.pid
        data = sim.place_passport()
        reader, heard = PcscPassportReader(reader=sim.pcsc_reader), Heard()
        reader.add_listener(heard)
        reader.expect(PassportKey.from_mrz(data.mrz))
        reader.start()
        read = heard.get(timeout=%(wait)s)
        reader.stop()
        running = os.path.exists(f"/proc/{pid}")
    print(json.dumps({"pid": pid, "read": read, "running": running, "after_stop": os.path.exists(f"/proc/{pid}")}))
""")


@pytest.mark.skipif(not PRIVATE, reason="needs root to make mount and network namespaces")
def test_a_pcscd_is_started_when_none_runs_and_stopped_with_the_simulation(tmp_path):
    # /run/pcscd over an empty directory and a network of its own: neither the socket nor the
    # vpcd port of a pcscd running on this machine is seen, used or disturbed.
    setup = f"ip link set lo up && mount --bind {tmp_path} /run/pcscd && exec {sys.executable} -"
    env = {k: v for k, v in os.environ.items() if k != "PCSCLITE_CSOCK_NAME"}
    done = subprocess.run(["unshare", "--mount", "--net", "--propagation", "private", "sh", "-c", setup],
                          input=WHEN_NONE_RUNS % {"wait": EVENT_WAIT}, capture_output=True, text=True, env=env,
                          timeout=4 * EVENT_WAIT)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["pid"] and outcome["running"] and not outcome["after_stop"]
    assert outcome["read"] == "EA1234567"
