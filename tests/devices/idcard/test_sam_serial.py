"""The sam-serial driver against the SAM simulator over a real pseudo-terminal."""
import sys
import threading
import types
from dataclasses import replace

import pytest

from devices.base import CardNotPresent, CardReadError, DeviceError, DeviceNotFound, DeviceTimeout, ProtocolError
from devices.idcard import sam_protocol as sp
from devices.idcard.base import id_readers
from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.sam_simulator import Fault, photo_bytes
from devices.samples import sample

from tests.devices.conftest import ANSWER_WAIT, SILENCE_WAIT

CARD = sample("young-hangzhou").card
FIND, SELECT, READ = (sp.command_frame(c) for c in (sp.FIND_CARD, sp.SELECT_CARD, sp.READ_TEXT_PHOTO))


def test_registered_as_sam_serial():
    assert id_readers.get("sam-serial") is SamSerialReader


def test_normal_read_sends_find_select_read_and_returns_the_card(sam_sim, make_sam_reader):
    sam_sim.place(CARD)
    card = make_sam_reader().read_once()
    assert sam_sim.commands == [FIND, SELECT, READ]
    assert card.name == CARD.name and card.id_number == CARD.id_number
    assert card.birth_date == CARD.birth_date and card.valid_until == CARD.valid_until
    assert card.photo == photo_bytes(CARD) and card.photo_format == "wlt"


@pytest.mark.parametrize("key", ["hk-permit", "foreign-2017", "foreign-2023", "longterm-xichang"])
def test_every_card_kind_reads_back(sam_sim, make_sam_reader, key):
    expected = sample(key).card
    sam_sim.place(expected)
    card = make_sam_reader().read_once()
    assert (card.card_type, card.name, card.id_number, card.extra) == \
        (expected.card_type, expected.name, expected.id_number, expected.extra)


def test_no_card(sam_sim, make_sam_reader):
    with pytest.raises(CardNotPresent):
        make_sam_reader().read_once()
    assert sam_sim.commands == [FIND, SELECT]


def test_card_removed_mid_read_is_a_read_error_then_the_next_read_works(sam_sim, make_sam_reader):
    reader = make_sam_reader(retries=2)
    sam_sim.place(CARD)
    sam_sim.inject(Fault.REMOVE_MID_READ, on=sp.READ_TEXT_PHOTO)
    with pytest.raises(CardReadError) as info:
        reader.read_once()
    assert "41" in str(info.value)
    assert "重新放置" in info.value.citizen_message
    sam_sim.place(CARD)
    assert reader.read_once().id_number == CARD.id_number


def test_bad_checksum_is_a_protocol_error(sam_sim, make_sam_reader):
    sam_sim.place(CARD)
    sam_sim.inject(Fault.BAD_CHECKSUM, on=sp.READ_TEXT_PHOTO)
    with pytest.raises(ProtocolError, match="checksum"):
        make_sam_reader().read_once()


def test_a_retry_gets_past_one_bad_checksum(sam_sim, make_sam_reader):
    sam_sim.place(CARD)
    sam_sim.inject(Fault.BAD_CHECKSUM, on=sp.READ_TEXT_PHOTO)
    assert make_sam_reader(retries=1).read_once().name == CARD.name
    assert sam_sim.reads == 2


def test_no_answer_is_a_timeout(sam_sim, make_sam_reader):
    sam_sim.place(CARD)
    sam_sim.inject(Fault.NO_ANSWER, on=sp.FIND_CARD)
    with pytest.raises(DeviceTimeout, match="find card"):
        make_sam_reader(timeout=SILENCE_WAIT).read_once()


def test_line_noise_is_a_protocol_error(sam_sim, make_sam_reader):
    sam_sim.inject(Fault.NOISE)
    with pytest.raises(ProtocolError, match="no complete frame"):
        make_sam_reader(timeout=SILENCE_WAIT).read_once()


def test_reader_recovers_after_a_timeout(sam_sim, make_sam_reader):
    reader = make_sam_reader(timeout=SILENCE_WAIT)
    sam_sim.place(CARD)
    sam_sim.inject(Fault.NO_ANSWER, on=sp.SELECT_CARD)
    with pytest.raises(DeviceTimeout):
        reader.read_once()
    reader.timeout = ANSWER_WAIT
    sam_sim.place(CARD)
    assert reader.read_once().name == CARD.name


