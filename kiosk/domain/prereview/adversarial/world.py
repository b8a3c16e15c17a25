"""People, places and documents of the adversarial case set, built from the real-world formats.

Nothing here reads the catalog's example cases or runs the pre-review: ID numbers follow
GB 11643, credit codes GB 32100, addresses the GB/T 2260 regions they name, and each document
carries the fields its paper version prints, so a case's truth comes from how it was made.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta


# (region code, address prefix) of Hangzhou's districts and of places elsewhere.
HANGZHOU = (
    ("330102", "浙江省杭州市上城区"), ("330105", "浙江省杭州市拱墅区"), ("330106", "浙江省杭州市西湖区"),
    ("330108", "浙江省杭州市滨江区"), ("330109", "浙江省杭州市萧山区"), ("330110", "浙江省杭州市余杭区"),
)
ELSEWHERE = (
    ("410302", "河南省洛阳市老城区"), ("320102", "江苏省南京市玄武区"), ("330203", "浙江省宁波市海曙区"),
    ("510104", "四川省成都市锦江区"), ("420106", "湖北省武汉市武昌区"), ("330402", "浙江省嘉兴市南湖区"),
    ("340104", "安徽省合肥市蜀山区"), ("360102", "江西省南昌市东湖区"),
)
# Places whose names contain a Hangzhou name but lie outside it.
LOOKALIKE_PLACES = ("浙江省宁波杭州湾新区", "浙江省宁波市慈溪市杭州湾新区")
STREETS = ("文三路", "教工路", "解放路", "延安路", "江南大道", "莫干山路", "古墩路", "中山北路", "天目山路", "凤起路")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆帅旭宇晨阳峰建国志文博"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲桂英慧莹雪琳晗婷倩洁颖琪妍悦思雨欣怡佳梦瑶璐露"
ETHNICITIES = ("汉", "汉", "汉", "汉", "回", "满", "壮", "土家")
AUTHORITIES = {"330102": "杭州市公安局上城分局", "330105": "杭州市公安局拱墅分局", "330106": "杭州市公安局西湖分局",
               "330108": "杭州市公安局滨江分局", "330109": "杭州市公安局萧山分局", "330110": "杭州市公安局余杭分局"}
TRADES = (("小吃", "店"), ("服装", "店"), ("茶", "馆"), ("五金", "店"), ("烘焙", "坊"), ("百货", "商行"), ("摄影", "工作室"))
USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


# GB 11643 (ISO 7064 MOD 11-2) and GB 32100 check characters, written from the standards so the
# set does not lean on the checker the kiosk itself uses.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def with_check(body17: str) -> str:
    return body17 + "10X98765432"[sum(int(c) * wt for c, wt in zip(body17, ID_WEIGHTS)) % 11]


def uscc_with_check(body17: str) -> str:
    total = sum(USCC_BODY.index(c) * wt for c, wt in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_BODY[(31 - total % 31) % 31]


def id_number(region: str, born: date, male: bool, rng: random.Random) -> str:
    """A GB 11643 number: region, birth date, sequence (odd = male), MOD 11-2 check character."""
    seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
    return with_check(f"{region}{born:%Y%m%d}{seq:03d}")


def credit_code(kind: str, region: str, rng: random.Random) -> str:
    """A GB 32100 code: 92 for a 个体工商户, 91 for a company, the region, an organisation body."""
    return uscc_with_check(kind + region + "".join(rng.choice(USCC_BODY) for _ in range(9)))


@dataclass
class Person:
    name: str
    male: bool
    born: date
    id_number: str
    region: str            # household (户籍) region code
    address: str           # household address, as the card prints it
    ethnicity: str = "汉"
    card_from: date | None = None
    card_until: date | None = None   # None: 长期

    @property
    def gender(self) -> str:
        return "男" if self.male else "女"


@dataclass
class Company:
    name: str
    code: str
    kind: str              # 个体工商户 | 有限责任公司
    legal_rep: str
    address: str
    established: date


def address_in(prefix: str, rng: random.Random, door: bool = True) -> str:
    street = rng.choice(STREETS)
    flat = f"{rng.randint(1, 12)}幢{rng.randint(1, 24)}0{rng.randint(1, 4)}室" if door else ""
    return f"{prefix}{street}{rng.randint(1, 399)}号{flat}"


class World:
    """Random people and things of one case set (seeded: the same seed gives the same set)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self._used_names: set[str] = set()

    def name(self, male: bool) -> str:
        given = GIVEN_MALE if male else GIVEN_FEMALE
        for _ in range(50):
            text = self.rng.choice(SURNAMES) + "".join(self.rng.choice(given) for _ in range(self.rng.choice((1, 2))))
            if text not in self._used_names:
                self._used_names.add(text)
                return text
        return text

    def person(self, today: date, age: tuple[int, int], local: bool, male: bool | None = None,
               born_in: str | None = None) -> Person:
        """Someone aged within ``age``; ``local`` puts the household in Hangzhou.

        ``born_in`` is the region of the first card (the number never changes when the household moves).
        """
        rng = self.rng
        male = rng.random() < 0.5 if male is None else male
        years = rng.randint(age[0], age[1])
        born = today - timedelta(days=years * 365 + rng.randint(10, 350))
        region, prefix = rng.choice(HANGZHOU if local else ELSEWHERE)
        number = id_number(born_in or region, born, male, rng)
        person = Person(self.name(male), male, born, number, region, address_in(prefix, rng),
                        rng.choice(ETHNICITIES))
        person.card_from, person.card_until = self.card_validity(born, today)
        return person

    def card_validity(self, born: date, today: date) -> tuple[date, date | None]:
        """A card valid today: 5 years under 16, 10 to 25, 20 to 45, 长期 after."""
        rng = self.rng
        age = (today - born).days // 365
        term = 5 if age < 16 else 10 if age < 26 else 20 if age < 46 else None
        if term is None:
            return today - timedelta(days=rng.randint(200, 4000)), None
        issued = today - timedelta(days=rng.randint(60, term * 365 - 120))
        issued = max(issued, born + timedelta(days=30))
        return issued, issued.replace(year=issued.year + term) if not (issued.month == 2 and issued.day == 29) \
            else date(issued.year + term, 3, 1)

    def company(self, today: date, legal_rep: str, sole: bool) -> Company:
        rng = self.rng
        region, prefix = rng.choice(HANGZHOU)
        trade, form = rng.choice(TRADES)
        district = prefix[len("浙江省"):]
        if sole:
            name = f"{district}{self.brand()}{trade}{form}"
        else:
            name = f"杭州{self.brand()}{rng.choice(('科技', '贸易', '餐饮', '文化'))}有限公司"
        code = credit_code("92" if sole else "91", region, rng)
        return Company(name, code, "个体工商户" if sole else "有限责任公司", legal_rep,
                       address_in(prefix, rng, door=False), today - timedelta(days=rng.randint(200, 3000)))

    def brand(self) -> str:
        return "".join(self.rng.choice("鑫荣盛祥和瑞丰泰隆兴福源聚益康") for _ in range(2))


