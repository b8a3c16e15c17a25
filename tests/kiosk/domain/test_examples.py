"""Every example case shipped with the catalog gives its expected findings and outcome."""
import pytest

from kiosk.domain.catalog import DEFAULT_DIR, load_catalog
from kiosk.domain.catalog.examples import run_examples

_RESULTS, _PROBLEMS = run_examples(load_catalog(DEFAULT_DIR))


def test_example_files_are_well_formed():
    assert _PROBLEMS == []


@pytest.mark.parametrize("result", _RESULTS, ids=[f"{r.matter_id}: {r.name}" for r in _RESULTS])
def test_example_case(result):
    assert result.passed, result.detail


def test_every_matter_ships_a_passing_case_and_several_failing_ones(catalog):
    for matter in catalog.all():
        mine = [r for r in _RESULTS if r.matter_id == matter.id]
        assert any(r.expected_outcome != "blocked" for r in mine), f"{matter.id}: no case that may be submitted"
        assert sum(1 for r in mine if r.expected) >= 3, f"{matter.id}: fewer than 3 failing cases"
