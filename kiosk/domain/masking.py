"""Masking of personal data for screens and logs."""
from __future__ import annotations

from ocr.ids import mask


def mask_id(number: str | None) -> str:
    """3301**********1234: region prefix and last four kept, as on bank and hall screens."""
    return mask(number) if number else ""


def mask_name(name: str | None) -> str:
    """张*明 / 李* : the family name and, for long names, the last character."""
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_address(address: str | None, keep: int = 6) -> str:
    """Keep the first characters (province, city), hide the street and door number."""
    if not address:
        return ""
    return address[:keep] + "*" * min(8, max(0, len(address) - keep))
