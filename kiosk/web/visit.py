"""The visit of the person at the kiosk's screen, as the views see it.

The browser's session keeps only the visit's id; what the visit holds lives in
``kiosk.services.visits`` and ends there (``end``). Any other browser (the staff desk, a phone on
the progress page) has no visit: its display preferences stay in its own session.
"""
from __future__ import annotations

from flask import g, request, session

from kiosk.services.visits import Visit
from kiosk.web.kiosk_screen import is_kiosk_screen
from kiosk.wiring import services

KEY = "visit"
PREFERENCES = ("lang", "large_text", "high_contrast")
# How long a screen that asks for the card waits for one left on the reader to be read again.
CARD_WAIT = 2.0


def current() -> Visit | None:
    """This screen's open visit, or None (no visit yet, or it ended)."""
    if "visit" not in g:
        visit = None
        if is_kiosk_screen():
            # A page or a touch keeps the visit alive; the screens' polls do not.
            seen = not request.path.startswith("/api/") or request.endpoint == "api.activity"
            visit = services().visits.get(session.get(KEY), seen=seen)
        if visit is None:
            session.pop(KEY, None)        # a visit that ended leaves nothing to find
        g.visit = visit
    return g.visit


def ensure() -> Visit:
    """This screen's visit, begun now when there is none (only screen routes call this)."""
    visit = current()
    if visit is None:
        visit = services().visits.begin()
        session[KEY] = visit.id
        g.visit = visit
    return visit


def end(reason: str) -> None:
    """End the visit: its draft, card data, passport key, doors, receipt and preferences go."""
    services().visits.end(session.pop(KEY, None), reason)
    g.visit = None


def submitted():
    """The application this visit submitted (its receipt, its originals), or None."""
    visit = current()
    return services().applications.get(visit.submitted_id) if visit and visit.submitted_id else None


def card(wait: float = 0.0):
    """The card on the reader, if it belongs to this visit; one left lying there from an earlier
    visit is read again for this one, waiting up to ``wait`` seconds."""
    terminal = services().terminal
    return terminal.card_for_screen(ensure().id, wait) if terminal else None


def preference(name: str):
    if is_kiosk_screen():
        visit = current()
        return getattr(visit, name) if visit is not None else None
    return session.get(name)


def set_preference(name: str, value) -> None:
    if is_kiosk_screen():
        setattr(ensure(), name, value)
    else:
        session[name] = value
