"""zinnia with the Tegaki simplified-Chinese model, on strokes from Make Me a Hanzi."""
from __future__ import annotations

import pytest

from ime import InputError


def pad(strokes, size=300):
    """The 1024 box scaled onto a square writing pad of ``size`` pixels."""
    return [[(x * size / 1024, y * size / 1024) for x, y in stroke] for stroke in strokes]


@pytest.mark.parametrize("char", ["杭", "州", "西", "湖", "餐", "务", "店"])
def test_a_written_character_is_among_the_first_candidates(zinnia, strokes, char):
    found = zinnia.recognise(pad(strokes[char]), 300, 300)
    assert char in found.candidates[:5], found


def test_candidates_firm_up_stroke_by_stroke(zinnia, strokes):
    written = pad(strokes["湖"])
    ranks = [zinnia.recognise(written[:n], 300, 300, page_size=20).candidates for n in (3, len(written))]
    assert "湖" not in ranks[0][:1] and ranks[1][0] == "湖"


def test_pages_of_candidates(zinnia, strokes):
    written = pad(strokes["服"])
    first, second = zinnia.recognise(written, 300, 300), zinnia.recognise(written, 300, 300, page=1)
    assert len(first.candidates) == 8 and first.more and len(second.candidates) == 8
    assert not set(first.candidates) & set(second.candidates)


def test_no_strokes_no_candidates(zinnia):
    assert zinnia.recognise([], 300, 300).candidates == ()


@pytest.mark.parametrize("strokes, width", [
    ([[(1, 2)]] * 41, 300),            # more strokes than any character has
    ([[]], 300),                       # a stroke without points
    ([[(1, 2, 3)]], 300),              # not a point
    ([[("1", 2)]], 300),
    ([[(10, 10)]], 0),                 # no pad
    ([[(10, 10)] * 2001], 300),
])
def test_bad_strokes_are_refused(zinnia, strokes, width):
    with pytest.raises(InputError):
        zinnia.recognise(strokes, width, 300)
