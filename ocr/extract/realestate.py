"""Housing documents: the lease contract (房屋租赁合同) and the real-estate certificate (不动产权证书)."""
from __future__ import annotations

import re

from ocr.dates import parse_date
from ocr.extract import normalise
from ocr.extract.base import Fields
from ocr.extract.layout import Value, axis_box
from ocr.types import Field, OcrResult

LEASE_LABELS = {
    "lessor_name": ("出租方（甲方）", "出租方", "甲方"),
    "lessee_name": ("承租方（乙方）", "承租方", "乙方"),
    "id_number": ("身份证号码", "身份证号"),
}
PROPERTY_LABELS = {
    "owner_name": ("权利人",), "owner_id_number": ("证件号码", "身份证号码"), "joint": ("共有情况",),
    "address": ("坐落",), "unit": ("不动产单元号",), "right_type": ("权利类型",), "nature": ("权利性质",),
    "use": ("用途",), "area": ("面积",), "term": ("使用期限",),
}
# Clause text: "位于<address>的房屋", "自<date>起至<date>止".
_LOCATED = re.compile(r"位于(.+?)的?房屋")
_TERM = re.compile(r"自(.+?)起至(.+?)止")
_CERTIFICATE = re.compile(r".{1,2}（\d{4}）.{1,12}不动产权第\d{5,8}号")
_AREA = re.compile(r"(\d+(?:\.\d+)?)")


def lease(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, LEASE_LABELS, page)
    f.text("lessor_name", normaliser=normalise.name)
    lessee = f.text("lessee_name", normaliser=normalise.name)
    # The lessee's ID number is the first one printed below the lessee's name.
    if lessee is not None:
        for i, label in enumerate(f.layout.labels("id_number")):
            if label.top > lessee.box[0][1]:
                f.id_number("lessee_id_number", value=f.layout.value("id_number", occurrence=i))
                break
    _clauses(f, result)
    return f.result()


def _clauses(f: Fields, result: OcrResult) -> None:
    """Address and term come from the clause text, which wraps across lines."""
    lines = result.lines
    text = "".join(normalise.clean(line.text) for line in lines)
    located = _LOCATED.search(text)
    if located:
        f.add("address", _whole_page_value(lines, located.group(1)), normalise.address)
    term = _TERM.search(text)
    if term:
        f.add("start_date", _whole_page_value(lines, term.group(1)), parse_date)
        f.add("end_date", _whole_page_value(lines, term.group(2)), parse_date)


def _whole_page_value(lines, text: str) -> Value:
    """A value cut out of running text: box and confidence of the lines it came from."""
    touched = [line for line in lines if any(chunk in normalise.clean(line.text) for chunk in (text[:6], text[-6:]))]
    touched = touched or list(lines)
    xs0, ys0, xs1, ys1 = zip(*(axis_box(line.box) for line in touched))
    box = ((min(xs0), min(ys0)), (max(xs1), min(ys0)), (max(xs1), max(ys1)), (min(xs0), max(ys1)))
    return Value(text, box, min(line.confidence for line in touched), ())


def _certificate_number(result: OcrResult) -> Value | None:
    for line in result.lines:
        text = normalise.clean(line.text)
        match = _CERTIFICATE.search(text)
        if match:
            return Value(match.group(0), line.box, line.confidence, ())
    return None


def _area(text: str) -> str | None:
    """Square metres as a plain number: 房屋建筑面积89.50㎡ -> 89.50."""
    match = _AREA.search(text)
    return match.group(1) if match else None


def property_certificate(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, PROPERTY_LABELS, page)
    f.add("certificate_number", _certificate_number(result))
    f.text("owner_name", normaliser=normalise.name)
    f.id_number("owner_id_number")
    f.text("address", lines=3, normaliser=normalise.address)
    f.text("area", normaliser=_area)
    return f.result()
