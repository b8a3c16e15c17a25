"""The 256-byte text block of an ID card read through the SAM, both ways.

UCS-2 little-endian fields of fixed byte widths, padded with spaces (shared spec
idcard-sam.md). The flag at byte 248 says which layout the block uses: resident card,
Hong Kong/Macau/Taiwan residence permit ('J'), or one of the two foreign permanent residence
cards ('I' 2017, 'Y' 2023). ``decode_text`` gives an ``IdentityCard``; ``encode_text`` lays an
``IdentityCard`` out the way a card holds it, for the simulator.
"""
from __future__ import annotations

from datetime import date

from devices.base import ProtocolError
from devices.idcard.base import (
    FOREIGN_PERMANENT_2017,
    FOREIGN_PERMANENT_2023,
    HMT_RESIDENCE_PERMIT,
    RESIDENT,
    IdentityCard,
)
from devices.idcard.sam_protocol import TEXT_LEN

ENCODING = "utf-16-le"
TYPE_FLAG_OFFSET = 248
NO_EXPIRY = "长期"

# GB/T 3304 ethnicity codes as the card prints them.
ETHNICITIES = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤",
    "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西", "28": "景颇",
    "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗",
    "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米",
    "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春",
    "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他", "98": "外国血统",
}
ETHNICITY_CODES = {name: code for code, name in ETHNICITIES.items()}
# GB/T 2261.1 sex codes: 0 unknown and 9 unspecified both read as "".
GENDERS = {"1": "男", "2": "女", "0": "", "9": ""}
GENDER_CODES = {"男": "1", "女": "2", "": "0"}

FLAGS = {" ": RESIDENT, "": RESIDENT, "J": HMT_RESIDENCE_PERMIT,
         "I": FOREIGN_PERMANENT_2017, "Y": FOREIGN_PERMANENT_2023}
FLAG_OF = {RESIDENT: " ", HMT_RESIDENCE_PERMIT: "J",
           FOREIGN_PERMANENT_2017: "I", FOREIGN_PERMANENT_2023: "Y"}

# Field name and byte width, in block order. Names starting with "_" are reserved space.
_MAINLAND_HEAD = [("name", 30), ("gender", 2), ("ethnicity", 4), ("birth", 16), ("address", 70),
                  ("id_number", 36), ("authority", 30), ("valid_from", 16), ("valid_until", 16)]
LAYOUTS: dict[str, list[tuple[str, int]]] = {
    RESIDENT: _MAINLAND_HEAD + [("_reserved", 36)],
    HMT_RESIDENCE_PERMIT: _MAINLAND_HEAD + [("permit_number", 18), ("issue_count", 4),
                                            ("_reserved1", 6), ("flag", 2), ("_reserved2", 6)],
    FOREIGN_PERMANENT_2017: [("name_en", 120), ("gender", 2), ("id_number", 30),
                             ("nationality", 6), ("name", 30), ("valid_from", 16),
                             ("valid_until", 16), ("birth", 16), ("card_version", 4),
                             ("authority", 8), ("flag", 2), ("_reserved", 6)],
    FOREIGN_PERMANENT_2023: [("name", 30), ("gender", 2), ("renewal_count", 4), ("birth", 16),
                             ("name_en", 70), ("id_number", 36), ("_reserved", 30),
                             ("valid_from", 16), ("valid_until", 16), ("name_en_2", 22),
                             ("nationality", 6), ("flag", 2), ("previous_card", 6)],
}
# Fields a layout carries that IdentityCard has no attribute for: kept in ``extra``.
EXTRA_FIELDS = {HMT_RESIDENCE_PERMIT: ("permit_number", "issue_count"),
                FOREIGN_PERMANENT_2017: ("card_version",),
                FOREIGN_PERMANENT_2023: ("renewal_count", "previous_card")}
# On foreign cards the authority is a code, not a name.
AUTHORITY_AS_CODE = {FOREIGN_PERMANENT_2017}
_NAME_EN_PART_1 = 70 // 2  # characters of the 2023 card's English name before it continues


def card_type_of(block: bytes) -> str:
    if len(block) != TEXT_LEN:
        raise ProtocolError(f"text block of {len(block)} bytes, expected {TEXT_LEN}")
    flag = block[TYPE_FLAG_OFFSET:TYPE_FLAG_OFFSET + 2].decode(ENCODING, "replace").strip("\x00 ")
    try:
        return FLAGS[flag]
    except KeyError:
        raise ProtocolError(f"unknown card type flag {flag!r} in the text block") from None


