"""Safe defaults: simulated devices, SQLite in the instance folder, the real OCR engine.

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
    "SECRET_KEY": None,                 # generated once per instance folder when not set
    "BABEL_DEFAULT_LOCALE": "zh_CN",
    "LANGUAGES": ["zh_CN", "en"],
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": 8 * 3600,   # staff sessions expire after a shift
    "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,   # uploads in the simulation panel, signatures
    # Staff desk
    "STAFF_IDLE_SECONDS": 15 * 60,      # a staff session left untouched this long logs out
    "STAFF_WARNING_DAYS": 2,            # a case this close to its promised date shows yellow
    "SAMPLING_RATE": 0.1,               # share of instantly approved / commitment cases drawn for checking
    # Storage
    "DATABASE_URL": None,               # default: sqlite:///<instance>/kiosk.sqlite3
    "SCAN_DIR": None,                   # default: <instance>/scans
    # Kiosk
    "TERMINAL_ID": "K01",
    "HALL_REGION": "330106",           # GB/T 2260 code of the hall (Hangzhou, Xihu district)
    "IDLE_SECONDS": 90,                 # no touch for this long → countdown
    "IDLE_COUNTDOWN_SECONDS": 15,       # then the session is wiped
    "AUTO_CAPTURE": True,
    "CATALOG_DIR": str(Path(__file__).parent / "catalog"),
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",  # printed into receipt QR codes
    "RECEIPT_REPRINT_SECONDS": 600,     # a receipt a crash left unprinted is printed at restart within this
    # Devices: "simulation" starts wire-level simulators and points the real drivers at them.
    "DEVICES": "simulation",
    "START_DEVICES": True,
    # OCR
    "OCR_ENGINE": "rapidocr",
    "OCR_OPTIONS": {},
    "OCR_MAX_PIXELS": 40_000_000,
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
