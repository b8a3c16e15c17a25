"""Certificates: business licence, marriage certificate, birth certificate, real-estate certificate."""
from __future__ import annotations

import datetime as dt
import random

from ocr import doctypes
from ocr.dates import LONG_TERM
from ocr.synth.canvas import SANS, SERIF, SERIF_BOLD, Page, Rendered, finish
from ocr.synth.dating import Laid, days, months, years
from ocr.synth.people import PROVINCE_SHORT, REGIONS, Person, address, applicant, company, place_of, random_date

INK = (15, 15, 15)
_CN_CAPITAL = "零壹贰叁肆伍陆柒捌玖"


def capital_in_words(yuan: int) -> str:
    """10,000-yuan multiples the way licences print them: 壹佰万元整, 伍拾万元整, 壹仟万元整."""
    wan = yuan // 10_000
    words = ""
    for unit_value, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        digit = wan // unit_value % 10
        if digit:
            words += _CN_CAPITAL[digit] + unit
    return words + "万元整"


def _date_cn(d: dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def _spouse(rng: random.Random, subject: Person | None, gender: str) -> Person:
    return applicant(rng, subject if subject and subject.gender == gender else None, gender=gender,
                     born_before=dt.date(1998, 1, 1))


def _parent(rng: random.Random, subject: Person | None, gender: str, born_after: dt.date) -> Person:
    return applicant(rng, subject if subject and subject.gender == gender else None, gender=gender,
                     born_after=born_after, born_before=dt.date(2000, 1, 1))


SCOPE = "一般项目：技术服务、技术开发、技术咨询；软件开发；会议及展览服务。"


def business_licence(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    c = company(rng, laid)
    boss = applicant(rng, subject)
    page = Page(1754, 1240, background=(252, 250, 244))
    page.draw.rectangle((30, 30, 1724, 1210), outline=(190, 60, 50), width=10)
    page.emblem((877, 130), 70)
    page.centered(220, "营业执照", 88, SERIF_BOLD, INK, spacing=0.6)
    page.text((110, 240), "统一社会信用代码", 28, SERIF, INK)
    page.text((110, 282), c.uscc, 34, SANS, INK)
    long_term = rng.random() < 0.5 and not laid.expired
    until = LONG_TERM if long_term else c.established.replace(year=c.established.year + 30, day=1).isoformat()
    fields = [("名称", c.name), ("类型", c.business_type), ("法定代表人", boss.name),
              ("注册资本", capital_in_words(c.capital_yuan)), ("成立日期", _date_cn(c.established)),
              ("营业期限", f"{_date_cn(c.established)}至" + (LONG_TERM if long_term
                                                            else _date_cn(dt.date.fromisoformat(until)))),
              ("住所", c.address)]
    y = 420
    for label, value in fields:
        page.text((150, y), label, 30, SERIF_BOLD, INK, spacing=0.5 if len(label) == 2 else 0.1)
        y = page.wrapped((400, y), value, 30, 1200, SANS, leading=1.45)
        y += 18
    page.text((150, y + 10), "经营范围", 30, SERIF_BOLD, INK, spacing=0.1)
    page.wrapped((400, y + 10), SCOPE, 28, 1150, SANS)
    page.text((1180, 1010), "登记机关", 30, SERIF_BOLD, INK, spacing=0.1)
    issued = random_date(rng, c.established, laid.today)
    page.text((1250, 1090), _date_cn(issued), 30, SANS, INK)
    page.seal((1430, 1040), 110, "市场监督管理局")
    return finish(page, doctypes.BUSINESS_LICENCE, {
        "uscc": c.uscc, "company_name": c.name, "business_type": c.business_type,
        "legal_representative": boss.name, "registered_capital": str(c.capital_yuan),
        "established_date": c.established.isoformat(), "address": c.address, "valid_until": until,
        "business_scope": SCOPE.removesuffix("。")})


def _labelled(page: Page, x: int, y: int, label: str, value: str, size: int = 28, gap: int = 30) -> None:
    page.text((x, y), label, size - 4, SERIF, (70, 70, 70))
    page.text((x + page.width_of(label, size - 4, SERIF) + gap, y - 3), value, size, SANS, INK)


def marriage_certificate(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    husband = _spouse(rng, subject, "男")
    wife = _spouse(rng, subject, "女")
    registered = laid.ago(rng, years(10), months(1))
    number = f"J{husband.region[0]}-{registered.year}-{rng.randrange(1, 999999):06d}"
    page = Page(1200, 850, background=(250, 240, 236))
    page.guilloche(rng, (240, 222, 216), density=30)
    page.centered(40, "结婚证", 52, SERIF_BOLD, (170, 30, 30), spacing=0.6)
    _labelled(page, 80, 150, "持证人", rng.choice((husband.name, wife.name)))
    _labelled(page, 80, 205, "登记日期", _date_cn(registered))
    _labelled(page, 80, 260, "结婚证字号", number)
    _labelled(page, 80, 315, "备注", "")
    y = 400
    for p in (husband, wife):
        _labelled(page, 80, y, "姓名", p.name)
        _labelled(page, 480, y, "性别", p.gender)
        _labelled(page, 80, y + 52, "国籍", "中国")
        _labelled(page, 480, y + 52, "出生日期", _date_cn(p.birth_date))
        _labelled(page, 80, y + 104, "身份证件号", p.id_number)
        y += 200
    page.portrait((820, 130, 1120, 350), background=(200, 40, 40))
    page.seal((960, 690), 95, "民政局婚姻登记专用章")
    return finish(page, doctypes.MARRIAGE_CERTIFICATE, {
        "certificate_number": number, "registration_date": registered.isoformat(),
        "husband_name": husband.name, "husband_id_number": husband.id_number,
        "wife_name": wife.name, "wife_id_number": wife.id_number})


def birth_certificate(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    """A child born in the last 10 months (a newborn's matters take a year at most), or, ``expired``,
    one born 13 months to 6 years ago."""
    mother = _parent(rng, subject, "女", dt.date(1975, 1, 1))
    father = _parent(rng, subject, "男", dt.date(1970, 1, 1))
    child_gender = rng.choice("男女")
    child = father.name[0] + "".join(rng.choice("子涵浩然思雨佳琪宇轩梓萱") for _ in range(2))
    born = laid.ago(rng, years(6), months(13)) if laid.expired else laid.ago(rng, months(10), days(20))
    number = rng.choice("OPQR") + f"{rng.randrange(10**9):09d}"
    place = f"{mother.region[1]}{mother.region[2]}{mother.region[3]}"
    page = Page(1240, 1754, background=(244, 248, 250))
    page.guilloche(rng, (222, 232, 238), density=60)
    page.centered(120, "出生医学证明", 64, SERIF_BOLD, INK, spacing=0.4)
    page.text((860, 240), f"编号 {number}", 28, SANS, (160, 30, 30))
    rows = [("新生儿姓名", child), ("性别", child_gender),
            ("出生时间", f"{born.year}年{born.month}月{born.day}日{rng.randint(0, 23)}时{rng.randint(0, 59)}分"),
            ("出生地点", place), ("母亲姓名", mother.name), ("母亲身份证件号码", mother.id_number),
            ("父亲姓名", father.name), ("父亲身份证件号码", father.id_number),
            ("接生机构名称", f"{mother.region[2] or mother.region[1]}妇幼保健院")]
    y = 340
    for label, value in rows:
        _labelled(page, 140, y, label, value, size=32, gap=40)
        y += 100
    page.seal((900, 1450), 120, "出生医学证明专用章")
    return finish(page, doctypes.BIRTH_CERTIFICATE, {
        "certificate_number": number, "child_name": child, "child_gender": child_gender,
        "birth_date": born.isoformat(), "birth_place": place, "mother_name": mother.name,
        "mother_id_number": mother.id_number, "father_name": father.name, "father_id_number": father.id_number})


def property_certificate(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    """The certificate of the flat the owner lives in (their residence when it is not the registered
    address); the number names the province and city where the flat is."""
    owner = applicant(rng, subject, born_before=dt.date(1996, 1, 1))
    located = owner.residence or owner.address or address(rng, rng.choice(REGIONS))
    province, city, _ = place_of(located)
    year = laid.ago(rng, years(9), months(1)).year
    number = (f"{PROVINCE_SHORT.get(province, '')}（{year}）{city or province}"
              f"不动产权第{rng.randrange(10**7):07d}号")
    area = f"{rng.randint(40, 180)}.{rng.randint(0, 99):02d}"
    page = Page(1240, 1754, background=(248, 250, 244))
    page.guilloche(rng, (226, 236, 222), density=60)
    page.text((120, 120), number, 34, SANS, INK)
    rows = [("权利人", owner.name), ("证件号码", owner.id_number), ("共有情况", "单独所有"),
            ("坐落", located), ("不动产单元号", f"{owner.region[0]}{rng.randrange(10**6):06d}GB00001F0001"),
            ("权利类型", "国有建设用地使用权/房屋所有权"), ("权利性质", "出让/市场化商品房"), ("用途", "城镇住宅用地/住宅"),
            ("面积", f"房屋建筑面积{area}㎡"), ("使用期限", f"{year + 70}年06月30日止")]
    top, left, right, label_w = 240, 100, 1140, 240
    y = top
    page.draw.line((left, y, right, y), fill=(60, 60, 60), width=2)
    for label, value in rows:
        height = 110 if len(value) > 24 else 80
        page.text((left + 16, y + height / 2 - 18), label, 26, SERIF, (60, 60, 60))
        page.wrapped((left + label_w + 20, y + 20), value, 28, right - left - label_w - 40, SANS, leading=1.3)
        page.draw.line((left + label_w, y, left + label_w, y + height), fill=(60, 60, 60), width=2)
        y += height
        page.draw.line((left, y, right, y), fill=(60, 60, 60), width=2)
    page.draw.rectangle((left, top, right, y), outline=(60, 60, 60), width=2)
    return finish(page, doctypes.PROPERTY_CERTIFICATE, {
        "certificate_number": number, "owner_name": owner.name, "owner_id_number": owner.id_number,
        "address": located, "area": area})
