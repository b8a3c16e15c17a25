"""A pickup code just issued at the locker desk, held until the desk shows it once.

The code stays in the server's memory for a few minutes under a random reference; the browser's
cookie (signed, not encrypted) carries only that reference, never the code. Only the staff
account that issued it can take it, and taking it forgets it. A restart loses it: the desk then
issues a new code.
"""
from __future__ import annotations

import secrets
import threading
import time

KEEP_SECONDS = 300


class IssuedCodes:
    def __init__(self, keep_seconds: float = KEEP_SECONDS):
        self.keep_seconds = keep_seconds
        self._lock = threading.Lock()
        self._held: dict[str, tuple[int, float, dict]] = {}

    def put(self, user_id: int, shown: dict) -> str:
        """Hold ``shown`` (code, compartment, application number) for ``user_id``; its reference."""
        ref = secrets.token_urlsafe(16)
        with self._lock:
            now = time.monotonic()
            self._held = {r: held for r, held in self._held.items() if held[1] > now}
            self._held[ref] = (user_id, now + self.keep_seconds, shown)
        return ref

    def take(self, ref: str | None, user_id: int) -> dict | None:
        """What ``ref`` holds, once, for the account that issued it; None when gone or not theirs."""
        with self._lock:
            held = self._held.get(ref or "")
            if held is None or held[0] != user_id:
                return None
            del self._held[ref]
        return held[2] if held[1] > time.monotonic() else None


issued_codes = IssuedCodes()
