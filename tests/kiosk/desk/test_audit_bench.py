"""The audit benchmark runs on a scratch database and prints its figures."""
from kiosk.services import audit_bench


def test_bench_prints_rates_and_an_intact_chain(capsys):
    audit_bench.main(["--writers", "2", "--entries", "20"])
    out = capsys.readouterr().out
    assert "20 appends by 2 writers" in out and "verify 20 entries intact" in out
