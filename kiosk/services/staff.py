"""Staff accounts: argon2 password hashes, roles, look-up for the log-in, the session version
that revokes sessions, and the per-account lock after repeated wrong passwords."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from kiosk.storage.db import Database
from kiosk.storage.models import StaffLoginThrottle, StaffUser, aware, utcnow

ROLES = ("reviewer", "locker_operator", "supervisor", "admin")
# What each role may do; a supervisor and an admin may do everything a reviewer may.
PERMISSIONS = {
    "cases": {"reviewer", "supervisor", "admin"},       # see the queue, a case, its scans
    "decide": {"reviewer", "supervisor", "admin"},
    "sampling": {"reviewer", "supervisor", "admin"},
    "reassign": {"supervisor", "admin"},                # take a case over from a colleague
    "dashboard": {"supervisor", "admin"},
    "lockers": {"locker_operator", "supervisor", "admin"},
    "users": {"admin"},
}

_hasher = PasswordHasher()
MIN_PASSWORD = 10


class LoginLocked(Exception):
    """Too many wrong passwords for this user name: no password is checked until ``until``."""

    def __init__(self, until: datetime, now: datetime):
        super().__init__(f"log-in locked until {until.isoformat()}")
        self.until = until
        self.seconds = max(1, int((until - now).total_seconds() + 0.999))


@dataclass(frozen=True)
class LoginLimits:
    """STAFF_LOGIN_ATTEMPTS wrong passwords within STAFF_LOGIN_LOCK_SECONDS lock the user name
    for STAFF_LOGIN_LOCK_SECONDS, whatever address they come from."""

    attempts: int = 5
    lock_seconds: int = 15 * 60


class StaffService:
    def __init__(self, db: Database, throttle_key: bytes, limits: LoginLimits = LoginLimits(),
                 clock: Callable[[], datetime] = utcnow):
        """``throttle_key`` keys the hash under which a user name's wrong passwords are counted."""
        self.db = db
        self.limits = limits
        self.clock = clock
        self._throttle_key = throttle_key

    def create_user(self, username: str, password: str, role: str, display_name: str = "") -> StaffUser:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        _check_password(password)
        with self.db.session() as s:
            user = StaffUser(username=username.strip(), display_name=display_name or username,
                             password_hash=_hasher.hash(password), role=role, active=True)
            s.add(user)
            s.flush()
            return user

    def authenticate(self, username: str, password: str) -> StaffUser | None:
        """The user when the password is right; None when not; LoginLocked while the name is locked.

        Unknown names are counted and locked like real ones, so a lock says nothing about
        whether an account exists.
        """
        name = username.strip()
        now = self.clock()
        with self.db.session() as s:
            throttle = s.get(StaffLoginThrottle, self._name_key(name))
            if throttle is not None and throttle.locked_until and aware(throttle.locked_until) > now:
                raise LoginLocked(aware(throttle.locked_until), now)
            user = s.scalars(select(StaffUser).where(StaffUser.username == name)).first()
            if self._password_ok(user, password):
                if throttle is not None:
                    s.delete(throttle)
                return user
            self._count_failure(s, name, throttle, now)
            return None

    @staticmethod
    def _password_ok(user: StaffUser | None, password: str) -> bool:
        if user is None or not user.active:
            _hasher.hash(password)   # same work either way: no user enumeration by timing
            return False
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        return True

    def _count_failure(self, s, name: str, throttle: StaffLoginThrottle | None, now: datetime) -> None:
        window = timedelta(seconds=self.limits.lock_seconds)
        if throttle is None:
            throttle = StaffLoginThrottle(key=self._name_key(name), failures=0, window_start=now)
            s.add(throttle)
        elif aware(throttle.window_start) + window < now or throttle.locked_until is not None:
            throttle.failures, throttle.window_start, throttle.locked_until = 0, now, None
        throttle.failures += 1
        if throttle.failures >= self.limits.attempts:
            throttle.locked_until = now + window

    def _name_key(self, name: str) -> str:
        return hmac.new(self._throttle_key, name.encode(), hashlib.sha256).hexdigest()

    def set_password(self, username: str, password: str) -> StaffUser:
        """A new password; every session begun under the old one ends at its next request."""
        _check_password(password)
        with self.db.session() as s:
            user = self._by_name(s, username)
            user.password_hash = _hasher.hash(password)
            user.session_version += 1
            return user

    def end_sessions(self, user_id: int) -> None:
        """Log the user out everywhere (the log-out button does this): older sessions stop working."""
        with self.db.session() as s:
            user = s.get(StaffUser, user_id)
            if user is not None:
                user.session_version += 1

    def get(self, user_id: int) -> StaffUser | None:
        with self.db.session() as s:
            return s.get(StaffUser, user_id)

    def list_users(self) -> list[StaffUser]:
        with self.db.session() as s:
            return list(s.scalars(select(StaffUser).order_by(StaffUser.username)))

    def set_active(self, username: str, active: bool) -> StaffUser:
        """Deactivate (or reactivate) an account; a deactivated user's sessions stop at the next request."""
        with self.db.session() as s:
            user = self._by_name(s, username)
            user.active = active
            return user

    @staticmethod
    def _by_name(s, username: str) -> StaffUser:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username.strip())).first()
        if user is None:
            raise ValueError(f"no staff user {username!r}")
        return user


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a staff password needs at least {MIN_PASSWORD} characters")


def may(user: StaffUser, permission: str) -> bool:
    return user.role in PERMISSIONS[permission]
