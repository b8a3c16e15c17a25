"""A virtual ICAO passport chip for the vpcd reader of pcscd (vsmartcard).

``EmrtdChip`` is the card application: SELECT of the eMRTD application, GET CHALLENGE,
EXTERNAL AUTHENTICATE with real BAC cryptography, then secure-messaging SELECT / READ BINARY
of EF.COM, EF.SOD, DG1 and DG2. ``VirtualPassport`` puts a chip on a vpcd slot: placing the
passport opens the TCP connection vpcd listens for, removing it closes the connection, and
pcscd sees exactly what a contactless reader reports. The PC/SC driver in ``pcsc_emrtd`` is
the code under test; nothing here is called by it.

vpcd wire protocol (vsmartcard ``vpcd/vpcd.c``): every message is a 2-byte big-endian length
and a payload. A 1-byte payload is a control code (0 power off, 1 power on, 2 reset,
4 ATR request); anything longer is a command APDU. Only ATR requests and APDUs are answered.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from devices.base import DeviceNotFound
from devices.idcard import icao_status as sw
from devices.idcard.icao_bac import BacError, BacKeys, chip_answer
from devices.idcard.icao_lds import (
    APPLICATION_ID, DG1, DG2, EF_COM, EF_SOD, JPEG, TAG_DG1, TAG_DG2, build_com, build_dg1, build_dg2,
)
from devices.idcard.icao_sm import SecureMessaging, SecureMessagingError, split_apdu
from devices.idcard.icao_sod import build_sod
from devices.idcard.icao_tlv import TlvError, find, tlv
from ocr.mrz import build_td3, parse_mrz

log = logging.getLogger(__name__)

VPCD_HOST = "127.0.0.1"
VPCD_PORT = 35963            # CHANNELID 0x8C7B in /etc/reader.conf.d/vpcd; slot n listens on port + n

_POWER_OFF, _POWER_ON, _RESET, _GET_ATR = 0, 1, 2, 4


def contactless_atr(historical: bytes) -> bytes:
    """The ATR a PC/SC reader builds for an ISO 14443-4 card (PC/SC part 3, 3.1.3.2.3)."""
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3B" + body + bytes([tck])


# Type B: ATQB application data (4), protocol info (3), MBLI from ATTRIB (1).
PASSPORT_ATR = contactless_atr(bytes.fromhex("0000000000817100"))


@dataclass(frozen=True)
class PassportData:
    """What a sample passport carries: its MRZ lines and a JPEG face."""

    mrz: str
    face_jpeg: bytes
    face_size: tuple[int, int]

    @classmethod
    def sample(cls, *, surname: str = "ZHANG", given_names: str = "WEI", number: str = "EA1234567",
               nationality: str = "CHN", birth: date = date(1988, 5, 17), sex: str = "M",
               expiry: date = date(2034, 5, 16), issuer: str = "CHN") -> "PassportData":
        """A synthetic passport; the face is a drawn placeholder, not a photograph of anyone."""
        mrz = build_td3(document_type="P", issuer=issuer, number=number, surname=surname,
                        given_names=given_names, nationality=nationality, birth=birth, sex=sex,
                        expiry=expiry)
        return cls(mrz, *_placeholder_face())

    def __repr__(self) -> str:
        return f"PassportData(<MRZ>, face {len(self.face_jpeg)} bytes)"

    @property
    def files(self) -> dict[int, bytes]:
        """The elementary files of the chip, EF.SOD holding the hashes of DG1 and DG2."""
        width, height = self.face_size
        groups = {DG1: build_dg1(self.mrz), DG2: build_dg2(self.face_jpeg, JPEG, width, height)}
        return {EF_COM: build_com((TAG_DG1, TAG_DG2)), **groups,
                EF_SOD: build_sod({1: groups[DG1], 2: groups[DG2]})}

    @property
    def keys(self) -> BacKeys:
        return BacKeys.from_mrz_information(parse_mrz(self.mrz).mrz_information)


def _placeholder_face() -> tuple[bytes, tuple[int, int]]:
    # Pillow is only needed to simulate; the reader never decodes the image.
    import io

    from PIL import Image, ImageDraw

    size = (120, 160)
    image = Image.new("RGB", size, (232, 236, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 28, 90, 104), fill=(222, 184, 150))
    draw.rectangle((22, 110, 98, 160), fill=(40, 60, 110))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue(), size


class EmrtdChip:
    """The eMRTD application of one chip; ``respond`` turns a command APDU into a response."""

    def __init__(self, passport: PassportData, *, random: Callable[[int], bytes] = os.urandom):
        self._files = passport.files
        self._keys = passport.keys
        self._random = random
        self.commands: list[bytes] = []   # plain command APDUs as the chip understood them
        self.reset()

    def reset(self) -> None:
        """Power cycle: back to the master file, no challenge, no secure messaging."""
        self._selected_app = False
        self._challenge: bytes | None = None
        self._sm: SecureMessaging | None = None
        self._current: bytes | None = None

    def respond(self, apdu: bytes) -> bytes:
        if self._sm is not None and len(apdu) >= 4 and not apdu[0] & 0x0C:
            # A plain command ends the secure messaging session (9303 part 11, 9.8.6.1); a
            # new reader session starts with a plain SELECT of the application.
            self._sm = None
        if self._sm is None:
            self.commands.append(apdu)
            data, status = self._plain(apdu)
            return data + status.to_bytes(2, "big")
        try:
            plain = self._sm.unwrap_command(apdu)
        except SecureMessagingError as exc:
            # A broken protected command ends the session (9303 part 11, 9.8.6).
            self._sm = None
            return (exc.status or sw.SM_OBJECTS_MISSING).to_bytes(2, "big")
        self.commands.append(plain)
        data, status = self._protected(plain)
        return self._sm.wrap_response(data, status, odd=bool(plain[1] & 1))

    def _plain(self, apdu: bytes) -> tuple[bytes, int]:
        try:
            header, data, le = split_apdu(apdu)
        except ValueError:
            return b"", sw.WRONG_LENGTH
        ins, p1 = header[1], header[2]
        if ins == 0xA4 and p1 == 0x04:
            self.reset()
            self._selected_app = data == APPLICATION_ID
            return b"", sw.OK if self._selected_app else sw.FILE_NOT_FOUND
        if not self._selected_app:
            return b"", sw.FILE_NOT_FOUND
        if ins == 0x84:
            if le != 8:
                return b"", sw.WRONG_LENGTH
            self._challenge = self._random(8)
            return self._challenge, sw.OK
        if ins == 0x82:
            return self._external_authenticate(data)
        if ins in (0xA4, 0xB0):
            return b"", sw.SECURITY_NOT_SATISFIED   # files are readable after BAC only
        return b"", sw.INS_NOT_SUPPORTED

    def _external_authenticate(self, data: bytes) -> tuple[bytes, int]:
        challenge, self._challenge = self._challenge, None   # one attempt per challenge
        if challenge is None:
            return b"", sw.SECURITY_NOT_SATISFIED
        try:
            answer, session = chip_answer(self._keys, data, challenge, self._random(16))
        except BacError:
            return b"", sw.AUTHENTICATION_FAILED
        self._sm = SecureMessaging(session)
        return answer, sw.OK

    def _protected(self, apdu: bytes) -> tuple[bytes, int]:
        header, data, le = split_apdu(apdu)
        ins, p1, p2 = header[1], header[2], header[3]
        if ins == 0xA4 and p1 == 0x02:
            file_id = int.from_bytes(data, "big")
            if len(data) != 2 or file_id not in self._files:
                return b"", sw.FILE_NOT_FOUND
            self._current = self._files[file_id]
            return b"", sw.OK
        if ins == 0xB0:
            if self._current is None:
                return b"", sw.NO_CURRENT_EF
            offset = (p1 << 8) | p2
            if p1 & 0x80 or offset > len(self._current):
                return b"", sw.WRONG_P1P2
            return self._current[offset:offset + (le or 256)], sw.OK
        if ins == 0xB1:
            return self._read_binary_odd(p1, p2, data, le or 256)
        return b"", sw.INS_NOT_SUPPORTED

    def _read_binary_odd(self, p1: int, p2: int, data: bytes, le: int) -> tuple[bytes, int]:
        """READ BINARY B1 on the current file: offset in DO'54', data answered in DO'53'."""
        if self._current is None:
            return b"", sw.NO_CURRENT_EF
        try:
            offset = int.from_bytes(find(data, 0x54), "big")
        except TlvError:
            return b"", sw.WRONG_P1P2
        if (p1, p2) != (0, 0) or offset > len(self._current):
            return b"", sw.WRONG_P1P2
        room = le - 2 if le - 2 < 0x80 else le - 3   # DO'53' tag and length count in Le
        return tlv(0x53, self._current[offset:offset + room]), sw.OK


class VirtualPassport:
    """A chip placed on (``insert``) or taken off (``remove``) a vpcd reader slot.

    ``remove_after`` simulates a citizen lifting the passport mid-read: the connection is
    dropped right after the chip has answered that many APDUs, so the reader's next command
    finds the field empty.
    """

    def __init__(self, chip: EmrtdChip, *, host: str = VPCD_HOST, port: int = VPCD_PORT,
                 remove_after: int | None = None):
        self.chip = chip
        self.host, self.port = host, port
        self.remove_after = remove_after
        self._socket: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._apdus = 0
        self.removed = threading.Event()

    @property
    def inserted(self) -> bool:
        return self._socket is not None

    def insert(self) -> None:
        """Place the passport on the reader: connect to vpcd and answer it in a thread."""
        if self._socket is not None:
            return
        try:
            sock = socket.create_connection((self.host, self.port), timeout=5)
        except OSError as exc:
            raise DeviceNotFound(f"vpcd is not listening on {self.host}:{self.port}: {exc}",
                                 staff_hint="Start pcscd with the vsmartcard-vpcd reader driver.") from None
        sock.settimeout(None)
        self._socket, self._apdus = sock, 0
        self.removed.clear()
        self.chip.reset()
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="vicc-passport", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Take the passport away: close the connection; vpcd then reports no card."""
        sock, self._socket = self._socket, None
        if sock is not None:
            _close(sock)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self.removed.set()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                message = _receive(sock)
                if message is None:
                    break
                if len(message) == 1:
                    if message[0] == _GET_ATR:
                        _send(sock, PASSPORT_ATR)
                    elif message[0] in (_POWER_OFF, _POWER_ON, _RESET):
                        self.chip.reset()
                    continue
                self._apdus += 1
                _send(sock, self.chip.respond(message))
                if self.remove_after is not None and self._apdus >= self.remove_after:
                    break
        except OSError as exc:
            log.debug("vpcd connection ended: %s", exc)
        finally:
            if self._socket is sock:
                self._socket = None
                _close(sock)
                self.removed.set()


