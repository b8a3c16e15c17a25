"""The documents of the second corpus, flat, at a known scale, laid out after the real ones.

Each renderer returns a :class:`Flat`: the BGR image, its physical size, the fields a reader
should give, and where each field's value is printed (``regions``, pixels), so a capture can
put a glare spot or the frame's edge over a chosen field. Layouts follow the documents
themselves: the GA 450 resident ID card, the 常住人口登记卡 of the household register (ruled
cells, two-line labels, values filled in 楷体 and not always inside their cells), the 2018+
营业执照 副本 of companies and 个体工商户 (letter-spaced labels, two columns, wrapped scope and
address, the authority's seal over the last rows) and the passport data page with its MRZ.
"""
from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from ocr import doctypes
from ocr.synth2 import fonts
from ocr.synth2.identities import PINYIN_PROVINCE, Citizen, Firm, citizen, day_between, firm, icao_check

Region = tuple[int, int, int, int]   # left, top, right, bottom (px)


@dataclass
class Flat:
    doc_type: str
    image: np.ndarray                 # BGR
    mm: tuple[float, float]           # width, height
    fields: dict[str, str]
    regions: dict[str, Region] = field(default_factory=dict)


class Sheet:
    """A Pillow page addressed in millimetres."""

    def __init__(self, mm: tuple[float, float], px_per_mm: float, paper):
        self.k, self.mm = px_per_mm, mm
        self.image = Image.new("RGB", (round(mm[0] * px_per_mm), round(mm[1] * px_per_mm)), paper)
        self.draw = ImageDraw.Draw(self.image)
        self.regions: dict[str, Region] = {}

    def px(self, v: float) -> int:
        return round(v * self.k)

    def text(self, x: float, y: float, text: str, size: float, face, fill=(20, 20, 20), *,
             gap: float = 0.0, region: str | None = None) -> Region:
        """Draw ``text`` with its top-left at (x, y) mm, ``size`` mm tall, ``gap`` mm between characters."""
        f = fonts.face(face, max(6, self.px(size)))
        cx, top = float(self.px(x)), self.px(y)
        for char in text if gap else [text]:
            self.draw.text((cx, top), char, font=f, fill=fill)
            cx += f.getlength(char) + self.px(gap)
        bbox = f.getbbox(text)
        box = (self.px(x), top + bbox[1], round(cx - (self.px(gap) if gap else 0)), top + bbox[3])
        if region:
            self.regions[region] = _union(self.regions.get(region), box)
        return box

    def spread(self, x: float, y: float, text: str, size: float, face, width: float, fill=(20, 20, 20)) -> Region:
        """A label spread over ``width`` mm (名　　称 as wide as 法定代表人)."""
        if len(text) < 2:
            return self.text(x, y, text, size, face, fill)
        f = fonts.face(face, max(6, self.px(size)))
        ink = sum(f.getlength(c) for c in text) / self.k
        return self.text(x, y, text, size, face, fill, gap=max(0.0, (width - ink) / (len(text) - 1)))

    def wrapped(self, x: float, y: float, text: str, size: float, face, width: float, leading: float,
                fill=(20, 20, 20), region: str | None = None) -> float:
        """Wrap ``text`` at ``width`` mm; returns the y (mm) under the last line."""
        f = fonts.face(face, max(6, self.px(size)))
        line = ""
        for char in text:
            if f.getlength(line + char) > self.px(width):
                self.text(x, y, line, size, face, fill, region=region)
                y, line = y + leading, ""
            line += char
        if line:
            self.text(x, y, line, size, face, fill, region=region)
            y += leading
        return y

    def waves(self, rng: random.Random, color, count: int, amplitude: float = 2.0) -> None:
        """Guilloche: interleaved fine sine waves across the sheet."""
        w, h = self.image.size
        xs = np.linspace(0, w, 200)
        for i in range(count):
            y0, phase, period = h * i / count, rng.uniform(0, 6.3), rng.uniform(6, 14) * self.k
            amp = self.px(amplitude) * rng.uniform(0.6, 1.4)
            self.draw.line([(x, y0 + amp * math.sin(x / period + phase)) for x in xs], fill=color, width=1)
            self.draw.line([(x, y0 + amp * math.cos(x / period * 1.7 + phase)) for x in xs], fill=color, width=1)

    def overlay(self, painter) -> None:
        """Paint translucent things (seals, holograms) through an RGBA layer."""
        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        painter(ImageDraw.Draw(layer), layer)
        self.image = Image.alpha_composite(self.image.convert("RGBA"), layer).convert("RGB")
        self.draw = ImageDraw.Draw(self.image)

    def seal(self, cx: float, cy: float, r: float, text: str, alpha: int = 170) -> None:
        """A round red seal with a star and its organisation's name round the top, printed over what is there."""
        k, colour = self.k, (200, 25, 35, alpha)

        def paint(d, layer):
            x, y, rr = cx * k, cy * k, r * k
            d.ellipse((x - rr, y - rr, x + rr, y + rr), outline=colour, width=max(2, round(rr / 16)))
            star = [(x + rr * 0.3 * (1 if i % 2 == 0 else 0.38) * math.cos(math.radians(-90 + 36 * i)),
                     y + rr * 0.3 * (1 if i % 2 == 0 else 0.38) * math.sin(math.radians(-90 + 36 * i)))
                    for i in range(10)]
            d.polygon(star, fill=colour)
            f = fonts.face(fonts.ZEN_HEI, max(8, round(rr / 4.2)))
            for i, char in enumerate(text):
                a = math.radians(-215 + 250 * (i + 0.5) / len(text))
                glyph = Image.new("RGBA", (round(rr / 2), round(rr / 2)), (0, 0, 0, 0))
                ImageDraw.Draw(glyph).text((rr / 4, rr / 4), char, font=f, fill=colour, anchor="mm")
                glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
                layer.alpha_composite(glyph, (round(x + 0.74 * rr * math.cos(a) - rr / 4),
                                              round(y + 0.74 * rr * math.sin(a) - rr / 4)))
        self.overlay(paint)

    def portrait(self, box_mm, rng: random.Random, background) -> None:
        """A head-and-shoulders silhouette clipped to ``box_mm``."""
        l, t, r, b = (self.px(v) for v in box_mm)
        w, h = r - l, b - t
        tile = Image.new("RGB", (w, h), background)
        d = ImageDraw.Draw(tile)
        skin = (rng.randint(200, 230), rng.randint(165, 195), rng.randint(140, 170))
        d.ellipse((0.05 * w, 0.72 * h, 0.95 * w, 1.3 * h), fill=rng.choice(((35, 35, 45), (70, 60, 90))))
        d.rectangle((0.41 * w, 0.55 * h, 0.59 * w, 0.78 * h), fill=skin)
        d.ellipse((0.27 * w, 0.15 * h, 0.73 * w, 0.64 * h), fill=skin)
        d.chord((0.25 * w, 0.08 * h, 0.75 * w, 0.5 * h), 180, 360, fill=(25, 20, 20))
        self.image.paste(tile, (l, t))

    def bgr(self) -> np.ndarray:
        return np.ascontiguousarray(np.asarray(self.image)[:, :, ::-1])


