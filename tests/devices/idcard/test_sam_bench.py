"""The SAM benchmark runs end to end (its figures are printed, not asserted)."""
from devices.idcard.sam_bench import main


def test_benchmark_prints_its_four_figures(capsys):
    main(["--rounds", "3", "--watch-rounds", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "decode a 1295-byte read answer",
        "read_once find+select+read, unpaced pty",
        "read_once find+select+read, paced at 115200 baud",
        "placed → card_placed, poll every 0.3 s",
    ]
    assert all("median" in line and "p95" in line for line in lines)
