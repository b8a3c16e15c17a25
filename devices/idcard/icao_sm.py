"""Secure messaging after BAC (ICAO 9303 part 11, 9.8; ISO/IEC 7816-4 section 10).

Command data travels encrypted in DO'87' (DO'85' for odd INS), the expected length in DO'97', the status word in
DO'99', and DO'8E' carries a retail MAC over the send sequence counter and the other objects.
The counter is incremented before every command and every response, on both sides, so the
same ``SecureMessaging`` class serves the reader (``wrap_command`` / ``unwrap_response``) and
the virtual chip (``unwrap_command`` / ``wrap_response``).
"""
from __future__ import annotations

import hmac

from devices.base import CardReadError
from devices.idcard import icao_status as sw
from devices.idcard.icao_bac import SessionKeys, decrypt, encrypt, pad, retail_mac, unpad
from devices.idcard.icao_tlv import TlvError, iter_tlv, tlv

_SM_CLA = 0x0C          # CLA bits b4 b3: secure messaging with an authenticated header
_DO_CRYPTOGRAM = 0x87   # padding indicator 01 then the encrypted data
_DO_CRYPTOGRAM_ODD = 0x85   # encrypted BER-TLV data, for odd INS such as READ BINARY B1
_DO_LE = 0x97
_DO_STATUS = 0x99
_DO_MAC = 0x8E
_PADDED = b"\x01"


class SecureMessagingError(CardReadError):
    """A protected APDU did not verify: wrong MAC, missing objects, or a chip that left the session."""

    staff_hint = ("Secure messaging with the passport chip broke off (card moved in the field or "
                  "answered with a wrong MAC); the read is restarted from BAC.")

    def __init__(self, detail: str, *, status: int | None = None):
        super().__init__(detail)
        self.status = status


def split_apdu(apdu: bytes) -> tuple[bytes, bytes, int | None]:
    """(header, data, Le) of a short command APDU; Le 256 is given as 256."""
    if len(apdu) < 4:
        raise ValueError("a command APDU has at least 4 bytes")
    header, body = apdu[:4], apdu[4:]
    if not body:
        return header, b"", None
    if len(body) == 1:
        return header, b"", body[0] or 256
    lc = body[0]
    if len(body) == 1 + lc:
        return header, body[1:], None
    if len(body) == 2 + lc:
        return header, body[1:1 + lc], body[-1] or 256
    raise ValueError(f"APDU body of {len(body)} bytes does not match Lc {lc}")


def join_apdu(header: bytes, data: bytes, le: int | None) -> bytes:
    apdu = header + (bytes([len(data)]) + data if data else b"")
    return apdu + (bytes([le % 256]) if le is not None else b"")