@dataclass
class Page:
    """One captured page as ocr/ would report it: type, fields (value, confidence), marks, quality."""

    doc_type: str
    fields: dict[str, list] = field(default_factory=dict)    # name -> [value, confidence]
    marks: list[str] = field(default_factory=list)
    quality_failed: list[str] = field(default_factory=list)
    type_confidence: float = 0.97
    # Who is named on the page: role -> (name field, ID-number field or None).
    people: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def conf(rng: random.Random) -> float:
    return round(rng.uniform(0.93, 0.995), 3)


def page(rng: random.Random, doc_type: str, marks=(), people=None, **values) -> Page:
    return Page(doc_type, {k: [v, conf(rng)] for k, v in values.items() if v is not None}, list(marks),
                people=dict(people or {}))


def id_front(rng, p: Person) -> Page:
    return page(rng, "id_card_front", people={"holder": ("name", "id_number")}, name=p.name, gender=p.gender,
                ethnicity=p.ethnicity, birth_date=p.born.isoformat(), address=p.address, id_number=p.id_number)


def id_back(rng, p: Person) -> Page:
    return page(rng, "id_card_back", issuing_authority=AUTHORITIES.get(p.region, "公安局"),
                valid_from=p.card_from.isoformat(), valid_until=p.card_until.isoformat() if p.card_until else "长期")


