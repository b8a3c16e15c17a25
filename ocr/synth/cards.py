"""Card-sized documents: the resident ID card (both faces) and the household register pages."""
from __future__ import annotations

import datetime as dt
import random

from ocr import doctypes
from ocr.synth.canvas import SANS, SERIF, SERIF_BOLD, Page, Rendered, finish, monospace_font_path
from ocr.synth.dating import Laid, months, years
from ocr.synth.people import Person, applicant

LABEL = (40, 110, 165)      # the card's blue label ink
INK = (15, 15, 15)
CARD = (856, 540)           # 85.6 × 54 mm at 10 px/mm


def _card(rng: random.Random) -> Page:
    page = Page(*CARD, background=(238, 242, 240))
    page.guilloche(rng, (214, 226, 230))
    page.draw.rounded_rectangle((2, 2, CARD[0] - 3, CARD[1] - 3), radius=28, outline=(200, 205, 205), width=2)
    return page


def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def id_card_front(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    p = applicant(rng, subject)
    page = _card(rng)
    page.text((60, 56), "姓名", 26, SANS, LABEL, spacing=0.6)
    page.text((170, 50), p.name, 34, SANS, INK)
    page.text((60, 122), "性别", 26, SANS, LABEL, spacing=0.6)
    page.text((170, 116), p.gender, 32, SANS, INK)
    page.text((300, 122), "民族", 26, SANS, LABEL, spacing=0.6)
    page.text((410, 116), p.ethnicity, 32, SANS, INK)
    page.text((60, 188), "出生", 26, SANS, LABEL, spacing=0.6)
    b = p.birth_date
    page.text((170, 182), f"{b.year}年{b.month}月{b.day}日", 30, SANS, INK)
    page.text((60, 254), "住址", 26, SANS, LABEL, spacing=0.6)
    for i, part in enumerate(_wrap(p.address, 12)):
        page.text((170, 248 + 44 * i), part, 30, SANS, INK)
    page.text((60, 452), "公民身份号码", 26, SANS, LABEL, spacing=0.2)
    page.text((300, 444), p.id_number, 36, monospace_font_path(), INK, spacing=0.08)
    page.portrait((590, 70, 800, 330), background=(238, 242, 240))
    return finish(page, doctypes.ID_CARD_FRONT, {
        "name": p.name, "gender": p.gender, "ethnicity": p.ethnicity, "birth_date": b.isoformat(),
        "address": p.address, "id_number": p.id_number})


def id_card_back(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    p = applicant(rng, subject)
    page = _card(rng)
    page.emblem((150, 140), 80)
    page.text((300, 90), "中华人民共和国", 44, SERIF_BOLD, INK, spacing=0.25)
    page.text((280, 190), "居民身份证", 60, SERIF_BOLD, INK, spacing=0.35)
    _, province, city, district = p.region
    authority = f"{city or province}公安局{district}分局"
    start = laid.ago(rng, years(19), months(6))
    age = (start - p.birth_date).days // 365
    term = None if age >= 46 else 20 if age >= 26 else 10   # GB/T 11643: validity by age at issue
    until = "长期" if term is None else start.replace(year=start.year + term).isoformat()
    if p.valid_from is not None:     # the card of a known applicant: its own authority and validity
        authority, start, until = p.issuing_authority or authority, p.valid_from, p.valid_until or "长期"
    shown = f"{start:%Y.%m.%d}-" + ("长期" if until == "长期" else until.replace("-", "."))
    page.text((150, 380), "签发机关", 26, SANS, LABEL, spacing=0.3)
    page.text((330, 374), authority, 30, SANS, INK)
    page.text((150, 446), "有效期限", 26, SANS, LABEL, spacing=0.3)
    page.text((330, 440), shown, 30, SANS, INK)
    return finish(page, doctypes.ID_CARD_BACK, {
        "issuing_authority": authority, "valid_from": start.isoformat(), "valid_until": until})


def _booklet(rng: random.Random) -> Page:
    page = Page(1000, 700, background=(246, 243, 232))
    page.guilloche(rng, (232, 226, 210), density=30)
    return page


def _table(page: Page, top: int, rows: list[list[tuple[str, str]]], left: int = 60, right: int = 940,
           height: int = 70, label_width: int = 150, size: int = 24) -> None:
    """Ruled table rows of (label, value) cells, labels in smaller ink like the printed forms."""
    y = top
    page.draw.line((left, y, right, y), fill=(80, 80, 80), width=2)
    for row in rows:
        cell = (right - left) / len(row)
        for i, (label, value) in enumerate(row):
            x = left + i * cell
            page.draw.line((x, y, x, y + height), fill=(80, 80, 80), width=2)
            page.draw.line((x + label_width, y, x + label_width, y + height), fill=(150, 150, 150), width=1)
            page.text((x + 10, y + (height - size) / 2 - 4), label, size - 4, SERIF, (60, 60, 60))
            if value:
                page.text((x + label_width + 14, y + (height - size) / 2 - 6), value, size, SANS, INK)
        page.draw.line((right, y, right, y + height), fill=(80, 80, 80), width=2)
        y += height
        page.draw.line((left, y, right, y), fill=(80, 80, 80), width=2)


def hukou_cover(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    page = Page(700, 1000, background=(128, 30, 35))
    page.emblem((350, 300), 110)
    page.centered(520, "居民户口簿", 72, SERIF_BOLD, (235, 195, 90), spacing=0.3)
    page.centered(860, "中华人民共和国公安部监制", 28, SERIF, (235, 195, 90), spacing=0.1)
    return finish(page, doctypes.HUKOU_COVER, {})


def hukou_index(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    head = applicant(rng, subject)
    page = _booklet(rng)
    page.centered(40, "户口簿", 46, SERIF_BOLD, INK, spacing=0.8)
    household_type = rng.choice(("家庭户", "家庭户", "集体户"))
    number = f"{rng.randrange(10**8, 10**9)}"
    _table(page, 140, [[("户别", household_type), ("户主姓名", head.name)],
                       [("户号", number), ("承办人签章", "")]], size=26)
    page.text((80, 300), "住址", 22, SERIF, (60, 60, 60))
    lines = _wrap(head.address, 24)
    for i, part in enumerate(lines):
        page.text((230, 290 + 40 * i), part, 26, SANS, INK)
    page.seal((780, 540), 90, f"{head.region[3]}公安分局户口专用章")
    issued = laid.ago(rng, years(17), months(6))
    page.text((560, 640), f"签发日期 {issued.year}年{issued.month}月{issued.day}日", 22, SERIF, INK)
    return finish(page, doctypes.HUKOU_INDEX, {
        "household_head": head.name, "household_number": number, "household_type": household_type,
        "address": head.address})


def hukou_member(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    p = applicant(rng, subject)
    page = _booklet(rng)
    page.centered(30, "常住人口登记卡", 42, SERIF_BOLD, INK, spacing=0.3)
    relation = rng.choice(("户主", "夫", "长子", "次子", "父亲") if p.gender == "男" else ("户主", "妻", "长女", "次女", "母亲"))
    birthplace = f"{p.region[1]}{p.region[2]}{p.region[3]}"
    b = p.birth_date
    _table(page, 110, [
        [("姓名", p.name), ("户主或与户主关系", relation)],
        [("曾用名", ""), ("性别", p.gender)],
        [("出生地", birthplace), ("民族", p.ethnicity)],
        [("籍贯", p.region[1]), ("出生日期", f"{b.year}年{b.month}月{b.day}日")],
        [("公民身份证件编号", p.id_number)],
        [("文化程度", rng.choice(("大学本科", "高中", "硕士研究生"))), ("婚姻状况", rng.choice(("已婚", "未婚")))],
    ], label_width=200, size=24)
    return finish(page, doctypes.HUKOU_MEMBER, {
        "name": p.name, "relation": relation, "gender": p.gender, "ethnicity": p.ethnicity,
        "birth_date": b.isoformat(), "birthplace": birthplace, "id_number": p.id_number})
