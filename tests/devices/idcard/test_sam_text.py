"""The 256-byte text block: decoding each card layout and laying it out again."""
from dataclasses import replace
from datetime import date

import pytest

from devices.base import ProtocolError
from devices.idcard.base import (
    FOREIGN_PERMANENT_2017,
    FOREIGN_PERMANENT_2023,
    HMT_RESIDENCE_PERMIT,
    RESIDENT,
)
from devices.idcard.sam_text import ETHNICITIES, decode_text, encode_text
from devices.samples import samples

TODAY = date(2026, 11, 22)
SAMPLES = {s.key: s.card for s in samples(TODAY)}


def ucs2(text: str, width: int) -> bytes:
    raw = text.encode("utf-16-le")
    return raw + " ".encode("utf-16-le") * ((width - len(raw)) // 2)


def test_decodes_a_resident_block_built_field_by_field():
    block = b"".join([
        ucs2("张三", 30), ucs2("1", 2), ucs2("03", 4), ucs2("19800101", 16),
        ucs2("北京市东城区示例胡同1号", 70), ucs2("11010119800101001X", 36),
        ucs2("北京市公安局东城分局", 30), ucs2("20100101", 16), ucs2("长期", 16), ucs2("", 36),
    ])
    card = decode_text(block)
    assert card.card_type == RESIDENT
    assert (card.name, card.gender, card.ethnicity) == ("张三", "男", "回")
    assert card.birth_date == date(1980, 1, 1)
    assert card.id_number == "11010119800101001X"
    assert card.address == "北京市东城区示例胡同1号"
    assert card.valid_from == date(2010, 1, 1) and card.valid_until is None
    assert encode_text(card) == block


@pytest.mark.parametrize("key, card_type", [
    ("young-hangzhou", RESIDENT), ("hk-permit", HMT_RESIDENCE_PERMIT),
    ("foreign-2017", FOREIGN_PERMANENT_2017), ("foreign-2023", FOREIGN_PERMANENT_2023),
])
def test_each_layout_round_trips(key, card_type):
    card = SAMPLES[key]
    block = encode_text(card)
    assert len(block) == 256
    decoded = decode_text(block)
    assert decoded.card_type == card_type
    assert decoded == card


@pytest.mark.parametrize("key, flag", [
    ("young-hangzhou", " "), ("hk-permit", "J"), ("foreign-2017", "I"), ("foreign-2023", "Y"),
])
def test_type_flag_sits_at_byte_248(key, flag):
    assert encode_text(SAMPLES[key])[248:250] == flag.encode("utf-16-le")


def test_permit_fields_sit_after_valid_until():
    block = encode_text(SAMPLES["hk-permit"])
    assert block[220:238].decode("utf-16-le") == "H60123456"
    assert block[238:242].decode("utf-16-le") == "01"
    assert block[32:36] == ucs2("", 4)  # no ethnicity on a permit


def test_foreign_2017_offsets():
    block = encode_text(SAMPLES["foreign-2017"])
    assert block[0:120].decode("utf-16-le").rstrip() == "SMITH, JOHN ROBERT"
    assert block[122:152].decode("utf-16-le") == "USA310790061502"
    assert block[152:158].decode("utf-16-le") == "USA"
    assert block[240:248].decode("utf-16-le") == "1500"


def test_long_english_name_continues_in_the_2023_second_part():
    long_name = "VAN DER BERG-OPPENHEIMER, MAXIMILIAN ALEXANDER"  # 46 characters
    card = replace(SAMPLES["foreign-2023"], name_en=long_name)
    block = encode_text(card)
    assert block[52:122].decode("utf-16-le") == long_name[:35]
    assert block[220:242].decode("utf-16-le") == long_name[35:]
    assert decode_text(block).name_en == long_name


def test_name_too_long_for_the_card_is_refused():
    with pytest.raises(ValueError, match="name"):
        encode_text(replace(SAMPLES["young-hangzhou"], name="很" * 16))


def test_all_56_ethnicities_and_the_two_other_codes_are_known():
    assert len(ETHNICITIES) == 58
    assert ETHNICITIES["01"] == "汉" and ETHNICITIES["56"] == "基诺"
    assert ETHNICITIES["97"] == "其他" and ETHNICITIES["98"] == "外国血统"
    for name in ETHNICITIES.values():
        card = replace(SAMPLES["young-hangzhou"], ethnicity=name)
        assert decode_text(encode_text(card)).ethnicity == name


@pytest.mark.parametrize("code, gender", [("1", "男"), ("2", "女"), ("0", ""), ("9", "")])
def test_gender_codes(code, gender):
    block = bytearray(encode_text(SAMPLES["young-hangzhou"]))
    block[30:32] = code.encode("utf-16-le")
    assert decode_text(bytes(block)).gender == gender


def test_unknown_ethnicity_code_keeps_the_read_going():
    block = bytearray(encode_text(SAMPLES["young-hangzhou"]))
    block[32:36] = "77".encode("utf-16-le")
    card = decode_text(bytes(block))
    assert card.ethnicity == "" and card.extra["ethnicity_code"] == "77"


@pytest.mark.parametrize("mutate, message", [
    (lambda b: b.__setitem__(slice(248, 250), "Q".encode("utf-16-le")), "type flag"),
    (lambda b: b.__setitem__(slice(36, 52), ucs2("19801301", 16)), "birth"),
    (lambda b: b.__setitem__(slice(204, 220), ucs2("someday", 16)), "valid_until"),
    (lambda b: b.__setitem__(slice(204, 220), ucs2("", 16)), "valid_until"),
    (lambda b: b.__setitem__(slice(30, 32), "M".encode("utf-16-le")), "gender"),
    (lambda b: b.__setitem__(slice(0, 2), b"\x00\xD8"), "UCS-2"),  # lone surrogate
])
def test_malformed_blocks_are_protocol_errors(mutate, message):
    block = bytearray(encode_text(SAMPLES["young-hangzhou"]))
    mutate(block)
    with pytest.raises(ProtocolError, match=message):
        decode_text(bytes(block))


def test_wrong_block_size_is_a_protocol_error():
    with pytest.raises(ProtocolError, match="256"):
        decode_text(bytes(255))
