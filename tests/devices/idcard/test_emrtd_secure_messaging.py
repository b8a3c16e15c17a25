"""Secure messaging against ICAO 9303 part 11, appendix D.4, and the chip side of it."""
import pytest

from devices.idcard.icao_bac import SessionKeys
from devices.idcard import icao_status as sw
from devices.idcard.icao_sm import SecureMessaging, SecureMessagingError, split_apdu

H = bytes.fromhex
SESSION = SessionKeys(H("979EC13B1CBFE9DCD01AB0FED307EAE5"), H("F1CB1F1FB5ADF208806B89DC579DC1F8"),
                      0x887022120C06C226)

# (plain command, protected command, protected response, plain response data)
APPENDIX_D4 = [
    ("00A4020C02011E", "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
     "990290008E08FA855A5D4C50A8ED9000", ""),
    ("00B0000004", "0CB000000D9701048E08ED6705417E96BA5500",
     "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000", "60145F01"),
    ("00B0000412", "0CB000040D9701128E082EA28A70F3C7B53500",
     "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
     "04303130365F36063034303030305C026175"),
]


def test_reader_side_reproduces_the_appendix_byte_for_byte():
    channel = SecureMessaging(SESSION)
    for plain, protected, response, data in APPENDIX_D4:
        assert channel.wrap_command(H(plain)) == H(protected)
        assert channel.unwrap_response(H(response)) == (H(data), 0x9000)


def test_chip_side_reproduces_the_appendix_byte_for_byte():
    chip = SecureMessaging(SESSION)
    for plain, protected, response, data in APPENDIX_D4:
        assert chip.unwrap_command(H(protected)) == H(plain)
        assert chip.wrap_response(H(data), 0x9000) == H(response)


def test_long_data_and_error_status_round_trip_between_both_sides():
    reader, chip = SecureMessaging(SESSION), SecureMessaging(SESSION)
    command = bytes([0x00, 0xD6, 0x00, 0x00, 200]) + bytes(range(200))
    assert chip.unwrap_command(reader.wrap_command(command)) == command
    data = bytes(range(256)) * 3
    assert reader.unwrap_response(chip.wrap_response(data, 0x9000)) == (data, 0x9000)
    assert reader.unwrap_response(chip.wrap_response(b"", 0x6A82)) == (b"", 0x6A82)
    assert chip.unwrap_command(reader.wrap_command(H("00B0000000"))) == H("00B0000000")


def test_a_replayed_response_fails_because_the_counter_moved_on():
    reader = SecureMessaging(SESSION)
    plain, _, response, _ = APPENDIX_D4[0]
    reader.wrap_command(H(plain))
    reader.unwrap_response(H(response))
    reader.wrap_command(H(plain))
    with pytest.raises(SecureMessagingError, match="MAC"):
        reader.unwrap_response(H(response))


def test_tampered_cryptogram_is_refused_by_the_chip():
    chip = SecureMessaging(SESSION)
    protected = bytearray(H(APPENDIX_D4[0][1]))
    protected[10] ^= 0x01
    with pytest.raises(SecureMessagingError) as caught:
        chip.unwrap_command(bytes(protected))
    assert caught.value.status == sw.SM_OBJECTS_INCORRECT


def test_plain_command_is_refused_by_the_chip():
    with pytest.raises(SecureMessagingError):
        SecureMessaging(SESSION).unwrap_command(H("00B0000004"))


@pytest.mark.parametrize("response", ["6988", "", "8E08" + "00" * 8 + "9000", "9902900087"])
def test_reader_refuses_responses_without_valid_objects(response):
    with pytest.raises(SecureMessagingError):
        SecureMessaging(SESSION).unwrap_response(H(response))


@pytest.mark.parametrize(("apdu", "parts"), [
    ("00A4040C07A0000002471001", ("00A4040C", "A0000002471001", None)),
    ("0084000008", ("00840000", "", 8)),
    ("00B0000000", ("00B00000", "", 256)),
    ("00820000020102" "28", ("00820000", "0102", 0x28)),
])
def test_split_apdu_cases(apdu, parts):
    header, data, le = split_apdu(H(apdu))
    assert (header.hex().upper(), data.hex().upper(), le) == parts


def test_split_apdu_refuses_inconsistent_lengths():
    with pytest.raises(ValueError):
        split_apdu(H("00A4040C07A000"))