@pytest.mark.parametrize("sw3, error", [(0x41, CardReadError), (0x33, CardReadError), (0x3F, ProtocolError)])
def test_sam_status_on_read(sam_sim, make_sam_reader, sw3, error):
    sam_sim.place(CARD)
    sam_sim.inject_status(sw3, on=sp.READ_TEXT_PHOTO)
    with pytest.raises(error, match=f"SW3 {sw3:02X}"):
        make_sam_reader().read_once()


def test_sam_self_test_failure_is_a_device_fault_and_not_retried(sam_sim, make_sam_reader):
    sam_sim.place(CARD)
    sam_sim.inject_status(0x60, on=sp.FIND_CARD)
    with pytest.raises(DeviceError) as info:
        make_sam_reader(retries=3).read_once()
    assert type(info.value) is DeviceError and "SW3 60" in str(info.value)
    assert sam_sim.commands == [FIND]


def test_card_present_follows_the_card(sam_sim, make_sam_reader):
    reader = make_sam_reader()
    sam_sim.place(CARD)
    reader.read_once()
    # Once read the card is halted: "find" no longer sees it, "select" does until it leaves.
    assert reader.transact(sp.FIND_CARD).sw3 == sp.FIND_FAILED
    assert reader.card_present()
    sam_sim.remove()
    assert not reader.card_present()


def test_missing_port_is_device_not_found(tmp_path):
    reader = SamSerialReader("id_reader", port=str(tmp_path / "ttyUSB9"))
    with pytest.raises(DeviceNotFound, match="ttyUSB9"):
        reader.open()


def test_a_second_process_cannot_take_the_port(make_sam_reader):
    make_sam_reader().open()
    with pytest.raises(DeviceError, match="in use"):
        make_sam_reader().open()


def test_probe_names_the_sam(make_sam_reader):
    assert make_sam_reader().probe().startswith("SAM 05.01-20101220-0012345678-1234567890")


def test_unplugged_reader_is_device_not_found_and_reopens_when_back(sam_sim, make_sam_reader):
    reader = make_sam_reader()
    reader.open()
    sam_sim.unplug()
    with pytest.raises(DeviceNotFound):
        reader.read_once()
    with pytest.raises(DeviceNotFound):
        reader.open()
    sam_sim.plug()
    sam_sim.place(CARD)
    assert reader.read_once().name == CARD.name


@pytest.fixture
def decoder_module(monkeypatch):
    module = types.ModuleType("vendor_wlt")
    release = threading.Event()
    module.to_bmp = lambda wlt: b"BM" + wlt[:4]
    module.hangs = lambda wlt: release.wait() and b""
    module.not_callable = 42
    monkeypatch.setitem(sys.modules, "vendor_wlt", module)
    yield module
    release.set()


def test_photo_decoder_from_configuration(sam_sim, make_sam_reader, decoder_module):
    sam_sim.place(CARD)
    reader = make_sam_reader(photo_decoder="vendor_wlt:to_bmp")
    card = reader.read_once()
    assert reader.photo_image(card) == b"BM" + photo_bytes(CARD)[:4]


def test_without_a_decoder_there_is_no_photo_but_the_read_works(sam_sim, make_sam_reader):
    sam_sim.place(CARD)
    reader = make_sam_reader()
    card = reader.read_once()
    assert card.photo and reader.photo_image(card) is None


def test_a_hanging_decoder_costs_only_the_photo(sam_sim, make_sam_reader, decoder_module):
    sam_sim.place(CARD)
    reader = make_sam_reader(photo_decoder="vendor_wlt:hangs")
    assert reader.photo_image(reader.read_once(), timeout=0.1) is None


@pytest.mark.parametrize("spec, message", [
    ("vendor_wlt", "must look like"), ("no_such_vendor:decode", "cannot be imported"),
    ("vendor_wlt:not_callable", "not a callable"),
])
def test_bad_photo_decoder_setting_fails_at_construction(decoder_module, spec, message):
    with pytest.raises(ValueError, match=message):
        SamSerialReader("id_reader", port="/dev/null", photo_decoder=spec)


def test_a_card_whose_text_is_not_understood_is_a_card_error_not_a_reader_fault(sam_sim, make_sam_reader):
    sam_sim.place(replace(CARD, birth_date=None))  # the text block then lacks its birth date
    with pytest.raises(CardReadError, match="card text not understood: field birth"):
        make_sam_reader().read_once()
