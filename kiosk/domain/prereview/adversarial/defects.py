"""Defects a careful reviewer would catch, each planted on a clean draft at a known place.

A planter changes the draft and returns where the defect sits: a list of acceptable
(material id, page) places, page None meaning the material as a whole; an empty ("*", None) place
means the case as a whole (a condition of the matter, the card, the applicant). It returns None when the
defect does not apply to this draft (no such material, no such person), and the case keeps clean.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Callable

from . import world as w
from .cases import Draft, Material
from .world import World

Place = tuple[str, int | None]
Planter = Callable[[Draft, World], list[Place] | None]
CASE: list[Place] = [("*", None)]


def _pages(d: Draft, *doc_types: str):
    """(material id, page number, page) of every captured page, of the given types when named."""
    for mid, m in d.materials.items():
        for n, p in enumerate(m.pages, 1):
            if not doc_types or p.doc_type in doc_types:
                yield mid, n, p


def _applicant_spots(d: Draft):
    """Pages and fields where the applicant is named, from who each page says it names."""
    a = d.applicant
    for mid, n, p in _pages(d):
        for role, (name_field, id_field) in p.people.items():
            if name_field in p.fields and p.fields[name_field][0] == a.name:
                yield mid, n, p, name_field, id_field


def _pick(world: World, items):
    items = list(items)
    return world.rng.choice(items) if items else None


def missing_material(d, world):
    mid = _pick(world, [m for m in d.required if d.materials.get(m) and d.materials[m].pages])
    if mid is None:
        return None
    del d.materials[mid]
    return [(mid, None)]


def missing_page(d, world):
    mid = _pick(world, [m for m in d.materials if len(d.materials[m].pages) > 1])
    if mid is None:
        return None
    pages = d.materials[mid].pages
    n = world.rng.randrange(1, len(pages)) + 1 if len(pages) > 1 else 1
    del pages[n - 1]
    return [(mid, n), (mid, None)]


_WRONG = {
    "lease_contract": lambda rng, d: w.marriage(rng, d.applicant, d.applicant, d.today - timedelta(days=900)),
    "property_certificate": lambda rng, d: w.marriage(rng, d.applicant, d.applicant, d.today - timedelta(days=900)),
    "id_card_back": lambda rng, d: w.hukou_member(rng, d.applicant, "户主"),
    "business_licence": lambda rng, d: w.property_certificate(rng, d.applicant, d.applicant.address),
    "birth_certificate": lambda rng, d: w.hukou_member(rng, d.applicant, "户主"),
    "marriage_certificate": lambda rng, d: w.id_front(rng, d.applicant),
    "hukou_member": lambda rng, d: w.id_back(rng, d.applicant),
    "photo_1inch": lambda rng, d: w.id_front(rng, d.applicant),
}


def wrong_document(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d) if p.doc_type in _WRONG])
    if spot is None:
        return None
    mid, n, p = spot
    d.materials[mid].pages[n - 1] = _WRONG[p.doc_type](world.rng, d)
    return [(mid, n)]


def _one_char_other(name: str, world: World) -> str:
    i = world.rng.randrange(1, len(name))
    pool = w.GIVEN_MALE + w.GIVEN_FEMALE
    return name[:i] + world.rng.choice([c for c in pool if c != name[i]]) + name[i + 1:]


def name_one_char(d, world):
    spot = _pick(world, [s for s in _applicant_spots(d) if s[2].doc_type != "id_card_front"])
    if spot is None:
        return None
    mid, n, p, name_field, _ = spot
    p.fields[name_field] = [_one_char_other(p.fields[name_field][0], world), 0.97]
    return [(mid, n)]


def id_one_digit(d, world):
    spot = _pick(world, [s for s in _applicant_spots(d) if s[4] and s[4] in s[2].fields])
    if spot is None:
        return None
    mid, n, p, _, id_field = spot
    number = p.fields[id_field][0]
    i = world.rng.choice((14, 15))   # a sequence digit: still a real birth date
    body = number[:i] + str((int(number[i]) + world.rng.randint(1, 8)) % 10) + number[i + 1:17]
    p.fields[id_field] = [w.with_check(body), 0.97]
    return [(mid, n)]


def other_persons_document(d, world):
    spot = _pick(world, list(_applicant_spots(d)))
    if spot is None:
        return None
    mid, n, p, name_field, id_field = spot
    other = world.person(d.today, (25, 60), True, male=d.applicant.male)
    p.fields[name_field] = [other.name, 0.97]
    if id_field and id_field in p.fields:
        p.fields[id_field] = [other.id_number, 0.97]
    if p.doc_type in ("id_card_front", "hukou_member"):
        p.fields["birth_date"] = [other.born.isoformat(), 0.97]
    return [(mid, n)]


def expired_document(d, world):
    rng = world.rng
    options = [(mid, n, p, f) for mid, n, p in _pages(d) for f in ("end_date", "valid_until")
               if f in p.fields and p.doc_type != "id_card_back"]
    spot = _pick(world, options)
    if spot is None:
        return None
    mid, n, p, f = spot
    p.fields[f] = [(d.today - timedelta(days=rng.randint(1, 200))).isoformat(), 0.97]
    return [(mid, n)]


def expired_card(d, world):
    if d.card is None or d.matter_id == "id_card_renewal":
        return None
    until = d.today - timedelta(days=world.rng.randint(1, 300))
    start = until.replace(year=until.year - 20, day=min(until.day, 28))
    d.card = replace(d.card, valid_from=start, valid_until=until)
    for mid, n, p in _pages(d, "id_card_back"):
        p.fields["valid_from"] = [start.isoformat(), 0.97]
        p.fields["valid_until"] = [until.isoformat(), 0.97]
    return CASE + [("id_card", 2)]


def _age_to(d: Draft, world: World, years: int) -> None:
    """Make the applicant ``years`` old (card, form and every page naming them agree)."""
    a = d.applicant
    born = d.today - timedelta(days=years * 365 + world.rng.randint(20, 300))
    number = w.id_number(a.id_number[:6], born, a.male, world.rng)
    old_number, old_born = a.id_number, a.born.isoformat()
    a.born, a.id_number = born, number
    a.card_from, a.card_until = world.card_validity(born, d.today)
    d.card = replace(d.card, birth_date=born, id_number=number, valid_from=a.card_from, valid_until=a.card_until)
    for key, value in list(d.form.items()):
        if value == old_number:
            d.form[key] = number
    for _, _, p in _pages(d):
        for name, (value, c) in list(p.fields.items()):
            if value == old_number:
                p.fields[name] = [number, c]
        printed = p.fields.get("birth_date")
        if printed and printed[0] == old_born and p.fields.get("name", [""])[0] == a.name:
            p.fields["birth_date"] = [born.isoformat(), printed[1]]   # a planted misprint stays
        if p.doc_type == "id_card_back":
            p.fields["valid_from"] = [a.card_from.isoformat(), 0.97]
            p.fields["valid_until"] = [a.card_until.isoformat() if a.card_until else "长期", 0.97]


# Ages the guides exclude, per matter.
_BAD_AGES = {"senior_card": (50, 59), "sole_proprietor_registration": (16, 17), "open_sole_proprietorship": (16, 17),
             "flexible_employment_insurance": (61, 70), "unemployment_registration": (61, 70),
             "public_rental_housing": (16, 17)}


def ineligible_age(d, world):
    span = _BAD_AGES.get(d.matter_id)
    if span is None:
        if d.matter_id == "resident_medical_insurance" and d.form.get("insured_category") == "senior":
            span = (40, 59)
        else:
            return None
    _age_to(d, world, world.rng.randint(*span))
    return CASE


def malformed_id_number(d, world):
    options = [(mid, n, p, f) for mid, n, p in _pages(d) for f in p.fields if f.endswith("id_number")]
    spot = _pick(world, options)
    if spot is None:
        return None
    mid, n, p, f = spot
    number = p.fields[f][0]
    wrong = next(c for c in "0123456789X" if c != number[17] and c != w.with_check(number[:17])[17])
    p.fields[f] = [number[:17] + wrong, 0.97]
    return [(mid, n)]


def malformed_credit_code(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "business_licence")])
    if spot is None:
        return None
    mid, n, p = spot
    code = p.fields["uscc"][0]
    wrong = next(c for c in w.USCC_BODY if c != code[17])
    p.fields["uscc"] = [code[:17] + wrong, 0.97]
    for key in ("uscc",):
        if d.form.get(key) == code:
            d.form[key] = code[:17] + wrong
    return [(mid, n)]


def future_date(d, world):
    options = [(mid, n, p, f) for mid, n, p in _pages(d)
               for f in ("registration_date", "established_date", "valid_from") if f in p.fields]
    spot = _pick(world, options)
    if spot is None:
        return None
    mid, n, p, f = spot
    p.fields[f] = [(d.today + timedelta(days=world.rng.randint(30, 400))).isoformat(), 0.97]
    return [(mid, n)]


def unsure_reading_contradicts_form(d, world):
    """The form says one thing, a page read with low confidence another: a person must look."""
    rng = world.rng
    options = []
    for mid, n, p in _pages(d):
        if p.doc_type == "id_card_front":
            continue     # the chip, not the printed side, is what the form holds
        for f in ("address", "start_date", "child_name"):
            if f in p.fields and p.fields[f][0] in d.form.values():
                options.append((mid, n, p, f))
    spot = _pick(world, options)
    if spot is None:
        return None
    mid, n, p, f = spot
    value = p.fields[f][0]
    if f == "start_date":
        changed = value[:5] + ("%02d" % (int(value[5:7]) % 12 + 1)) + value[7:]
    elif f == "address":
        changed = value.replace("号", f"{rng.randint(1, 9)}号", 1)
    else:
        changed = _one_char_other(value, world)
    p.fields[f] = [changed, round(rng.uniform(0.5, 0.7), 2)]
    return [(mid, n)]


def blurred_page(d, world):
    spot = _pick(world, list(_pages(d)))
    if spot is None:
        return None
    mid, n, p = spot
    p.quality_failed.append(world.rng.choice(("sharpness", "glare", "in_frame")))
    return [(mid, n)]


def deferral_not_allowed(d, world):
    mid = _pick(world, [m for m in d.required if m not in d.deferrable and d.materials.get(m)
                        and d.materials[m].pages and m != "id_card"])
    if mid is None:
        return None
    d.materials[mid] = Material(deferred=True)
    return [(mid, None)]


def commitment_not_allowed(d, world):
    mid = _pick(world, [m for m in d.required if m not in d.replaceable and d.materials.get(m)
                        and d.materials[m].pages and m != "id_card"])
    if mid is None:
        return None
    d.materials[mid] = Material(committed=True)
    return [(mid, None)]


def flag_forbids_commitment(d, world):
    """An applicant with a bad-credit or broken-commitment record may not defer or commit."""
    options = [m for m in d.deferrable + d.replaceable if m in d.required]
    mid = _pick(world, options)
    if mid is None:
        return None
    d.flags.add(world.rng.choice(("bad_credit", "broken_commitment")))
    d.materials[mid] = Material(deferred=True) if mid in d.deferrable else Material(committed=True)
    d.noted.discard(mid)
    return [(mid, None)]


_HOUSEHOLD = {"hukou_transfer", "id_card_renewal", "newborn_hukou", "newborn", "public_rental_housing"}


def _move_household_away(d: Draft, world: World) -> None:
    region, prefix = world.rng.choice(w.ELSEWHERE)
    address = w.address_in(prefix, world.rng)
    d.applicant.address = address
    d.card = replace(d.card, address=address)
    for _, _, p in _pages(d):
        if p.doc_type in ("id_card_front", "hukou_index") and "address" in p.fields:
            p.fields["address"][0] = address
        if p.doc_type == "hukou_member":
            p.fields["birthplace"][0] = address[:9]
    for key, value in list(d.form.items()):
        if key in ("mailing_address", "residence_address") and value:
            d.form[key] = address


def out_of_jurisdiction(d, world):
    """Household (for household matters) or home (for the others) outside the hall's area."""
    if d.matter_id in _HOUSEHOLD:
        _move_household_away(d, world)
        return CASE
    homes = [(mid, n, p) for mid, n, p in _pages(d, "lease_contract", "property_certificate")]
    if d.matter_id == "residence_permit" or homes:
        if not homes:
            return None
        address = w.address_in(world.rng.choice(w.ELSEWHERE)[1], world.rng)
        _rehome(d, homes, address)
        if d.applicant.region.startswith("3301"):
            _move_household_away(d, world)
        return CASE
    if d.matter_id in ("e_business_licence", "seal_engraving"):
        return None    # a business's own licence decides, and the builder keeps it local
    _move_household_away(d, world)
    return CASE


