"""Dependencies point one way: devices/, ocr/ and ime/ know nothing of Flask or the kiosk, and the
domain knows nothing of Flask or of the storage and web layers."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "devices": ("flask", "kiosk", "werkzeug", "sqlalchemy"),
    "ocr": ("flask", "kiosk", "werkzeug", "sqlalchemy", "devices"),
    "ime": ("flask", "kiosk", "werkzeug", "sqlalchemy", "devices", "ocr"),
    "kiosk/domain": ("flask", "werkzeug", "sqlalchemy", "kiosk.storage", "kiosk.web", "kiosk.services"),
}


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_against_the_flow(package):
    offences = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, module in imported_modules(path):
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN[package]):
                offences.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert offences == []
