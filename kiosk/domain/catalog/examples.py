"""Example cases that ship with each matter: facts in, expected finding ids and outcome out.

A case file (examples/<matter id>.yaml) has a ``base`` case (usually one that passes) and
``cases`` that each patch it: mappings merge, anything else replaces, ``null`` removes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field as PydField
from pydantic import ValidationError

from devices.idcard.base import RESIDENT, IdentityCard
from ocr.types import DocumentReading, Field, Mark, OcrResult, QualityCheck, QualityReport

from ..facts import CapturedMaterial, CapturedPage, CaseFacts
from . import yamlsource
from .loader import Catalog, Problem, load_model
from .schema import Strict

# Quality checks ocr/ reports, with the instruction it gives when one fails.
QUALITY_INSTRUCTIONS = {
    "sharpness": ("图像模糊，请保持材料平稳后重新拍摄。", "The image is blurred; hold the document still and capture again."),
    "glare": ("有反光遮挡文字，请调整材料角度后重新拍摄。", "Glare covers the text; tilt the document slightly and capture again."),
    "exposure": ("图像过暗或过亮，请重新拍摄。", "The image is too dark or too bright; capture again."),
    "in_frame": ("材料未完整拍入画面，请将材料放在取景框内。", "Part of the document is outside the frame; place it inside the frame."),
    "resolution": ("文字太小无法识别，请将材料放在拍摄区中央。", "The text is too small to read; place the document in the middle."),
}
_BOX = ((10.0, 10.0), (200.0, 10.0), (200.0, 40.0), (10.0, 40.0))


class FieldSpec(Strict):
    value: str
    confidence: float = 0.98


class MarkSpec(Strict):
    kind: Literal["seal", "signature"]
    confidence: float = 0.95


class PageCase(Strict):
    doc_type: str
    type_confidence: float = 0.98
    fields: dict[str, str | FieldSpec] = {}
    quality_failed: list[str] = []
    marks: list[Literal["seal", "signature"] | MarkSpec] = []
    error: str | None = None     # the page could not be read at all


class MaterialCase(Strict):
    pages: list[PageCase] = []
    deferred: bool = False
    committed: bool = False


class CardCase(Strict):
    name: str
    id_number: str
    card_type: str = RESIDENT
    gender: str = ""
    birth_date: date | None = None
    address: str = ""
    valid_from: date | None = None
    valid_until: date | Literal["长期"] = "长期"


class CaseSpec(Strict):
    today: date
    kiosk_region: str = ""
    flags: list[str] = []
    card: CardCase | None = None
    agent: CardCase | None = None        # 代办: the card read at the kiosk is the agent's
    form: dict[str, str] = {}
    materials: dict[str, MaterialCase] = {}


class Expect(Strict):
    outcome: Literal["instant", "staff", "blocked"]
    findings: list[str] = []        # rule ids of every block and staff finding, in any order


class ExampleCase(Strict):
    name: str
    patch: dict[str, Any] = {}
    expect: Expect


class ExampleFile(Strict):
    matter: str
    base: dict[str, Any]
    cases: list[ExampleCase] = PydField(min_length=1)


@dataclass(frozen=True)
class CaseResult:
    file: str
    matter_id: str
    name: str
    passed: bool
    expected_outcome: str
    expected: tuple[str, ...]    # the expected block and staff findings: () for a clean case
    detail: str = ""


def merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = merge(out.get(key), value)
        return out
    return patch


def _dates_as_text(data: Any) -> Any:
    """YAML reads 2026-01-02 as a date; the pre-review sees dates as ISO text, as ocr/ gives them."""
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    return data.isoformat() if isinstance(data, date) else data


def case_facts(matter_id: str, base: dict, patch: dict) -> CaseFacts:
    """The facts of one example case (raises pydantic's ValidationError on a malformed case)."""
    return facts_of(matter_id, CaseSpec.model_validate(_dates_as_text(merge(base, patch))))


def facts_of(matter_id: str, spec: CaseSpec) -> CaseFacts:
    card, agent = _card(spec.card), _card(spec.agent)
    materials = {
        material_id: CapturedMaterial(material_id, tuple(
            CapturedPage(n, None if p.error else _reading(p), scan_id=f"example-{material_id}-{n}",
                         error=p.error or "")
            for n, p in enumerate(m.pages, start=1)), deferred=m.deferred, committed=m.committed)
        for material_id, m in spec.materials.items()
    }
    return CaseFacts(matter_id=matter_id, card=card, form=dict(spec.form), materials=materials,
                     today=spec.today, kiosk_region=spec.kiosk_region, applicant_flags=frozenset(spec.flags),
                     agent=agent)


def _card(c: CardCase | None) -> IdentityCard | None:
    if c is None:
        return None
    return IdentityCard(card_type=c.card_type, name=c.name, id_number=c.id_number, gender=c.gender,
                        birth_date=c.birth_date, address=c.address, valid_from=c.valid_from,
                        valid_until=None if c.valid_until == "长期" else c.valid_until)


def _reading(page: PageCase) -> DocumentReading:
    fields = {}
    for name, f in page.fields.items():
        f = f if isinstance(f, FieldSpec) else FieldSpec(value=f)
        fields[name] = Field(name=name, value=f.value, confidence=f.confidence, raw=f.value, box=_BOX)
    checks = tuple(QualityCheck(code, code not in page.quality_failed, 0.2 if code in page.quality_failed else 0.9,
                                0.5, *(QUALITY_INSTRUCTIONS[code] if code in page.quality_failed else ("", "")))
                   for code in QUALITY_INSTRUCTIONS)
    marks = tuple(Mark(m, _BOX, 0.95) if isinstance(m, str) else Mark(m.kind, _BOX, m.confidence)
                  for m in page.marks)
    return DocumentReading(doc_type=page.doc_type, type_confidence=page.type_confidence, fields=fields,
                           ocr=OcrResult((), 1200, 800, "example"), quality=QualityReport(checks), marks=marks,
                           width=1200, height=800)


def run_examples(catalog: Catalog) -> tuple[list[CaseResult], list[Problem]]:
    """Run every example case under the catalog's examples/ folder."""
    from ..prereview import review   # the pre-review depends on the catalog, not the other way round

    results: list[CaseResult] = []
    problems: list[Problem] = []
    for file in sorted((catalog.root / "examples").glob("*.yaml")):
        parsed = load_model(file, ExampleFile, problems)
        if parsed is None:
            continue
        example, data = parsed
        source = str(file)
        if example.matter not in catalog:
            problems.append(Problem(source, yamlsource.line_of(data, ("matter",)), "matter",
                                    f"unknown matter {example.matter!r}"))
            continue
        matter = catalog.get(example.matter)
        for i, case in enumerate(example.cases):
            try:
                facts = case_facts(matter.id, example.base, case.patch)
            except ValidationError as exc:
                line = yamlsource.line_of(data, ("cases", i))
                problems.extend(Problem(source, line, ".".join(map(str, err["loc"])), f"{case.name}: {err['msg']}")
                                for err in exc.errors())
                continue
            got = review(matter, facts)
            ids = sorted({f.rule_id for f in got.findings if f.severity != "info"})
            want = sorted(set(case.expect.findings))
            ok = got.outcome == case.expect.outcome and ids == want
            detail = "" if ok else (f"expected {case.expect.outcome} {want}, got {got.outcome} {ids}; line "
                                    f"{yamlsource.line_of(data, ('cases', i))}")
            results.append(CaseResult(source, matter.id, case.name, ok, case.expect.outcome, tuple(want), detail))
    return results, problems
