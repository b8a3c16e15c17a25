"""The kiosk's Flask application: create_app() reads configuration in layers, opens storage,
wires devices, OCR and the domain services, and registers the screens."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from kiosk.config import DEFAULTS, load_environment, load_instance_file

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

    from kiosk import wiring
    from kiosk.web import register_web

    wiring.init_app(app)
    register_web(app)

    from kiosk.commands import register_commands
    register_commands(app)
    return app


def _fill_instance_defaults(app: Flask) -> None:
    """Defaults that depend on where the instance folder is."""
    instance = Path(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        key_file = instance / "secret_key"
        if not key_file.exists():
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'kiosk.sqlite3'}"
    if not app.config.get("SCAN_DIR"):
        app.config["SCAN_DIR"] = str(instance / "scans")
    pinyin = app.config.get("INPUT_PINYIN")
    if pinyin and pinyin.get("type") == "rime" and "user_dir" not in pinyin:
        app.config["INPUT_PINYIN"] = {**pinyin, "user_dir": str(instance / "rime")}
