"""Place names of GB/T 2260 region codes, from python-stdnum's region table, to match addresses."""
from __future__ import annotations

import re
from functools import lru_cache

from stdnum import numdb

_SPAN = re.compile(r"^\[[0-9-]*\]")


@lru_cache(maxsize=256)
def place_names(prefix: str) -> tuple[str, ...]:
    """Names an address within ``prefix`` (2, 4 or 6 digits) would mention, e.g. 3301 → 杭州市, 杭州.

    Codes that were abolished (old cards) keep their old names, which the table still lists.
    """
    info: dict[str, str] = {}
    for _, props in numdb.get("cn/loc").info(prefix.ljust(6, "0")):
        info.update(props)
    raw = info.get("province", "") if len(prefix) == 2 else info.get("county", "")
    names = []
    for name in raw.split(","):
        name = _SPAN.sub("", name).strip()
        if name and name not in ("市辖区", "市区"):
            names.append(name)
            if len(name) > 2 and name[-1] == "市":
                names.append(name[:-1])   # addresses often drop the 市 of the city
    return tuple(dict.fromkeys(names))


def address_in(address: str, prefixes: tuple[str, ...]) -> bool:
    return any(name in address for p in prefixes for name in place_names(p))
