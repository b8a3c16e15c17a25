"""Frames of the SAM serial protocol, byte for byte against the spec's checked examples."""
import pytest

from devices.base import CardNotPresent, CardReadError, DeviceError, ProtocolError
from devices.idcard import sam_protocol as sp


def test_find_card_command_matches_the_spec():
    assert sp.command_frame(sp.FIND_CARD) == bytes.fromhex("AAAAAA9669 0003 2001 22")


def test_card_found_response_matches_the_spec():
    frame = sp.response_frame(sp.CARD_FOUND, b"\x00\x00\x00\x00")
    assert frame == bytes.fromhex("AAAAAA9669 0008 00009F 00000000 97")


def test_three_byte_ok_response_matches_the_spec():
    assert sp.response_frame(sp.OK) == bytes.fromhex("AAAAAA9669 0004 000090 94")


def test_set_max_rf_bytes_carries_its_data_byte():
    # LEN 4 (CMD PARA DATA CHK); CHK = 00^04^61^FF^50
    assert sp.command_frame(sp.SET_MAX_RF_BYTES, b"\x50") == bytes.fromhex("AAAAAA9669 0004 61FF50 CA")


def decode_all(stream: bytes, chunk: int = 1) -> list[bytes]:
    decoder, payloads = sp.FrameDecoder(), []
    for i in range(0, len(stream), chunk):
        decoder.feed(stream[i:i + chunk])
        while (payload := decoder.next_payload()) is not None:
            payloads.append(payload)
    return payloads


def test_decoder_reassembles_frames_fed_byte_by_byte():
    stream = sp.response_frame(sp.CARD_FOUND, bytes(4)) + sp.response_frame(sp.OK)
    assert decode_all(stream) == [bytes.fromhex("00009F00000000"), bytes.fromhex("000090")]


def test_decoder_resyncs_on_the_preamble_after_noise():
    noise = b"\x00\xAA\xAA\x13\x96"
    decoder = sp.FrameDecoder()
    decoder.feed(noise + sp.response_frame(sp.OK))
    assert decoder.next_payload() == bytes.fromhex("000090")
    assert decoder.skipped == len(noise)


def test_decoder_keeps_a_preamble_split_across_reads():
    frame = sp.response_frame(sp.OK)
    decoder = sp.FrameDecoder()
    decoder.feed(b"\x55" + frame[:3])
    assert decoder.next_payload() is None
    decoder.feed(frame[3:])
    assert decoder.next_payload() == bytes.fromhex("000090")


def test_bad_checksum_is_a_protocol_error_and_the_stream_continues():
    bad = bytearray(sp.response_frame(sp.OK))
    bad[-1] ^= 0xFF
    decoder = sp.FrameDecoder()
    decoder.feed(bytes(bad) + sp.response_frame(sp.CARD_FOUND))
    with pytest.raises(ProtocolError, match="checksum"):
        decoder.next_payload()
    assert decoder.next_payload() == bytes.fromhex("00009F")


def test_impossible_length_is_a_protocol_error_then_resyncs():
    decoder = sp.FrameDecoder()
    decoder.feed(sp.PREAMBLE + b"\xFF\xFF" + sp.response_frame(sp.OK))
    with pytest.raises(ProtocolError, match="length"):
        decoder.next_payload()
    assert decoder.next_payload() == bytes.fromhex("000090")


@pytest.mark.parametrize("sw3, error", [
    (0x80, CardNotPresent),
    (0x41, CardReadError), (0x81, CardReadError), (0x31, CardReadError),
    (0x32, CardReadError), (0x33, CardReadError),
    (0x10, ProtocolError), (0x11, ProtocolError), (0x21, ProtocolError), (0x3F, ProtocolError),
    (0x60, DeviceError), (0x66, DeviceError),
    (0x55, ProtocolError),  # not in the table
])
def test_status_codes_become_typed_errors(sw3, error):
    response = sp.Response(0, 0, sw3)
    with pytest.raises(error) as info:
        response.check(sp.READ_TEXT_PHOTO)
    assert f"SW3 {sw3:02X}" in str(info.value)
    assert info.value.citizen_message and info.value.staff_hint


def test_sam_faults_are_device_errors_not_card_errors():
    with pytest.raises(DeviceError) as info:
        sp.Response(0, 0, 0x60).check(sp.FIND_CARD)
    assert type(info.value) is DeviceError
    assert "security module" in info.value.staff_hint


def test_accepted_statuses_pass_and_sw1_sw2_must_be_zero():
    assert sp.Response(0, 0, 0x9F).check(sp.FIND_CARD, sp.CARD_FOUND).sw3 == 0x9F
    with pytest.raises(ProtocolError, match="SW1 SW2"):
        sp.Response(0x01, 0, 0x90).check(sp.SELECT_CARD)


def test_read_response_is_1295_bytes_and_splits_back():
    text, photo = bytes(range(256)), bytes(1024)
    frame = sp.response_frame(sp.OK, sp.build_read_data(text, photo))
    assert len(frame) == 1295
    assert frame[5:7] == b"\x05\x08"
    [payload] = decode_all(frame, chunk=64)
    response = sp.Response.from_payload(payload)
    assert sp.parse_read_data(response.data) == sp.ReadData(text, photo)


def test_read_with_fingerprint_has_three_length_words():
    data = sp.build_read_data(bytes(256), b"\x01" * 1024, b"\x02" * 1024)
    assert data[:6] == bytes.fromhex("0100 0400 0400")
    assert sp.parse_read_data(data, with_fingerprint=True).fingerprint == b"\x02" * 1024


def test_read_data_with_inconsistent_lengths_is_rejected():
    data = sp.build_read_data(bytes(256), bytes(1024))[:-10]
    with pytest.raises(ProtocolError, match="does not match"):
        sp.parse_read_data(data)


def test_sam_id_formats_like_vendor_tools_and_round_trips():
    text = "05.01-20101220-0012345678-1234567890"
    raw = sp.build_sam_id(text)
    assert len(raw) == 16
    assert sp.format_sam_id(raw) == text
