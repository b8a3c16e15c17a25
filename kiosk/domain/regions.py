"""Addresses resolved to GB/T 2260 region codes by the longest match, level by level.

An address names its province, city and district in that order (the province, and for a
municipality the city, may be left out). Each level is matched at the start of what is left,
longest name first, among the places inside the level above, so 浙江省宁波杭州湾新区 is Ningbo,
not Hangzhou, and a street called 杭州路 in another city does not count. Names come from
python-stdnum's region table (GB/T 2260 up to 2014, with abolished codes for old cards); areas
the table lacks or that addresses name instead of their district (新区, 开发区, districts made
after 2014) are in ``EXTRA``.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

import stdnum

# Managed areas and districts newer than the table, with the code they belong to.
EXTRA = {
    "钱塘区": "330114", "临平区": "330113", "杭州经济技术开发区": "330114", "大江东产业集聚区": "330114",
    "杭州高新技术产业开发区": "330108", "杭州高新区": "330108", "西湖风景名胜区": "330106",
    "杭州湾新区": "330282", "宁波杭州湾新区": "330282", "宁波高新区": "330212", "梅山保税港区": "330206",
    "舟山群岛新区": "330900", "浦东新区": "310115", "滨海新区": "120116", "雄安新区": "130600",
    "两江新区": "500112", "天府新区": "510100", "苏州工业园区": "320571",
}
_STREET = ("路", "街", "巷", "弄", "大道")
_SPAN = re.compile(r"^\[[0-9-]*\]")
_OPEN_ENDED = re.compile(r"^\[\d*-\]|^(?!\[)")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, list[str]]]:
    """Level -> name -> codes: provinces (2 digits), cities (4) and districts (6), current names first."""
    path = os.path.join(os.path.dirname(stdnum.__file__), "cn", "loc.dat")
    levels: dict[str, dict[str, list[str]]] = {"province": {}, "city": {}, "county": {}}
    province = ""
    with open(path, encoding="utf-8") as data:
        for line in data:
            if not line.strip() or line.startswith("#"):
                continue
            code, _, rest = line.strip().partition(" ")
            names = re.findall(r'"([^"]*)"', rest)
            if not line.startswith(" "):
                province = code
                for name in _names(names):
                    levels["province"].setdefault(name, []).append(code)
                continue
            if code == "0000":
                continue
            full = province + code
            level = "city" if code.endswith("00") else "county"
            for name in _names(names):
                if name not in ("市辖区", "县", "市区", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                    levels[level].setdefault(name, []).append(full[:4] if level == "city" else full)
    for name, code in EXTRA.items():
        level = "county" if not code.endswith("00") else "city"
        levels[level].setdefault(name, []).insert(0, code if level == "county" else code[:4])
    return levels


_LONGEST = 16   # no region name is longer


def _names(raw: list[str]):
    """Names of one entry, current ones first; short forms without 省/市 for provinces and cities."""
    current, old = [], []
    for text in ",".join(raw).split(","):
        name = _SPAN.sub("", text).strip()
        if not name:
            continue
        (current if _OPEN_ENDED.match(text.strip()) else old).append(name)
    for name in current + old:
        yield name
        short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", name)
        if short != name and len(short) >= 2:
            yield short


def _match(text: str, level: str, within: str) -> tuple[str, str] | None:
    """The longest name of ``level`` inside region ``within`` that ``text`` starts with.

    A name followed by 路 or 街 is a street (杭州路), and a name found in several regions with
    nothing above it to choose (西湖区 in Hangzhou and in Nanchang) is no match.
    """
    names = _table()[level]
    parent = 4 if level == "county" else 2
    for length in range(min(_LONGEST, len(text)), 1, -1):
        name = text[:length]
        codes = [c for c in names.get(name, ()) if c.startswith(within)]
        if not codes or text[length:].startswith(_STREET):
            continue
        if len({c[:parent] for c in codes}) > 1:
            return None
        return name, codes[0]
    return None


@lru_cache(maxsize=4096)
def resolve(address: str) -> str | None:
    """The most precise region code (2, 4 or 6 digits) the address names, None when it names none."""
    text = "".join((address or "").split())
    code = ""
    got = _match(text, "province", "")
    if got:
        text, code = text[len(got[0]):], got[1]
    # A district matched directly (municipalities, 新区 without their city) competes with the city.
    city, county = _match(text, "city", code), _match(text, "county", code)
    if county and (city is None or len(county[0]) > len(city[0])):
        return county[1]
    if city:
        text, code = text[len(city[0]):], city[1]
        county = _match(text, "county", code)
        return county[1] if county else code
    return code or None


def address_in(address: str, prefixes: tuple[str, ...]) -> bool:
    """Whether the address lies inside one of the regions (2, 4 or 6-digit prefixes)."""
    code = resolve(address)
    return code is not None and any(code.startswith(p) for p in prefixes)