def _rehome(d: Draft, homes, address: str) -> None:
    for _, _, p in homes:
        old = p.fields["address"][0]
        p.fields["address"][0] = address
        for key, value in list(d.form.items()):
            if value == old:
                d.form[key] = address


def lookalike_place(d, world):
    """An address in 宁波杭州湾新区 names 杭州 but is not Hangzhou."""
    homes = [(mid, n, p) for mid, n, p in _pages(d, "lease_contract", "property_certificate")]
    if not homes:
        return None
    address = w.address_in(world.rng.choice(w.LOOKALIKE_PLACES), world.rng)
    _rehome(d, homes, address)
    if d.applicant.region.startswith("3301") and d.matter_id != "hukou_transfer":
        _move_household_away(d, world)
    return CASE + [(mid, n) for mid, n, _ in homes]


def id_back_of_another_card(d, world):
    backs = [(mid, n, p) for mid, n, p in _pages(d, "id_card_back")]
    spot = _pick(world, backs)
    if spot is None or d.card is None or d.card.valid_from is None:
        return None
    mid, n, p = spot
    start = d.card.valid_from - timedelta(days=world.rng.randint(400, 3000))
    p.fields["valid_from"] = [start.isoformat(), 0.97]
    p.fields["valid_until"] = [start.replace(year=start.year + 20, day=min(start.day, 28)).isoformat(), 0.97]
    if d.card.valid_until is not None and p.fields["valid_until"][0] < d.today.isoformat():
        p.fields["valid_until"] = [(d.today + timedelta(days=900)).isoformat(), 0.97]
    return [(mid, n)]