def years_later(d: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for a 29th)."""
    return d.replace(year=d.year + years, day=28 if (d.month, d.day) == (2, 29) else d.day)


def _union(a: Region | None, b: Region) -> Region:
    return b if a is None else (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _chunks(text: str, n: int) -> list[str]:
    return [text[i:i + n] for i in range(0, len(text), n)]


# ---------------------------------------------------------------- resident ID card (GA 450)

CARD_MM = (85.6, 54.0)
CARD_BLUE = (30, 90, 150)


def _card(rng: random.Random, k: float) -> Sheet:
    s = Sheet(CARD_MM, k, (rng.randint(232, 242), rng.randint(236, 244), rng.randint(232, 240)))
    s.waves(rng, (205, 220, 226), 46, 1.2)
    return s


def _hologram(s: Sheet, rng: random.Random, cx: float, cy: float) -> None:
    def paint(d, layer):
        for i in range(5):
            colour = [(120, 200, 255, 34), (255, 160, 220, 30), (160, 255, 180, 30)][i % 3]
            r = s.px(rng.uniform(4, 7))
            x, y = s.px(cx + rng.uniform(-3, 3)), s.px(cy + rng.uniform(-2, 2))
            d.ellipse((x - r, y - r * 0.7, x + r, y + r * 0.7), fill=colour)
    s.overlay(paint)


def id_front(rng: random.Random, k: float = 12.0) -> Flat:
    p = citizen(rng)
    s = _card(rng, k)
    label, value = rng.choice(((fonts.ZEN_HEI, fonts.MICRO_HEI), (fonts.MICRO_HEI, fonts.ZEN_HEI)))
    ls, vs = 2.8, 3.1
    s.text(5.8, 6.2, "姓名", ls, label, CARD_BLUE, gap=2.3)
    s.text(17.0, 5.8, p.name, vs + 0.4, value, region="name")
    s.text(5.8, 12.5, "性别", ls, label, CARD_BLUE, gap=2.3)
    s.text(17.0, 12.1, p.gender, vs, value, region="gender")
    s.text(28.5, 12.5, "民族", ls, label, CARD_BLUE, gap=2.3)
    s.text(39.5, 12.1, p.ethnicity, vs, value, region="ethnicity")
    s.text(5.8, 18.8, "出生", ls, label, CARD_BLUE, gap=2.3)
    b = p.birth
    # The date's parts stand at fixed places, with space round 年 月 日.
    s.text(17.0, 18.4, str(b.year), vs, value, region="birth_date")
    s.text(26.5, 18.8, "年", ls, label, CARD_BLUE)
    s.text(32.0 - (1.0 if b.month > 9 else 0), 18.4, str(b.month), vs, value, region="birth_date")
    s.text(35.3, 18.8, "月", ls, label, CARD_BLUE)
    s.text(40.0 - (1.0 if b.day > 9 else 0), 18.4, str(b.day), vs, value, region="birth_date")
    s.text(43.6, 18.8, "日", ls, label, CARD_BLUE)
    s.text(5.8, 25.2, "住址", ls, label, CARD_BLUE, gap=2.3)
    for i, part in enumerate(_chunks(p.address, 11)):
        s.text(17.0, 24.8 + 4.6 * i, part, vs, value, region="address")
    s.text(5.8, 44.6, "公民身份号码", ls, label, CARD_BLUE, gap=0.5)
    s.text(30.0, 44.0, p.id_number, 3.5, rng.choice((fonts.OCR_B, fonts.MONO)), gap=0.15, region="id_number")
    s.portrait((55.0, 6.0, 81.0, 40.0), rng, s.image.getpixel((s.px(60), s.px(45))))
    _hologram(s, rng, rng.uniform(62, 76), rng.uniform(28, 36))
    return Flat(doctypes.ID_CARD_FRONT, s.bgr(), CARD_MM, {
        "name": p.name, "gender": p.gender, "ethnicity": p.ethnicity, "birth_date": b.isoformat(),
        "address": p.address, "id_number": p.id_number}, s.regions)


def _emblem(s: Sheet, cx: float, cy: float, r: float) -> None:
    x, y, rr = s.px(cx), s.px(cy), s.px(r)
    s.draw.ellipse((x - rr, y - rr, x + rr, y + rr), fill=(205, 35, 35), outline=(225, 185, 60), width=max(2, rr // 9))
    for i in range(5):
        a = math.radians(-90 + 72 * i)
        rs = rr * (0.3 if i == 0 else 0.12)
        ox, oy = (0, -0.15 * rr) if i == 0 else (0.45 * rr * math.cos(a + 0.6), 0.45 * rr * math.sin(a + 0.6) - 0.2 * rr)
        star = [(x + ox + rs * (1 if j % 2 == 0 else 0.4) * math.cos(math.radians(-90 + 36 * j)),
                 y + oy + rs * (1 if j % 2 == 0 else 0.4) * math.sin(math.radians(-90 + 36 * j))) for j in range(10)]
        s.draw.polygon(star, fill=(245, 205, 70))


def id_back(rng: random.Random, k: float = 12.0) -> Flat:
    p = citizen(rng)
    s = _card(rng, k)
    _emblem(s, 13.5, 13.5, 8.5)
    title = rng.choice((fonts.UMING, fonts.ZEN_HEI))
    s.text(29.0, 7.0, "中华人民共和国", 4.6, title, gap=1.1)
    s.text(27.0, 16.5, "居民身份证", 6.6, title, gap=2.2)
    _, province, city, district = p.region
    authority = f"{city or province}公安局{district}分局"
    start = day_between(rng, dt.date(2008, 1, 1), dt.date(2025, 2, 27))
    age = (start - p.birth).days // 365
    years = None if age >= 46 else 20 if age >= 26 else 10 if age >= 16 else 5
    until = "长期" if years is None else years_later(start, years).isoformat()
    shown = f"{start:%Y.%m.%d}-" + ("长期" if years is None else until.replace("-", "."))
    face = rng.choice((fonts.ZEN_HEI, fonts.MICRO_HEI))
    s.text(15.5, 38.2, "签发机关", 2.9, face, CARD_BLUE, gap=0.4)
    s.text(31.0, 37.8, authority, 3.3, face, region="issuing_authority")
    s.text(15.5, 44.6, "有效期限", 2.9, face, CARD_BLUE, gap=0.4)
    s.text(31.0, 44.2, shown, 3.3, face, region="validity")
    return Flat(doctypes.ID_CARD_BACK, s.bgr(), CARD_MM, {
        "issuing_authority": authority, "valid_from": start.isoformat(), "valid_until": until}, s.regions)


# ---------------------------------------------------------------- 常住人口登记卡

HUKOU_MM = (143.0, 105.0)


def hukou_member(rng: random.Random, k: float = 10.0) -> Flat:
    p = citizen(rng)
    s = Sheet(HUKOU_MM, k, (rng.randint(244, 250), rng.randint(238, 246), rng.randint(222, 232)))
    s.waves(rng, (235, 222, 205), 30, 1.5)
    s.text(47.0, 4.0, "常住人口登记卡", 5.2, fonts.UMING, gap=1.0)
    relation = rng.choice(("户主", "妻", "长子", "次子", "长女", "孙子") if p.gender == "男" or True else ())
    relation = {"妻": "夫"}.get(relation, relation) if p.gender == "男" and relation == "妻" else relation
    if p.gender == "女" and relation in ("长子", "次子", "孙子"):
        relation = relation.replace("子", "女")
    birthplace = f"{p.region[1]}{p.region[2]}{p.region[3]}"
    b = p.birth
    hand = rng.choice((fonts.UKAI, fonts.UKAI, fonts.UMING))
    ink = rng.choice(((20, 20, 25), (25, 30, 80), (40, 30, 30)))
    left, right, top, row = 6.0, 137.0, 12.5, 7.6
    # columns: label | value | label | value; label cells hold two-line labels where the real form does
    cols = (left, 26.0, 68.0, 90.0, right)
    rows = [
        (("姓名", p.name, "name"), ("户主或与户主关系", relation, "relation")),
        (("曾用名", "", None), ("性别", p.gender, "gender")),
        (("出生地", birthplace, "birthplace"), ("民族", p.ethnicity + rng.choice(("", "族")), "ethnicity")),
        (("籍贯", p.region[1], None), ("出生日期", f"{b.year}年{b.month}月{b.day}日", "birth_date")),
        (("本市（县）其他住址", "", None),),
        (("宗教信仰", "", None), ("公民身份证件编号", p.id_number, "id_number")),
        (("身高", f"{rng.randint(150, 188)}厘米", None), ("血型", rng.choice("ABO"), None)),
        (("文化程度", rng.choice(("大学本科", "高中", "初中", "大学专科")), None),
         ("婚姻状况", rng.choice(("已婚", "未婚")), None)),
        (("服务处所", "", None), ("职业", rng.choice(("职员", "个体", "教师", "")), None)),
        (("何时由何地迁来本市（县）", "", None),),
        (("何时由何地迁来本址", "", None),),
    ]
    rule = (90, 70, 60)
    y = top
    s.draw.rectangle((s.px(left), s.px(top), s.px(right), s.px(top + row * len(rows))), outline=rule, width=2)
    for cells in rows:
        s.draw.line((s.px(left), s.px(y), s.px(right), s.px(y)), fill=rule, width=1)
        for i, (label, value, key) in enumerate(cells):
            x0 = cols[2 * i]
            x1 = cols[2 * i + 1] if len(cells) > 1 else 48.0
            if len(cells) == 1:
                s.draw.line((s.px(x1), s.px(y), s.px(x1), s.px(y + row)), fill=rule, width=1)
            elif i:
                s.draw.line((s.px(x0), s.px(y), s.px(x0), s.px(y + row)), fill=rule, width=1)
                s.draw.line((s.px(x1), s.px(y), s.px(x1), s.px(y + row)), fill=rule, width=1)
            else:
                s.draw.line((s.px(x1), s.px(y), s.px(x1), s.px(y + row)), fill=rule, width=1)
            width = x1 - x0 - 2.0
            if len(label) > 5 and len(label) * 2.7 > width:   # the form prints long labels on two lines
                half = (len(label) + 1) // 2
                s.text(x0 + 1.0, y + 0.6, label[:half], 2.6, fonts.UMING, (60, 50, 45))
                s.text(x0 + 1.0, y + 3.9, label[half:], 2.6, fonts.UMING, (60, 50, 45))
            else:
                s.spread(x0 + 1.0, y + 2.2, label, 2.8, fonts.UMING, min(width, 2.8 * max(4, len(label))), (60, 50, 45))
            if value:
                # hand- or dot-matrix-filled: not always inside the cell
                dx, dy = rng.uniform(-1.0, 2.5), rng.uniform(-1.6, 1.4)
                face = fonts.UMING if key == "id_number" and rng.random() < 0.5 else hand
                # a long value is written smaller so that it stays in its cell, as on the form
                room = (cols[2] if i == 0 and len(cells) > 1 else right) - (x1 + 2.0 + dx) - 1.0
                width = fonts.face(face, s.px(3.6)).getlength(value) / s.k
                s.text(x1 + 2.0 + dx, y + 1.8 + dy, value, 3.6 * min(1.0, room / width), face, ink, region=key)
        y += row
    s.text(8.0, y + 4.0, "承办人签章", 2.8, fonts.UMING, (60, 50, 45))
    s.text(96.0, y + 4.0, "登记日期", 2.8, fonts.UMING, (60, 50, 45))
    registered = day_between(rng, max(b, dt.date(2000, 1, 1)), dt.date(2025, 3, 1))
    s.text(110.0, y + 3.6, f"{registered.year}年{registered.month}月{registered.day}日", 3.4, hand, ink)
    s.seal(rng.uniform(100, 122), y - 2.0, 11.0, f"{p.region[3]}派出所户口专用章")
    fields = {"name": p.name, "relation": relation, "gender": p.gender, "ethnicity": p.ethnicity,
              "birth_date": b.isoformat(), "birthplace": birthplace, "id_number": p.id_number}
    return Flat(doctypes.HUKOU_MEMBER, s.bgr(), HUKOU_MM, fields, s.regions)


# ---------------------------------------------------------------- 营业执照 (副本, 2018+)

LICENCE_MM = (297.0, 210.0)


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def _border(s: Sheet, rng: random.Random) -> None:
    w, h = s.mm
    colour = (rng.randint(150, 190), rng.randint(60, 90), rng.randint(40, 70))
    for inset, width in ((7.0, 4), (9.0, 1)):
        s.draw.rectangle((s.px(inset), s.px(inset), s.px(w - inset), s.px(h - inset)), outline=colour, width=width)
    step = 4.0
    x = 12.0
    while x < w - 12:       # a band of small rings along the top and bottom edges
        for y in (11.0, h - 11.0):
            s.draw.ellipse((s.px(x - 1.2), s.px(y - 1.2), s.px(x + 1.2), s.px(y + 1.2)), outline=colour, width=1)
        x += step


def _qr(s: Sheet, rng: random.Random, x: float, y: float, size: float) -> None:
    n = 25
    cell = size / n
    for i in range(n):
        for j in range(n):
            finder = any(i0 <= i < i0 + 7 and j0 <= j < j0 + 7 for i0, j0 in ((0, 0), (0, n - 7), (n - 7, 0)))
            if (finder and (i % 6 == 0 or j % 6 == 0 or (2 <= i % 18 <= 4 and 2 <= j % 18 <= 4))) or \
                    (not finder and rng.random() < 0.5):
                s.draw.rectangle((s.px(x + j * cell), s.px(y + i * cell), s.px(x + (j + 1) * cell) - 1,
                                  s.px(y + (i + 1) * cell) - 1), fill=(20, 20, 20))


def business_licence(rng: random.Random, k: float = 6.0, sole_trader: bool | None = None) -> Flat:
    owner = citizen(rng, born_before=dt.date(1998, 1, 1))
    sole = rng.random() < 0.5 if sole_trader is None else sole_trader
    c: Firm = firm(rng, owner, sole)
    s = Sheet(LICENCE_MM, k, (rng.randint(246, 252), rng.randint(240, 248), rng.randint(228, 238)))
    s.waves(rng, (238, 228, 214), 60, 2.5)
    _border(s, rng)
    _emblem(s, 148.5, 27.0, 11.0)
    title = rng.choice((fonts.ZEN_HEI, fonts.UMING))
    s.text(110.0, 41.0, "营业执照", 14.0, title, gap=5.0)
    s.text(134.0, 60.0, "（副　本）", 5.0, title)
    body = rng.choice((fonts.UMING, fonts.ZEN_HEI, fonts.MICRO_HEI))
    lab = rng.choice((fonts.ZEN_HEI, fonts.UMING))
    s.text(22.0, 40.0, "统一社会信用代码", 4.0, lab)
    s.text(22.0, 46.5, c.uscc, 4.4, rng.choice((body, fonts.MONO)), region="uscc")
    s.text(220.0, 41.0, f"副本编号：{rng.randrange(1, 9)}-{rng.randrange(1, 9)}", 3.2, body)
    _qr(s, rng, 248.0, 150.0, 24.0)
    label_w, size, lead = 19.0, 4.0, 6.2
    lx, vx, rx, rvx = 22.0, 22.0 + label_w + 6.0, 154.0, 154.0 + label_w + 6.0
    if sole:
        left_col = [("名称", c.name, "company_name"), ("类型", c.kind, "business_type"),
                    ("经营者", owner.name, "legal_representative"), ("组成形式", c.composition, "composition")]
        right_col = [("注册日期", _date(c.established), "established_date"), ("经营场所", c.address, "address")]
    else:
        term = f"{_date(c.established)}至" + ("长期" if c.until == "长期" else _date(dt.date.fromisoformat(c.until)))
        left_col = [("名称", c.name, "company_name"), ("类型", c.kind, "business_type"),
                    ("法定代表人", owner.name, "legal_representative")]
        right_col = [("注册资本", c.capital, "registered_capital"), ("成立日期", _date(c.established), "established_date"),
                     ("营业期限", term, "term"), ("住所", c.address, "address")]
    y = 78.0
    for label, value, key in left_col:
        s.spread(lx, y, label, size, lab, label_w)
        y = s.wrapped(vx + rng.uniform(-0.5, 1.5), y, value, size, body, 98.0, lead, region=key) + 3.0
    s.spread(lx, y, "经营范围", size, lab, label_w)
    s.wrapped(vx, y, c.scope, size * 0.95, body, 98.0, lead * 0.95, region="scope")
    y = 78.0
    for label, value, key in right_col:
        s.spread(rx, y, label, size, lab, label_w)
        y = s.wrapped(rvx + rng.uniform(-0.5, 1.5), y, value, size, body, 70.0, lead, region=key) + 3.0
    s.text(196.0, 172.0, "登记机关", 4.2, lab, gap=1.0)
    issued = day_between(rng, c.established, dt.date(2025, 6, 1))
    s.text(196.0, 186.0, _date(issued), 4.0, body)
    # the authority's seal over the last rows and the date, as it is stamped
    s.seal(rng.uniform(210, 226), rng.uniform(170, 180), 19.0, f"{owner.region[3]}市场监督管理局")
    fields = {"uscc": c.uscc, "company_name": c.name, "business_type": c.kind,
              "legal_representative": owner.name, "established_date": c.established.isoformat(),
              "address": c.address}
    if sole:
        fields["composition"] = c.composition
    else:
        fields.update(registered_capital=c.capital_yuan, valid_until=c.until)
    return Flat(doctypes.BUSINESS_LICENCE, s.bgr(), LICENCE_MM, fields, s.regions)


# ---------------------------------------------------------------- passport data page

PASSPORT_MM = (125.0, 88.0)
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def mrz_lines(number: str, surname: str, given: str, birth: dt.date, sex: str, expiry: dt.date) -> tuple[str, str]:
    line1 = f"P<CHN{surname}<<{given}".ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    b, e = f"{birth:%y%m%d}", f"{expiry:%y%m%d}"
    personal = "<" * 14
    line2 = f"{num}{icao_check(num)}CHN{b}{icao_check(b)}{sex}{e}{icao_check(e)}{personal}{icao_check(personal)}"
    return line1, line2 + icao_check(line2[0:10] + line2[13:20] + line2[21:43])


def passport(rng: random.Random, k: float = 12.0) -> Flat:
    p = citizen(rng, born_before=dt.date(2006, 1, 1))
    s = Sheet(PASSPORT_MM, k, (rng.randint(232, 240), rng.randint(236, 242), rng.randint(240, 248)))
    s.waves(rng, (215, 222, 238), 40, 1.5)
    number = rng.choice("EG") + f"{rng.randrange(10**8):08d}"
    issued = day_between(rng, dt.date(2015, 3, 1), dt.date(2025, 2, 27))
    expiry = years_later(issued, 10) - dt.timedelta(days=1)
    sex = "M" if p.gender == "男" else "F"
    lab, val = rng.choice(((fonts.MICRO_HEI, fonts.ZEN_HEI), (fonts.ZEN_HEI, fonts.MICRO_HEI)))
    blue = (60, 70, 120)
    s.text(6.0, 4.0, "中华人民共和国", 3.6, lab, blue, gap=0.6)
    s.text(45.0, 4.4, "PEOPLE'S REPUBLIC OF CHINA", 3.0, lab, blue)
    s.text(6.0, 9.5, "护照  PASSPORT", 3.0, lab, blue)
    s.portrait((6.0, 16.0, 35.0, 54.0), rng, (238, 240, 244))
    visual = lambda d: f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"   # noqa: E731
    place = p.region[1].removesuffix("省").removesuffix("市").removesuffix("壮族自治区")
    entries = [(40, 15, "类型/Type", "P"), (62, 15, "国家码/Country Code", "CHN"),
               (92, 15, "护照号/Passport No.", number),
               (40, 24, "姓名/Name", f"{p.name}  {p.surname_pinyin}, {p.given_pinyin}"),
               (40, 33, "性别/Sex", f"{p.gender}/{sex}"),
               (70, 33, "出生地点/Place of birth", f"{place}/{PINYIN_PROVINCE[p.region[1]]}"),
               (40, 42, "出生日期/Date of birth", visual(p.birth)),
               (84, 42, "签发地点/Place of issue", place),
               (40, 51, "签发日期/Date of issue", visual(issued)),
               (84, 51, "有效期至/Date of expiry", visual(expiry))]
    for x, y, label, value in entries:
        s.text(x, y, label, 2.0, lab, blue)
        s.text(x, y + 2.9, value, 2.9, val)
    s.text(40, 60, "签发机关/Authority  国家移民管理局 National Immigration Administration", 2.1, lab, blue)
    line1, line2 = mrz_lines(number, p.surname_pinyin, p.given_pinyin, p.birth, sex, expiry)
    s.draw.rectangle((0, s.px(68), s.px(125), s.px(88)), fill=(244, 246, 248))
    mono = rng.choice((fonts.OCR_B, fonts.OCR_B, fonts.MONO))
    s.text(5.0, 71.0, line1, 4.2, mono, (12, 12, 12), region="mrz")
    s.text(5.0, 79.0, line2, 4.2, mono, (12, 12, 12), region="mrz")
    return Flat(doctypes.PASSPORT, s.bgr(), PASSPORT_MM, {
        "document_number": number, "surname": p.surname_pinyin, "given_names": p.given_pinyin,
        "nationality": "CHN", "birth_date": p.birth.isoformat(), "sex": sex,
        "expiry_date": expiry.isoformat()}, s.regions)


RENDERERS = {
    doctypes.ID_CARD_FRONT: id_front, doctypes.ID_CARD_BACK: id_back, doctypes.HUKOU_MEMBER: hukou_member,
    doctypes.BUSINESS_LICENCE: business_licence, doctypes.PASSPORT: passport,
}
