"""The kiosk's Flask application: create_app() reads configuration in layers, opens storage,
wires devices, OCR and the domain services, and registers the screens."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from kiosk.config import DEFAULTS, load_environment, load_instance_file
from kiosk.keys import load_keyring

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder="web/static")
    app.config.from_mapping(DEFAULTS)
    app.config.update(load_instance_file(app.instance_path))
    app.config.update(load_environment())
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    _fill_instance_defaults(app)
    keyring = load_keyring(app.config, [Path(app.instance_path), Path(app.config["SCAN_DIR"])],
                           legacy_file=Path(app.instance_path) / "secret_key")
    # Cookies and CSRF tokens are signed with a key of their own, never with the master key.
    app.config["SECRET_KEY"] = keyring.derive("sessions")

    from kiosk import wiring
    from kiosk.web import register_web

    wiring.init_app(app, keyring)
    register_web(app)

    from kiosk.commands import register_commands
    register_commands(app)
    return app


def _fill_instance_defaults(app: Flask) -> None:
    """Defaults that depend on where the instance folder is."""
    instance = Path(app.instance_path)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'kiosk.sqlite3'}"
    if not app.config.get("SCAN_DIR"):
        app.config["SCAN_DIR"] = str(instance / "scans")
    pinyin = app.config.get("INPUT_PINYIN")
    if pinyin and pinyin.get("type") == "rime" and "user_dir" not in pinyin:
        app.config["INPUT_PINYIN"] = {**pinyin, "user_dir": str(instance / "rime")}
    if not app.config.get("AUDIT_CHECKPOINT_FILE"):
        app.config["AUDIT_CHECKPOINT_FILE"] = str(instance / "audit-checkpoints.jsonl")