def parents_not_the_couple(d, world):
    marriages = list(_pages(d, "marriage_certificate"))
    births = list(_pages(d, "birth_certificate"))
    if not marriages or not births:
        return None
    mid, n, p = marriages[0]
    a = d.applicant
    other = world.person(d.today, (25, 45), True, male=not a.male)
    role = "wife" if a.male else "husband"
    p.fields[f"{role}_name"] = [other.name, 0.97]
    p.fields[f"{role}_id_number"] = [other.id_number, 0.97]
    return [(mid, n), (births[0][0], births[0][1])]


def spouse_not_on_marriage_certificate(d, world):
    spouse = d.people.get("spouse")
    cards = list(_pages(d, "id_card_front"))
    spot = next(((mid, n, p) for mid, n, p in cards if mid == "spouse_id_card"), None)
    if spouse is None or spot is None:
        return None
    other = world.person(d.today, (25, 45), True, male=spouse.male)
    mid, n, p = spot
    d.materials[mid].pages[n - 1] = w.id_front(world.rng, other)
    d.form["spouse_name"], d.form["spouse_id_number"] = other.name, other.id_number
    return [(mid, n), ("marriage_certificate", 1)]


def hukou_page_differs_from_card(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "hukou_member")
                         if p.fields.get("name", [""])[0] == d.applicant.name])
    if spot is None:
        return None
    mid, n, p = spot
    if world.rng.random() < 0.5:
        p.fields["ethnicity"] = [next(e for e in ("回", "满", "苗", "汉") if e != p.fields["ethnicity"][0]), 0.97]
    else:
        born = d.applicant.born + timedelta(days=world.rng.randint(40, 400))
        p.fields["birth_date"] = [born.isoformat(), 0.97]
    return [(mid, n)]