class PassportSimulator:
    """The passport reader of the kiosk's simulation mode: a vpcd slot of the running pcscd.

    ``start`` checks that pcscd lists the vpcd reader (Debian: packages pcscd and
    vsmartcard-vpcd, /etc/reader.conf.d/vpcd) and ``config`` points the real ``pcsc-emrtd``
    driver at it. ``place`` puts a passport on the reader, ``remove`` takes it away.
    """

    def __init__(self, *, reader: str = "Virtual PCD 00 00", host: str = VPCD_HOST, port: int = VPCD_PORT):
        self.reader, self.host, self.port = reader, host, port
        self.passport: VirtualPassport | None = None

    @property
    def config(self) -> dict:
        return {"type": "pcsc-emrtd", "reader": self.reader}

    def start(self) -> "PassportSimulator":
        from smartcard.System import readers

        try:
            found = [str(reader) for reader in readers()]
        except Exception as exc:   # pyscard raises several unrelated classes when pcscd is absent
            raise DeviceNotFound(f"pcscd does not answer: {exc}",
                                 staff_hint="Install and start pcscd with vsmartcard-vpcd.") from None
        if not any(self.reader in name for name in found):
            raise DeviceNotFound(f"pcscd lists no reader {self.reader!r} (found: {', '.join(found) or 'none'})",
                                 staff_hint="Install vsmartcard-vpcd and restart pcscd.")
        return self

    def stop(self) -> None:
        self.remove()

    def place(self, data: PassportData | None = None, *, remove_after: int | None = None) -> VirtualPassport:
        """Put a passport (the default sample when ``data`` is None) on the reader."""
        self.remove()
        self.passport = VirtualPassport(EmrtdChip(data or PassportData.sample()), host=self.host,
                                        port=self.port, remove_after=remove_after)
        self.passport.insert()
        return self.passport

    def remove(self) -> None:
        if self.passport is not None:
            self.passport.remove()
            self.passport = None


def _receive(sock: socket.socket) -> bytes | None:
    header = _exactly(sock, 2)
    if header is None:
        return None
    return _exactly(sock, int.from_bytes(header, "big"))


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
        # vpcd writes the length and the APDU in two sends; with Nagle on its side and delayed
        # ACKs on ours every APDU would wait ~40 ms. Linux resets quick-ACK mode, so set it again.
        if hasattr(socket, "TCP_QUICKACK"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
