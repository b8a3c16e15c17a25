"""Aggregating outcomes into per-type figures, ratios against Tesseract, and the targets."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from ocr.bench.corpus import A4_TYPES, CARD_TYPES
from ocr.bench.metrics import median, percentile
from ocr.bench.runner import Outcome

PRIMARY = "pipeline"
PEER = "tesseract"
GROUPS = {"ID card": CARD_TYPES, "A4 pages": A4_TYPES}


def summarise(outcomes: Sequence[Outcome]) -> dict:
    """Figures for one set of outcomes (one system, one type or group)."""
    fields = sum(len(o.fields) for o in outcomes)
    correct = sum(o.correct_fields for o in outcomes)
    id_pairs = [(e, g) for o in outcomes for n, (e, g) in o.fields.items() if n.endswith("id_number")]
    cers = [o.cer for o in outcomes if o.cer is not None]
    line_cers = [o.line_cer for o in outcomes if o.line_cer is not None]
    times = [o.ms for o in outcomes]
    return {
        "documents": len(outcomes),
        "field_accuracy": correct / fields if fields else None,
        "fields": fields,
        "id_number_accuracy": sum(e == g for e, g in id_pairs) / len(id_pairs) if id_pairs else None,
        "cer": sum(cers) / len(cers) if cers else None,
        "line_cer": sum(line_cers) / len(line_cers) if line_cers else None,
        "type_accuracy": sum(o.predicted_type == o.doc_type for o in outcomes) / len(outcomes) if outcomes else None,
        "median_ms": median(times),
        "p95_ms": percentile(times, 0.95),
    }


def aggregate(outcomes: Sequence[Outcome]) -> dict:
    by: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by[(o.system, o.doc_type)].append(o)
        by[(o.system, "all")].append(o)
        for group, types in GROUPS.items():
            if o.doc_type in types:
                by[(o.system, group)].append(o)
    table: dict[str, dict[str, dict]] = defaultdict(dict)
    for (system, key), items in by.items():
        table[system][key] = summarise(items)
    return table


def targets(table: dict) -> list[dict]:
    """The project's targets, judged on the full pipeline's figures (``met`` None: not measured)."""
    p = table.get(PRIMARY, {})
    card, a4, everything = p.get("ID card", {}), p.get("A4 pages", {}), p.get("all", {})
    rows = [
        ("ID-card fields exact (all variants)", card.get("field_accuracy"), ">=", 0.995, "{:.1%}"),
        ("ID number exact (all variants)", card.get("id_number_accuracy"), ">=", 1.0, "{:.1%}"),
        ("A4 character error rate (printed lines)", a4.get("line_cer"), "<=", 0.01, "{:.2%}"),
        ("document type", everything.get("type_accuracy"), ">=", 0.99, "{:.1%}"),
        ("ID card median latency (ms)", card.get("median_ms"), "<=", 250, "{:.0f}"),
        ("A4 median latency (ms)", a4.get("median_ms"), "<=", 1000, "{:.0f}"),
    ]
    out = []
    for name, value, op, goal, fmt in rows:
        known = value is not None and not (isinstance(value, float) and math.isnan(value))
        met = known and (value >= goal if op == ">=" else value <= goal)
        out.append({"target": f"{name} {op} {fmt.format(goal)}", "value": fmt.format(value) if known else "n/a",
                    "met": bool(met) if known else None})
    return out


def ratios(table: dict) -> dict:
    """Each system against Tesseract per group: accuracy ×, error ×, speed ×."""
    peer = table.get(PEER, {})
    out: dict[str, dict] = {}
    for system, rows in table.items():
        if system == PEER:
            continue
        for key in ("ID card", "A4 pages", "all"):
            mine, theirs = rows.get(key), peer.get(key)
            if not mine or not theirs:
                continue
            out.setdefault(system, {})[key] = {
                "field_accuracy_x": _ratio(mine["field_accuracy"], theirs["field_accuracy"]),
                "cer_x": _ratio(mine["line_cer"], theirs["line_cer"]),
                "speed_x": _ratio(theirs["median_ms"], mine["median_ms"]),
            }
    return out


def _ratio(a, b):
    if a is None or b is None or b == 0 or any(isinstance(v, float) and math.isnan(v) for v in (a, b)):
        return None
    return round(a / b, 3)


def _pct(value, digits=1):
    return "–" if value is None else f"{value:.{digits}%}"


def _ms(value):
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.0f}"


def markdown(table: dict, ratio_table: dict, target_rows: list[dict]) -> str:
    lines = []
    for system, rows in table.items():
        lines += [f"### {system}", "",
                  "| document type | docs | fields exact | ID number | CER lines | CER page | type | median ms | p95 ms |",
                  "|---|---|---|---|---|---|---|---|---|"]
        keys = sorted(k for k in rows if k not in GROUPS and k != "all") + [*GROUPS, "all"]
        for key in keys:
            if key not in rows:
                continue
            s = rows[key]
            label = f"**{key}**" if key in GROUPS or key == "all" else key
            lines.append(f"| {label} | {s['documents']} | {_pct(s['field_accuracy'])} | "
                         f"{_pct(s['id_number_accuracy'])} | {_pct(s['line_cer'], 2)} | {_pct(s['cer'], 2)} | "
                         f"{_pct(s['type_accuracy'])} | "
                         f"{_ms(s['median_ms'])} | {_ms(s['p95_ms'])} |")
        lines.append("")
    if ratio_table:
        lines += ["### against Tesseract (×: accuracy ratio, error ratio, speed-up)", "",
                  "| system | group | fields exact × | CER × | speed × |", "|---|---|---|---|---|"]
        for system, groups in ratio_table.items():
            for key, r in groups.items():
                lines.append(f"| {system} | {key} | {r['field_accuracy_x']} | {r['cer_x']} | {r['speed_x']} |")
        lines.append("")
    lines += ["CER lines: each printed line against the page's OCR text, order-free (recognition errors);",
              "CER page: the whole page in reading order (also counts seal characters and signature strokes",
              "read as text, and rows read in another order).", ""]
    lines += [f"### targets ({PRIMARY})", "", "| target | measured | |", "|---|---|---|"]
    verdict = {True: "MET", False: "NOT MET", None: "not measured in this run"}
    lines += [f"| {t['target']} | {t['value']} | {verdict[t['met']]} |" for t in target_rows]
    return "\n".join(lines)