def _fields(block: bytes, layout: list[tuple[str, int]]) -> dict[str, str]:
    values, offset = {}, 0
    for name, width in layout:
        raw = block[offset:offset + width]
        offset += width
        if not name.startswith("_"):
            try:
                values[name] = raw.decode(ENCODING).rstrip(" \x00")
            except UnicodeDecodeError as exc:
                raise ProtocolError(f"field {name} is not UCS-2: {exc}") from None
    return values


def _date(value: str, field: str) -> date:
    # Every layout carries all three dates; a blank one is a bad read, never "no expiry".
    if len(value) == 8 and value.isdigit():
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            pass
    raise ProtocolError(f"field {field} is not a YYYYMMDD date")


def decode_text(block: bytes) -> IdentityCard:
    """The identity in a 256-byte text block; ProtocolError when the block is malformed."""
    card_type = card_type_of(block)
    f = _fields(block, LAYOUTS[card_type])
    gender_code = f.get("gender", "")
    if gender_code not in GENDERS:
        raise ProtocolError(f"unknown gender code {gender_code!r}")
    extra = {key: f[key] for key in EXTRA_FIELDS.get(card_type, ()) if f[key]}
    ethnicity = f.get("ethnicity", "")
    if ethnicity:
        if ethnicity not in ETHNICITIES:
            # Keep the read going: an unknown code is shown as-is rather than failing the card.
            extra["ethnicity_code"] = ethnicity
        ethnicity = ETHNICITIES.get(ethnicity, "")
    authority = f.get("authority", "")
    if card_type in AUTHORITY_AS_CODE and authority:
        extra["authority_code"], authority = authority, ""
    name_en = f.get("name_en", "")
    if f.get("name_en_2"):
        name_en = name_en.ljust(_NAME_EN_PART_1) + f["name_en_2"]
    valid_until = f["valid_until"]
    return IdentityCard(
        card_type=card_type,
        name=f["name"],
        id_number=f["id_number"],
        gender=GENDERS[gender_code],
        birth_date=_date(f["birth"], "birth"),
        ethnicity=ethnicity,
        address=f.get("address", ""),
        issuing_authority=authority,
        valid_from=_date(f["valid_from"], "valid_from"),
        valid_until=None if valid_until == NO_EXPIRY else _date(valid_until, "valid_until"),
        name_en=name_en,
        nationality=f.get("nationality", ""),
        extra=extra,
    )


def encode_text(card: IdentityCard) -> bytes:
    """Lay ``card`` out as the card's 256-byte text block; ValueError when a field does not fit."""
    try:
        layout = LAYOUTS[card.card_type]
    except KeyError:
        raise ValueError(f"card type {card.card_type!r} has no SAM text block") from None
    if card.gender not in GENDER_CODES:
        raise ValueError(f"gender {card.gender!r} has no card code")
    if card.ethnicity and card.ethnicity not in ETHNICITY_CODES:
        raise ValueError(f"ethnicity {card.ethnicity!r} is not in GB/T 3304")
    values = {
        "name": card.name,
        "gender": GENDER_CODES[card.gender],
        "ethnicity": ETHNICITY_CODES.get(card.ethnicity, card.extra.get("ethnicity_code", "")),
        "birth": _yyyymmdd(card.birth_date),
        "address": card.address,
        "id_number": card.id_number,
        "authority": card.issuing_authority or card.extra.get("authority_code", ""),
        "valid_from": _yyyymmdd(card.valid_from),
        "valid_until": NO_EXPIRY if card.valid_until is None else _yyyymmdd(card.valid_until),
        "name_en": card.name_en,
        "nationality": card.nationality,
        "flag": FLAG_OF[card.card_type],
        **card.extra,
    }
    if card.card_type == FOREIGN_PERMANENT_2023:
        values["name_en"], values["name_en_2"] = card.name_en[:_NAME_EN_PART_1], card.name_en[_NAME_EN_PART_1:]
    # The resident layout has no flag field: its flag (a space) is part of the blank reserved tail.
    return b"".join(_field_bytes(name, values.get(name, ""), width) for name, width in layout)


def _field_bytes(name: str, value: str, width: int) -> bytes:
    raw = ("" if name.startswith("_") else value).encode(ENCODING)
    if len(raw) > width:
        raise ValueError(f"field {name} needs {len(raw)} bytes, the card has {width}")
    return raw + " ".encode(ENCODING) * ((width - len(raw)) // 2)


def _yyyymmdd(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""
