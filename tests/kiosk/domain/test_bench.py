"""The pre-review benchmark runs over the shipped examples and prints its figures."""
from kiosk.domain.prereview import bench


def test_bench_prints_the_median(capsys):
    bench.main(["--rounds", "1"])
    out = capsys.readouterr().out
    assert "example applications" in out and "median" in out and "ms" in out
