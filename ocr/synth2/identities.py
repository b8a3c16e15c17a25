"""People and companies of the second corpus, drawn from their own lists.

Check characters come from python-stdnum (GB 11643 ID numbers, GB 32100 credit codes) and,
for passports, from ICAO 9303's 7-3-1 rule written out here, so nothing in this corpus is
computed by the code it measures.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from stdnum.cn import ric, uscc

SURNAMES = {"欧阳": "OUYANG", "司马": "SIMA", "龚": "GONG", "邱": "QIU", "钟": "ZHONG", "汪": "WANG",
            "傅": "FU", "闫": "YAN", "熊": "XIONG", "彭": "PENG", "鲁": "LU", "蔺": "LIN", "柏": "BAI",
            "贺": "HE", "聂": "NIE", "阎": "YAN", "晏": "YAN", "翟": "ZHAI", "邵": "SHAO", "谭": "TAN"}
GIVEN = {"嘉": "JIA", "懿": "YI", "瑾": "JIN", "翊": "YI", "骁": "XIAO", "岚": "LAN", "湛": "ZHAN", "珂": "KE",
         "蔚": "WEI", "琛": "CHEN", "晟": "SHENG", "昕": "XIN", "钰": "YU", "烨": "YE", "璐": "LU", "皓": "HAO",
         "莹": "YING", "婧": "JING", "泓": "HONG", "彦": "YAN", "霖": "LIN", "桐": "TONG", "茜": "QIAN", "舟": "ZHOU"}
ETHNICITIES = ("汉",) * 10 + ("壮", "回", "土家", "维吾尔", "朝鲜", "蒙古", "彝", "侗")
# GB/T 2260 districts: code, province, city ("" for municipalities), district.
REGIONS = (
    ("350102", "福建省", "福州市", "鼓楼区"), ("430104", "湖南省", "长沙市", "岳麓区"),
    ("120101", "天津市", "", "和平区"), ("210106", "辽宁省", "沈阳市", "铁西区"),
    ("530102", "云南省", "昆明市", "五华区"), ("360103", "江西省", "南昌市", "西湖区"),
    ("450103", "广西壮族自治区", "南宁市", "青秀区"), ("130102", "河北省", "石家庄市", "长安区"),
    ("410105", "河南省", "郑州市", "金水区"), ("620102", "甘肃省", "兰州市", "城关区"),
)
PINYIN_PROVINCE = {"福建省": "FUJIAN", "湖南省": "HUNAN", "天津市": "TIANJIN", "辽宁省": "LIAONING",
                   "云南省": "YUNNAN", "江西省": "JIANGXI", "广西壮族自治区": "GUANGXI", "河北省": "HEBEI",
                   "河南省": "HENAN", "甘肃省": "GANSU"}
STREETS = ("五一北路", "麓山南路", "南京路", "兴华南街", "东风东路", "八一大道", "民族大道", "中华北大街",
           "花园路", "庆阳路", "金水东路", "湘江中路", "北京西路", "青年大街")
ESTATES = ("融侨", "碧桂园", "万科城", "保利", "龙湖", "绿地", "中海", "金地")
TRADES = (("餐饮管理", "餐饮服务；食品销售"), ("电子商务", "互联网销售；软件开发；信息咨询服务"),
          ("建筑装饰工程", "住宅室内装饰装修；建筑材料销售；施工专业作业"),
          ("供应链管理", "供应链管理服务；国内货物运输代理；普通货物仓储服务"),
          ("文化传播", "组织文化艺术交流活动；广告设计、代理；会议及展览服务"))
BRANDS = ("瑞丰", "广源", "汇通", "和鑫", "宏图", "星辰", "德润", "利达", "鸿运", "锦程", "盛世", "凯旋")
SHOPS = ("小吃店", "便利店", "五金店", "理发店", "水果店", "烟酒商行")
COMPANY_KINDS = ("有限责任公司（自然人投资或控股）", "有限责任公司（自然人独资）", "其他有限责任公司",
                 "有限责任公司（非自然人投资或控股的法人独资）")
EDUCATION = ("大学本科", "大学专科", "高中", "初中", "研究生")


@dataclass(frozen=True)
class Citizen:
    name: str
    surname_pinyin: str
    given_pinyin: str
    gender: str
    ethnicity: str
    birth: dt.date
    region: tuple[str, str, str, str]
    address: str
    id_number: str


@dataclass(frozen=True)
class Firm:
    name: str
    uscc: str
    kind: str                 # 类型 as printed
    sole_trader: bool         # 个体工商户: 经营者, 组成形式, 经营场所, no capital or term
    capital: str              # as printed, e.g. 伍佰万元整
    capital_yuan: str
    established: dt.date
    until: str                # ISO date, 长期, or "" (no term printed)
    address: str
    scope: str
    composition: str          # 个人经营 | 家庭经营 (sole traders only)


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days))


def address(rng: random.Random, region) -> str:
    _, province, city, district = region
    tail = rng.choice((f"{rng.choice(ESTATES)}{rng.choice(('花园', '公馆', '天地'))}{rng.randint(1, 20)}栋"
                       f"{rng.randint(1, 4)}单元{rng.randint(1, 33)}{rng.randint(1, 8):02d}室",
                       f"{rng.randint(1, 300)}号{rng.randint(1, 9)}号楼{rng.randint(101, 2604)}室",
                       f"{rng.randint(1, 300)}号附{rng.randint(1, 12)}号"))
    return f"{province}{city}{district}{rng.choice(STREETS)}{tail}"


def citizen(rng: random.Random, *, born_after=dt.date(1948, 1, 1), born_before=dt.date(2005, 12, 31)) -> Citizen:
    surname = rng.choice(list(SURNAMES))
    given = [rng.choice(list(GIVEN)) for _ in range(rng.choice((1, 2, 2, 2)))]
    gender = rng.choice("男女")
    birth = day_between(rng, born_after, born_before)
    region = rng.choice(REGIONS)
    body = f"{region[0]}{birth:%Y%m%d}{rng.randrange(0, 500) * 2 + (gender == '男'):03d}"
    return Citizen(surname + "".join(given), SURNAMES[surname], "".join(GIVEN[g] for g in given), gender,
                   rng.choice(ETHNICITIES), birth, region, address(rng, region),
                   body + ric.calc_check_digit(body + "0"))


_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)   # GB 11714 organisation code


def credit_code(rng: random.Random, region_code: str, sole_trader: bool) -> str:
    org = "".join(rng.choice(_CODE_CHARS[:10] if i < 3 else _CODE_CHARS) for i in range(8))
    check = 11 - sum(_CODE_CHARS.index(c) * w for c, w in zip(org, _ORG_WEIGHTS)) % 11
    body = ("92" if sole_trader else "91") + region_code + org + {10: "X", 11: "0"}.get(check, str(check))
    return body + uscc.calc_check_digit(body)


_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def capital_words(wan: int) -> str:
    out = ""
    for value, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        if wan // value % 10:
            out += _DIGITS[wan // value % 10] + unit
        elif out and wan % value and not out.endswith("零"):
            out += "零"
    return out + "万元整"


def firm(rng: random.Random, owner: Citizen, sole_trader: bool) -> Firm:
    region = owner.region if rng.random() < 0.5 else rng.choice(REGIONS)
    city = (region[2] or region[1]).removesuffix("市")
    trade, scope = rng.choice(TRADES)
    established = day_between(rng, dt.date(2008, 1, 1), dt.date(2025, 3, 31))
    if sole_trader:
        name = f"{region[3]}{owner.name[:2]}{rng.choice(SHOPS)}"
        return Firm(name, credit_code(rng, region[0], True), "个体工商户", True, "", "", established, "",
                    address(rng, region), scope + "。（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
                    rng.choice(("个人经营", "家庭经营")))
    wan = rng.choice((10, 30, 50, 100, 200, 300, 500, 1000, 1050, 2000))
    until = rng.choice(("长期", (established.replace(year=established.year + 20, day=1)
                                 - dt.timedelta(days=1)).isoformat()))
    scope = ("一般项目：" + scope + "；技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广"
             "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）。")
    return Firm(f"{city}{rng.choice(BRANDS)}{trade}有限公司", credit_code(rng, region[0], False),
                rng.choice(COMPANY_KINDS), False, capital_words(wan), str(wan * 10_000), established, until,
                address(rng, region), scope, "")


def icao_check(text: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1; digits, letters A=10…Z=35, filler < = 0."""
    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 55 if c.isalpha() else 0
    return str(sum(value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)
