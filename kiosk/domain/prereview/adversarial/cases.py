"""Clean applications for every matter and bundle, as each service guide describes a good one.

A builder knows the guide's conditions (who applies, which proofs, which ages and places), not
the catalog's rules: the catalog is only asked for material and field ids so the case fits the
kiosk. Each draft says who is named on it, so defects can be planted on the right material.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from devices.idcard.base import RESIDENT, IdentityCard
from ocr.types import DocumentReading, Field, Mark, OcrResult, QualityCheck, QualityReport

from ...facts import CapturedMaterial, CapturedPage, CaseFacts
from . import world as w
from .world import Page, Person, World

QUALITY_CODES = ("sharpness", "glare", "exposure", "in_frame", "resolution")


@dataclass
class Material:
    pages: list[Page] = field(default_factory=list)
    deferred: bool = False
    committed: bool = False


@dataclass
class Draft:
    """An application being built: mutable until ``facts`` freezes it."""

    matter_id: str
    today: date
    applicant: Person
    card: IdentityCard | None
    form: dict[str, str]
    materials: dict[str, Material]
    people: dict[str, Person] = field(default_factory=dict)   # role -> person (spouse, child, ...)
    kiosk_region: str = "330106"
    flags: set[str] = field(default_factory=set)
    # Materials a clean case legitimately defers (容缺): findings noting them are expected.
    noted: set[str] = field(default_factory=set)
    required: tuple[str, ...] = ()       # materials the guide requires of this applicant
    deferrable: tuple[str, ...] = ()     # the guide lets these be supplied later
    replaceable: tuple[str, ...] = ()    # the guide lets a commitment replace these

    def facts(self) -> CaseFacts:
        materials = {mid: CapturedMaterial(mid, tuple(
            CapturedPage(n, _reading(p), scan_id=f"adv-{mid}-{n}") for n, p in enumerate(m.pages, 1)),
            deferred=m.deferred, committed=m.committed) for mid, m in self.materials.items()}
        return CaseFacts(self.matter_id, self.card, dict(self.form), materials, self.today,
                         self.kiosk_region, frozenset(self.flags))


def _box(i: int):
    y = 40.0 + 36 * i
    return ((40.0, y), (560.0, y), (560.0, y + 28), (40.0, y + 28))


def _reading(p: Page) -> DocumentReading:
    fields = {name: Field(name=name, value=value, confidence=c, raw=value, box=_box(i))
              for i, (name, (value, c)) in enumerate(p.fields.items())}
    checks = tuple(QualityCheck(code, code not in p.quality_failed, 0.2 if code in p.quality_failed else 0.9, 0.5,
                                "请重新拍摄。" if code in p.quality_failed else "",
                                "Capture again." if code in p.quality_failed else "") for code in QUALITY_CODES)
    marks = tuple(Mark(kind, ((600.0, 600.0), (760.0, 600.0), (760.0, 760.0), (600.0, 760.0)), 0.93)
                  for kind in p.marks)
    return DocumentReading(p.doc_type, p.type_confidence, fields, OcrResult((), 1240, 1754, "adversarial"),
                           QualityReport(checks), marks, width=1240, height=1754)


def chip(p: Person) -> IdentityCard:
    return IdentityCard(card_type=RESIDENT, name=p.name, id_number=p.id_number, gender=p.gender, birth_date=p.born,
                        ethnicity=p.ethnicity, address=p.address,
                        issuing_authority=w.AUTHORITIES.get(p.region, "公安局"),
                        valid_from=p.card_from, valid_until=p.card_until)


def phone(world: World) -> str:
    return "1" + world.rng.choice("3589") + "".join(world.rng.choice("0123456789") for _ in range(9))


def id_card(world: World, p: Person, back: bool = True) -> Material:
    pages = [w.id_front(world.rng, p)] + ([w.id_back(world.rng, p)] if back else [])
    return Material(pages)


def _base(world: World, matter_id: str, today: date, p: Person, **form) -> Draft:
    values = {"name": p.name, "id_number": p.id_number, "phone": phone(world)}
    values.update({k: v for k, v in form.items() if v is not None})
    return Draft(matter_id, today, p, chip(p), values, {"id_card": id_card(world, p)})


def _home_proof(world: World, today: date, p: Person, months: tuple[int, int], own: bool | None = None
                ) -> tuple[Page, str, date]:
    """A lease or a property certificate of a home in Hangzhou: page, address, living-since date."""
    rng = world.rng
    prefix = rng.choice(w.HANGZHOU)[1]
    address = w.address_in(prefix, rng)
    since = today - timedelta(days=rng.randint(months[0] * 31, months[1] * 31))
    own = rng.random() < 0.3 if own is None else own
    if own:
        return w.property_certificate(rng, p, address), address, since
    lessor = world.person(today, (30, 70), True)
    end = today + timedelta(days=rng.randint(40, 700))
    return w.lease(rng, lessor, p, address, since, end), address, since


def residence_permit(world: World, today: date) -> Draft:
    rng = world.rng
    retiree = rng.random() < 0.2
    p = world.person(today, (66, 78) if retiree else (19, 55), local=False)
    basis = "residence" if retiree else rng.choice(("employment", "employment", "residence"))
    proof, address, since = _home_proof(world, today, p, (7, 40), own=True if basis == "residence" and rng.random() < 0.5 else None)
    d = _base(world, "residence_permit", today, p, residence_address=address, residence_since=since.isoformat(),
              basis=basis)
    d.materials["photo"] = Material([w.photo(rng)])
    d.materials["residence_proof"] = Material([proof])
    d.required = ("id_card", "photo", "residence_proof")
    if basis == "employment":
        employer = world.company(today, world.name(rng.random() < 0.5), sole=False)
        d.materials["employment_proof"] = Material([w.licence(rng, employer)])
        d.required += ("employment_proof",)
        d.deferrable = ("employment_proof",)
    return d


def senior_card(world: World, today: date) -> Draft:
    rng = world.rng
    local = rng.random() < 0.6
    p = world.person(today, (60, 88), local)
    d = _base(world, "senior_card", today, p)
    d.materials["photo"] = Material([w.photo(rng)])
    d.required = ("id_card", "photo")
    if not local:
        proof, _, _ = _home_proof(world, today, p, (7, 60))
        d.materials["residence_proof"] = Material([proof])
        d.required += ("residence_proof",)
    return d


def social_card_replacement(world: World, today: date) -> Draft:
    rng = world.rng
    p = world.person(today, (18, 75), True)
    reason = rng.choice(("lost", "lost", "damaged", "details_changed"))
    d = _base(world, "social_card_replacement", today, p, reason=reason,
              loss_reported="yes" if reason == "lost" else None)
    d.materials["photo"] = Material([w.photo(rng)])
    d.required = ("id_card", "photo")
    if reason != "lost":
        d.materials["old_card"] = Material([w.Page("unknown", type_confidence=0.95)])
        d.required += ("old_card",)
    return d


def _parents(world: World, today: date, local: bool) -> tuple[Person, Person, date]:
    father = world.person(today, (24, 42), local, male=True)
    mother = world.person(today, (22, 40), local, male=False)
    married = today - timedelta(days=world.rng.randint(400, 3000))
    return father, mother, married


def _newborn(world: World, today: date, matter_id: str, hukou: bool, bundle: bool) -> Draft:
    rng = world.rng
    father, mother, married = _parents(world, today, True)
    applicant = father if rng.random() < 0.5 else mother
    child_male = rng.random() < 0.5
    born = today - timedelta(days=rng.randint(5, 330))
    child = father.name[0] + "".join(rng.choice(w.GIVEN_MALE if child_male else w.GIVEN_FEMALE)
                                     for _ in range(rng.choice((1, 2))))
    place = "浙江省杭州市" + rng.choice(("西湖区", "上城区", "拱墅区")) + rng.choice(("妇产科医院", "妇幼保健院"))
    form = {"child_name": child}
    if hukou:
        form.update(child_gender="男" if child_male else "女", child_birth_date=born.isoformat())
    if not hukou or bundle:
        form.update(bank=rng.choice(("icbc", "abc", "hzbank")), mailing_address=applicant.address)
    if bundle:
        form.update(insured_name=child, insured_category="newborn")
    d = _base(world, matter_id, today, applicant, **form)
    d.people.update(father=father, mother=mother)
    d.materials["birth_certificate"] = Material([w.birth_certificate(rng, child, child_male, born, place, mother, father)])
    d.required = ("id_card", "birth_certificate")
    if hukou:
        number = f"{rng.randint(10**8, 10**9 - 1)}"
        d.materials["hukou_register"] = Material([w.Page("hukou_cover", type_confidence=0.96),
                                                  w.hukou_index(rng, applicant, number),
                                                  w.hukou_member(rng, applicant, "户主")])
        d.materials["marriage_certificate"] = Material([w.marriage(rng, father, mother, married)])
        d.required += ("hukou_register", "marriage_certificate")
        d.deferrable = ("marriage_certificate",)
    return d


def newborn_hukou(world, today):
    return _newborn(world, today, "newborn_hukou", hukou=True, bundle=False)


def newborn_social_card(world, today):
    return _newborn(world, today, "newborn_social_card", hukou=False, bundle=False)


def newborn(world, today):
    return _newborn(world, today, "newborn", hukou=True, bundle=True)


def birth_registration(world: World, today: date) -> Draft:
    rng = world.rng
    father, mother, married = _parents(world, today, True)
    applicant, spouse = (father, mother) if rng.random() < 0.5 else (mother, father)
    d = _base(world, "birth_registration", today, applicant, spouse_name=spouse.name,
              spouse_id_number=spouse.id_number, child_order=rng.choice("123"),
              due_date=(today + timedelta(days=rng.randint(20, 250))).isoformat() if rng.random() < 0.7 else None)
    d.people.update(spouse=spouse)
    d.materials["spouse_id_card"] = id_card(world, spouse, back=False)
    d.materials["marriage_certificate"] = Material([w.marriage(rng, father, mother, married)])
    d.required = ("id_card", "spouse_id_card", "marriage_certificate")
    d.replaceable = ("marriage_certificate",)
    return d


def _business(world: World, today: date, matter_id: str, sole: bool, back: bool = True) -> Draft:
    p = world.person(today, (22, 62), True)
    company = world.company(today, p.name, sole=sole)
    d = _base(world, matter_id, today, p)
    if not back:
        d.materials["id_card"] = id_card(world, p, back=False)
    d.materials["business_licence"] = Material([w.licence(world.rng, company)])
    d.required = ("id_card", "business_licence")
    return d


def e_business_licence(world: World, today: date) -> Draft:
    d = _business(world, today, "e_business_licence", sole=world.rng.random() < 0.5, back=False)
    fields = d.materials["business_licence"].pages[0].fields
    d.form.update(uscc=fields["uscc"][0], company_name=fields["company_name"][0])
    return d


def seal_engraving(world: World, today: date) -> Draft:
    d = _business(world, today, "seal_engraving", sole=world.rng.random() < 0.5)
    d.form.update(seal_kind=world.rng.choice(("official", "finance", "invoice")),
                  seal_maker=world.rng.choice(("xihu_01", "shangcheng_01")))
    d.deferrable = ("business_licence",)
    return d


def _proprietor_form(world: World, today: date, p: Person, address: str) -> dict:
    rng = world.rng
    trade, form = rng.choice(w.TRADES)
    district = rng.choice(w.HANGZHOU)[1][len("浙江省"):]
    return {"business_name": f"{district}{world.brand()}{trade}{form}", "business_address": address,
            "business_scope": rng.choice(("小吃服务", "服装零售", "茶饮服务", "五金销售", "烘焙食品销售")),
            "capital": str(rng.randint(1, 50))}


def sole_proprietor_registration(world: World, today: date, matter_id: str = "sole_proprietor_registration") -> Draft:
    rng = world.rng
    p = world.person(today, (18, 58), rng.random() < 0.7)
    proof, address, _ = _home_proof(world, today, p, (1, 30))
    d = _base(world, matter_id, today, p, **_proprietor_form(world, today, p, address))
    d.materials["premises_proof"] = Material([proof])
    d.required = ("id_card", "premises_proof")
    d.replaceable = ("premises_proof",)
    if rng.random() < 0.15:
        d.materials["premises_proof"] = Material(committed=True)
    return d


def open_sole_proprietorship(world: World, today: date) -> Draft:
    d = sole_proprietor_registration(world, today, "open_sole_proprietorship")
    rng = world.rng
    d.form.update(seal_kind="official", seal_maker=rng.choice(("xihu_01", "shangcheng_01")),
                  insurance=rng.choice(("pension_medical", "pension", "medical")),
                  start_month=(today + timedelta(days=rng.randint(0, 60))).isoformat())
    # The licence this bundle applies for does not exist yet: it follows under 容缺.
    d.materials["business_licence"] = Material(deferred=True)
    d.noted.add("business_licence")
    d.required += ("business_licence",)
    d.deferrable = ("business_licence",)
    return d


def flexible_employment_insurance(world: World, today: date) -> Draft:
    rng = world.rng
    p = world.person(today, (16, 59), True)
    return _base(world, "flexible_employment_insurance", today, p,
                 insurance=rng.choice(("pension_medical", "pension", "medical")),
                 start_month=(today + timedelta(days=rng.randint(0, 60))).isoformat())


def unemployment_registration(world: World, today: date) -> Draft:
    rng = world.rng
    p = world.person(today, (18, 58), True)
    d = _base(world, "unemployment_registration", today, p, residence_address=p.address,
              last_employer=f"杭州{world.brand()}贸易有限公司" if rng.random() < 0.6 else None,
              job_wanted=rng.choice(("销售", "仓储物流", "餐饮服务", "软件开发")))
    d.materials["termination_proof"] = Material([w.sealed_letter(rng)]) if rng.random() < 0.6 else Material(committed=True)
    d.required = ("id_card", "termination_proof")
    d.replaceable = ("termination_proof",)
    return d


def resident_medical_insurance(world: World, today: date) -> Draft:
    rng = world.rng
    senior = rng.random() < 0.4
    p = world.person(today, (60, 85) if senior else (18, 59), True)
    return _base(world, "resident_medical_insurance", today, p, insured_name=p.name,
                 insured_category="senior" if senior else "adult")


def _hukou_register(world: World, p: Person) -> Material:
    number = f"{world.rng.randint(10**8, 10**9 - 1)}"
    return Material([w.hukou_index(world.rng, p, number), w.hukou_member(world.rng, p, "户主")])


def hukou_transfer(world: World, today: date) -> Draft:
    rng = world.rng
    # The number keeps the region of the first card, wherever the household is now.
    p = world.person(today, (22, 70), True, born_in=rng.choice(("330106", "410302", "320102")))
    address = w.address_in(rng.choice(w.HANGZHOU)[1], rng)
    d = _base(world, "hukou_transfer", today, p, new_address=address, members_moving=str(rng.randint(1, 4)))
    d.materials["hukou_register"] = _hukou_register(world, p)
    d.materials["property"] = Material([w.property_certificate(rng, p, address)])
    d.required = ("id_card", "hukou_register", "property")
    return d


def id_card_renewal(world: World, today: date) -> Draft:
    rng = world.rng
    p = world.person(today, (17, 44), True)
    reason = rng.choice(("expiring", "expiring", "damaged"))
    if reason == "expiring":
        p.card_until = today + timedelta(days=rng.randint(-200, 85))
        p.card_from = p.card_until.replace(year=p.card_until.year - 10) if p.card_until.month != 2 or p.card_until.day != 29 \
            else date(p.card_until.year - 10, 3, 1)
    delivery = rng.choice(("pickup", "post"))
    d = _base(world, "id_card_renewal", today, p, reason=reason, delivery=delivery,
              delivery_address=w.address_in(rng.choice(w.HANGZHOU)[1], rng) if delivery == "post" else None)
    d.materials["hukou_member"] = Material([w.hukou_member(rng, p, "户主")])
    d.required = ("id_card", "hukou_member")
    return d


def public_rental_housing(world: World, today: date) -> Draft:
    rng = world.rng
    p = world.person(today, (20, 65), True)
    housing = rng.choice(("none", "small"))
    d = _base(world, "public_rental_housing", today, p, household_size=str(rng.randint(1, 5)),
              income_per_capita=str(rng.randint(800, 5000)), housing=housing)
    d.materials["hukou_register"] = _hukou_register(world, p)
    d.materials["income_proof"] = Material([w.sealed_letter(rng)]) if rng.random() < 0.5 else Material(committed=True)
    if rng.random() < 0.5:
        d.materials["housing_proof"] = Material(committed=True)
    else:
        # With no home of one's own, the current home is rented; a small home may be one's own.
        proof, _, _ = _home_proof(world, today, p, (3, 60), own=housing == "small" and rng.random() < 0.5)
        d.materials["housing_proof"] = Material([proof])
    d.required = ("id_card", "hukou_register", "income_proof", "housing_proof")
    d.replaceable = ("income_proof", "housing_proof")
    d.deferrable = ("housing_proof",)
    return d


BUILDERS = {
    "residence_permit": residence_permit, "senior_card": senior_card,
    "social_card_replacement": social_card_replacement, "newborn_hukou": newborn_hukou,
    "newborn_social_card": newborn_social_card, "newborn": newborn, "birth_registration": birth_registration,
    "e_business_licence": e_business_licence, "seal_engraving": seal_engraving,
    "sole_proprietor_registration": sole_proprietor_registration,
    "open_sole_proprietorship": open_sole_proprietorship,
    "flexible_employment_insurance": flexible_employment_insurance,
    "unemployment_registration": unemployment_registration,
    "resident_medical_insurance": resident_medical_insurance, "hukou_transfer": hukou_transfer,
    "id_card_renewal": id_card_renewal, "public_rental_housing": public_rental_housing,
}
