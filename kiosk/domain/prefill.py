"""Fill the form from trusted sources (chip, extracted fields) and check what the citizen typed."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

from devices.idcard.base import IdentityCard
from ocr.types import DocumentReading

from .catalog.schema import FormField, Matter, Text
from . import codes


@dataclass(frozen=True)
class Prefilled:
    value: str
    source: str   # the catalog's prefill source, e.g. "card.name" or "material.lease.address"


def prefill(matter: Matter, card: IdentityCard | None,
            readings: Mapping[str, Sequence[DocumentReading]]) -> dict[str, Prefilled]:
    """Values for the fields whose source has something; fields without a value are left out."""
    out: dict[str, Prefilled] = {}
    by_id = {f.id: f for f in matter.fields}

    def resolve(f: FormField, depth: int = 0) -> str | None:
        kind, _, rest = (f.prefill or "").partition(".")
        if kind == "card":
            return _card_value(card, rest)
        if kind == "material":
            material_id, _, name = rest.partition(".")
            for reading in readings.get(material_id, ()):
                field = reading.fields.get(name)
                if field is not None and field.value:
                    return field.value
            return None
        if kind == "form" and rest in by_id and depth < len(by_id):
            return resolve(by_id[rest], depth + 1)
        return None

    for f in matter.fields:
        value = resolve(f)
        if value:
            out[f.id] = Prefilled(value, f.prefill or "")
    return out


def _card_value(card: IdentityCard | None, attribute: str) -> str | None:
    if card is None:
        return None
    value = getattr(card, attribute, None)
    if attribute == "valid_until" and value is None:
        return codes.LONG_TERM
    if isinstance(value, date):
        return value.isoformat()
    return value or None


def validate_form(matter: Matter, values: Mapping[str, str], today: date | None = None) -> dict[str, Text]:
    """Error messages by field id, each saying how to fix the value; empty when the form is good."""
    today = today or date.today()
    errors: dict[str, Text] = {}
    for f in matter.fields:
        raw = values.get(f.id)
        value = raw.strip() if isinstance(raw, str) else ""
        if not value:
            if f.required:
                errors[f.id] = Text(zh=f"请填写“{f.label.zh}”。", en=f"Please fill in \"{f.label.en}\".")
            continue
        message = _type_problem(f, value, today) or _rule_problem(f, value)
        if message is not None:
            errors[f.id] = message
    return errors


def _type_problem(f: FormField, value: str, today: date) -> Text | None:
    zh, en = f.label.zh, f.label.en
    if f.type == "date" and codes.parse_iso(value) is None:
        return Text(zh=f"“{zh}”请按 年-月-日 填写，例如 2024-05-01。",
                    en=f"Enter \"{en}\" as year-month-day, e.g. 2024-05-01.")
    if f.type == "phone" and not codes.mobile_valid(value):
        return Text(zh=f"“{zh}”请填写11位手机号码，以1开头。",
                    en=f"Enter an 11-digit mobile number starting with 1 for \"{en}\".")
    if f.type == "id_number":
        problem = codes.id_number_problem(value.upper(), today)
        if problem == "shape":
            return Text(zh=f"“{zh}”应为18位，前17位是数字，最后一位是数字或X。",
                        en=f"\"{en}\" has 18 characters: 17 digits, then a digit or X.")
        if problem is not None:
            return Text(zh=f"“{zh}”校验不通过，请逐位核对后重新输入。",
                        en=f"\"{en}\" fails its check; compare it digit by digit and enter it again.")
    if f.type == "uscc" and not codes.uscc_valid(value.upper()):
        return Text(zh=f"“{zh}”应为营业执照上的18位统一社会信用代码，请核对后重新输入。",
                    en=f"\"{en}\" is the 18-character code on the business licence; check it and enter it again.")
    if f.type == "choice" and value not in {c.value for c in f.choices}:
        return Text(zh=f"请从选项中选择“{zh}”。", en=f"Choose \"{en}\" from the options.")
    if f.type == "number":
        try:
            float(value)
        except ValueError:
            return Text(zh=f"“{zh}”请填写数字。", en=f"Enter a number for \"{en}\".")
    return None


def _rule_problem(f: FormField, value: str) -> Text | None:
    rule = f.validation
    if rule is None:
        return None
    ok = True
    if rule.pattern is not None and not re.fullmatch(rule.pattern, value):
        ok = False
    if rule.min_length is not None and len(value) < rule.min_length:
        ok = False
    if rule.max_length is not None and len(value) > rule.max_length:
        ok = False
    if f.type == "number" and (rule.min is not None or rule.max is not None):
        number = float(value)
        ok = ok and (rule.min is None or number >= rule.min) and (rule.max is None or number <= rule.max)
    if ok:
        return None
    return rule.message or Text(zh=f"“{f.label.zh}”的内容不符合要求，请修改。",
                                en=f"\"{f.label.en}\" is not in the required form; please change it.")
