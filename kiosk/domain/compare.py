"""One comparator each for people's names, ID numbers and addresses, used everywhere.

The pre-review's checks, the catalog's rules (as JSON Logic operations, see catalog.logic) and
the staff desk compare through these, so an OCR-split name (张 伟) or a full-width digit never
blocks a clean case in one place while passing in another. Characters OCR mistakes for one
another are known here too, so a difference they explain is not taken as a mismatch.
"""
from __future__ import annotations

import unicodedata

# Look-alike groups seen in PP-OCR output on ID cards and certificates: Latin/digit pairs and
# Chinese characters that differ by one short stroke.
GROUPS = (
    "0ODQ", "1Il|", "2Z", "5S", "6G", "8B", "Xx×",
    "己已巳", "未末", "士土", "日曰", "人入", "大太犬", "王玉", "天夭", "刀力", "白自", "干千于",
    "戊戌戍", "壬王", "冶治", "候侯", "拔拨", "晴睛", "崇祟", "汨汩", "鸟乌", "折拆",
)
_CANON = {c: g[0] for g in GROUPS for c in g}
# Separators in minority and foreign names that OCR reads as different dots.
_DOTS = str.maketrans({"•": "·", "．": "·", "・": "·", ".": "·"})


def normalise(text: str) -> str:
    """Width-folded, space-free, upper-case form used for every comparison."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper().translate(_DOTS)


def canonical(text: str) -> str:
    return "".join(_CANON.get(c, c) for c in normalise(text))


def explained_by_confusables(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ, but only by look-alike characters."""
    return normalise(a) != normalise(b) and canonical(a) == canonical(b)


def same_name(a: str | None, b: str | None) -> bool:
    """Names of one person: equal once spaces, widths and the dots of minority names are folded."""
    return bool(a and b) and normalise(a) == normalise(b)


def same_id_number(a: str | None, b: str | None) -> bool:
    """ID numbers: equal once spaces, widths and a lower-case x are folded."""
    return bool(a and b) and normalise(a) == normalise(b)


_ADDRESS_NOISE = str.maketrans({"（": "(", "）": ")", "－": "-", "—": "-"})


def same_address(a: str | None, b: str | None) -> bool:
    """One place: equal, or one the other with more detail (the flat after the street number).

    A leading province or city is optional on documents (杭州市西湖区… for 浙江省杭州市西湖区…),
    so the shorter address may also be a tail of the longer one.
    """
    if not (a and b):
        return False
    x, y = (normalise(v).translate(_ADDRESS_NOISE) for v in (a, b))
    short, long = sorted((x, y), key=len)
    return short in long


def same_text(a: str | None, b: str | None) -> bool:
    return normalise(a or "") == normalise(b or "")


def comparator(field_type: str, source: str):
    """The comparison for a form field against what its source (chip or material field) holds."""
    if field_type == "id_number":
        return same_id_number
    if source.endswith("address"):
        return same_address
    if source.endswith("name") or source == "material.business_licence.legal_representative":
        return same_name
    return same_text


def name_among(name: str | None, names) -> bool:
    return any(same_name(name, other) for other in names or ())
