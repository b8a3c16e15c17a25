"""An A4 lease contract (房屋租赁合同) with typed clauses and signature strokes."""
from __future__ import annotations

import datetime as dt
import random

from ocr import doctypes
from ocr.synth.canvas import SANS, SERIF_BOLD, Page, Rendered, finish
from ocr.synth.dating import Laid, months, years
from ocr.synth.people import Person, applicant, person

A4 = (1240, 1754)   # 150 dpi


def lease_contract(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    """A lease that began 7 to 30 months before it is laid (long enough for a residence permit's
    half year) and still runs for at least two months; or, ``expired``, one that ended 1 to 12 months ago."""
    lessor, lessee = person(rng, born_before=dt.date(1990, 1, 1)), applicant(rng, subject)
    term = rng.choice((1, 2, 3))
    if laid.expired:
        start = laid.ago(rng, years(term) + months(12), years(term) + months(1)).replace(day=1)
    else:
        start = laid.ago(rng, months(30), months(7)).replace(day=1)
        while start.replace(year=start.year + term) < laid.today + months(2):
            term += 1
    end = start.replace(year=start.year + term) - dt.timedelta(days=1)
    rent = rng.choice((1800, 2500, 3200, 4500, 6000))
    page = Page(*A4)
    page.centered(110, "房屋租赁合同", 48, SERIF_BOLD, (10, 10, 10), spacing=0.3)
    y = 230
    for line in (f"出租方（甲方）：{lessor.name}", f"身份证号码：{lessor.id_number}",
                 f"承租方（乙方）：{lessee.name}", f"身份证号码：{lessee.id_number}"):
        page.text((120, y), line, 28, SANS)
        y += 54
    y += 20
    clauses = [
        "甲乙双方就房屋租赁事宜，经协商一致，订立本合同。",
        f"第一条 甲方将其所有的位于{lessee.residence or lessee.address}的房屋出租给乙方居住使用。",
        f"第二条 租赁期限自{start.year}年{start.month}月{start.day}日起至{end.year}年{end.month}月{end.day}日止。",
        f"第三条 月租金为人民币{rent}元，按季度支付，乙方应于每季度首月五日前付清。",
        "第四条 乙方应合理使用房屋及其附属设施，不得擅自改变房屋结构和用途。",
        "第五条 租赁期间的水、电、燃气、物业管理等费用由乙方承担。",
        "第六条 本合同一式两份，甲乙双方各执一份，自双方签字之日起生效。",
    ]
    for clause in clauses:
        y = page.wrapped((120, y), clause, 28, 1000, SANS, leading=1.6) + 16
    y = max(y + 80, 1350)
    page.text((120, y), "甲方（签字）：", 28, SANS)
    page.text((680, y), "乙方（签字）：", 28, SANS)
    page.signature((320, y - 30, 560, y + 50), rng)
    page.signature((880, y - 30, 1120, y + 50), rng)
    signed = start - dt.timedelta(days=rng.randint(3, 20))
    page.text((120, y + 100), f"日期：{signed.year}年{signed.month}月{signed.day}日", 28, SANS)
    return finish(page, doctypes.LEASE_CONTRACT, {
        "lessor_name": lessor.name, "lessee_name": lessee.name, "lessee_id_number": lessee.id_number,
        "address": lessee.residence or lessee.address, "start_date": start.isoformat(), "end_date": end.isoformat()})