def home_of_someone_else(d, world):
    """A property certificate owned by a third person offered as the applicant's own home or premises."""
    options = [(mid, n, p) for mid, n, p in _pages(d, "property_certificate")]
    spot = _pick(world, options)
    if spot is None:
        return None
    mid, n, p = spot
    other = world.person(d.today, (30, 70), True)
    p.fields["owner_name"] = [other.name, 0.97]
    p.fields["owner_id_number"] = [other.id_number, 0.97]
    return [(mid, n)]


def declared_no_home_but_owns(d, world):
    if d.matter_id != "public_rental_housing":
        return None
    address = w.address_in(world.rng.choice(w.HANGZHOU)[1], world.rng)
    d.form["housing"] = "none"
    d.materials["housing_proof"] = Material([w.property_certificate(world.rng, d.applicant, address)])
    return [("housing_proof", 1)]


def birth_date_differs_from_id_number(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "id_card_front", "hukou_member")])
    if spot is None:
        return None
    mid, n, p = spot
    born = p.fields["birth_date"][0]
    p.fields["birth_date"] = [f"{int(born[:4]) + world.rng.choice((-2, -1, 1, 2))}{born[4:]}".replace("-02-29", "-02-28"), 0.97]
    return [(mid, n)]


def sex_differs_from_id_number(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "id_card_front", "hukou_member")])
    if spot is None:
        return None
    mid, n, p = spot
    p.fields["gender"] = ["女" if p.fields["gender"][0] == "男" else "男", 0.97]
    return [(mid, n)]


