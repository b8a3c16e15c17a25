"""The Alembic migrations create exactly the schema the models describe, on every database."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk.storage.models import Base
from tests.conftest import database_urls, make_app


@pytest.mark.parametrize("database", database_urls())
def test_migrations_match_the_models(tmp_path, database):
    app = make_app(tmp_path, database)
    engine = app.extensions["kiosk"].db.engine
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.extensions["kiosk"].db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
