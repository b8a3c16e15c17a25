"""Device configuration: every mistake fails at load with a message naming the key."""
import json

import pytest

from devices.config import ConfigError, driver_options, load_config, read_config_file
from devices.idcard.sam_serial import SamSerialReader
from devices.manager import DeviceManager

LOCKER = {"name": "A", "type": "lock-8a", "port": "/dev/ttyUSB1", "boards": [{"address": 1, "locks": 12}]}


def test_a_full_configuration_loads_in_order():
    specs = load_config({
        "id_reader": {"type": "sam-serial", "port": "/dev/ttyUSB0", "baudrate": 115200},
        "printer": {"type": "escpos-network", "host": "192.0.2.10"},
        "lockers": [LOCKER, {**LOCKER, "name": "B", "port": "/dev/ttyUSB2"}],
    })
    assert [(s.name, s.driver.type) for s in specs] == [
        ("id_reader", "sam-serial"), ("printer", "escpos-network"),
        ("locker-A", "lock-8a"), ("locker-B", "lock-8a")]
    assert specs[0].driver is SamSerialReader
    assert specs[0].options == {"port": "/dev/ttyUSB0", "baudrate": 115200}


@pytest.mark.parametrize("config, message", [
    ({"id_readr": {"type": "sam-serial"}}, "unknown device section 'id_readr'"),
    ({"id_reader": {"port": "/dev/ttyUSB0"}}, "id_reader.type is missing"),
    ({"id_reader": {"type": "sam-parallel", "port": "x"}},
     "id_reader.type: unknown id reader type 'sam-parallel'.*sam-serial"),
    ({"id_reader": {"type": "sam-serial"}}, "id_reader.port is missing"),
    ({"id_reader": {"type": "sam-serial", "port": "x", "baud": 9600}}, "id_reader.baud is not an option of sam-serial"),
    ({"id_reader": "sam-serial"}, "id_reader must be a mapping"),
    ({"lockers": LOCKER}, "lockers must be a list"),
    ({"lockers": [{k: v for k, v in LOCKER.items() if k != "name"}]}, r"lockers\[0\].name is missing"),
    ({"lockers": [LOCKER, {**LOCKER, "boards": None}, {k: v for k, v in LOCKER.items() if k != "port"}]},
     r"lockers\[2\].port is missing"),
    ({"lockers": [LOCKER, LOCKER]}, "device names used twice: locker-A"),
    ([("id_reader", {})], "must be a mapping of sections"),
])
def test_mistakes_name_the_key(config, message):
    with pytest.raises(ConfigError, match=message):
        load_config(config)


def test_a_switched_off_section_is_skipped():
    assert load_config({"camera": None}) == []


def test_option_values_the_driver_rejects_fail_when_the_manager_is_built():
    with pytest.raises(ConfigError, match="id_reader: retries must be"):
        DeviceManager({"id_reader": {"type": "sam-serial", "port": "x", "retries": -1}})


def test_a_photo_decoder_that_cannot_be_imported_fails_when_the_manager_is_built():
    with pytest.raises(ConfigError, match="id_reader: photo_decoder module 'nowhere'"):
        DeviceManager({"id_reader": {"type": "sam-serial", "port": "x", "photo_decoder": "nowhere:decode"}})


def test_driver_options_follow_shared_options_up_the_class_chain():
    accepted, required = driver_options(SamSerialReader)
    assert required == {"port"}
    assert {"baudrate", "timeout", "retries", "photo_decoder"} <= accepted


def test_json_and_toml_files(tmp_path):
    (tmp_path / "devices.json").write_text(json.dumps({"id_reader": {"type": "sam-serial", "port": "/dev/ttyS0"}}))
    (tmp_path / "kiosk.toml").write_text(
        '[devices.id_reader]\ntype = "sam-serial"\nport = "/dev/ttyS0"\n\n'
        '[[devices.lockers]]\nname = "A"\ntype = "lock-8a"\nport = "/dev/ttyUSB1"\n'
        'boards = [{address = 1, locks = 12}]\n')
    assert read_config_file(tmp_path / "devices.json") == {"id_reader": {"type": "sam-serial", "port": "/dev/ttyS0"}}
    toml = read_config_file(tmp_path / "kiosk.toml")
    assert [s.name for s in load_config(toml)] == ["id_reader", "locker-A"]


@pytest.mark.parametrize("name, text, message", [
    ("missing.json", None, "cannot read"),
    ("broken.json", "{", "broken.json"),
    ("broken.toml", "[id_reader", "broken.toml"),
    ("list.json", "[]", "expected a table"),
])
def test_unreadable_files(tmp_path, name, text, message):
    if text is not None:
        (tmp_path / name).write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_config_file(tmp_path / name)
