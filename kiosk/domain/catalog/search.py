"""Find a matter by what a citizen types: Chinese name, English name, or pinyin initials."""
from __future__ import annotations

from pypinyin import Style, lazy_pinyin

from .schema import Matter


def search_keys(matter: Matter) -> tuple[str, ...]:
    """Lower-case strings a query is matched against."""
    zh = matter.name.zh
    return (
        zh.lower(),
        matter.name.en.lower(),
        "".join(lazy_pinyin(zh, style=Style.FIRST_LETTER)).lower(),   # 居住证申领 → jzzsl
        "".join(lazy_pinyin(zh)).lower(),                             # juzhuzhengshenling
    )


def matches(keys: tuple[str, ...], query: str) -> bool:
    q = "".join(query.lower().split())
    return bool(q) and any(q in "".join(key.split()) for key in keys)
