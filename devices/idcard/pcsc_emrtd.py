"""Passports and travel permits on a PC/SC contactless reader (pyscard), type ``pcsc-emrtd``.

The chip protocol (select, BAC, secure messaging, data groups) is in ``icao_chip``; this
driver owns the PC/SC side: finding the reader, connecting, moving APDUs, following card
arrival and removal, and turning pyscard exceptions into devices.base errors.

Arrival and removal are followed with SCardGetStatusChange, the call pyscard's CardMonitor is
built on, in the reader's own watch thread. CardMonitor itself is not used: it is a
process-wide thread that ends for good when pcscd restarts (so a kiosk would go deaf until
restarted), cannot be stopped while it waits, and prints its errors to stderr. Here a lost
pcscd or reader marks the device unavailable and the loop reconnects until it is back.

Options: ``reader`` — a substring of the PC/SC reader name (empty: the first contactless
reader, else the first reader).
"""
from __future__ import annotations

import logging
import threading

from devices.base import CardNotPresent, CardReadError, DeviceError, DeviceNotFound
from devices.idcard.base import (
    PASSPORT, IdentityCard, PassportKey, PassportReader, id_readers,
)
from devices.idcard.icao_bac import BacKeys
from devices.idcard.icao_chip import ChipDocument, ChipSession
from devices.idcard.icao_lds import LdsError
from ocr.mrz import MrzFormatError, parse_mrz

log = logging.getLogger(__name__)

# PC/SC return codes (pcsclite.h) that mean the card left the field or the service is gone.
_CARD_GONE = {0x80100069, 0x8010000C, 0x80100068, 0x80100066}   # removed, no card, reset, unresponsive
_NO_SERVICE = {0x8010001D, 0x8010002E, 0x80100013}              # no service, no readers, RPC transport
_READER_GONE = {0x80100017, 0x80100009}                         # reader unavailable, unknown reader

# Disconnect leaving the card as it is. Powering down a card that has just left the field
# fails in pcscd and, with the vpcd driver, stops pcscd noticing the next card. Each session
# starts with a plain SELECT of the application, which ends any earlier secure messaging.
_LEAVE_CARD = 0   # SCARD_LEAVE_CARD

_CONTACTLESS_MARKS = ("PICC", "CONTACTLESS")

_REMOVED_MESSAGE = "护照在读取过程中被移开，请将护照重新平放在读卡区，读取完成前不要移动。"
_SEX = {"M": "男", "F": "女"}


def mask(number: str) -> str:
    """A document number for the log: first two and last two characters only."""
    return number[:2] + "*" * max(len(number) - 4, 0) + number[-2:] if len(number) > 4 else "****"


