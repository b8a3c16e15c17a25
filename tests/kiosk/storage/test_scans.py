import hashlib
import os

import pytest

from kiosk.storage.scans import ScanStore
from kiosk.storage.sealing import new_data_key

KEY = new_data_key()


def test_put_get_delete(tmp_path):
    store = ScanStore(tmp_path)
    scan_id, digest = store.put(b"image bytes", KEY)
    assert digest == hashlib.sha256(b"image bytes").hexdigest()
    assert store.get(scan_id, KEY) == b"image bytes"
    store.delete(scan_id)
    assert not store.exists(scan_id)


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    store = ScanStore(tmp_path)

    def power_cut(fd):
        raise OSError("power cut")

    monkeypatch.setattr(os, "fsync", power_cut)
    with pytest.raises(OSError):
        store.put(b"half written", KEY)
    monkeypatch.undo()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_temporary_leftovers_are_swept(tmp_path):
    store = ScanStore(tmp_path)
    (tmp_path / "ab").mkdir()
    (tmp_path / "ab" / ".tmp-crashed").write_bytes(b"x")
    assert store.sweep_temporary() == 1


@pytest.mark.parametrize("bad", ["../../etc/passwd", "abc.jpg", "0" * 32 + ".exe"])
def test_ids_cannot_escape_the_folder(tmp_path, bad):
    with pytest.raises(ValueError):
        ScanStore(tmp_path).get(bad, KEY)
