"""kiosk-devices against the simulators, in process and as ``python -m devices``."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from devices.cli import main
from devices.samples import sample

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_simulated_device_healthy(capsys):
    code, out, _ = run(capsys, "--simulate", "list")
    assert code == 0
    rows = {line.split()[0]: line.split()[2] for line in out.splitlines()}
    assert rows == {"id_reader": "ok", "camera": "ok", "printer": "ok", "locker-A": "ok"}


def test_probe_names_the_sam(capsys):
    code, out, _ = run(capsys, "--simulate", "probe", "id_reader")
    assert code == 0 and out.startswith("SAM 05.01-")


def test_read_card_masks_personal_data(capsys):
    card = sample("hk-permit").card
    code, out, _ = run(capsys, "--simulate", "--card", "hk-permit", "read-card")
    view = json.loads(out)
    assert code == 0
    assert view["card_type"] == "hmt_permit" and view["extra"]["permit_number"] == "H60123456"
    assert view["id_number"] == card.id_number[:4] + "*" * 10 + card.id_number[-4:]
    assert card.name not in out and card.address not in out
    assert view["photo"] == "1024 bytes (wlt)"


def test_read_card_can_show_personal_data(capsys):
    code, out, _ = run(capsys, "--simulate", "--card", "young-hangzhou", "read-card", "--show-personal-data")
    assert code == 0 and json.loads(out)["name"] == sample("young-hangzhou").card.name


def test_read_card_without_a_card_fails_with_a_hint(capsys):
    code, _, err = run(capsys, "--simulate", "read-card", "--wait", "0")
    assert code == 1
    assert "CardNotPresent" in err and "hint:" in err


@pytest.fixture
def simulations(monkeypatch):
    """The Simulations the CLI starts, so a test can look at what the simulated devices saw."""
    from devices import simulation

    started = []
    original = simulation.Simulation.start

    def start(self):
        started.append(self)
        return original(self)

    monkeypatch.setattr(simulation.Simulation, "start", start)
    return started


def test_print_test_reaches_the_printer(capsys, simulations):
    code, out, _ = run(capsys, "--simulate", "print-test")
    assert code == 0 and out.strip() == "printed"
    [job] = simulations[0].printer.jobs
    assert "打印测试" in job.text and job.qr_codes == ["kiosk-devices print-test"]


def test_open_locker(capsys, simulations):
    code, out, _ = run(capsys, "--simulate", "open-locker", "A", "7")
    assert code == 0 and "compartment 7 unlocked" in out
    assert simulations[0].lockers["A"].pulses == [(1, 7)]
    assert not simulations[0].lockers["A"].door_closed(7)


@pytest.mark.parametrize("argv, message", [
    (["--simulate", "open-locker", "Z", "1"], "no locker bank 'Z'"),
    (["--simulate", "probe", "scanner"], "no device 'scanner'"),
    (["list"], "give --config PATH or --simulate"),
])
def test_usage_mistakes_exit_2(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2 and message in err


def test_config_file_with_a_missing_port(capsys, tmp_path):
    path = tmp_path / "devices.json"
    path.write_text(json.dumps({"id_reader": {"type": "sam-serial", "port": str(tmp_path / "ttyUSB0")}}))
    code, out, _ = run(capsys, "--config", str(path), "list")
    assert code == 1
    assert "UNAVAILABLE" in out and "DeviceNotFound" in out


def test_config_file_pointing_at_a_simulator(capsys, tmp_path, sam_sim):
    sam_sim.place(sample("foreign-2017").card)
    path = tmp_path / "devices.toml"
    path.write_text(f'[id_reader]\ntype = "sam-serial"\nport = "{sam_sim.port}"\n')
    code, out, _ = run(capsys, "--config", str(path), "read-card")
    assert code == 0 and json.loads(out)["card_type"] == "foreign_2017"


def test_card_needs_simulate():
    with pytest.raises(SystemExit) as info:
        main(["--card", "hk-permit", "list"])
    assert info.value.code == 2


def test_simulate_prints_a_configuration_the_manager_accepts(capsys):
    from devices.config import load_config

    code, out, _ = run(capsys, "simulate", "--kinds", "id_reader", "printer", "--for", "0")
    config = json.loads(out)
    assert code == 0 and set(config) == {"id_reader", "printer"}
    assert [s.name for s in load_config(config)] == ["id_reader", "printer"]


def test_python_dash_m_devices_runs_the_cli():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "devices", "simulate", "--kinds", "id_reader", "--for", "0"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id_reader"]["type"] == "sam-serial"
