"""Load the catalog directory: matters/*.yaml, bundles/*.yaml; every error names file, line and field."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import bundles, search, yamlsource
from .schema import Bundle, Matter

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "catalog"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CatalogError(Exception):
    """The catalog cannot be used as written; ``problems`` lists every mistake found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Catalog:
    """Matters and bundles by id. ``get`` of a bundle id gives its merged matter."""

    def __init__(self, matters: dict[str, Matter], bundles_: dict[str, "Bundle"],
                 merged: dict[str, Matter], root: Path):
        self.matters = matters
        self.bundles = bundles_
        self.root = root
        self._merged = merged
        self._keys = {m.id: search.search_keys(m) for m in [*matters.values(), *merged.values()]}

    def get(self, matter_id: str) -> Matter:
        """The matter (or a bundle's effective matter) by id; KeyError when unknown."""
        if matter_id in self.matters:
            return self.matters[matter_id]
        return self._merged[matter_id]

    def __contains__(self, matter_id: str) -> bool:
        return matter_id in self.matters or matter_id in self._merged

    def all(self) -> list[Matter]:
        return [*self.matters.values(), *self._merged.values()]

    def search(self, query: str) -> list[Matter]:
        """Matters whose Chinese or English name, pinyin or pinyin initials contain ``query``."""
        return [m for m in self.all() if m.kiosk_enabled and search.matches(self._keys[m.id], query)]

    def by_category(self) -> dict[str, list[Matter]]:
        """Kiosk-enabled matters grouped as personal / business / bundle, in catalog order."""
        groups: dict[str, list[Matter]] = {"personal": [], "business": [], "bundle": []}
        for m in self.all():
            if m.kiosk_enabled:
                groups[m.category].append(m)
        return groups


def load_catalog(path: str | Path = DEFAULT_DIR) -> Catalog:
    """Load and check every file; raises CatalogError listing all problems at once."""
    root = Path(path)
    problems: list[Problem] = []
    if not (root / "matters").is_dir():
        raise CatalogError([Problem(str(root), 0, "", "no matters/ directory in the catalog")])
    matters = _load_all(root / "matters", Matter, problems)
    for matter, source, data in matters.values():
        problems.extend(_missing_examples(matter, root, source, data))
    bundle_defs = _load_all(root / "bundles", Bundle, problems) if (root / "bundles").is_dir() else {}
    merged: dict[str, Matter] = {}
    for bundle_id, (bundle, source, data) in bundle_defs.items():
        if bundle_id in matters:
            problems.append(Problem(source, yamlsource.line_of(data, ("id",)), "id",
                                    f"bundle id {bundle_id!r} is also a matter id"))
            continue
        unknown = [m for m in bundle.matters if m not in matters]
        if unknown:
            problems.append(Problem(source, yamlsource.line_of(data, ("matters",)), "matters",
                                    f"unknown matter(s) {unknown}"))
            continue
        matter = bundles.merge(bundle, [matters[m][0] for m in bundle.matters])
        problems.extend(_merged_problems(matter, source, data))
        merged[bundle_id] = matter
    if problems:
        raise CatalogError(problems)
    return Catalog({k: v[0] for k, v in matters.items()}, {k: v[0] for k, v in bundle_defs.items()},
                   merged, root)


def _load_all(directory: Path, model: type[BaseModel], problems: list[Problem]) -> dict[str, tuple]:
    loaded: dict[str, tuple] = {}
    for file in sorted(directory.glob("*.yaml")):
        source = str(file)
        parsed = load_model(file, model, problems)
        if parsed is None:
            continue
        item, data = parsed
        if item.id in loaded:
            problems.append(Problem(source, yamlsource.line_of(data, ("id",)), "id",
                                    f"id {item.id!r} already defined in {loaded[item.id][1]}"))
            continue
        if isinstance(item, Matter):
            problems.extend(_reference_problems(item, source, data))
        loaded[item.id] = (item, source, data)
    return loaded


def load_model(file: Path, model: type[BaseModel], problems: list[Problem]):
    """Parse ``file`` as ``model``; on failure append located problems and return None."""
    source = str(file)
    try:
        data = yamlsource.load(file)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(source, mark.line + 1 if mark else 0, "", f"YAML syntax: {exc}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(source, 0, "", "the file must hold one mapping"))
        return None
    try:
        return model.model_validate(yamlsource.to_plain(data)), data
    except ValidationError as exc:
        problems.extend(located(exc, source, data))
        return None


def located(exc: ValidationError, source: str, data: Any) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        out.append(Problem(source, yamlsource.line_of(data, loc), _dotted(loc, data), err["msg"]))
    return out


def _missing_examples(matter: Matter, root: Path, source: str, data: Any) -> list[Problem]:
    """Example images a material names must ship in the catalog's examples/ folder."""
    return [Problem(source, yamlsource.line_of(data, ("materials", i, "example")), f"materials[{m.id}].example",
                    f"no file {m.example!r} in {root / 'examples'}")
            for i, m in enumerate(matter.materials)
            if m.example is not None and not (root / "examples" / m.example).is_file()]


def _reference_problems(matter: Matter, source: str, data: Any) -> list[Problem]:
    return [Problem(source, yamlsource.line_of(data, loc), _dotted(loc, data), message)
            for loc, message in matter.reference_problems()]


def _merged_problems(matter: Matter, source: str, data: Any) -> list[Problem]:
    """Wrong references in a bundle's merged matter, pointed at the bundle's own section."""
    merged = matter.model_dump()
    return [Problem(source, yamlsource.line_of(data, (loc[0],) if loc[0] in data else ("matters",)),
                    _dotted(loc, merged), message)
            for loc, message in matter.reference_problems()]


def _dotted(loc: tuple, data: Any) -> str:
    """A location as a reader sees it: materials[2].doc_types, using ids where the data has them."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, (list, tuple)) and part < len(node):
            node = node[part]
            ident = node.get("id") if isinstance(node, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{ident or part}]"]
        elif isinstance(node, dict) and part in node:
            node = node[part]
            parts.append(str(part))
        elif isinstance(part, str) and not any(c in part for c in "[]-"):
            parts.append(part)
    return ".".join(parts)
