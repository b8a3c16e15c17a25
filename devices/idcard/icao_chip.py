"""Reading an eMRTD chip over any APDU transport: select, BAC, then protected file reads.

``ChipSession`` only needs a ``transmit(apdu) -> (data, status word)`` callable, so the same
protocol code runs over PC/SC in a hall and in the tests. Transport failures are the
transport's business (it raises devices.base errors); this module raises ``BacError`` when
the MRZ key does not open the chip, ``LdsError`` for malformed data groups, and
``CardReadError`` for unexpected status words.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from devices.base import CardReadError
from devices.idcard import icao_status as sw
from devices.idcard.icao_bac import BacError, BacKeys, terminal_cryptogram, terminal_session
from devices.idcard.icao_lds import (
    APPLICATION_ID, DG1, DG2, EF_COM, EF_SOD, TAG_DG2, FaceImage, LdsError, parse_com, parse_dg1,
    parse_dg2,
)
from devices.idcard.icao_sm import SecureMessaging
from devices.idcard.icao_sod import check_hashes, check_signature
from devices.idcard.icao_tlv import TlvError, find, read_header, tlv

Transmit = Callable[[bytes], tuple[bytes, int]]

# A chunk that still fits a short response after DO'87' padding, DO'99' and DO'8E'.
CHUNK = 0xDF
# READ BINARY B0 addresses 15 bits of offset; beyond, B1 gives the offset in DO'54' and answers
# in DO'53' (ISO 7816-4, 11.2.3). Large JPEG faces in DG2 pass 32 KB.
_MAX_B0_OFFSET = 0x7FFF
_DO_OFFSET, _DO_DISCRETIONARY = 0x54, 0x53
_FIRST_READ = 8   # tag and length of every LDS file fit in the first 8 bytes


@dataclass(frozen=True)
class ChipDocument:
    """What the chip holds: the DG1 MRZ text, the DG2 face (None when the chip has no DG2).

    Both passed the EF.SOD hash check. ``signature`` is "verified" when EF.SOD's signature
    verified with the document signer certificate it carries, else "not checked: <why>";
    that certificate is not checked against a country signing CA.
    """

    mrz: str
    face: FaceImage | None
    data_groups: tuple[int, ...]
    signature: str

    def __repr__(self) -> str:
        return (f"ChipDocument(data_groups={[hex(t) for t in self.data_groups]}, face={self.face!r}, "
                f"signature={self.signature!r})")


class ChipSession:
    """One conversation with a chip; ``read_document`` runs the whole sequence."""

    def __init__(self, transmit: Transmit, *, random: Callable[[int], bytes] = os.urandom):
        self._transmit = transmit
        self._random = random
        self._sm: SecureMessaging | None = None

    def select_application(self) -> None:
        self._plain(b"\x00\xA4\x04\x0C" + bytes([len(APPLICATION_ID)]) + APPLICATION_ID,
                    "select the eMRTD application")

    def authenticate(self, keys: BacKeys) -> None:
        """Basic Access Control; afterwards every command goes through secure messaging."""
        rnd_ic = self._plain(b"\x00\x84\x00\x00\x08", "get a challenge")
        if len(rnd_ic) != 8:
            raise CardReadError(f"GET CHALLENGE returned {len(rnd_ic)} bytes")
        rnd_ifd, k_ifd = self._random(8), self._random(16)
        data = terminal_cryptogram(keys, rnd_ic, rnd_ifd, k_ifd)
        answer, status = self._transmit(b"\x00\x82\x00\x00" + bytes([len(data)]) + data + b"\x28")
        if status in (sw.AUTHENTICATION_FAILED, sw.SECURITY_NOT_SATISFIED) or (status & 0xFFF0) == 0x63C0:
            raise BacError(f"chip refused the MRZ key (status {status:04X})")
        if status != sw.OK:
            raise CardReadError(f"EXTERNAL AUTHENTICATE failed with status {status:04X}")
        self._sm = SecureMessaging(terminal_session(keys, answer, rnd_ic, rnd_ifd, k_ifd))

    def read_file(self, file_id: int) -> bytes:
        """Select an elementary file and read it whole; its length comes from its TLV header."""
        name = f"file {file_id:04X}"
        self._protected(b"\x00\xA4\x02\x0C\x02" + file_id.to_bytes(2, "big"), f"select {name}")
        head = self._protected(b"\x00\xB0\x00\x00" + bytes([_FIRST_READ]), f"read {name}")
        try:
            _, value_at, length = read_header(head)
        except TlvError as exc:
            raise LdsError(f"{name} starts with a malformed header: {exc}") from None
        total = value_at + length
        content = bytearray(head[:total])
        while len(content) < total:
            offset = len(content)
            chunk = self._read_binary(offset, min(CHUNK, total - offset), name)
            if not chunk:
                raise CardReadError(f"{name} ended at {offset} of {total} bytes")
            content += chunk[:total - offset]
        return bytes(content)

    def _read_binary(self, offset: int, size: int, name: str) -> bytes:
        if offset <= _MAX_B0_OFFSET:
            return self._protected(b"\x00\xB0" + offset.to_bytes(2, "big") + bytes([size]), f"read {name}")
        position = tlv(_DO_OFFSET, offset.to_bytes((offset.bit_length() + 7) // 8, "big"))
        le = min(CHUNK, size + (2 if size < 0x80 else 3))   # Le counts DO'53' tag and length too
        answer = self._protected(b"\x00\xB1\x00\x00" + bytes([len(position)]) + position + bytes([le]),
                                 f"read {name}")
        try:
            return find(answer, _DO_DISCRETIONARY)
        except TlvError as exc:
            raise LdsError(f"READ BINARY B1 of {name} answered without DO'53': {exc}") from None

    def read_document(self, keys: BacKeys) -> ChipDocument:
        """Select, authenticate, read EF.COM, DG1, DG2 (when listed) and EF.SOD, check it."""
        self.select_application()
        self.authenticate(keys)
        groups = parse_com(self.read_file(EF_COM))
        files = {1: self.read_file(DG1)}
        if TAG_DG2 in groups:
            files[2] = self.read_file(DG2)
        sod = self.read_file(EF_SOD)
        check_hashes(sod, files)
        signature = check_signature(sod)
        face = parse_dg2(files[2]) if 2 in files else None
        return ChipDocument(parse_dg1(files[1]), face, groups, signature)

    def _plain(self, apdu: bytes, what: str) -> bytes:
        data, status = self._transmit(apdu)
        return self._checked(data, status, what)

    def _protected(self, apdu: bytes, what: str) -> bytes:
        if self._sm is None:
            raise RuntimeError("authenticate() first")
        answer, status = self._transmit(self._sm.wrap_command(apdu))
        data, status = self._sm.unwrap_response(answer + status.to_bytes(2, "big"))
        return self._checked(data, status, what)

    @staticmethod
    def _checked(data: bytes, status: int, what: str) -> bytes:
        if status == sw.OK:
            return data
        if status == sw.FILE_NOT_FOUND:
            raise LdsError(f"could not {what}: file not found")
        raise CardReadError(f"could not {what}: status {status:04X}")
