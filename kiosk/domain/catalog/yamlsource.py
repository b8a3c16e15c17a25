"""YAML that remembers where each key was written, so errors can name the line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class Located(dict):
    """A mapping from YAML with the 1-based line of each key and of the mapping itself."""

    line: int = 0
    key_lines: dict

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines = {}


class LocatedList(list):
    line: int = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        located = Located(super().construct_mapping(node, deep=True))
        located.line = node.start_mark.line + 1
        for key_node, _ in node.value:
            located.key_lines[self.construct_object(key_node, deep=True)] = key_node.start_mark.line + 1
        return located

    def construct_sequence(self, node, deep=False):
        located = LocatedList(super().construct_sequence(node, deep=True))
        located.line = node.start_mark.line + 1
        located.item_lines = [item.start_mark.line + 1 for item in node.value]
        return located


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


def load(path: Path) -> Any:
    """Parse one YAML file; raises yaml.YAMLError (with its mark) on bad syntax."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


def line_of(data: Any, loc: tuple) -> int:
    """The line of the deepest part of ``loc`` that exists in ``data`` (0 when unknown)."""
    line = getattr(data, "line", 0)
    node = data
    for part in loc:
        if isinstance(node, Located) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
        # Parts pydantic adds (union tags, validator names) are not in the data: skip them.
    return line


def to_plain(data: Any) -> Any:
    """Plain dicts and lists (JSON Logic expressions must not carry the line bookkeeping)."""
    if isinstance(data, dict):
        return {k: to_plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [to_plain(v) for v in data]
    return data
