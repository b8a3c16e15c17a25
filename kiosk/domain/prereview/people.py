"""Identity: every name and ID number on every material is somebody, checked against that person.

Each document type prints people in known roles (the holder of an ID card, the lessee and the
lessor of a lease, the owner of a property, the couple of a marriage certificate, the parents and
the child of a birth certificate). A material is the
applicant's own unless the catalog says otherwise (``identity: {}``: a spouse's card, an
employer's licence); on the applicant's own, the applicant's roles must name the applicant. On a
marriage or birth certificate the applicant is one of the two, and the other is the same person
everywhere (the spouse's card, the other certificate). A person field in no known role is
unexplained: staff look, and the case is never approved at once.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from ocr import doctypes
from ocr.types import Field

from ..catalog.schema import Text
from ..compare import explained_by_confusables, same_id_number, same_name
from ..masking import mask_id
from .context import PageRef, ReviewContext
from .findings import Finding

# A look-alike difference read at or above this confidence is a real difference, not an OCR slip.
CONFIDENT = 0.9

# (name field, ID field) of the role that is the owner of the document, per type.
OWNER_ROLE = {
    doctypes.ID_CARD_FRONT: ("name", "id_number"),
    doctypes.HUKOU_MEMBER: ("name", "id_number"),
    doctypes.LEASE_CONTRACT: ("lessee_name", "lessee_id_number"),
    doctypes.PROPERTY_CERTIFICATE: ("owner_name", "owner_id_number"),
}
# The two roles of a couple: (man's name, ID), (woman's name, ID).
COUPLE_ROLES = {
    doctypes.MARRIAGE_CERTIFICATE: (("husband_name", "husband_id_number"), ("wife_name", "wife_id_number")),
    doctypes.BIRTH_CERTIFICATE: (("father_name", "father_id_number"), ("mother_name", "mother_id_number")),
}
# People printed in roles no check here must match: the landlord, the household head, the child, and
# the legal representative (the matter's own rule says when that must be the applicant).
OTHER_ROLES = {
    doctypes.BUSINESS_LICENCE: ("legal_representative",),
    doctypes.LEASE_CONTRACT: ("lessor_name",),
    doctypes.HUKOU_INDEX: ("household_head",),
    doctypes.BIRTH_CERTIFICATE: ("child_name",),
    doctypes.PASSPORT: ("surname", "given_names"),
}
_WHAT = {"name": ("姓名", "name"), "id_number": ("身份证号码", "ID number")}


# Fields named like a person's that name a thing.
NOT_PEOPLE = frozenset({"company_name"})


def is_person_field(name: str) -> bool:
    return name not in NOT_PEOPLE and (name in ("name", "legal_representative", "household_head")
                                       or name.endswith(("_name", "id_number")))


@lru_cache(maxsize=None)
def known_roles(doc_type: str) -> frozenset[str]:
    known = set(OWNER_ROLE.get(doc_type, ())) | set(OTHER_ROLES.get(doc_type, ()))
    for pair in COUPLE_ROLES.get(doc_type, ()):
        known |= set(pair)
    known.discard(None)
    return frozenset(known)


def applicants_own(ref: PageRef) -> bool:
    """Whether the material is the applicant's own document (not a spouse's card, an employer's licence)."""
    identity = ref.material.identity
    return identity is None or bool(identity.name or identity.id_number)


def owner_fields(ref: PageRef) -> tuple[str | None, str | None]:
    """The fields naming the applicant on an own material: declared in the catalog, else by type."""
    identity = ref.material.identity
    if identity is not None and (identity.name or identity.id_number):
        return identity.name, identity.id_number
    return OWNER_ROLE.get(ref.reading.doc_type, (None, None))


def check(ctx: ReviewContext) -> Iterator[Finding]:
    applicant = ctx.applicant
    expected = {"name": applicant.name, "id_number": applicant.id_number}
    for ref in ctx.pages:
        fields = ref.reading.fields
        doc_type = ref.reading.doc_type
        for name in sorted(n for n in fields if is_person_field(n) and fields[n].value
                           and n not in known_roles(doc_type) and n not in owner_fields(ref)):
            yield _unexplained(ref, name, fields[name])
        name_field, id_field = owner_fields(ref) if applicants_own(ref) else (OWNER_ROLE.get(doc_type, (None,))[0], None)
        if name_field and not _value(fields, name_field):
            yield _not_read(ref, name_field)     # whoever it is, nobody could check who
        if applicants_own(ref) and doc_type not in COUPLE_ROLES:
            for what, field_name in (("name", name_field), ("id_number", id_field)):
                field = fields.get(field_name) if field_name else None
                if field is None or not field.value or not expected[what]:
                    continue
                yield from _against(ref, what, field, expected[what], "applicant")
    yield from _couples(ctx)


