"""The passport benchmark runs and prints its figures (the figures themselves are not asserted)."""
from devices.idcard.emrtd_bench import main


def test_bench_prints_in_process_figures(capsys):
    assert main(["--rounds", "2", "--no-pcsc"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert all("chip read in-process" in line and "median" in line and "(n=2)" in line for line in lines)


def test_bench_reports_a_missing_reader_instead_of_failing(capsys):
    assert main(["--rounds", "1", "--reader", "No Such Reader 99"]) == 0
    assert "skipped" in capsys.readouterr().out.splitlines()[-1]
