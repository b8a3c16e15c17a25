"""The pcsc-emrtd driver end to end: pyscard → pcscd → vpcd → the virtual ICAO chip."""
import queue
from datetime import date

import pytest

from devices.base import CardNotPresent, CardReadError, DeviceNotFound
from devices.config import load_config
from devices.idcard.base import PASSPORT, PassportKey, PassportKeyError, id_readers
from devices.idcard.emrtd_vicc import PassportData, PassportSimulator
from devices.idcard.icao_bac import BacError
from devices.idcard.icao_lds import JPEG
from devices.idcard.pcsc_emrtd import PcscPassportReader
from tests.devices.idcard.pcsc_fixtures import *  # noqa: F403 (pytest fixtures)
from tests.devices.idcard.pcsc_fixtures import EVENT_WAIT, key_of, wait_for_card

pytestmark = pytest.mark.pcsc

SELECT_EF, READ_BINARY = 0xA4, 0xB0


def test_the_driver_is_registered_under_its_type():
    assert id_readers.get("pcsc-emrtd") is PcscPassportReader


def test_reads_a_passport_end_to_end(place_passport, make_passport_reader, passport_data):
    passport = place_passport()
    reader = make_passport_reader()
    card = reader.read_passport(key_of(passport_data))

    assert card.card_type == PASSPORT
    assert card.name == "ZHANG WEI" and card.id_number == "EA1234567"
    assert card.gender == "男" and card.nationality == "CHN"
    assert card.birth_date == date(1988, 5, 17) and card.valid_until == date(2034, 5, 16)
    assert card.extra["issuer"] == "CHN"
    assert card.extra["sod_hashes"] == "verified" and card.extra["sod_signature"] == "verified"
    assert card.photo == passport_data.face_jpeg and card.photo_format == JPEG
    assert reader.health.available

    commands = passport.chip.commands
    assert commands[0] == bytes.fromhex("00A4040C07A0000002471001")
    assert commands[1] == bytes.fromhex("0084000008")
    assert commands[2][:5] == bytes.fromhex("0082000028")
    selected = [c[5:7].hex().upper() for c in commands if c[1] == SELECT_EF and c[2] == 0x02]
    assert selected == ["011E", "0101", "0102", "011D"]
    # DG2 (about 2 KB) is read in secure-messaging sized chunks, none above 0xDF bytes.
    reads = [c for c in commands if c[1] == READ_BINARY]
    assert len(reads) > 12 and all(0 < (c[4] or 256) <= 0xDF for c in reads)


def test_reads_with_the_key_taken_from_an_ocr_mrz(place_passport, make_passport_reader, passport_data):
    place_passport()
    card = make_passport_reader().read_passport(PassportKey.from_mrz(passport_data.mrz.lower()))
    assert card.id_number == "EA1234567"


def test_a_wrong_mrz_is_a_typed_bac_error(place_passport, make_passport_reader):
    passport = place_passport()
    reader = make_passport_reader()
    with pytest.raises(BacError) as caught:
        reader.read_passport(PassportKey("EA1234567", "880517", "340517"))   # expiry misread by one day
    assert isinstance(caught.value, CardReadError)
    assert "资料页" in caught.value.citizen_message
    assert not any(c[1] == READ_BINARY for c in passport.chip.commands)
    assert reader.health.available   # the reader works; the key was wrong
    # The citizen rescans the page: the same chip, still on the reader, now opens.
    assert reader.read_passport(PassportKey("EA1234567", "880517", "340516")).id_number == "EA1234567"


def test_an_mrz_with_failing_check_digits_is_refused_before_the_chip_is_touched(passport_data):
    line2 = passport_data.mrz.split("\n")[1]
    misread = passport_data.mrz.replace(line2, line2[:3] + "8" + line2[4:])
    with pytest.raises(PassportKeyError, match="document_number"):
        PassportKey.from_mrz(misread)


def test_card_removed_mid_read_is_a_typed_error(place_passport, make_passport_reader, passport_data):
    passport = place_passport(remove_after=8)   # lifted while EF.COM / DG1 are being read
    reader = make_passport_reader()
    with pytest.raises(CardReadError) as caught:
        reader.read_passport(key_of(passport_data))
    assert not isinstance(caught.value, BacError)
    assert "移开" in caught.value.citizen_message
    assert passport.removed.is_set()
    wait_for_card(reader.reader_filter, False)
    with pytest.raises(CardNotPresent):
        reader.read_passport(key_of(passport_data))
    assert not reader.card_present()


def test_no_card_on_the_reader(pcscd, make_passport_reader, passport_data):
    reader = make_passport_reader()
    assert not reader.card_present()
    with pytest.raises(CardNotPresent):
        reader.read_passport(key_of(passport_data))


def test_an_unknown_reader_is_device_not_found(pcscd, make_passport_reader, passport_data):
    reader = make_passport_reader(reader="No Such Reader 99")
    with pytest.raises(DeviceNotFound):
        reader.open()
    with pytest.raises(DeviceNotFound):
        reader.read_passport(key_of(passport_data))
    assert not reader.health.available
    assert "No Such Reader" in reader.health.last_error


