"""Sample identities for the simulation panel, the simulators and tests.

Synthetic people only: names and addresses are made up; ID numbers follow GB 11643 (region
code, birth date, sequence whose parity gives the gender, ISO 7064 MOD 11-2 check character)
so every validator in the kiosk accepts them. Dates are laid out relative to ``today`` so a
"young adult" stays young and an "expired card" stays expired whenever the suite runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from devices.idcard.base import (
    FOREIGN_PERMANENT_2017,
    FOREIGN_PERMANENT_2023,
    HMT_RESIDENCE_PERMIT,
    RESIDENT,
    IdentityCard,
)


def id_check_char(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("an ID number's check character needs exactly 17 digits")
    # python-stdnum computes it from a full number and ignores the last character.
    return ric.calc_check_digit(first17 + "0")


def id_number(region: str, birth: date, sequence: int) -> str:
    """A GB 11643 number: region (6) + YYYYMMDD + sequence (3; odd male, even female) + check."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


@dataclass(frozen=True)
class Sample:
    key: str
    label: str
    card: IdentityCard


def samples(today: date | None = None) -> list[Sample]:
    """The sample people, with ages and validity periods as of ``today``."""
    y = (today or date.today()).year
    young_birth = date(y - 23, 3, 15)
    senior_birth = date(y - 67, 11, 2)
    expired_birth = date(y - 36, 7, 8)
    longterm_birth = date(y - 51, 1, 20)
    hk_birth = date(y - 31, 9, 12)
    foreign_birth = date(y - 38, 7, 4)
    foreign_2017_birth = date(y - 45, 6, 15)
    return [
        Sample("young-hangzhou", "杭州青年（10年期身份证）", IdentityCard(
            card_type=RESIDENT, name="林晓雨", gender="女", ethnicity="汉",
            birth_date=young_birth, id_number=id_number("330106", young_birth, 122),
            address="浙江省杭州市西湖区文三路示例小区3幢2单元501室",
            issuing_authority="杭州市公安局西湖分局",
            valid_from=date(y - 2, 5, 10), valid_until=date(y + 8, 5, 10))),
        Sample("senior-shanghai", "上海老年人（长期身份证）", IdentityCard(
            card_type=RESIDENT, name="周建国", gender="男", ethnicity="汉",
            birth_date=senior_birth, id_number=id_number("310104", senior_birth, 31),
            address="上海市徐汇区示例路88弄6号301室", issuing_authority="上海市公安局徐汇分局",
            valid_from=date(y - 18, 4, 1), valid_until=None)),
        Sample("expired-shenzhen", "深圳居民（证件去年已过期）", IdentityCard(
            card_type=RESIDENT, name="陈志强", gender="男", ethnicity="汉",
            birth_date=expired_birth, id_number=id_number("440305", expired_birth, 57),
            address="广东省深圳市南山区示例街道科技园路16号", issuing_authority="深圳市公安局南山分局",
            valid_from=date(y - 11, 9, 30), valid_until=date(y - 1, 9, 30))),
        Sample("longterm-xichang", "西昌彝族居民（长期身份证）", IdentityCard(
            card_type=RESIDENT, name="阿苏惹", gender="女", ethnicity="彝",
            birth_date=longterm_birth, id_number=id_number("513401", longterm_birth, 246),
            address="四川省凉山彝族自治州西昌市示例大道一段9号", issuing_authority="西昌市公安局",
            valid_from=date(y - 4, 2, 18), valid_until=None)),
        Sample("hk-permit", "香港居民（港澳台居民居住证）", IdentityCard(
            card_type=HMT_RESIDENCE_PERMIT, name="黄嘉欣", gender="女",
            birth_date=hk_birth, id_number=id_number("810000", hk_birth, 18),
            address="广东省深圳市福田区示例路20号", issuing_authority="深圳市公安局福田分局",
            valid_from=date(y - 1, 6, 1), valid_until=date(y + 4, 6, 1),
            extra={"permit_number": "H60123456", "issue_count": "01"})),
        Sample("foreign-2023", "外国人永久居留（2023版）", IdentityCard(
            card_type=FOREIGN_PERMANENT_2023, name="马安娜", gender="女",
            birth_date=foreign_birth, id_number=id_number("933124", foreign_birth, 12),
            name_en="MARTIN, ANNE CLAIRE", nationality="CAN",
            valid_from=date(y - 1, 3, 1), valid_until=date(y + 9, 3, 1),
            extra={"renewal_count": "00"})),
        Sample("foreign-2017", "外国人永久居留（2017版）", IdentityCard(
            card_type=FOREIGN_PERMANENT_2017, name="史密斯", gender="男",
            birth_date=foreign_2017_birth, id_number="USA310790061502",
            name_en="SMITH, JOHN ROBERT", nationality="USA",
            valid_from=date(y - 5, 8, 20), valid_until=date(y + 5, 8, 20),
            extra={"card_version": "02", "authority_code": "1500"})),
    ]


def sample(key: str, today: date | None = None) -> Sample:
    """One sample by key; KeyError naming the known keys otherwise."""
    for s in samples(today):
        if s.key == key:
            return s
    raise KeyError(f"no sample {key!r} (known: {', '.join(s.key for s in samples(today))})")
