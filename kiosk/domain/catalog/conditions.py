"""Conditions a matter's description states, and whether a rule stands behind each.

A description is written for citizens (“年满60周岁的老年人可办理…”); each condition in it should
also be a rule the pre-review runs. A rule names the words it implements in ``covers``; this lint
lists the clauses of a description that state a condition (age, time lived here, household, a
prior step, a prohibition) which no rule covers, for the catalog's author to answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import Matter

# Words that make a clause a condition rather than a description.
MARKERS = re.compile(r"年满|周岁|半年|\d+个月|须|不得|户籍|以下|以上|以内|超过|之一|未参加|挂失|无雇工|前三个月")
_CLAUSE = re.compile(r"[^，。；;,]+")


@dataclass(frozen=True)
class Uncovered:
    matter_id: str
    clause: str

    def __str__(self) -> str:
        return f"{self.matter_id}: no rule covers «{self.clause}»"


def condition_clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE.findall(text) if MARKERS.search(c)]


def uncovered(matter: Matter) -> list[Uncovered]:
    """Condition clauses of the description that no rule's ``covers`` quotes."""
    quoted = [phrase for rule in matter.rules for phrase in rule.covers]
    return [Uncovered(matter.id, clause) for clause in condition_clauses(matter.description.zh)
            if not any(phrase in clause for phrase in quoted)]