def credit_code_of_wrong_kind(d, world):
    """A 个体工商户 licence with a company's 91 code, or a company's with 92."""
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "business_licence")])
    if spot is None:
        return None
    mid, n, p = spot
    code = p.fields["uscc"][0]
    kind = "91" if code.startswith("92") else "92"
    new = w.credit_code(kind, code[2:8], world.rng)
    p.fields["uscc"] = [new, 0.97]
    if d.form.get("uscc") == code:
        d.form["uscc"] = new
    return [(mid, n)]


def credit_code_region_elsewhere(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "business_licence")])
    if spot is None:
        return None
    mid, n, p = spot
    code = p.fields["uscc"][0]
    new = w.credit_code(code[:2], world.rng.choice(w.ELSEWHERE)[0], world.rng)
    p.fields["uscc"] = [new, 0.97]
    if d.form.get("uscc") == code:
        d.form["uscc"] = new
    return [(mid, n)]


def dates_out_of_order(d, world):
    options = [(mid, n, p) for mid, n, p in _pages(d, "lease_contract")] + \
              [(mid, n, p) for mid, n, p in _pages(d, "id_card_back") if p.fields["valid_until"][0] != "长期"]
    spot = _pick(world, options)
    if spot is None:
        return None
    mid, n, p = spot
    first, second = ("start_date", "end_date") if "start_date" in p.fields else ("valid_from", "valid_until")
    p.fields[first], p.fields[second] = p.fields[second], p.fields[first]
    if d.form.get("residence_since") == p.fields[second][0]:
        d.form["residence_since"] = p.fields[first][0]
    return [(mid, n)]


def seal_missing(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "business_licence", "birth_certificate", "unknown")
                         if "seal" in p.marks])
    if spot is None:
        return None
    mid, n, p = spot
    p.marks.remove("seal")
    return [(mid, n), (mid, None)]


