"""Basic Access Control (ICAO 9303 part 11, section 4.3 and appendix D).

Both ends of the protocol live here, so the reader and the virtual chip share one
implementation of the key derivation and of the cryptograms:

* the terminal builds the EXTERNAL AUTHENTICATE data with ``terminal_cryptogram`` and checks the
  chip's answer with ``terminal_session``;
* the chip checks that data and answers with ``chip_answer``.

Both sides end with the same ``SessionKeys``: KSenc, KSmac and the send sequence counter.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from Crypto.Cipher import DES, DES3

from devices.base import CardReadError
from ocr.mrz import mrz_information

_ZERO_IV = bytes(8)
_ENC, _MAC = 1, 2   # key derivation counters (9303 part 11, 9.7.1)


class BacError(CardReadError):
    """Basic Access Control failed: the MRZ key does not open this chip, or the chip answered wrongly."""

    citizen_message = "护照芯片验证未通过，请将护照资料页（带两行机读码的一页）重新放到扫描区识别后再试。"
    staff_hint = ("The chip refused the MRZ-derived key: the document number, birth or expiry date "
                  "was misread, or the data page belongs to another document.")


@dataclass(frozen=True)
class BacKeys:
    """The document basic access keys Kenc and Kmac, each a 2-key 3DES key with DES parity."""

    enc: bytes
    mac: bytes

    @classmethod
    def from_mrz_information(cls, information: str) -> "BacKeys":
        return cls(*derive_keys(key_seed(information)))

    @classmethod
    def from_document(cls, number: str, birth: str, expiry: str) -> "BacKeys":
        """Keys from the document number and YYMMDD birth and expiry dates of the data page."""
        return cls.from_mrz_information(mrz_information(number, birth, expiry))

    def __repr__(self) -> str:
        return "BacKeys(<secret>)"


@dataclass(frozen=True)
class SessionKeys:
    """Secure messaging keys and the initial send sequence counter agreed by BAC."""

    enc: bytes
    mac: bytes
    ssc: int

    def __repr__(self) -> str:
        return "SessionKeys(<secret>)"


def key_seed(information: str) -> bytes:
    """K_seed = the first 16 bytes of SHA-1(MRZ_information)."""
    return hashlib.sha1(information.encode("ascii")).digest()[:16]


def derive_keys(seed: bytes) -> tuple[bytes, bytes]:
    """(Kenc, Kmac) from a 16-byte seed: SHA-1(seed ‖ counter)[:16], DES parity adjusted."""
    return _derive(seed, _ENC), _derive(seed, _MAC)


def _derive(seed: bytes, counter: int) -> bytes:
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()[:16]
    return DES3.adjust_key_parity(digest)


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80, then zeros up to a multiple of 8 bytes."""
    data += b"\x80"
    return data + bytes(-len(data) % 8)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise ValueError("padding method 2 marker missing")
    return stripped[:-1]


def encrypt(key: bytes, data: bytes) -> bytes:
    """2-key 3DES in CBC mode with a zero IV, as BAC and its secure messaging use it."""
    return DES3.new(key, DES3.MODE_CBC, iv=_ZERO_IV).encrypt(data)


def decrypt(key: bytes, data: bytes) -> bytes:
    return DES3.new(key, DES3.MODE_CBC, iv=_ZERO_IV).decrypt(data)


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) with padding method 2, 8 bytes."""
    padded = pad(data)
    chained = DES.new(key[:8], DES.MODE_CBC, iv=_ZERO_IV).encrypt(padded)[-8:]
    # Output transformation 3: decrypt with K2, encrypt with K1.
    return DES.new(key[:8], DES.MODE_ECB).encrypt(DES.new(key[8:16], DES.MODE_ECB).decrypt(chained))


def _seal(keys: BacKeys, plain: bytes) -> bytes:
    cryptogram = encrypt(keys.enc, plain)
    return cryptogram + retail_mac(keys.mac, cryptogram)


def _open(keys: BacKeys, sealed: bytes, who: str) -> bytes:
    if len(sealed) != 40:
        raise BacError(f"{who} cryptogram is {len(sealed)} bytes, expected 40")
    cryptogram, mac = sealed[:32], sealed[32:]
    if not hmac.compare_digest(retail_mac(keys.mac, cryptogram), mac):
        raise BacError(f"{who} cryptogram MAC does not verify")
    return decrypt(keys.enc, cryptogram)


def _session(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SessionKeys:
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic))
    enc, mac = derive_keys(seed)
    # SSC = the 4 least significant bytes of RND.IC ‖ those of RND.IFD (9303 part 11, 9.8.2).
    return SessionKeys(enc, mac, int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], "big"))


def terminal_cryptogram(keys: BacKeys, rnd_ic: bytes, rnd_ifd: bytes, k_ifd: bytes) -> bytes:
    """EXTERNAL AUTHENTICATE data: E_IFD ‖ M_IFD over RND.IFD ‖ RND.IC ‖ K.IFD."""
    return _seal(keys, rnd_ifd + rnd_ic + k_ifd)


def terminal_session(keys: BacKeys, answer: bytes, rnd_ic: bytes, rnd_ifd: bytes,
                     k_ifd: bytes) -> SessionKeys:
    """Check the chip's E_IC ‖ M_IC and derive the session keys; BacError when it does not verify."""
    plain = _open(keys, answer, "chip")
    if plain[:8] != rnd_ic or plain[8:16] != rnd_ifd:
        raise BacError("chip answered with other nonces than exchanged")
    return _session(k_ifd, plain[16:], rnd_ic, rnd_ifd)


def chip_answer(keys: BacKeys, command: bytes, rnd_ic: bytes, k_ic: bytes) -> tuple[bytes, SessionKeys]:
    """The chip's side: verify the terminal's cryptogram, answer E_IC ‖ M_IC, derive session keys."""
    plain = _open(keys, command, "terminal")
    rnd_ifd, received_ic, k_ifd = plain[:8], plain[8:16], plain[16:]
    if received_ic != rnd_ic:
        raise BacError("terminal cryptogram is not for this challenge")
    return _seal(keys, rnd_ic + rnd_ifd + k_ic), _session(k_ifd, k_ic, rnd_ic, rnd_ifd)
