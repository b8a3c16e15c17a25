"""The catalog's data model: a matter (事项) as the citizen, the kiosk and the pre-review see it.

Models are strict (unknown keys are errors) and frozen. References between parts of a matter
(prefill sources, rule variables, evidence) are checked by ``Matter.reference_problems`` so the
loader can point at the exact line of a wrong reference.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from devices.idcard.base import IdentityCard
from ocr import doctypes

from . import logic

Loc = tuple[Any, ...]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Chinese and English; ``get`` picks by UI language, falling back to Chinese."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str = "zh-CN") -> str:
        return self.en if lang.lower().startswith("en") and self.en else self.zh

    def __str__(self) -> str:
        return self.zh


class PageSpec(Text):
    """One page the citizen captures: its label, and the document type expected on it when fixed."""

    doc_type: str | None = None


class Choice(Strict):
    value: str
    label: Text


class Validation(Strict):
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    message: Text | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"pattern does not compile: {exc}") from None
        return value


# Card attributes a form may be prefilled from: the chip's data, not the raw photo or extras.
CARD_ATTRIBUTES = tuple(f.name for f in dataclasses.fields(IdentityCard)
                        if f.name not in {"photo", "photo_format", "extra"})

FieldType = Literal["text", "date", "choice", "phone", "id_number", "number", "textarea", "uscc"]


class FormField(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: FieldType
    label: Text
    help: Text | None = None
    required: bool = True
    choices: tuple[Choice, ...] = ()
    validation: Validation | None = None
    prefill: str | None = None

    @model_validator(mode="after")
    def _choices_match_type(self) -> "FormField":
        if self.type == "choice" and not self.choices:
            raise ValueError("a choice field needs choices")
        if self.type != "choice" and self.choices:
            raise ValueError("only a choice field has choices")
        return self


class Identity(Strict):
    """Which extracted fields of a material carry the applicant's own name and ID number."""

    name: str | None = None
    id_number: str | None = None


# Where the applicant's identity sits on documents that are always the applicant's own.
DEFAULT_IDENTITY = {
    doctypes.ID_CARD_FRONT: Identity(name="name", id_number="id_number"),
}


class MaterialSpec(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    description: Text
    doc_types: tuple[str, ...] = Field(min_length=1)
    pages: tuple[PageSpec, ...] = ()
    example: str | None = Field(default=None, pattern=r"^[\w-]+(\.[\w-]+)*\.(png|jpg|jpeg|webp)$")
    required: bool = True
    # JSON Logic: a required material is asked for only when this is true (employment proof on
    # the grounds of a job); None: always.
    required_when: Any = None
    deferrable: bool = False
    replaceable: bool = False
    commitment: Text | None = None
    original_required: bool = False
    needs_seal: bool = False
    needs_signature: bool = False
    # Marks the document's type carries that this matter does not ask for (see prereview.marks).
    marks_waived: tuple[Literal["seal", "signature"], ...] = ()
    # The background an ID photo must have (白底 white, 蓝底 blue, 红底 red), when the guide says.
    photo_background: Literal["white", "blue", "red"] | None = None
    max_age_days: int | None = Field(default=None, gt=0)
    dated_by: str | None = None
    identity: Identity | None = None

    @field_validator("doc_types")
    @classmethod
    def _known_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in value if t not in doctypes.ALL]
        if unknown:
            raise ValueError(f"unknown document type(s) {unknown}; known: {', '.join(doctypes.ALL)}")
        return value

    @field_validator("required_when")
    @classmethod
    def _condition_parses(cls, value: Any) -> Any:
        found = logic.problems(value) if value is not None else []
        if found:
            raise ValueError("; ".join(found))
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "MaterialSpec":
        if self.replaceable and self.commitment is None:
            raise ValueError("a replaceable material (告知承诺) needs the commitment text")
        if self.commitment is not None and not self.replaceable:
            raise ValueError("commitment is only for replaceable materials")
        if (self.deferrable or self.replaceable) and not self.required:
            raise ValueError("only a required material can be deferred or replaced")
        for page in self.pages:
            if page.doc_type is not None and page.doc_type not in self.doc_types:
                raise ValueError(f"page doc_type {page.doc_type!r} is not among the material's doc_types")
        if self.max_age_days is not None and self.dated_by is None:
            raise ValueError("max_age_days needs dated_by: the field giving the document's date")
        if self.dated_by is not None and self.dated_by not in self.field_names:
            raise ValueError(f"dated_by {self.dated_by!r} is not a field of {list(self.doc_types)}")
        return self

    @property
    def field_names(self) -> frozenset[str]:
        return frozenset(n for t in self.doc_types for n in doctypes.FIELDS[t])

    @property
    def applicant_identity(self) -> Identity:
        """The declared identity fields, or the default for the material's document type."""
        if self.identity is not None:
            return self.identity
        for doc_type in self.doc_types:
            if doc_type in DEFAULT_IDENTITY:
                return DEFAULT_IDENTITY[doc_type]
        return Identity()


