"""Encryption at rest: AES-256-GCM under per-draft data keys, wrapped by the kiosk's data key.

Each draft gets a random data key when it is created; its personal fields and scan files are
sealed with it, and the key is stored only wrapped (RFC 3394 key wrap) by the key the keyring
derives for ``data``. Deleting a draft's row deletes its only wrapped key, so every copy of its
data left anywhere (a backup, a stray scan file) can no longer be opened: a wipe is a crypto-shred.

A sealed value is ``version byte ‖ 12-byte nonce ‖ ciphertext ‖ tag``; the associated data names
what the value is (a column, a scan id), so a sealed value cannot be moved to another place.
"""
from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

VERSION = b"\x01"
_NONCE = 12


class SealError(Exception):
    """A sealed value or wrapped key does not open with this key (wrong key, altered or truncated data)."""


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap_key(kek: bytes, data_key: bytes) -> bytes:
    return aes_key_wrap(kek, data_key)


def unwrap_key(kek: bytes, wrapped: bytes) -> bytes:
    try:
        return aes_key_unwrap(kek, wrapped)
    except InvalidUnwrap:
        raise SealError("the data key does not unwrap with this kiosk's master key") from None


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def unseal(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if sealed[:1] != VERSION:
        raise SealError("not a sealed value")
    try:
        return AESGCM(key).decrypt(sealed[1:1 + _NONCE], sealed[1 + _NONCE:], aad)
    except InvalidTag:
        raise SealError("sealed value altered, or sealed with another key") from None
