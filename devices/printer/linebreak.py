"""Break receipt text into printer lines the way Chinese and English typesetting do.

A receipt printer wraps at the paper's edge whatever it prints, splitting English words and
numbers and putting "。" at the start of a line. The layout therefore breaks lines itself, at
the opportunities of the Unicode line-breaking algorithm (UAX #14, from ``uniseg``): never
inside a word or a number, never before closing punctuation (。，、：；！？）》” — 避头) nor after
an opening one (（《“ — 避尾). Widths are counted in the printer's half-width columns (font A is
12 dots wide, Chinese characters 24), as East Asian Width gives them; on a Chinese printer the
ambiguous characters (“ ” ‘ ’ … —) print full width.
"""
from __future__ import annotations

from uniseg.wrap import tt_text_extents, tt_wrap


def columns_of(text: str, *, ambiguous_as_wide: bool = True) -> int:
    """How many half-width columns ``text`` takes on the printer."""
    extents = tt_text_extents(text, ambiguous_as_wide=ambiguous_as_wide)
    return extents[-1] if extents else 0


def wrap(text: str, columns: int, *, ambiguous_as_wide: bool = True) -> list[str]:
    """``text`` as lines of at most ``columns`` columns; a single word longer than a line (a long
    URL) is cut where it must be, since the printer would cut it anyway."""
    if columns < 2:
        raise ValueError("a printer line needs at least 2 columns")
    lines = []
    for line in tt_wrap(text, columns, ambiguous_as_wide=ambiguous_as_wide):
        line = line.rstrip()
        while columns_of(line, ambiguous_as_wide=ambiguous_as_wide) > columns:
            extents = tt_text_extents(line, ambiguous_as_wide=ambiguous_as_wide)
            cut = max(1, sum(1 for end in extents if end <= columns))
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines or [""]
