"""The kiosk's master key and the keys derived from it, one per purpose.

The master key never lives in the data folder, so a copy of the database and the scans yields no
key: it comes from ``SECRET_KEY`` (``KIOSK_SECRET_KEY`` in the environment, e.g. from a systemd
credential) or from a key file of its own (``KEY_FILE``, default ``~/.config/govkiosk/master.key``),
readable by the kiosk's user only. Each use gets its own key through HKDF-SHA256, so a key that
leaks from one use (the session-cookie key) says nothing about another (the data keys).

Purposes in use: ``sessions`` (Flask's cookie signing and CSRF), ``lookup`` (the keyed hash of an
ID number), ``pickup`` (the keyed hash of a locker pickup code), ``audit`` (the audit chain's
HMAC), ``audit-signing`` (the Ed25519 key of audit checkpoints), ``data`` (wraps the data keys).
"""
from __future__ import annotations

import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

log = logging.getLogger(__name__)

MIN_BYTES = 32


class KeyConfigError(Exception):
    """The master key is missing, too short or kept where it must not be; the message says what to do."""


class Keyring:
    """The master key, held in memory only, and ``derive(purpose)`` for every use of it."""

    def __init__(self, master: bytes):
        if len(master) < MIN_BYTES:
            raise KeyConfigError(f"the kiosk's secret key has {len(master)} bytes; it needs at least {MIN_BYTES} bytes "
                                 f"(make one with: python -c 'import secrets; print(secrets.token_hex(32))')")
        self._master = master
        self.derive = lru_cache(maxsize=None)(self._derive)

    def _derive(self, purpose: str) -> bytes:
        """32 bytes for one purpose; the same purpose always gives the same key."""
        if not purpose:
            raise ValueError("a key needs a purpose")
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=b"govkiosk/" + purpose.encode()).derive(self._master)

    def __repr__(self) -> str:   # never the key itself, not even in a traceback
        return "Keyring(<hidden>)"


def default_key_file() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "govkiosk" / "master.key"


def load_keyring(config: dict, data_folders: list[Path], legacy_file: Path | None = None) -> Keyring:
    """The keyring from SECRET_KEY, else from KEY_FILE (created, mode 0600, on first start).

    ``legacy_file`` is where earlier versions kept the key, beside the data: it is moved to KEY_FILE.
    """
    secret = config.get("SECRET_KEY")
    if secret:
        if not isinstance(secret, (str, bytes)):
            raise KeyConfigError("SECRET_KEY must be text of at least 32 bytes, not a number "
                                 f"(KIOSK_SECRET_KEY={type(secret).__name__})")
        return Keyring(secret.encode() if isinstance(secret, str) else secret)
    path = Path(config.get("KEY_FILE") or default_key_file()).expanduser().resolve()
    for folder in data_folders:
        if path.is_relative_to(folder.resolve()):
            raise KeyConfigError(f"the key file {path} is inside the data folder {folder}: a backup of the "
                                 "data would carry its key. Move it and point KEY_FILE at it.")
    if legacy_file is not None and legacy_file.exists() and not path.exists():
        _create_key_file(path, legacy_file.read_text().strip())
        legacy_file.unlink()
        log.warning("moved the master key from %s to %s", legacy_file, path)
    if not path.exists():
        _create_key_file(path, secrets.token_hex(32))
        log.warning("created a new master key in %s: keep it, and a copy of it apart from the backups", path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise KeyConfigError(f"the key file {path} can be read by others (mode {mode:o}); run: chmod 600 {path}")
    return Keyring(path.read_bytes().strip())


def _create_key_file(path: Path, key: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
