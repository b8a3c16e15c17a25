"""The application state machine.

draft → identified → captured → prereviewed → submitted →
    (approved at once | waiting for staff | waiting for originals) →
    approved / rejected / supplement requested → completed
Every transition is recorded by the service that applies it (who, when, from, to, why).
"""
from __future__ import annotations

DRAFT = "draft"
IDENTIFIED = "identified"
CAPTURED = "captured"
PREREVIEWED = "prereviewed"
SUBMITTED = "submitted"
WAITING_STAFF = "waiting_staff"
WAITING_ORIGINALS = "waiting_originals"
SUPPLEMENT_REQUESTED = "supplement_requested"
APPROVED = "approved"
REJECTED = "rejected"
COMPLETED = "completed"
TERMINATED = "terminated"     # a 容缺 or supplement deadline passed

ALLOWED: dict[str, frozenset[str]] = {
    DRAFT: frozenset({IDENTIFIED}),
    IDENTIFIED: frozenset({CAPTURED, PREREVIEWED}),
    CAPTURED: frozenset({PREREVIEWED, IDENTIFIED}),
    PREREVIEWED: frozenset({SUBMITTED, CAPTURED, PREREVIEWED}),
    SUBMITTED: frozenset({APPROVED, WAITING_STAFF, WAITING_ORIGINALS}),
    WAITING_ORIGINALS: frozenset({WAITING_STAFF, TERMINATED}),
    WAITING_STAFF: frozenset({APPROVED, REJECTED, SUPPLEMENT_REQUESTED, TERMINATED}),
    SUPPLEMENT_REQUESTED: frozenset({WAITING_STAFF, REJECTED, TERMINATED}),
    APPROVED: frozenset({COMPLETED}),
    REJECTED: frozenset(),
    COMPLETED: frozenset(),
    TERMINATED: frozenset(),
}

# States a citizen's unsubmitted draft can be in: these are wiped on idle timeout.
UNSUBMITTED = frozenset({DRAFT, IDENTIFIED, CAPTURED, PREREVIEWED})
# States that need a person at the desk.
NEEDS_STAFF = frozenset({WAITING_STAFF, WAITING_ORIGINALS, SUPPLEMENT_REQUESTED})
FINAL = frozenset(s for s, nxt in ALLOWED.items() if not nxt)


class TransitionError(Exception):
    """A state change the machine does not allow."""

    def __init__(self, current: str, target: str):
        super().__init__(f"cannot go from {current} to {target}")
        self.current = current
        self.target = target


def check(current: str, target: str) -> None:
    if target not in ALLOWED.get(current, frozenset()):
        raise TransitionError(current, target)