def test_watch_reports_placed_and_removed_when_a_key_is_expected(
        place_passport, make_passport_reader, passport_data, card_events):
    reader = make_passport_reader()
    reader.add_listener(card_events)
    reader.expect(key_of(passport_data))
    reader.start()
    passport = place_passport(wait=False)
    kind, card = card_events.next(EVENT_WAIT)
    assert kind == "placed" and card.id_number == "EA1234567" and card.photo
    passport.remove()
    assert card_events.next(EVENT_WAIT) == ("removed", None)
    assert reader.health.available


def test_watch_asks_for_the_data_page_then_reads_when_the_key_comes(
        place_passport, make_passport_reader, passport_data, card_events):
    reader = make_passport_reader()
    reader.add_listener(card_events)
    reader.start()
    place_passport(wait=False)
    kind, error = card_events.next(EVENT_WAIT)
    assert kind == "failed" and isinstance(error, PassportKeyError)
    reader.expect(key_of(passport_data))   # the kiosk has read the MRZ from the data page
    kind, card = card_events.next(EVENT_WAIT)
    assert kind == "placed" and card.name == "ZHANG WEI"


def test_watch_reports_a_wrong_key_as_failed(place_passport, make_passport_reader, card_events):
    other = PassportData.sample(number="EB7654321", birth=date(1975, 1, 2))
    reader = make_passport_reader()
    reader.add_listener(card_events)
    reader.expect(key_of(other))
    reader.start()
    place_passport(wait=False)
    kind, error = card_events.next(EVENT_WAIT)
    assert kind == "failed" and isinstance(error, BacError)


def test_watch_survives_a_pcscd_restart(pcscd, place_passport, make_passport_reader, passport_data, card_events):
    if pcscd.daemon is None:
        pytest.skip("restarting pcscd needs the tests' own daemon (root and mount namespaces)")
    availability: queue.Queue = queue.Queue()
    reader = make_passport_reader()
    reader.reopen_interval = 0.1
    reader.tracker.subscribe(lambda name, health: availability.put(health.available))
    reader.add_listener(card_events)
    reader.expect(key_of(passport_data))
    reader.start()
    assert availability.get(timeout=EVENT_WAIT) is True
    pcscd.daemon.stop()
    assert availability.get(timeout=EVENT_WAIT) is False
    assert not reader.health.available and reader.health.last_error
    pcscd.daemon.start()
    assert availability.get(timeout=EVENT_WAIT) is True
    place_passport(wait=False)
    kind, card = card_events.next(EVENT_WAIT)
    assert kind == "placed" and card.id_number == "EA1234567"


def test_watch_marks_a_missing_reader_unavailable(pcscd, make_passport_reader):
    availability: queue.Queue = queue.Queue()
    reader = make_passport_reader(reader="No Such Reader 99")
    reader.tracker.subscribe(lambda name, health: availability.put(health))
    reader.start()
    health = availability.get(timeout=EVENT_WAIT)
    assert not health.available and "No Such Reader" in health.last_error


def test_simulation_mode_places_and_removes_through_the_simulator(pcscd, passport_data, card_events):
    simulator = PassportSimulator(reader=pcscd.reader, port=pcscd.port).start()
    reader = PcscPassportReader("passport", **{k: v for k, v in simulator.config.items() if k != "type"})
    assert id_readers.get(simulator.config["type"]) is PcscPassportReader
    reader.add_listener(card_events)
    reader.expect(key_of(passport_data))
    reader.start()
    try:
        simulator.place(passport_data)
        kind, card = card_events.next(EVENT_WAIT)
        assert kind == "placed" and card.photo == passport_data.face_jpeg
        simulator.remove()
        assert card_events.next(EVENT_WAIT) == ("removed", None)
    finally:
        reader.stop()
        simulator.stop()
        wait_for_card(pcscd.reader, False)


def test_simulator_refuses_to_start_without_its_reader(pcscd):
    with pytest.raises(DeviceNotFound):
        PassportSimulator(reader="No Such Reader 99").start()


def test_the_passport_reader_section_builds_the_driver():
    [spec] = load_config({"passport_reader": {"type": "pcsc-emrtd", "reader": "ACS ACR1252"}})
    reader = spec.build()
    assert isinstance(reader, PcscPassportReader)
    assert reader.reader_filter == "ACS ACR1252" and not reader.watching


def test_without_a_name_the_contactless_slot_is_preferred(monkeypatch):
    import smartcard.System
    names = ["ACS ACR1252 1S CL Reader SAM 00 00", "ACS ACR1252 1S CL Reader PICC 00 01"]
    monkeypatch.setattr(smartcard.System, "readers", lambda: names)
    assert PcscPassportReader("passport")._reader() == names[1]
    assert PcscPassportReader("passport", reader="SAM")._reader() == names[0]
