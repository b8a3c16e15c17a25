"""Schema migrations through Alembic, run programmatically (no alembic.ini to keep in sync)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head", *, keyring=None, scans=None) -> None:
    """Migrate to ``revision``; the keyring and scan store let migrations seal existing personal data."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    cfg.attributes.update(keyring=keyring, scans=scans)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:   # pages freed by the migration leave the WAL too
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
