"""Safe defaults: no devices until configured, SQLite in the instance folder, the real OCR engine.

Layers, later ones winning: these defaults → the per-kiosk ``kiosk.toml`` in the instance
folder (outside git) → ``KIOSK_*`` environment variables → the test dict given to create_app.
Nothing here is read at import time by other modules.
"""
from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

DEFAULTS: dict = {
    # Web
    "SECRET_KEY": None,                 # the master key (≥ 32 bytes), e.g. from KIOSK_SECRET_KEY; else KEY_FILE
    "KEY_FILE": None,                   # default ~/.config/govkiosk/master.key, created on first start (kiosk.keys)
    "BABEL_DEFAULT_LOCALE": "zh_CN",
    "LANGUAGES": ["zh_CN", "en"],
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,   # a staff session ends this long after log-in (a shift)
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,   # uploads in the simulation panel, signatures
    "TRUSTED_PROXIES": 0,               # reverse proxies in front (X-Forwarded-For/-Proto trusted from this many)
    # Staff desk
    "STAFF_IDLE_SECONDS": 15 * 60,      # a staff session left untouched this long logs out
    "STAFF_LOGIN_ATTEMPTS": 5,          # wrong passwords for one user name within the lock time…
    "STAFF_LOGIN_LOCK_SECONDS": 15 * 60,  # …lock that name this long (persisted, from every address)
    "STAFF_WARNING_DAYS": 2,            # a case this close to its promised date shows yellow
    "SAMPLING_RATE": 0.1,               # share of instantly approved / commitment cases drawn for checking
    # Storage
    "DATABASE_URL": None,               # default: sqlite:///<instance>/kiosk.sqlite3
    "SCAN_DIR": None,                   # default: <instance>/scans
    # Audit: the signed head of the chain is written here (outside the database) this often
    "AUDIT_CHECKPOINT_FILE": None,      # default: <instance>/audit-checkpoints.jsonl
    "AUDIT_CHECKPOINT_SECONDS": 3600,
    # Kiosk
    "TERMINAL_ID": "K01",
    "HALL_REGION": "330106",           # GB/T 2260 code of the hall (Hangzhou, Xihu district)
    "IDLE_SECONDS": 90,                 # no touch for this long → countdown
    "IDLE_COUNTDOWN_SECONDS": 15,       # then the visit ends
    "RECEIPT_SECONDS": 60,              # the receipt screen ends the visit after this long untouched
    "CLIENT_TOKEN": None,               # the screen's browser proves it is the kiosk's; default: new each start
    "AUTO_CAPTURE": True,
    "CATALOG_DIR": str(Path(__file__).parent / "catalog"),
    "PUBLIC_BASE_URL": None,            # printed into receipt QR codes; default: where the kiosk is served
    "RECEIPT_REPRINT_SECONDS": 600,     # a receipt a crash left unprinted is printed at restart within this
    # Promised times count working days by the chinesecalendar package; for a year it does not know
    # yet, the State Council's notice is entered here (TOML dates), else Monday to Friday counts.
    "HOLIDAYS": [],
    "EXTRA_WORKDAYS": [],               # weekend days worked in exchange (调休)
    # Devices: a table of real devices, or "simulation" (wire-level simulators the real drivers
    # talk to), asked for explicitly. None: the kiosk refuses to start.
    "DEVICES": None,
    "START_DEVICES": True,
    # OCR
    "OCR_ENGINE": "rapidocr",
    "OCR_OPTIONS": {},
    "OCR_MAX_PIXELS": 40_000_000,
    # Chinese input on the on-screen keyboard (ime/): {"type": name, **options}, or None for none.
    # rime's user_dir (its compiled schema) defaults to <instance>/rime.
    "INPUT_PINYIN": {"type": "rime"},
    "INPUT_HANDWRITING": {"type": "zinnia"},
}


def load_instance_file(instance_path: str) -> dict:
    path = Path(instance_path) / "kiosk.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return {k.upper(): v for k, v in tomllib.load(fh).items()}


def load_environment(environ=os.environ) -> dict:
    """``KIOSK_FOO=bar`` sets FOO; values that parse as JSON (numbers, lists, objects) are parsed."""
    out = {}
    for key, raw in environ.items():
        if not key.startswith("KIOSK_") or key in ("KIOSK_TEST_DATABASE_URL", "KIOSK_HARDWARE_TESTS"):
            continue
        name = key[len("KIOSK_"):]
        try:
            out[name] = json.loads(raw)
        except ValueError:
            out[name] = raw
    return out
