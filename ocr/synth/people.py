"""Synthetic people and companies with valid check digits, drawn from a seeded random source.

No real person is described: names are random pairings of common surnames and given-name
characters, ID numbers get a random sequence number and a correct GB 11643 check character.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from stdnum.cn import ric, uscc

from ocr.ids import USCC_CHARSET, org_code_check_char
from ocr.synth.dating import Laid, months, years

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅凤文辉鹏飞俊峰晓宇欣怡子涵浩然思雨佳琪"
ETHNICITIES = ("汉",) * 8 + ("回", "满", "蒙古", "壮", "苗", "土家")
# GB/T 2260 region codes with their names; the issuing police bureau follows the district.
REGIONS = (
    ("330106", "浙江省", "杭州市", "西湖区"),
    ("110105", "北京市", "", "朝阳区"),
    ("440305", "广东省", "深圳市", "南山区"),
    ("510104", "四川省", "成都市", "锦江区"),
    ("320505", "江苏省", "苏州市", "虎丘区"),
    ("420106", "湖北省", "武汉市", "武昌区"),
    ("370102", "山东省", "济南市", "历下区"),
    ("610113", "陕西省", "西安市", "雁塔区"),
)
STREETS = ("文三路", "天目山路", "学院路", "建设大道", "人民路", "解放路", "中山北路", "科技园南路",
           "长江路", "和平街", "青年路", "东风路", "滨江大道", "环城西路")
COMMUNITIES = ("翠苑", "阳光", "金色家园", "锦绣", "春晓", "桂花", "东方明珠", "幸福里")
BRANDS = ("恒信", "华瑞", "博远", "启明", "安和", "鼎盛", "嘉禾", "新源", "致远", "万泰")
TRADES = ("科技", "贸易", "餐饮管理", "信息技术", "建筑工程", "文化传媒", "医疗器械", "物流")
COMPANY_TYPES = ("有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）", "股份有限公司（非上市）",
                 "个体工商户")
PINYIN = {"王": "WANG", "李": "LI", "张": "ZHANG", "刘": "LIU", "陈": "CHEN", "杨": "YANG", "黄": "HUANG",
          "赵": "ZHAO", "吴": "WU", "周": "ZHOU", "徐": "XU", "孙": "SUN", "马": "MA", "朱": "ZHU", "胡": "HU",
          "郭": "GUO", "何": "HE", "高": "GAO", "林": "LIN", "罗": "LUO", "郑": "ZHENG", "梁": "LIANG"}
GIVEN_PINYIN = ("WEI", "FANG", "NA", "MIN", "JING", "LEI", "JUN", "YANG", "YONG", "JIE", "TAO", "MING",
                "CHAO", "HUA", "JIANHUA", "XIAOYU", "HAORAN", "SIYU", "JIAQI", "ZIHAN")


@dataclass(frozen=True)
class Person:
    name: str
    gender: str            # 男 | 女
    ethnicity: str
    birth_date: dt.date
    address: str
    id_number: str
    region: tuple[str, str, str, str]
    surname_pinyin: str
    given_pinyin: str
    # As printed on the back of this person's ID card; drawn at random when empty.
    issuing_authority: str = ""
    valid_from: dt.date | None = None
    valid_until: str = ""          # ISO date or 长期
    residence: str = ""            # where they live now, when not at the registered address


@dataclass(frozen=True)
class Company:
    name: str
    uscc: str
    business_type: str
    capital_yuan: int
    established: dt.date
    address: str


# The province-level divisions with the one-character names printed on plates and certificates.
PROVINCE_SHORT = {
    "北京市": "京", "天津市": "津", "上海市": "沪", "重庆市": "渝", "河北省": "冀", "山西省": "晋",
    "辽宁省": "辽", "吉林省": "吉", "黑龙江省": "黑", "江苏省": "苏", "浙江省": "浙", "安徽省": "皖",
    "福建省": "闽", "江西省": "赣", "山东省": "鲁", "河南省": "豫", "湖北省": "鄂", "湖南省": "湘",
    "广东省": "粤", "海南省": "琼", "四川省": "川", "贵州省": "贵", "云南省": "云", "陕西省": "陕",
    "甘肃省": "甘", "青海省": "青", "台湾省": "台", "内蒙古自治区": "蒙", "广西壮族自治区": "桂",
    "西藏自治区": "藏", "宁夏回族自治区": "宁", "新疆维吾尔自治区": "新", "香港特别行政区": "港",
    "澳门特别行政区": "澳",
}
_PLACE = re.compile(r"^(?P<province>.+?(?:省|自治区|特别行政区|市))(?P<city>.+?(?:市|自治州|地区|盟))?"
                    r"(?P<district>.+?(?:区|县|市|旗))?")


def place_of(address: str) -> tuple[str, str, str]:
    """(province, city, district) at the start of a Chinese address; a municipality has no city."""
    place = _PLACE.match(address or "")
    return tuple(part or "" for part in place.group("province", "city", "district")) if place else ("", "", "")


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def address(rng: random.Random, region) -> str:
    _, province, city, district = region
    return (f"{province}{city}{district}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
            f"{rng.choice(COMMUNITIES)}小区{rng.randint(1, 30)}幢{rng.randint(1, 6)}单元{rng.randint(101, 2802)}室")


def id_number(region_code: str, birth: dt.date, gender: str, rng: random.Random) -> str:
    sequence = rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)   # odd = male
    body = f"{region_code}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def person(rng: random.Random, *, gender: str | None = None, born_after: dt.date = dt.date(1950, 1, 1),
           born_before: dt.date = dt.date(2004, 12, 31)) -> Person:
    gender = gender or rng.choice("男女")
    surname = rng.choice(list(PINYIN))
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    birth = random_date(rng, born_after, born_before)
    region = rng.choice(REGIONS)
    return Person(name=surname + given, gender=gender, ethnicity=rng.choice(ETHNICITIES), birth_date=birth,
                  address=address(rng, region), id_number=id_number(region[0], birth, gender, rng),
                  region=region, surname_pinyin=PINYIN[surname], given_pinyin=rng.choice(GIVEN_PINYIN))


def applicant(rng: random.Random, subject: Person | None, **constraints) -> Person:
    """The person a document is about: the given ``subject`` (a document drawn for a known
    applicant, as the kiosk's simulation does), or a random one."""
    return subject if subject is not None else person(rng, **constraints)


def uscc_code(rng: random.Random, region_code: str) -> str:
    """A GB 32100 code: 9 (市场监管) + 1 (企业) + region + organisation code + check."""
    org = "".join(rng.choice(USCC_CHARSET[:10] if i < 2 else USCC_CHARSET) for i in range(8))
    body = "91" + region_code + org + org_code_check_char(org)
    return body + uscc.calc_check_digit(body)


def company(rng: random.Random, laid: Laid = Laid()) -> Company:
    """A company set up half a year to 20 years before ``laid.today`` (31 to 40 years when its
    30-year term is to have run out)."""
    region = rng.choice(REGIONS)
    city = (region[2] or region[1]).rstrip("市省")
    age = (years(40), years(31)) if laid.expired else (years(20), months(6))
    return Company(
        name=f"{city}{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司", uscc=uscc_code(rng, region[0]),
        business_type=rng.choice(COMPANY_TYPES), capital_yuan=rng.choice((10, 50, 100, 200, 500, 1000)) * 10_000,
        established=laid.ago(rng, *age), address=address(rng, region))