def hukou_index(rng, head: Person, number: str) -> Page:
    return page(rng, "hukou_index", household_head=head.name, household_number=number,
                household_type="家庭户", address=head.address)


def hukou_member(rng, p: Person, relation: str) -> Page:
    return page(rng, "hukou_member", people={"holder": ("name", "id_number")}, name=p.name, relation=relation,
                gender=p.gender, ethnicity=p.ethnicity, birth_date=p.born.isoformat(),
                birthplace=p.address[:9], id_number=p.id_number)


def marriage(rng, husband: Person, wife: Person, registered: date) -> Page:
    return page(rng, "marriage_certificate", marks=["seal"],
                people={"husband": ("husband_name", "husband_id_number"), "wife": ("wife_name", "wife_id_number")},
                certificate_number=f"J330106-{registered.year}-{rng.randint(1, 99999):06d}",
                registration_date=registered.isoformat(), husband_name=husband.name,
                husband_id_number=husband.id_number, wife_name=wife.name, wife_id_number=wife.id_number)


def birth_certificate(rng, child_name: str, male: bool, born: date, place: str, mother: Person,
                      father: Person) -> Page:
    return page(rng, "birth_certificate", marks=["seal"],
                people={"mother": ("mother_name", "mother_id_number"), "father": ("father_name", "father_id_number")},
                certificate_number=f"S33{rng.randint(10**8, 10**9 - 1)}", child_name=child_name,
                child_gender="男" if male else "女", birth_date=born.isoformat(), birth_place=place,
                mother_name=mother.name, mother_id_number=mother.id_number,
                father_name=father.name, father_id_number=father.id_number)


def lease(rng, lessor: Person, lessee: Person, address: str, start: date, end: date) -> Page:
    return page(rng, "lease_contract", marks=["signature"],
                people={"lessor": ("lessor_name", None), "lessee": ("lessee_name", "lessee_id_number")},
                lessor_name=lessor.name, lessee_name=lessee.name, lessee_id_number=lessee.id_number,
                address=address, start_date=start.isoformat(), end_date=end.isoformat())


def property_certificate(rng, owner: Person, address: str) -> Page:
    return page(rng, "property_certificate", marks=["seal"],
                people={"owner": ("owner_name", "owner_id_number")},
                certificate_number=f"浙(2021)杭州市不动产权第{rng.randint(10**6, 10**7 - 1)}号",
                owner_name=owner.name, owner_id_number=owner.id_number, address=address,
                area=f"{rng.randint(40, 140)}.{rng.randint(10, 99)}")


def licence(rng, c: Company) -> Page:
    return page(rng, "business_licence", marks=["seal"], people={"legal_rep": ("legal_representative", None)},
                uscc=c.code, company_name=c.name, business_type=c.kind, legal_representative=c.legal_rep,
                registered_capital=f"{rng.randint(1, 200)}万元", established_date=c.established.isoformat(),
                address=c.address, valid_until="长期")


def photo(rng) -> Page:
    return page(rng, "photo_1inch", background="white")


def sealed_letter(rng) -> Page:
    """A proof issued by an employer or an office: no fields ocr/ extracts, a seal."""
    return Page("unknown", {}, ["seal"], type_confidence=round(rng.uniform(0.9, 0.99), 3))
