"""Page images on the local disk, sealed, written atomically and addressed by an opaque id.

A scan is written to a temporary file in the same folder, flushed and fsynced, then renamed
into place, and the folder is fsynced: after a power cut a scan is either whole or absent.
The database refers to scans by id; the id carries no personal data. The file holds the image
sealed (AES-GCM, kiosk.storage.sealing) with the data key of its draft, bound to its id.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Iterator

from kiosk.storage.sealing import seal, unseal

_ID = re.compile(r"^[0-9a-f]{32}\.(jpg|png)$")


class ScanStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def put(self, data: bytes, key: bytes, suffix: str = "jpg") -> tuple[str, str]:
        """Store bytes sealed with ``key``; returns (scan id, sha256 hex of the image)."""
        scan_id = f"{secrets.token_hex(16)}.{suffix}"
        path = self._path(scan_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(seal(key, data, scan_id.encode()))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(path.parent)
        return scan_id, hashlib.sha256(data).hexdigest()

    def get(self, scan_id: str, key: bytes) -> bytes:
        """The image; SealError when the file does not open with ``key``."""
        return unseal(key, self._path(scan_id).read_bytes(), scan_id.encode())

    def path(self, scan_id: str) -> Path:
        return self._path(scan_id)

    def delete(self, scan_id: str) -> None:
        self._path(scan_id).unlink(missing_ok=True)

    def exists(self, scan_id: str) -> bool:
        return self._path(scan_id).exists()

    def sweep_temporary(self) -> int:
        """Remove temporary files a crash left behind; returns how many."""
        count = 0
        for tmp in self.root.rglob(".tmp-*"):
            tmp.unlink(missing_ok=True)
            count += 1
        return count

    def clock(self) -> float:
        """Now, as this folder's file system stamps files: its coarse clock can lag time.time()
        by a tick, so a file written just after time.time() may look older than it."""
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        try:
            return os.fstat(fd).st_mtime
        finally:
            os.close(fd)
            os.unlink(tmp)

    def files_older_than(self, moment: float) -> Iterator[str]:
        """Ids of the scans last written before ``moment`` (a ``clock()`` value), lazily."""
        for folder in self.root.iterdir():
            if not folder.is_dir():
                continue
            with os.scandir(folder) as entries:
                for entry in entries:
                    if _ID.match(entry.name) and entry.stat().st_mtime < moment:
                        yield entry.name

    def _path(self, scan_id: str) -> Path:
        if not _ID.match(scan_id):
            raise ValueError("not a scan id")
        return self.root / scan_id[:2] / scan_id


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
