"""The contract every input method keeps, and the values it returns."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Sequence

Stroke = Sequence[tuple[float, float]]   # one pen-down … pen-up, in the pad's pixels


class InputError(ValueError):
    """The request cannot be looked up (keys outside a–z, too many strokes, …); says why."""


class InputUnavailable(RuntimeError):
    """The engine's library or data is not installed on this machine."""


@dataclass(frozen=True)
class Composition:
    """What the candidate bar shows after some keys (and picks).

    ``candidates`` is one page; ``more`` says a later page exists. ``commit`` is the text that is
    finished once every key has been consumed by a pick; ``preedit`` shows the picks so far and
    the keys still waiting (e.g. "张 san").
    """
    candidates: tuple[str, ...]
    page: int = 0
    more: bool = False
    preedit: str = ""
    commit: str | None = None

    def as_json(self) -> dict:
        return {"candidates": list(self.candidates), "page": self.page, "more": self.more,
                "preedit": self.preedit, "commit": self.commit}


class PinyinMethod(ABC):
    """Pinyin letters in, Chinese candidates out.

    A lookup is stateless: the caller sends every key typed so far and the indices of the
    candidates picked so far (absolute, not per page), so any number of screens can share one
    engine and a retry gives the same answer.
    """

    @abstractmethod
    def compose(self, keys: str, picks: Sequence[int] = (), page: int = 0, page_size: int = 8) -> Composition:
        """The candidates for ``keys`` after ``picks``; InputError for keys outside a–z and '."""


class HandwritingMethod(ABC):
    """Strokes in, characters out, best first."""

    @abstractmethod
    def recognise(self, strokes: Sequence[Stroke], width: int, height: int, page: int = 0,
                  page_size: int = 8) -> Composition:
        """The characters the strokes may be, drawn on a pad of ``width`` × ``height``."""
