"""Staff accounts: argon2 password hashes, roles, look-up for the log-in."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from kiosk.storage.db import Database
from kiosk.storage.models import StaffUser

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


class StaffService:
    def __init__(self, db: Database):
        self.db = db

    def create_user(self, username: str, password: str, role: str, display_name: str = "") -> StaffUser:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
        if len(password) < 10:
            raise ValueError("a staff password needs at least 10 characters")
        with self.db.session() as s:
            user = StaffUser(username=username.strip(), display_name=display_name or username,
                             password_hash=_hasher.hash(password), role=role, active=True)
            s.add(user)
            s.flush()
            return user

    def authenticate(self, username: str, password: str) -> StaffUser | None:
        with self.db.session() as s:
            user = s.scalars(select(StaffUser).where(StaffUser.username == username.strip())).first()
            if user is None or not user.active:
                _hasher.hash(password)   # same work either way: no user enumeration by timing
                return None
            try:
                _hasher.verify(user.password_hash, password)
            except (VerificationError, InvalidHashError):
                return None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            return user

    def get(self, user_id: int) -> StaffUser | None:
        with self.db.session() as s:
            return s.get(StaffUser, user_id)

    def list_users(self) -> list[StaffUser]:
        with self.db.session() as s:
            return list(s.scalars(select(StaffUser).order_by(StaffUser.username)))

    def set_active(self, username: str, active: bool) -> StaffUser:
        """Deactivate (or reactivate) an account; a deactivated user's sessions stop at the next request."""
        with self.db.session() as s:
            user = s.scalars(select(StaffUser).where(StaffUser.username == username.strip())).first()
            if user is None:
                raise ValueError(f"no staff user {username!r}")
            user.active = active
            return user


def may(user: StaffUser, permission: str) -> bool:
    return user.role in PERMISSIONS[permission]