@id_readers.register
class PcscPassportReader(PassportReader):
    """An ICAO chip reader on PC/SC; ``reader`` picks it by a substring of its name."""

    type = "pcsc-emrtd"

    def __init__(self, name: str = "passport", *, reader: str = ""):
        super().__init__(name)
        self.reader_filter = reader
        self.reader_name = ""
        self._io = threading.Lock()
        self._key_arrived = threading.Event()

    @classmethod
    def available_here(cls) -> bool:
        try:
            import smartcard.scard  # noqa: F401
        except ImportError:
            return False
        return True

    # Device ---------------------------------------------------------------------------------
    def open(self) -> None:
        self.reader_name = str(self._reader())
        self.tracker.ok()

    def close(self) -> None:
        self.stop()

    def probe(self) -> str:
        reader = self._reader()
        return f"{reader}: {'card present' if self.card_present() else 'no card'}"

    def card_present(self) -> bool:
        """Ask pcscd for the reader's state; no connection, so a read in progress is undisturbed."""
        name = str(self._reader())
        with _Context() as context:
            return bool(context.state(name, 0)[1] & _scard().SCARD_STATE_PRESENT)

    # Reading --------------------------------------------------------------------------------
    def read_passport(self, key: PassportKey) -> IdentityCard:
        """Run select, BAC, secure messaging and the data group reads on the card now present."""
        with self._io:
            document = self._read(key)
        card = _identity(document)
        log.info("reader %s: passport %s read", self.name, mask(card.id_number))
        return card

    def _read(self, key: PassportKey) -> ChipDocument:
        reader = self._reader()
        try:
            connection = reader.createConnection()
        except _pyscard_errors() as exc:
            raise _translate(exc) from None
        try:
            connection.connect(disposition=_LEAVE_CARD)
            self.tracker.ok()   # the reader answers; what follows is about the card

            def transmit(apdu: bytes) -> tuple[bytes, int]:
                data, sw1, sw2 = connection.transmit(list(apdu))
                return bytes(data), (sw1 << 8) | sw2

            return ChipSession(transmit).read_document(BacKeys.from_mrz_information(key.mrz_information))
        except _pyscard_errors() as exc:
            error = _translate(exc)
            if isinstance(error, DeviceNotFound):
                self.tracker.failed(error)
            raise error from None
        finally:
            _release(connection)

    def _reader(self):
        from smartcard.System import readers

        try:
            found = readers()
        except _pyscard_errors() as exc:
            error = _translate(exc)
            self.tracker.failed(error)
            raise error from None
        matching = [r for r in found if self.reader_filter in str(r)]
        if not self.reader_filter:
            # Dual-interface readers list a SAM or contact slot too; the passport lies on the
            # contactless one, which most readers name "PICC" (PC/SC part 3 calls the card so).
            matching.sort(key=lambda r: not any(mark in str(r).upper() for mark in _CONTACTLESS_MARKS))
        if not matching:
            error = DeviceNotFound(f"no PC/SC reader matches {self.reader_filter!r} "
                                   f"(found: {', '.join(map(str, found)) or 'none'})")
            self.tracker.failed(error)
            raise error
        return matching[0]

    # Watching -------------------------------------------------------------------------------
    def expect(self, key: PassportKey | None) -> None:
        super().expect(key)
        if key is not None:
            self._key_arrived.set()

    def _watch(self) -> None:
        """Follow the reader until stopped; after a PC/SC failure, reconnect every ``reopen_interval``."""
        while not self._stop.is_set():
            try:
                self._follow()
            except DeviceError as exc:
                self.tracker.failed(exc)
                self._stop.wait(self.reopen_interval)
            except Exception as exc:   # a driver bug must not end the watch for the rest of the day
                log.exception("reader %s: unexpected error while watching", self.name)
                self.tracker.failed(exc)
                self._stop.wait(self.reopen_interval)

    def _follow(self) -> None:
        scard = _scard()
        name = str(self._reader())
        self.reader_name = name
        self.tracker.ok()
        present, seen = False, scard.SCARD_STATE_UNAWARE
        with _Context() as context:
            while not self._stop.is_set():
                # A short wait, so a stop or a newly expected key is noticed within poll_interval.
                changed, state = context.state(name, int(self.poll_interval * 1000), seen)
                if not changed:
                    if present and self._key_arrived.is_set():
                        self._key_arrived.clear()
                        self._chip_arrived()
                    continue
                if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                    raise DeviceNotFound(f"PC/SC reader {name} went away")
                now_present = bool(state & scard.SCARD_STATE_PRESENT)
                # The upper 16 bits count card events: a card swapped between two waits
                # shows as a new count with the field still occupied (pcsc-lite winscard.c).
                swapped = present and now_present and (state >> 16) != (seen >> 16) and seen != 0
                seen = state & ~scard.SCARD_STATE_CHANGED
                if present and (not now_present or swapped):
                    present = False
                    self._notify("card_removed")
                if now_present and not present:
                    present = True
                    self._key_arrived.clear()
                    self._chip_arrived()

    def _chip_arrived(self) -> None:
        try:
            card = self.read_once()
        except DeviceError as exc:
            log.info("reader %s: passport not read: %s", self.name, type(exc).__name__)
            self._notify("card_failed", exc)
            return
        self._notify("card_placed", card)


