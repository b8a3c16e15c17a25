"""The real engines, once per test session (librime keeps one runtime per process anyway)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "input"


@pytest.fixture(scope="session")
def rime(tmp_path_factory):
    from ime.rime import RimePinyin
    return RimePinyin(str(tmp_path_factory.mktemp("rime")))


@pytest.fixture(scope="session")
def zinnia():
    from ime.zinnia import ZinniaHandwriting
    return ZinniaHandwriting()


@pytest.fixture(scope="session")
def strokes():
    """Make Me a Hanzi's stroke medians (a 1024 box), independent of zinnia's training data."""
    return json.loads((SAMPLES / "strokes.json").read_text(encoding="utf-8"))["characters"]
