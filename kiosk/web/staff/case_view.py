"""A case shaped for the desk: form values next to what was read, findings per page."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.compare import comparator
from kiosk.domain.masking import mask_id
from kiosk.web import text_lang
from kiosk.web.presenters import source_label


@dataclass(frozen=True)
class Comparison:
    label: str
    form_value: str
    read_value: str        # what the chip or a material gave, "" when nothing was read
    source: str            # 身份证芯片, or the material's name
    confidence: float | None
    match: bool


def _shown(field_type: str, value: str) -> str:
    return mask_id(value) if field_type == "id_number" else value


def comparisons(matter, app, readings: dict) -> list[Comparison]:
    """Every form field that has a source (chip or material), with the value that source holds."""
    by_material: dict[str, list] = {}
    for page in app.pages:
        if readings.get(page.id) is not None:
            by_material.setdefault(page.material_id, []).append(readings[page.id])
    rows = []
    for f in matter.fields:
        kind, _, rest = (f.prefill or "").partition(".")
        read, confidence = "", None
        if kind == "card" and app.card:
            read = str(app.card.get(rest) or "")
        elif kind == "material":
            material_id, _, name = rest.partition(".")
            for reading in by_material.get(material_id, ()):
                field = reading.fields.get(name)
                if field is not None and field.value:
                    read, confidence = field.value, field.confidence
                    break
        else:
            continue
        value = str(app.form.get(f.id, ""))
        rows.append(Comparison(label=f.label.get(text_lang()), form_value=_shown(f.type, value),
                               read_value=_shown(f.type, read), source=source_label(matter, f.prefill), confidence=confidence,
                               match=not read or not value or comparator(f.type, f.prefill)(value, read)))
    return rows


def page_findings(app) -> dict[tuple[str, int], list[tuple[int, dict]]]:
    """Findings numbered across the case (1, 2, …) and grouped by (material, page) for the overlays."""
    out: dict[tuple[str, int], list[tuple[int, dict]]] = {}
    for n, f in enumerate((app.review or {}).get("findings", []), start=1):
        if f.get("material_id"):
            out.setdefault((f["material_id"], f.get("page") or 1), []).append((n, f))
    return out
