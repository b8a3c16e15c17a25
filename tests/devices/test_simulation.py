"""The Simulation: configuration for the real drivers and handles on the simulators."""
import pytest

from devices.base import CardReadError, DeviceNotFound
from devices.config import load_config
from devices.idcard import sam_protocol
from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.sam_simulator import Fault
from devices.simulation import Simulation

from tests.devices.conftest import ANSWER_WAIT


def test_configuration_points_the_real_drivers_at_the_simulators():
    with Simulation(kinds=("id_reader", "lockers"), locker_banks={"A": 4, "B": 8}) as sim:
        specs = load_config(sim.config)
        assert [(s.name, s.driver.type) for s in specs] == [
            ("id_reader", "sam-serial"), ("locker-A", "lock-8a"), ("locker-B", "lock-8a")]
        assert sim.config["id_reader"]["port"] == sim.sam.port
        assert sim.lockers["B"].layout.boards[1].locks == 8


def test_card_controls_drive_what_the_reader_reads():
    with Simulation(kinds=("id_reader",), card="expired-shenzhen") as sim:
        reader = SamSerialReader("id_reader", port=sim.sam.port, timeout=ANSWER_WAIT, retries=0)
        try:
            assert reader.read_once().name == "陈志强"
            sim.place_card("foreign-2023")
            sim.card_fault(0x41, on=sam_protocol.READ_TEXT_PHOTO)
            with pytest.raises(CardReadError, match="SW3 41"):
                reader.read_once()
            sim.card_fault(Fault.REMOVE_MID_READ, on=sam_protocol.READ_TEXT_PHOTO)
            with pytest.raises(CardReadError):
                reader.read_once()
            assert sim.sam.card is None
            sim.place_card("foreign-2023")
            assert reader.read_once().card_type == "foreign_2023"
        finally:
            reader.close()


def test_card_controls_need_the_reader_simulated():
    with Simulation(kinds=("lockers",)) as sim:
        with pytest.raises(RuntimeError, match="not simulated"):
            sim.place_card("hk-permit")


def test_unknown_kind():
    with pytest.raises(ValueError, match="scanner"):
        Simulation(kinds=("scanner",))


def test_stop_releases_the_port():
    sim = Simulation(kinds=("id_reader",))
    sim.start()
    port = sim.sam.port
    sim.stop()
    reader = SamSerialReader("id_reader", port=port)
    with pytest.raises(DeviceNotFound, match="ttySAM0"):
        reader.open()
