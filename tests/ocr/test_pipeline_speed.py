"""The speed script runs and reports what it promises (figures themselves are not asserted)."""
import re

from ocr import speed


def test_speed_script_prints_medians_stages_and_accuracy(capsys):
    speed.main(["--samples", "1", "--variants", "clean"])
    out = capsys.readouterr().out
    for kind in ("id_card", "a4"):
        line = next(l for l in out.splitlines() if l.startswith(f"{kind}: "))
        assert re.search(r"median \d+ ms, p95 \d+ ms, fastest \d+ ms over 1 reads", line)
        assert re.search(r"fields exact (\d+)/\1", line)     # a clean page reads exactly
    assert "card fast path held 1/1" in out
    assert re.search(r"stages \(median ms\): decode \d+, rectify \d+, quality \d+, card_fast_path \d+", out)
    assert "load average" in out


def test_percentile_picks_the_nearest_rank():
    assert speed.percentile([5, 1, 3, 2, 4], 0.95) == 5
    assert speed.percentile([5, 1, 3, 2, 4], 0.5) == 3
