"""Personal fields sealed at rest with their draft's data key, read and written as plain values.

``Sealed`` is an attribute over a binary column: assigning a value keeps it in memory and marks
the row changed; the session seals it when it flushes (``seal_before_flush``), with the data key
of the row's application. Reading unseals once and keeps the plain value with the row. The data
key itself is unwrapped when an application row is loaded (``DataKeyOwner``), so rows stay
readable after their session has closed, as every other attribute does.
"""
from __future__ import annotations

import json
from functools import cache

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from kiosk.storage import sealing

KEK = "data_kek"      # Session.info: the key that wraps data keys (the keyring's "data" key)


class _Pending:
    """Stands in the column for a value not sealed yet; its identity ties it to that value."""

    __slots__ = ()


class Sealed:
    """A personal field stored sealed in ``column``; ``kind`` is "json", "text" or "bytes"."""

    def __init__(self, column: str, kind: str = "json", empty=None):
        self.column, self.kind, self.empty = column, kind, empty

    def __set_name__(self, owner, name: str) -> None:
        self.aad = associated_data(owner.__tablename__, name)
        self._cache = "_plain_" + name

    def __get__(self, row, owner=None):
        if row is None:
            return self
        stored = getattr(row, self.column)
        cached = row.__dict__.get(self._cache)
        if cached is not None and cached[0] is stored:
            return cached[1]
        if stored is None:
            return self.empty() if callable(self.empty) else self.empty
        value = self._decode(sealing.unseal(row.sealing_key(), stored, self.aad))
        row.__dict__[self._cache] = (stored, value)
        return value

    def __set__(self, row, value) -> None:
        marker = _Pending()
        setattr(row, self.column, marker)
        row.__dict__[self._cache] = (marker, value)

    def seal_pending(self, row, key: bytes) -> None:
        stored = row.__dict__.get(self.column)
        if not isinstance(stored, _Pending):
            return
        value = row.__dict__[self._cache][1]
        sealed = None if value is None else sealing.seal(key, encode(self.kind, value), self.aad)
        setattr(row, self.column, sealed)
        row.__dict__[self._cache] = (sealed, value)

    def _decode(self, raw: bytes):
        if self.kind == "json":
            return json.loads(raw)
        return raw.decode() if self.kind == "text" else raw


def associated_data(table: str, field: str) -> bytes:
    """What a sealed value is bound to: the field it belongs in."""
    return f"{table}.{field}".encode()


def encode(kind: str, value) -> bytes:
    """The bytes a field's value is sealed as."""
    if kind == "json":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return value.encode() if kind == "text" else bytes(value)


@cache
def sealed_fields(cls) -> tuple[Sealed, ...]:
    return tuple(v for base in cls.__mro__ for v in vars(base).values() if isinstance(v, Sealed))


class SealedRow:
    """A mapped class with Sealed fields; ``sealing_key()`` is the data key they are sealed with."""

    def sealing_key(self) -> bytes:
        raise NotImplementedError

    def _key_for_flush(self, session: Session) -> bytes:
        return self.sealing_key()


class DataKeyOwner(SealedRow):
    """A row that owns a draft's data key: generated with the row, stored wrapped in ``data_key``."""

    def sealing_key(self) -> bytes:
        key = self.__dict__.get("_data_key")
        if key is None:
            raise sealing.SealError(f"{type(self).__name__} {getattr(self, 'id', '?')} has no data key")
        return key


class KeyFromApplication(SealedRow):
    """A row of an application (a page, a commitment), sealed with that application's data key."""

    def sealing_key(self) -> bytes:
        key = self.__dict__.get("_data_key")
        if key is None:
            key = self.__dict__["_data_key"] = self.application.sealing_key()
        return key

    def _key_for_flush(self, session: Session) -> bytes:
        owner = self.application
        if owner is None:   # made with application_id only
            with session.no_autoflush:
                owner = session.get(type(self).application.property.mapper.class_, self.application_id)
        return owner.sealing_key()


@event.listens_for(DataKeyOwner, "init", propagate=True)
def _new_data_key(target, args, kwargs) -> None:
    target.__dict__["_data_key"] = sealing.new_data_key()


@event.listens_for(DataKeyOwner, "load", propagate=True)
def _unwrap_on_load(target, context) -> None:
    _unwrap(target, context.session)


@event.listens_for(DataKeyOwner, "refresh", propagate=True)
def _unwrap_on_refresh(target, context, attrs) -> None:
    if attrs is None or "data_key" in attrs:
        _unwrap(target, context.session)


@event.listens_for(KeyFromApplication, "load", propagate=True)
def _parent_key_on_load(target, context) -> None:
    """Rows loaded as an application's collection keep its key: they are read after the session closes."""
    owner_class = type(target).application.property.mapper.class_
    owner = context.session.identity_map.get(identity_key(owner_class, target.application_id))
    if owner is not None and "_data_key" in owner.__dict__:
        target.__dict__["_data_key"] = owner.__dict__["_data_key"]


def _unwrap(target, session: Session) -> None:
    if target.data_key is not None:
        target.__dict__["_data_key"] = sealing.unwrap_key(_kek(session), target.data_key)


def _kek(session: Session) -> bytes:
    kek = session.info.get(KEK)
    if kek is None:
        raise sealing.SealError("this database was opened without the kiosk's keys")
    return kek


def seal_before_flush(session: Session, _context, _instances) -> None:
    """Seal every pending personal value, and wrap the data key of every new application."""
    for row in [*session.new, *session.dirty]:
        if isinstance(row, DataKeyOwner) and row.data_key is None:
            row.data_key = sealing.wrap_key(_kek(session), row.sealing_key())
        if isinstance(row, SealedRow):
            fields = sealed_fields(type(row))
            if any(isinstance(row.__dict__.get(f.column), _Pending) for f in fields):
                key = row._key_for_flush(session)
                for f in fields:
                    f.seal_pending(row, key)