class SecureMessaging:
    """One secure messaging session: the session keys and the send sequence counter."""

    def __init__(self, keys: SessionKeys):
        self._enc = keys.enc
        self._mac = keys.mac
        self._ssc = keys.ssc

    def _mac_of(self, data: bytes) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << 64)
        return retail_mac(self._mac, self._ssc.to_bytes(8, "big") + data)

    def _cryptogram(self, data: bytes, odd: bool) -> bytes:
        # Odd INS carry BER-TLV data, sent as DO'85' without the padding indicator (7816-4, 10.2).
        if not data:
            return b""
        if odd:
            return tlv(_DO_CRYPTOGRAM_ODD, encrypt(self._enc, pad(data)))
        return tlv(_DO_CRYPTOGRAM, _PADDED + encrypt(self._enc, pad(data)))

    def _plain(self, objects: dict[int, bytes]) -> bytes:
        if _DO_CRYPTOGRAM_ODD in objects:
            value = objects[_DO_CRYPTOGRAM_ODD]
        elif _DO_CRYPTOGRAM in objects:
            value = objects[_DO_CRYPTOGRAM]
            if value[:1] != _PADDED:
                raise SecureMessagingError("DO'87' has no padding indicator")
            value = value[1:]
        else:
            return b""
        if len(value) % 8:
            raise SecureMessagingError("encrypted data is not a whole number of blocks")
        try:
            return unpad(decrypt(self._enc, value))
        except ValueError as exc:
            raise SecureMessagingError(f"encrypted data decrypts to bad padding: {exc}") from None

    # Reader side ---------------------------------------------------------------------------
    def wrap_command(self, apdu: bytes) -> bytes:
        """Protect a plain short APDU: masked CLA, DO'87' for data, DO'97' for Le, DO'8E'."""
        header, data, le = split_apdu(apdu)
        header = bytes([header[0] | _SM_CLA]) + header[1:]
        objects = self._cryptogram(data, bool(header[1] & 1)) + (tlv(_DO_LE, bytes([le % 256])) if le is not None else b"")
        mac = self._mac_of(pad(header) + objects)
        return join_apdu(header, objects + tlv(_DO_MAC, mac), 256)

    def unwrap_response(self, response: bytes) -> tuple[bytes, int]:
        """Verify and decrypt a protected response; returns (data, status word from DO'99')."""
        if len(response) < 2:
            raise SecureMessagingError("response shorter than a status word")
        body, status = response[:-2], int.from_bytes(response[-2:], "big")
        if not body:
            # The chip answers in plain when it has dropped the session (e.g. 6987/6988).
            raise SecureMessagingError(f"unprotected status {status:04X}", status=status)
        objects = self._objects(body)
        if _DO_MAC not in objects or _DO_STATUS not in objects:
            raise SecureMessagingError("response lacks DO'99' or DO'8E'", status=status)
        covered = b"".join(tlv(tag, objects[tag]) for tag in (_DO_CRYPTOGRAM_ODD, _DO_CRYPTOGRAM, _DO_STATUS)
                           if tag in objects)
        if not hmac.compare_digest(self._mac_of(covered), objects[_DO_MAC]):
            raise SecureMessagingError("response MAC does not verify", status=status)
        return self._plain(objects), int.from_bytes(objects[_DO_STATUS], "big")

    # Chip side -----------------------------------------------------------------------------
    def unwrap_command(self, apdu: bytes) -> bytes:
        """Verify and decrypt a protected command; returns the plain APDU."""
        header, body, _ = split_apdu(apdu)
        if header[0] & _SM_CLA != _SM_CLA:
            raise SecureMessagingError("command is not protected", status=sw.SM_OBJECTS_MISSING)
        objects = self._objects(body)
        if _DO_MAC not in objects:
            raise SecureMessagingError("command lacks DO'8E'", status=sw.SM_OBJECTS_MISSING)
        covered = b"".join(tlv(tag, objects[tag]) for tag in (_DO_CRYPTOGRAM_ODD, _DO_CRYPTOGRAM, _DO_LE)
                           if tag in objects)
        if not hmac.compare_digest(self._mac_of(pad(header) + covered), objects[_DO_MAC]):
            raise SecureMessagingError("command MAC does not verify", status=sw.SM_OBJECTS_INCORRECT)
        le = objects.get(_DO_LE)
        plain_header = bytes([header[0] & ~_SM_CLA & 0xFF]) + header[1:]
        return join_apdu(plain_header, self._plain(objects), (le[0] or 256) if le else None)

    def wrap_response(self, data: bytes, status: int, *, odd: bool = False) -> bytes:
        """Protect a response: DO'87' (DO'85' answering an odd INS) for data, DO'99', DO'8E'."""
        objects = self._cryptogram(data, odd) + tlv(_DO_STATUS, status.to_bytes(2, "big"))
        return objects + tlv(_DO_MAC, self._mac_of(objects)) + status.to_bytes(2, "big")

    @staticmethod
    def _objects(body: bytes) -> dict[int, bytes]:
        try:
            return dict(iter_tlv(body))
        except TlvError as exc:
            raise SecureMessagingError(f"malformed secure messaging objects: {exc}",
                                       status=sw.SM_OBJECTS_INCORRECT) from None
