"""The frozen context every rule family reads: the matter, the facts, and the rule data built once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ocr.ids import id_number_gender
from ocr.types import DocumentReading, Field

from ..catalog.schema import CARD_ATTRIBUTES, MaterialSpec, Matter
from ..facts import CapturedMaterial, CapturedPage, CaseFacts
from .. import codes


@dataclass(frozen=True)
class PageRef:
    material: MaterialSpec
    page: CapturedPage
    reading: DocumentReading


@dataclass(frozen=True)
class Applicant:
    """Who applies, from the chip when there is one, else from the form."""

    name: str
    id_number: str
    from_chip: bool

    @property
    def birth_date(self) -> date | None:
        return codes.birth_date_of(self.id_number)


class ReviewContext:
    def __init__(self, matter: Matter, facts: CaseFacts):
        self.matter = matter
        self.facts = facts

    @property
    def today(self) -> date:
        return self.facts.today

    def captured(self, material_id: str) -> CapturedMaterial | None:
        captured = self.facts.materials.get(material_id)
        return captured if captured is not None and captured.pages else None

    def form_value(self, field_id: str) -> str:
        value = self.facts.form.get(field_id)
        return value.strip() if isinstance(value, str) else ""

    @cached_property
    def pages(self) -> tuple[PageRef, ...]:
        """Every read page of every material the matter asks for, in catalog order."""
        out = []
        for spec in self.matter.materials:
            captured = self.captured(spec.id)
            for page in captured.pages if captured else ():
                if page.reading is not None:
                    out.append(PageRef(spec, page, page.reading))
        return tuple(out)

    def material_field(self, material_id: str, name: str) -> tuple[Field, int] | None:
        """The first reading of ``name`` on the material's pages, with its page number."""
        for ref in self.pages:
            if ref.material.id == material_id and name in ref.reading.fields:
                field = ref.reading.fields[name]
                if isinstance(field.value, str) and field.value.strip():
                    return field, ref.page.page_no
        return None

    @cached_property
    def applicant(self) -> Applicant:
        card = self.facts.card
        if card is not None:
            return Applicant(card.name or "", (card.id_number or "").upper(), True)
        name = id_number = ""
        for f in self.matter.fields:
            if f.prefill == "card.name":
                name = name or self.form_value(f.id)
            elif f.prefill == "card.id_number":
                id_number = id_number or self.form_value(f.id).upper()
        return Applicant(name, id_number, False)

    @cached_property
    def data(self) -> dict:
        """The JSON Logic data of the matter's rules (see schema.DERIVED_VARIABLES)."""
        card = self.facts.card
        card_data = {}
        if card is not None:
            for attr in CARD_ATTRIBUTES:
                value = getattr(card, attr)
                card_data[attr] = value.isoformat() if isinstance(value, date) else value
            if card.valid_until is None:
                card_data["valid_until"] = codes.LONG_TERM
        materials: dict[str, dict] = {}
        for spec in self.matter.materials:
            values: dict = {"present": self.captured(spec.id) is not None}
            for ref in self.pages:
                if ref.material.id == spec.id:
                    for name, field in ref.reading.fields.items():
                        values.setdefault(name, field.value)
            materials[spec.id] = values
        applicant = self.applicant
        born = applicant.birth_date
        return {
            "card": card_data,
            "form": {k: v for k, v in self.facts.form.items() if isinstance(v, str) and v.strip()},
            "material": materials,
            "today": self.today.isoformat(),
            "kiosk_region": self.facts.kiosk_region,
            "age": codes.age_on(born, self.today) if born else None,
            # Days the ID card stays valid; absent for 长期 so a rule on it is skipped, not misjudged.
            "card_days_left": (card.valid_until - self.today).days if card and card.valid_until else None,
            "agent": {"present": self.facts.agent is not None,
                      "name": self.facts.agent.name if self.facts.agent else None,
                      "id_number": self.facts.agent.id_number if self.facts.agent else None},
            "applicant": {
                "name": applicant.name,
                "id_number": applicant.id_number,
                "birth_date": born.isoformat() if born else None,
                "gender": id_number_gender(applicant.id_number) if born else None,
                "region": applicant.id_number[:6] if born else None,
            },
        }