def signature_missing(d, world):
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "lease_contract") if "signature" in p.marks])
    if spot is None:
        return None
    mid, n, p = spot
    p.marks.remove("signature")
    return [(mid, n), (mid, None)]


def guide_condition(d, world):
    """A condition the guide states that the case does not meet."""
    rng = world.rng
    if d.matter_id == "senior_card":
        homes = list(_pages(d, "lease_contract"))
        if not homes:
            return None
        mid, n, p = homes[0]
        p.fields["start_date"] = [(d.today - timedelta(days=rng.randint(20, 150))).isoformat(), 0.97]
        return CASE + [(mid, n)]
    if d.matter_id == "resident_medical_insurance":
        d.form["insured_category"] = rng.choice(("newborn", "student")) if d.applicant.born.year < d.today.year - 30 \
            else "newborn"
        return CASE
    if d.matter_id == "social_card_replacement" and d.form.get("reason") == "lost":
        d.form.pop("loss_reported", None)
        return CASE
    if d.matter_id == "residence_permit":
        d.form["residence_since"] = (d.today - timedelta(days=rng.randint(20, 150))).isoformat()
        for mid, n, p in _pages(d, "lease_contract"):
            p.fields["start_date"] = [d.form["residence_since"], 0.97]
        return CASE
    if d.matter_id in ("newborn_hukou", "newborn"):     # registration within 12 months of birth
        births = list(_pages(d, "birth_certificate"))
        mid, n, p = births[0]
        born = d.today - timedelta(days=rng.randint(400, 700))
        p.fields["birth_date"] = [born.isoformat(), 0.97]
        if "child_birth_date" in d.form:
            d.form["child_birth_date"] = born.isoformat()
        return CASE + [(mid, n)]
    return None


def foreign_passport_for_citizens_matter(d, world):
    if d.matter_id not in ("residence_permit", "hukou_transfer", "id_card_renewal", "public_rental_housing"):
        return None
    a = d.applicant
    d.card = replace(d.card, card_type="emrtd", id_number="E" + "".join(world.rng.choice("0123456789") for _ in range(8)),
                     nationality="KOR", address="", name=a.name)
    d.form["id_number"] = d.card.id_number
    return CASE


# Matters whose guides ask for a white-background (白底) photo.
_WHITE_PHOTO = ("residence_permit", "social_card_replacement")


def photo_background_wrong(d, world):
    """A red- or blue-background photo where the guide asks for 白底."""
    spot = _pick(world, [(mid, n, p) for mid, n, p in _pages(d, "photo_1inch")])
    if spot is None or d.matter_id not in _WHITE_PHOTO:
        return None
    mid, n, p = spot
    p.fields["background"] = [world.rng.choice(("red", "blue")), 1.0]
    return [(mid, n)]


def name_typed_wrong(d, world):
    """The form's name differs from the chip's by a character (a typing slip or another person)."""
    if "name" not in d.form:
        return None
    d.form["name"] = _one_char_other(d.form["name"], world)
    return CASE


PLANTERS: dict[str, Planter] = {f.__name__: f for f in (
    missing_material, missing_page, wrong_document, name_one_char, id_one_digit, other_persons_document,
    expired_document, expired_card, ineligible_age, malformed_id_number, malformed_credit_code, future_date,
    unsure_reading_contradicts_form, blurred_page, deferral_not_allowed, commitment_not_allowed,
    flag_forbids_commitment, out_of_jurisdiction, lookalike_place, id_back_of_another_card, parents_not_the_couple,
    spouse_not_on_marriage_certificate, hukou_page_differs_from_card, home_of_someone_else,
    declared_no_home_but_owns, birth_date_differs_from_id_number, sex_differs_from_id_number,
    credit_code_of_wrong_kind, credit_code_region_elsewhere, dates_out_of_order, seal_missing, signature_missing,
    guide_condition, foreign_passport_for_citizens_matter, name_typed_wrong, photo_background_wrong,
)}
