"""The master key: where it may come from, what is refused, and one derived key per purpose."""
from __future__ import annotations

import os

import pytest

from kiosk import create_app
from kiosk.keys import KeyConfigError, Keyring, load_keyring


def make(tmp_path, **config):
    base = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}",
            "SCAN_DIR": str(tmp_path / "scans")}
    return create_app({**base, **config}, instance_path=str(tmp_path / "instance"))


@pytest.mark.parametrize("short", ["12345", "a" * 31])
def test_a_short_key_from_the_environment_is_refused_with_a_clear_message(tmp_path, monkeypatch, short):
    monkeypatch.setenv("KIOSK_SECRET_KEY", short)      # "12345" parses as a number: it used to crash
    with pytest.raises(KeyConfigError, match="at least 32 bytes"):
        make(tmp_path)


def test_a_key_of_32_bytes_from_the_environment_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_SECRET_KEY", "k" * 32)
    app = make(tmp_path)
    assert app.extensions["kiosk"].keys.derive("sessions") == Keyring(b"k" * 32).derive("sessions")
    assert app.secret_key == Keyring(b"k" * 32).derive("sessions")     # never the master itself
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_without_a_key_one_is_made_in_a_key_file_of_its_own(tmp_path):
    key_file = tmp_path / "etc" / "master.key"
    first = make(tmp_path, KEY_FILE=str(key_file)).extensions["kiosk"].keys
    assert key_file.stat().st_mode & 0o777 == 0o600 and len(key_file.read_bytes().strip()) >= 32
    again = make(tmp_path, KEY_FILE=str(key_file)).extensions["kiosk"].keys
    assert first.derive("data") == again.derive("data")


def test_a_key_file_others_can_read_is_refused(tmp_path):
    key_file = tmp_path / "master.key"
    key_file.write_text("x" * 64)
    os.chmod(key_file, 0o644)
    with pytest.raises(KeyConfigError, match="chmod 600"):
        make(tmp_path, KEY_FILE=str(key_file))


def test_a_key_file_inside_the_data_folder_is_refused(tmp_path):
    with pytest.raises(KeyConfigError, match="inside the data folder"):
        make(tmp_path, KEY_FILE=str(tmp_path / "instance" / "master.key"))


def test_the_key_an_earlier_version_kept_beside_the_data_is_moved_out(tmp_path):
    (tmp_path / "instance").mkdir()
    legacy = tmp_path / "instance" / "secret_key"
    legacy.write_text("f" * 64)
    key_file = tmp_path / "etc" / "master.key"
    keys = make(tmp_path, KEY_FILE=str(key_file)).extensions["kiosk"].keys
    assert not legacy.exists() and key_file.read_text() == "f" * 64
    assert keys.derive("lookup") == Keyring(b"f" * 64).derive("lookup")


def test_each_purpose_has_its_own_key():
    keys = Keyring(os.urandom(32))
    derived = {p: keys.derive(p) for p in ("sessions", "lookup", "pickup", "audit", "audit-signing", "data")}
    assert len(set(derived.values())) == len(derived) and all(len(k) == 32 for k in derived.values())
    assert "Keyring(<hidden>)" == repr(keys)


def test_the_services_use_derived_keys_not_the_master(tmp_path):
    master = "m" * 40
    services = make(tmp_path, SECRET_KEY=master).extensions["kiosk"]
    keys = Keyring(master.encode())
    assert services.applications.settings.secret == keys.derive("lookup")
    assert services.lockers.settings.secret == keys.derive("pickup")
    assert services.audit.key == keys.derive("audit")
    assert master.encode() not in (services.applications.settings.secret, services.lockers.settings.secret)


def test_load_keyring_reads_a_bytes_key():
    assert load_keyring({"SECRET_KEY": b"b" * 32}, []).derive("x") == Keyring(b"b" * 32).derive("x")