class _Context:
    """A PC/SC context for status queries, released on exit (pcscd keeps per-context state)."""

    def __enter__(self) -> "_Context":
        scard = _scard()
        hresult, self.handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise _translate(_ScardError(hresult))
        return self

    def __exit__(self, *exc_info) -> None:
        _scard().SCardReleaseContext(self.handle)

    def state(self, reader: str, timeout_ms: int, known: int = 0) -> tuple[bool, int]:
        """(changed, event state) of ``reader`` after waiting up to ``timeout_ms`` for a change."""
        scard = _scard()
        hresult, states = scard.SCardGetStatusChange(self.handle, timeout_ms, [(reader, known)])
        if hresult == scard.SCARD_E_TIMEOUT:
            return False, known
        if hresult != scard.SCARD_S_SUCCESS:
            raise _translate(_ScardError(hresult))
        return True, states[0][1]


def _scard():
    from smartcard import scard

    return scard


def _identity(document: ChipDocument) -> IdentityCard:
    try:
        mrz = parse_mrz(document.mrz)
    except MrzFormatError as exc:
        raise LdsError(f"DG1 MRZ does not parse: {exc}") from None
    name = " ".join(part for part in (mrz.surname, mrz.given_names) if part)
    extra = {
        "document_type": mrz.document_type, "issuer": mrz.issuer, "surname": mrz.surname,
        "given_names": mrz.given_names, "mrz_format": mrz.format, "optional_data": mrz.optional_data,
        "mrz_checks": "ok" if mrz.valid else "failed: " + ",".join(mrz.failed_checks),
        "sod_hashes": "verified",
        "sod_signature": document.signature,
    }
    face = document.face
    return IdentityCard(
        card_type=PASSPORT, name=name, name_en=name, id_number=mrz.document_number,
        gender=_SEX.get(mrz.sex, ""), birth_date=mrz.birth_date, valid_until=mrz.expiry_date,
        nationality=mrz.nationality, extra=extra,
        photo=face.data if face else b"", photo_format=face.format if face else "",
    )


def _release(connection) -> None:
    """Disconnect and free the PC/SC context at once.

    Left to the garbage collector, a context outlives the read for as long as a traceback
    holds the connection.
    """
    for step in (connection.disconnect, connection.release):
        try:
            step()
        except _pyscard_errors():
            pass   # the card or the service is already gone


class _ScardError(Exception):
    """A failed smartcard.scard call, carrying its PC/SC return code like pyscard's exceptions."""

    def __init__(self, hresult: int):
        super().__init__(_scard().SCardGetErrorMessage(hresult))
        self.hresult = hresult


def _pyscard_errors() -> tuple[type[Exception], ...]:
    """Everything pyscard raises: its own exceptions and those of its PC/SC layer."""
    from smartcard.Exceptions import SmartcardException
    from smartcard.pcsc.PCSCExceptions import BaseSCardException

    return SmartcardException, BaseSCardException


def _translate(exc: Exception) -> DeviceError:
    """pyscard's exceptions as the kiosk's device errors."""
    from smartcard.Exceptions import (
        CardConnectionException, CardServiceNotFoundException, CardServiceStoppedException,
        NoCardException, NoReadersException,
    )
    from smartcard.pcsc.PCSCExceptions import EstablishContextException

    code = getattr(exc, "hresult", None)
    if isinstance(code, int):
        code &= 0xFFFFFFFF
    service_gone = (EstablishContextException, NoReadersException, CardServiceNotFoundException,
                    CardServiceStoppedException)
    if isinstance(exc, service_gone) or code in _NO_SERVICE | _READER_GONE:
        return DeviceNotFound(f"PC/SC service or reader unavailable: {exc}",
                              staff_hint="Check that pcscd runs and the contactless reader is plugged in.")
    if isinstance(exc, NoCardException):
        return CardNotPresent(str(exc))
    if code in _CARD_GONE:
        return CardReadError(f"card left the field: {exc}", citizen_message=_REMOVED_MESSAGE)
    if isinstance(exc, CardConnectionException):
        return CardReadError(f"PC/SC transmission failed: {exc}", citizen_message=_REMOVED_MESSAGE)
    return CardReadError(f"PC/SC error: {exc}")
