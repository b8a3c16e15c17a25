"""The adversarial case set and its scorer: coverage, independence, and the targets on a fixed sample."""
import ast
from pathlib import Path

from kiosk.domain.prereview import scorecard
from kiosk.domain.prereview.adversarial import Defect, generate
from kiosk.domain.prereview.findings import Finding
from kiosk.domain.catalog.schema import Text

ADVERSARIAL = Path(scorecard.__file__).parent / "adversarial"


def test_each_part_covers_every_matter_and_bundle_with_clean_and_planted_cases(catalog):
    for part in ("development", "held_out"):
        cases = generate(part)
        assert len(cases) >= 600
        assert {c.matter_id for c in cases} == {m.id for m in catalog.all()}
        assert sum(c.clean for c in cases) / len(cases) >= 0.4
        kinds = {d.kind for c in cases for d in c.defects}
        assert len(kinds) >= 25
        assert all(1 <= len(c.defects) <= 2 for c in cases if not c.clean)


def test_parts_are_fixed_and_distinct():
    first, again = generate("held_out", 20), generate("held_out", 20)
    assert [(c.id, c.facts, c.defects) for c in first] == [(c.id, c.facts, c.defects) for c in again]
    other = generate("development", 20)
    assert {c.facts.card.id_number for c in first}.isdisjoint({c.facts.card.id_number for c in other})


def test_the_case_set_neither_reads_the_examples_nor_runs_the_review():
    for source in ADVERSARIAL.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        imported = {(node.module or "") for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not any("examples" in name or name in ("..engine", "...prereview", "..") or "engine" in name
                       for name in imported), (source.name, imported)
        assert "review(" not in source.read_text(encoding="utf-8")


def test_a_defect_counts_only_when_a_finding_points_at_its_material_and_page():
    defect = Defect("name_one_char", (("residence_proof", 1),))
    at = Finding("consistency.name", "consistency", "block", Text(zh="x", en="x"), material_id="residence_proof", page=1)
    elsewhere = Finding("consistency.name", "consistency", "block", Text(zh="x", en="x"), material_id="id_card", page=1)
    other_page = Finding("x", "type", "block", Text(zh="x", en="x"), material_id="residence_proof", page=2)
    assert scorecard.reported(defect, [at], {"residence_proof": 1})
    assert not scorecard.reported(defect, [elsewhere, other_page], {"residence_proof": 2})
    assert scorecard.reported(Defect("ineligible_age", (("*", None),)), [elsewhere], {})


def test_the_review_meets_the_targets_on_a_fixed_held_out_sample(catalog):
    score = scorecard.score("held_out", generate("held_out", 240), catalog)
    assert score.defective > 80 and score.clean > 80
    assert score.passed == [] and score.instant == []
    assert score.clean_flag_rate <= 0.02, score.clean_flagged


def test_the_scorecard_prints_its_figures(capsys):
    scorecard.main(["--part", "held_out", "--count", "40"])
    out = capsys.readouterr().out
    for label in ("(a)", "(b)", "(c)", "(d)", "p95"):
        assert label in out
