"""Characters OCR mistakes for one another, so a difference they explain is not taken as a mismatch."""
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