def _against(ref: PageRef, what: str, field: Field, expected: str, who: str) -> Iterator[Finding]:
    same = same_name if what == "name" else same_id_number
    if same(field.value, expected):
        return
    zh, en = _WHAT[what]
    spec, number = ref.material, ref.page.page_no
    look_alike = explained_by_confusables(field.value, expected) and field.confidence < CONFIDENT
    whom_zh, whom_en = {"applicant": ("申请人", "the applicant"), "spouse": ("配偶", "the spouse")}[who]
    message = Text(
        zh=f"“{spec.name.zh}”第{number}页上的{zh}可能识别有误，将由工作人员核对。",
        en=f"The {en} on \"{spec.name.en}\" page {number} may be misread; staff will check it.",
    ) if look_alike else Text(
        zh=f"“{spec.name.zh}”上的{zh}与{whom_zh}不一致，请确认放入的是正确的材料。",
        en=f"The {en} on \"{spec.name.en}\" does not match {whom_en}; make sure it is the right document.")
    rule = f"consistency.{what}" if who == "applicant" else f"consistency.{who}_{what}"
    yield Finding(rule, "consistency", "staff" if look_alike else "block", message,
                  material_id=spec.id, field=field.name, page=number, box=field.box,
                  value_read=_shown(what, field.value), confidence=field.confidence,
                  expected=_shown(what, expected))


def _couples(ctx: ReviewContext) -> Iterator[Finding]:
    """The applicant's partner on a marriage or birth certificate is one person everywhere."""
    applicant = ctx.applicant
    partner: tuple[str, str, str] | None = None     # name, ID number, where it was read
    for f in ctx.matter.fields:
        if f.id == "spouse_name" and ctx.form_value(f.id):
            partner = (ctx.form_value(f.id), ctx.form_value("spouse_id_number"), "form")
    for ref in ctx.pages:
        roles = COUPLE_ROLES.get(ref.reading.doc_type)
        if roles is None:
            continue
        fields = ref.reading.fields
        mine = next((r for r in roles if same_name(_value(fields, r[0]), applicant.name)), None)
        if mine is None:
            continue     # the matter's own rule says the applicant must be named here
        other = roles[1] if mine is roles[0] else roles[0]
        id_field = fields.get(mine[1])
        if id_field is not None and id_field.value and applicant.id_number:
            yield from _against(ref, "id_number", id_field, applicant.id_number, "applicant")
        their_name, their_id = fields.get(other[0]), fields.get(other[1])
        if partner is None:
            if their_name is not None and their_name.value:
                partner = (their_name.value, their_id.value if their_id else "", ref.material.id)
            continue
        if their_name is not None and their_name.value:
            yield from _against(ref, "name", their_name, partner[0], "spouse")
        if their_id is not None and their_id.value and partner[1]:
            yield from _against(ref, "id_number", their_id, partner[1], "spouse")


def _value(fields: dict[str, Field], name: str) -> str:
    field = fields.get(name)
    return field.value if field is not None else ""


def _not_read(ref: PageRef, name: str) -> Finding:
    spec, number = ref.material, ref.page.page_no
    return Finding("identity.not_read", "consistency", "info", Text(
        zh=f"未能读取“{spec.name.zh}”第{number}页上的姓名，无法核对是谁的材料。",
        en=f"The name on \"{spec.name.en}\" page {number} was not read, so whose it is could not be checked."),
        material_id=spec.id, field=name, page=number, unchecked=True)


def _unexplained(ref: PageRef, name: str, field: Field) -> Finding:
    spec, number = ref.material, ref.page.page_no
    return Finding("identity.unexplained", "consistency", "staff", Text(
        zh=f"“{spec.name.zh}”第{number}页上有无法对应到本次申请人员的姓名或证件号码，将由工作人员核对。",
        en=f"\"{spec.name.en}\" page {number} names someone the application does not explain; staff will check it."),
        material_id=spec.id, field=name, page=number, box=field.box,
        value_read=_shown("id_number" if name.endswith("id_number") else "name", field.value),
        confidence=field.confidence)


def _shown(what: str, value: str) -> str:
    return mask_id(value) if what == "id_number" else value
