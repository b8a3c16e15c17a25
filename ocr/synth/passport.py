"""A Chinese passport data page with its TD3 machine-readable zone, and a 1-inch photo."""
from __future__ import annotations

import datetime as dt
import random

from ocr import doctypes
from ocr.mrz import check_digit
from ocr.synth.canvas import SANS, SANS_BOLD, Page, Rendered, finish, monospace_font_path
from ocr.synth.dating import Laid, months, years
from ocr.synth.people import Person, applicant, person, random_date

INK = (20, 20, 30)
LABEL = (70, 80, 110)
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def td3_lines(number: str, surname: str, given: str, nationality: str, birth: dt.date, sex: str,
              expiry: dt.date, issuer: str = "CHN") -> tuple[str, str]:
    """The two 44-character lines of a passport MRZ (ICAO 9303 part 4), check digits included."""
    names = f"{surname}<<{given.replace(' ', '<')}"
    line1 = f"P<{issuer}{names}"[:44].ljust(44, "<")
    number = number.ljust(9, "<")
    optional = "<" * 14
    line2 = (f"{number}{check_digit(number)}{nationality}{birth:%y%m%d}{check_digit(f'{birth:%y%m%d}')}"
             f"{sex}{expiry:%y%m%d}{check_digit(f'{expiry:%y%m%d}')}{optional}<")
    composite = check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return line1, line2 + composite


def _visual_date(d: dt.date) -> str:
    return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"


def passport(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    """A ten-year passport issued 1 month to 9 years before it is laid (10 to 14 years, ``expired``)."""
    p = applicant(rng, subject, born_before=dt.date(2006, 1, 1))
    number = "E" + f"{rng.randrange(10**8):08d}"
    issued = laid.ago(rng, years(14), years(10) + months(1)) if laid.expired else laid.ago(rng, years(9), months(1))
    expiry = issued.replace(year=issued.year + 10) - dt.timedelta(days=1)
    sex = "M" if p.gender == "男" else "F"
    page = Page(1250, 880, background=(236, 240, 246))
    page.guilloche(rng, (214, 222, 236), density=36)
    page.text((60, 30), "中华人民共和国 PEOPLE'S REPUBLIC OF CHINA", 30, SANS_BOLD, INK)
    page.text((60, 80), "护照 PASSPORT", 28, SANS_BOLD, INK)
    page.portrait((60, 150, 340, 520), background=(236, 240, 246))
    x1, x2 = 400, 800
    entries = [
        ((x1, 140), "类型/Type", "P"), ((x2 - 180, 140), "国家码/Country Code", "CHN"),
        ((x2 + 80, 140), "护照号/Passport No.", number),
        ((x1, 220), "姓名/Name", f"{p.name}  {p.surname_pinyin}, {p.given_pinyin}"),
        ((x1, 300), "性别/Sex", f"{p.gender}/{sex}"),
        ((x2 - 180, 300), "出生地点/Place of birth", p.region[1].rstrip("省市")),
        ((x1, 380), "出生日期/Date of birth", _visual_date(p.birth_date)),
        ((x2 - 20, 380), "签发地点/Place of issue", p.region[1].rstrip("省市")),
        ((x1, 460), "签发日期/Date of issue", _visual_date(issued)),
        ((x2 - 20, 460), "有效期至/Date of expiry", _visual_date(expiry)),
    ]
    for (x, y), label, value in entries:
        page.text((x, y), label, 20, SANS, LABEL)
        page.text((x, y + 30), value, 28, SANS, INK)
    page.text((x1, 540), "签发机关/Authority 国家移民管理局 National Immigration Administration", 22, SANS, LABEL)
    line1, line2 = td3_lines(number, p.surname_pinyin, p.given_pinyin, "CHN", p.birth_date, sex, expiry)
    mono = monospace_font_path()
    page.draw.rectangle((0, 690, 1250, 880), fill=(246, 248, 250))
    page.text((40, 712), line1, 44, mono, (10, 10, 10))
    page.text((40, 782), line2, 44, mono, (10, 10, 10))
    return finish(page, doctypes.PASSPORT, {
        "document_number": number, "surname": p.surname_pinyin, "given_names": p.given_pinyin,
        "nationality": "CHN", "birth_date": p.birth_date.isoformat(), "sex": sex,
        "expiry_date": expiry.isoformat()})


def photo_1inch(rng: random.Random, subject: Person | None = None, laid: Laid = Laid()) -> Rendered:
    """A 25 × 35 mm ID photo at 300 dpi on a plain blue, white or red background."""
    background = rng.choice(((67, 142, 219), (255, 255, 255), (200, 30, 40)))
    page = Page(295, 413, background=background)
    skin = (rng.randint(190, 230), rng.randint(150, 190), rng.randint(130, 170))
    page.portrait((0, 0, 295, 413), background=background, skin=skin,
                  clothes=rng.choice(((30, 30, 40), (240, 240, 240), (60, 70, 100))))
    return finish(page, doctypes.PHOTO_1INCH, {})


def td1_lines(code: str, issuer: str, number: str, birth: dt.date, sex: str, expiry: dt.date,
              nationality: str, surname: str, given: str) -> tuple[str, str, str]:
    """The three 30-character lines of an ID-card MRZ (ICAO 9303 part 5), check digits included."""
    number = number.ljust(9, "<")
    line1 = f"{code:<2}{issuer}{number}{check_digit(number)}".ljust(30, "<")
    line2 = (f"{birth:%y%m%d}{check_digit(f'{birth:%y%m%d}')}{sex}{expiry:%y%m%d}"
             f"{check_digit(f'{expiry:%y%m%d}')}{nationality}").ljust(29, "<")
    composite = check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    line3 = f"{surname}<<{given.replace(' ', '<')}"[:30].ljust(30, "<")
    return line1, line2 + composite, line3


def td1_card(rng: random.Random) -> Rendered:
    """The back of an ICAO TD1 identity card: a little print and a three-line MRZ.

    No document type of its own (ocr.doctypes has none for foreign ID cards); it exists so the
    MRZ reader is exercised on the 3 × 30 format.
    """
    p = person(rng)
    number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + f"{rng.randrange(10**7):07d}"
    expiry = random_date(rng, dt.date(2027, 1, 1), dt.date(2035, 12, 31))
    sex = "M" if p.gender == "男" else "F"
    page = Page(856, 540, background=(232, 238, 236))
    page.guilloche(rng, (214, 224, 222), density=30)
    page.text((40, 40), "IDENTITY CARD / RESIDENCE", 26, SANS_BOLD, INK)
    lines = td1_lines("ID", "UTO", number, p.birth_date, sex, expiry, "UTO", p.surname_pinyin, p.given_pinyin)
    page.draw.rectangle((0, 330, 856, 540), fill=(244, 246, 246))
    mono = monospace_font_path()
    for i, text in enumerate(lines):
        page.text((40, 350 + 60 * i), text, 40, mono, (10, 10, 10))
    return finish(page, doctypes.UNKNOWN, {
        "document_number": number, "surname": p.surname_pinyin, "given_names": p.given_pinyin,
        "birth_date": p.birth_date.isoformat(), "sex": sex, "expiry_date": expiry.isoformat()})
