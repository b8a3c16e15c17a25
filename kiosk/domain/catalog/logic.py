"""JSON Logic as the catalog's rule language: checked when loaded, evaluated without eval().

Rules are data (reviewed like code), so a rule that names an unknown operator or a variable the
pre-review never provides is a load error, not a silent "false" at the counter.
"""
from __future__ import annotations

from typing import Any

import json_logic
from json_logic import ALL_OPERATIONS, jsonLogic

from .. import compare, regions

# ``today`` reads the wall clock and ``log`` writes unmasked values: the engine supplies
# ``{"var": "today"}`` from the case facts instead, so results are reproducible.
FORBIDDEN_OPERATIONS = frozenset({"today", "log"})
SCOPED_OPERATIONS = frozenset({"map", "reduce"})


def _in_region(address, *prefixes) -> bool:
    flat = [p for item in prefixes for p in (item if isinstance(item, list) else [item]) if isinstance(p, str)]
    return isinstance(address, str) and regions.address_in(address, tuple(flat))


# The kiosk's own comparators as operations, so a rule compares names, ID numbers and addresses
# exactly as the pre-review's checks do (an OCR-split 张 伟 is 张伟; 宁波杭州湾新区 is not 杭州).
CUSTOM_OPERATIONS = {
    "same_name": compare.same_name,
    "same_id_number": compare.same_id_number,
    "same_address": compare.same_address,
    "name_among": lambda name, *names: compare.name_among(name, [n for item in names for n in
                                                               (item if isinstance(item, list) else [item])]),
    "in_region": _in_region,
}
# json_logic keeps its operations in module-level tables and offers no registry: add ours there.
json_logic.operations.update(CUSTOM_OPERATIONS)
ALL_OPERATIONS.update(CUSTOM_OPERATIONS)


def operator_of(node: dict) -> str:
    keys = [k for k in node if not str(k).startswith("_")]
    if len(keys) != 1:
        raise ValueError(f"a rule expression needs exactly one operator, found {sorted(map(str, keys))}")
    return keys[0]


def problems(expression: Any) -> list[str]:
    """What is wrong with an expression (unknown or forbidden operators, malformed var)."""
    found: list[str] = []
    _walk(expression, found, scoped=False)
    return found


def _walk(node: Any, found: list[str], scoped: bool) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, found, scoped)
        return
    if not isinstance(node, dict):
        return
    try:
        op = operator_of(node)
    except ValueError as exc:
        found.append(str(exc))
        return
    if op not in ALL_OPERATIONS:
        found.append(f"unknown operator {op!r}")
        return
    if op in FORBIDDEN_OPERATIONS:
        found.append(f"operator {op!r} is not allowed; use {{\"var\": \"today\"}} for the case date")
        return
    args = node[op]
    if op == "var":
        name = args[0] if isinstance(args, list) and args else args
        if not isinstance(name, (str, int)) and name is not None:
            found.append("var needs a dotted variable name")
    _walk(args, found, scoped or op in SCOPED_OPERATIONS)


def variables(expression: Any) -> set[str]:
    """Dotted names read with ``var`` outside map/reduce (whose vars name the current item)."""
    names: set[str] = set()
    _collect(expression, names)
    return names


def _collect(node: Any, names: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _collect(item, names)
        return
    if not isinstance(node, dict):
        return
    op = operator_of(node)
    args = node[op]
    if op == "var":
        name = args[0] if isinstance(args, list) and args else args
        if isinstance(name, str) and name:
            names.add(name)
        return
    if op in SCOPED_OPERATIONS and isinstance(args, list) and args:
        _collect(args[0], names)   # only the iterable is read from the case data
        return
    _collect(args, names)


def lookup(data: dict, name: str) -> Any:
    """The value of a dotted variable, None when absent (as ``var`` sees it)."""
    node: Any = data
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def evaluate(expression: Any, data: dict) -> Any:
    """Evaluate a checked expression against the case data."""
    return jsonLogic(expression, data)