RuleCategory = Literal["completeness", "quality", "type", "consistency", "validity", "format",
                       "eligibility", "marks", "jurisdiction"]
Severity = Literal["block", "staff", "info"]


class Evidence(Strict):
    """What a rule's finding points at: a material field, or a form field."""

    material: str | None = None
    field: str | None = None
    form: str | None = None


class Rule(Strict):
    """A matter's own condition: ``when`` is JSON Logic that is true when the problem exists."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: RuleCategory
    severity: Severity
    when: Any
    message: Text
    evidence: Evidence | None = None
    # A rule whose variables are missing cannot be judged: by default staff look at it; "skip"
    # drops it (the rule only concerns cases that have the data); "evaluate" runs it anyway, for
    # rules about absence itself (missing values are null to JSON Logic).
    on_missing: Literal["staff", "skip", "evaluate"] = "staff"
    # Words of the matter's description this rule implements (see catalog.conditions).
    covers: tuple[str, ...] = ()

    @field_validator("when")
    @classmethod
    def _parses(cls, value: Any) -> Any:
        if not isinstance(value, (dict, bool)):
            raise ValueError("when must be a JSON Logic expression (a mapping with one operator)")
        found = logic.problems(value)
        if found:
            raise ValueError("; ".join(found))
        return value


class InstantApproval(Strict):
    """秒办 policy: allowed at all, the extra conditions (JSON Logic, true = allowed), the confidence floor."""

    allowed: bool = False
    conditions: Any = True
    min_confidence: float = Field(default=0.9, ge=0, le=1)

    @field_validator("conditions")
    @classmethod
    def _parses(cls, value: Any) -> Any:
        found = logic.problems(value)
        if found:
            raise ValueError("; ".join(found))
        return value


JurisdictionBasis = Literal["household", "residence", "anywhere"]

DERIVED_VARIABLES = frozenset({
    "age", "today", "kiosk_region", "card_days_left", "applicant.name", "applicant.id_number",
    "applicant.birth_date", "applicant.gender", "applicant.region",
    "agent.present", "agent.name", "agent.id_number",
})


class Matter(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    description: Text
    department: Text
    category: Literal["personal", "business", "bundle"]
    kiosk_enabled: bool = True
    promised_days: int = Field(gt=0)
    jurisdiction: tuple[str, ...] = Field(min_length=1)
    jurisdiction_basis: JurisdictionBasis = "residence"
    # The matter renews an identity document: an expired ID card is the reason to come, not a fault.
    expired_identity_ok: bool = False
    # Someone may apply for the applicant (代办) with a signed authorisation.
    agent_allowed: bool = False
    instant_approval: InstantApproval = InstantApproval()
    fields: tuple[FormField, ...] = ()
    materials: tuple[MaterialSpec, ...] = ()
    rules: tuple[Rule, ...] = ()
    bundle_of: tuple[str, ...] = ()

    @field_validator("jurisdiction")
    @classmethod
    def _region_prefixes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [p for p in value if not re.fullmatch(r"\d{2}(\d{2}){0,2}", p)]
        if bad:
            raise ValueError(f"jurisdiction entries are GB/T 2260 prefixes of 2, 4 or 6 digits: {bad}")
        return value

    @property
    def needs_originals(self) -> bool:
        return any(m.original_required for m in self.materials)

    def material(self, material_id: str) -> MaterialSpec:
        return next(m for m in self.materials if m.id == material_id)

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)

    def reference_problems(self) -> Iterator[tuple[Loc, str]]:
        """Wrong references inside the matter, each with its location in the source mapping."""
        yield from _duplicates("fields", [f.id for f in self.fields])
        yield from _duplicates("materials", [m.id for m in self.materials])
        yield from _duplicates("rules", [r.id for r in self.rules])
        for i, f in enumerate(self.fields):
            if f.prefill is not None:
                problem = self.source_problem(f.prefill, f.id)
                if problem:
                    yield ("fields", i, "prefill"), problem
        if self.fields:
            yield from self._prefill_cycles()
        for i, rule in enumerate(self.rules):
            for name in sorted(logic.variables(rule.when)):
                problem = self.variable_problem(name)
                if problem:
                    yield ("rules", i, "when"), problem
            if rule.evidence is not None:
                problem = self.evidence_problem(rule.evidence)
                if problem:
                    yield ("rules", i, "evidence"), problem
        for i, spec in enumerate(self.materials):
            for name in sorted(logic.variables(spec.required_when)) if spec.required_when is not None else ():
                problem = self.variable_problem(name)
                if problem:
                    yield ("materials", i, "required_when"), problem
        for name in sorted(logic.variables(self.instant_approval.conditions)):
            problem = self.variable_problem(name)
            if problem:
                yield ("instant_approval", "conditions"), problem

    def source_problem(self, source: str, own_id: str) -> str | None:
        kind, _, rest = source.partition(".")
        if kind == "card":
            return None if rest in CARD_ATTRIBUTES else (
                f"unknown prefill source {source!r}: card attributes are {', '.join(CARD_ATTRIBUTES)}")
        if kind == "material":
            return self._material_field_problem(rest, source)
        if kind == "form":
            if rest == own_id:
                return f"field {own_id!r} cannot prefill from itself"
            return None if any(f.id == rest for f in self.fields) else f"unknown prefill source {source!r}: no such form field"
        return f"unknown prefill source {source!r}: use card.<attribute>, material.<id>.<field> or form.<field>"

    def _material_field_problem(self, rest: str, name: str) -> str | None:
        material_id, _, field_name = rest.partition(".")
        spec = next((m for m in self.materials if m.id == material_id), None)
        if spec is None:
            return f"{name!r}: no material {material_id!r} in this matter"
        if field_name not in spec.field_names:
            return (f"{name!r}: {field_name!r} is not a field of {list(spec.doc_types)}; "
                    f"fields: {', '.join(sorted(spec.field_names)) or 'none'}")
        return None

    def variable_problem(self, name: str) -> str | None:
        if name in DERIVED_VARIABLES:
            return None
        kind, _, rest = name.partition(".")
        if kind == "card":
            return None if rest in CARD_ATTRIBUTES else f"unknown variable {name!r}: no such card attribute"
        if kind == "form":
            return None if any(f.id == rest for f in self.fields) else f"unknown variable {name!r}: no such form field"
        if kind == "material":
            material_id, _, field_name = rest.partition(".")
            if field_name == "present" and any(m.id == material_id for m in self.materials):
                return None
            return self._material_field_problem(rest, name)
        return (f"unknown variable {name!r}: use card.*, form.*, material.<id>.<field>, "
                f"or one of {', '.join(sorted(DERIVED_VARIABLES))}")

    def evidence_problem(self, evidence: Evidence) -> str | None:
        if evidence.form is not None and not any(f.id == evidence.form for f in self.fields):
            return f"evidence names unknown form field {evidence.form!r}"
        if evidence.material is not None:
            if evidence.field is not None:
                return self._material_field_problem(f"{evidence.material}.{evidence.field}", "evidence")
            if not any(m.id == evidence.material for m in self.materials):
                return f"evidence names unknown material {evidence.material!r}"
        elif evidence.field is not None:
            return "evidence field needs its material"
        return None

    def _prefill_cycles(self) -> Iterator[tuple[Loc, str]]:
        edges = {f.id: f.prefill[5:] for f in self.fields
                 if f.prefill and f.prefill.startswith("form.") and f.prefill[5:] != f.id}  # self: said above
        for i, f in enumerate(self.fields):
            seen, node = {f.id}, edges.get(f.id)
            while node is not None:
                if node in seen:
                    yield ("fields", i, "prefill"), f"prefill of {f.id!r} goes round in a cycle"
                    break
                seen.add(node)
                node = edges.get(node)


def _duplicates(key: str, ids: list[str]) -> Iterator[tuple[Loc, str]]:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            yield (key, i, "id"), f"duplicate id {item!r}"
        seen.add(item)


class Bundle(Strict):
    """一件事: several matters applied for together; shared fields and materials asked once."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    description: Text
    department: Text
    matters: tuple[str, ...] = Field(min_length=2)
    kiosk_enabled: bool = True
    promised_days: int | None = Field(default=None, gt=0)
    jurisdiction: tuple[str, ...] | None = None
    jurisdiction_basis: JurisdictionBasis | None = None
    instant_approval: InstantApproval = InstantApproval()
    fields: tuple[FormField, ...] = ()
    materials: tuple[MaterialSpec, ...] = ()
    rules: tuple[Rule, ...] = ()
