"""Fixtures of the domain tests: the shipped catalog, loaded once."""
import pytest

from kiosk.domain.catalog import DEFAULT_DIR, load_catalog


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(DEFAULT_DIR)
