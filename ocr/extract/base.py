"""Turning label/value pairs into typed :class:`~ocr.types.Field` values."""
from __future__ import annotations

import re
from collections.abc import Callable

from ocr import ids
from ocr.dates import parse_amount, parse_date, parse_validity
from ocr.extract import normalise
from ocr.extract.layout import Layout, Value
from ocr.types import Field, OcrResult


class Fields:
    """The fields of one page as they are extracted; missing fields are simply absent."""

    def __init__(self, result: OcrResult, labels: dict[str, tuple[str, ...]], page: int = 0):
        self.layout = Layout(result, labels)
        self.page = page
        self.found: dict[str, Field] = {}

    def add(self, name: str, value: Value | None, normaliser: Callable[[str], str | None] = normalise.clean,
            *, valid: bool = True, note: str = "") -> Field | None:
        """Normalise ``value`` into field ``name``; nothing is added when the value is empty."""
        if value is None:
            return None
        normalised = normaliser(value.text)
        if not normalised:
            return None
        field = Field(name, normalised, value.confidence, value.text, value.box, self.page, valid, note)
        self.found[name] = field
        return field

    def text(self, name: str, label: str | None = None, normaliser=normalise.clean, **where) -> Field | None:
        return self.add(name, self.layout.value(label or name, **where), normaliser)

    def date(self, name: str, label: str | None = None, **where) -> Field | None:
        return self.add(name, self.layout.value(label or name, **where), parse_date)

    def amount(self, name: str, label: str | None = None) -> Field | None:
        return self.add(name, self.layout.value(label or name), parse_amount)

    def validity(self, from_name: str | None, until_name: str, label: str) -> None:
        value = self.layout.value(label)
        if value is None:
            return
        start, until = parse_validity(value.text)
        if from_name and start:
            self.found[from_name] = Field(from_name, start, value.confidence, value.text, value.box, self.page)
        if until:
            self.found[until_name] = Field(until_name, until, value.confidence, value.text, value.box, self.page)

    def id_number(self, name: str, label: str | None = None, *, birth_date: str | None = None,
                  value: Value | None = None) -> Field | None:
        """A citizen ID number, repaired by its check character when exactly one reading passes."""
        value = value or self.layout.value(label or name)
        raw = normalise.id_like(value.text) if value else None
        if raw is None:
            return None
        return self.checked(name, value, ids.check_id_number(raw, birth_date=birth_date))

    def checked(self, name: str, value: Value, checked: ids.CheckedCode) -> Field:
        """A number whose check character was verified; one that failed is kept raw, low confidence."""
        confidence = value.confidence if checked.valid else min(value.confidence, 0.3)
        field = Field(name, checked.value, confidence, value.text, value.box, self.page, checked.valid, checked.note)
        self.found[name] = field
        return field

    def id_numbers_anywhere(self) -> list[Value]:
        """Unlabelled 18-character number runs, top to bottom (for pages whose labels were missed)."""
        return [Value(p.text, p.box, p.confidence, (p,)) for p in self.layout.unlabelled()
                if normalise.id_like(p.text) and re.search(r"\d{10}", p.text)]

    def result(self) -> dict[str, Field]:
        return dict(self.found)
