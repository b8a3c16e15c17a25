"""The ID reader interface and the identity it delivers.

A reader watches its field in a background thread and tells a ``CardListener`` when a card
is placed (with the identity read from its chip) and when it is taken away. ``read_once``
reads whatever card is on the reader now, for the CLI and for probing.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from devices.base import CardNotPresent, CardReadError, Device, DeviceError, Registry
from devices.idcard.photo import PhotoDecoder, photo_image
from ocr.mrz import Mrz, MrzFormatError, mrz_information, parse_mrz

log = logging.getLogger(__name__)

# Card kinds as the SAM text block flags them (see shared spec idcard-sam.md), plus eMRTD chips.
RESIDENT = "resident"                    # 居民身份证
HMT_RESIDENCE_PERMIT = "hmt_permit"      # 港澳台居民居住证 ('J')
FOREIGN_PERMANENT_2017 = "foreign_2017"  # 外国人永久居留身份证 ('I')
FOREIGN_PERMANENT_2023 = "foreign_2023"  # 外国人永久居留身份证 ('Y')
PASSPORT = "emrtd"                       # ICAO chip: passport or travel permit


@dataclass(frozen=True)
class IdentityCard:
    """Identity as read from a card's chip: trusted data, never typed by hand.

    ``valid_until`` is None for 长期 (no expiry). ``photo`` keeps the raw chip bytes
    (WLT-compressed on resident cards, JPEG/JPEG2000 in eMRTD DG2); ``photo_format`` says which.
    """

    card_type: str
    name: str
    id_number: str
    gender: str = ""               # "男" / "女" / "" when unknown
    birth_date: date | None = None
    ethnicity: str = ""
    address: str = ""
    issuing_authority: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    name_en: str = ""
    nationality: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    photo: bytes = b""
    photo_format: str = ""

    def expired_on(self, day: date) -> bool:
        return self.valid_until is not None and self.valid_until < day


class CardListener(Protocol):
    def card_placed(self, reader: str, card: IdentityCard) -> None: ...
    def card_removed(self, reader: str) -> None: ...
    def card_failed(self, reader: str, error: DeviceError) -> None: ...


class IdReader(Device):
    """A reader of identity chips.

    Drivers implement ``read_once`` and ``card_present`` (and an idempotent ``open``); the base
    runs the watch loop: a card is read once when it arrives (not again while it stays), its
    removal is reported, a card that fails to read is reported once and retried only after it
    has left the field (the citizen is told to place it again). Device errors mark the reader
    unavailable and close it; the loop reopens it every ``reopen_interval`` seconds until it
    answers again, so a reader unplugged and plugged back in recovers on its own.
    """

    poll_interval = 0.3
    reopen_interval = 1.0
    # Consecutive polls without the card before removal is reported: one lost RF answer is not a removal.
    removal_polls = 2
    # The watch loop reopens the reader itself; a supervisor need not.
    reconnects_itself = True

    def __init__(self, name: str):
        super().__init__(name)
        self._listeners: list[CardListener] = []
        self._stop = threading.Event()
        self._again = threading.Event()
        self._thread: threading.Thread | None = None
        self.photo_decoder: PhotoDecoder | None = None

    def add_listener(self, listener: CardListener) -> None:
        self._listeners.append(listener)

    def read_once(self) -> IdentityCard:
        """Read the card now on the reader; raises CardNotPresent when there is none."""
        raise NotImplementedError

    def card_present(self) -> bool:
        """Whether a card is in the field now (cheap; used to notice removal)."""
        raise NotImplementedError

    def photo_image(self, card: IdentityCard, timeout: float = 2.0) -> bytes | None:
        """The card's photo as an image file, or None (see devices.idcard.photo)."""
        return photo_image(card, self.photo_decoder, timeout)

    def read_again(self) -> None:
        """Read the card lying on the reader once more at the next poll and announce it again
        (``card_placed``): a listener that dropped its data can have it back without the card
        being lifted. Nothing happens when the field is empty. Readers with a watch of their own
        (the passport reader, whose chip needs a key first) do not do this."""
        self._again.set()

    @property
    def watching(self) -> bool:
        return bool(self._thread and self._thread.is_alive())

    def start(self) -> None:
        if self.watching:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name=f"idreader-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _watch(self) -> None:
        """Poll the reader until stopped. Subclasses may override for readers that push events."""
        connected = False
        watcher = _CardWatch(self)
        while not self._stop.is_set():
            try:
                if not connected:
                    self.open()
                    connected = True
                watcher.poll()
                self.tracker.ok()
            except DeviceError as exc:
                self.tracker.failed(exc)
                self.close()
                connected = False
            except Exception as exc:  # a driver bug must not end the watch for the rest of the day
                log.exception("reader %s: unexpected error while watching", self.name)
                self.tracker.failed(exc)
                self.close()
                connected = False
            self._stop.wait(self.poll_interval if connected else self.reopen_interval)

    def _notify(self, event: str, *args) -> None:
        for listener in list(self._listeners):
            try:
                getattr(listener, event)(self.name, *args)
            except Exception:
                log.exception("reader %s: listener %r failed on %s", self.name, listener, event)


class _CardWatch:
    """The watch loop's memory of the field: empty, holding a read card, or holding a failed one."""

    def __init__(self, reader: IdReader):
        self.reader = reader
        self.holding = False     # a card is on the reader and has been dealt with
        self.announced = False   # card_placed was sent for it
        self.absent_polls = 0

    def poll(self) -> None:
        again = self.reader._again.is_set()
        self.reader._again.clear()
        if self.holding and not again:
            self._check_removal()
            return
        try:
            card = self.reader.read_once()
        except CardNotPresent:
            if self.holding:         # asked to read again, but the card has just been lifted
                self._release()
            return
        except CardReadError as exc:
            log.info("reader %s: card read failed: %s", self.reader.name, exc)
            self._hold(announced=False)
            self.reader._notify("card_failed", exc)
            return
        log.info("reader %s: card read (%s)", self.reader.name, card.card_type)
        self._hold(announced=True)
        self.reader._notify("card_placed", card)

    def _hold(self, announced: bool) -> None:
        self.holding, self.announced, self.absent_polls = True, announced, 0

    def _check_removal(self) -> None:
        if self.reader.card_present():
            self.absent_polls = 0
            return
        self.absent_polls += 1
        if self.absent_polls >= self.reader.removal_polls:
            self._release()

    def _release(self) -> None:
        self.holding = False
        if self.announced:
            log.info("reader %s: card removed", self.reader.name)
            self.reader._notify("card_removed")


class PassportKeyError(CardReadError):
    """No usable MRZ key for a passport chip: the data page was not scanned or not read cleanly."""

    citizen_message = "请先将护照资料页（带两行机读码的一页）放到扫描区识别，再将护照放到读卡区。"
    staff_hint = "The chip reader needs the document number, birth and expiry date from the MRZ first."


@dataclass(frozen=True)
class PassportKey:
    """What Basic Access Control needs from the data page: document number, birth and expiry (YYMMDD).

    ``from_mrz`` takes the zone as OCR read it and refuses one whose check digits fail: a
    misread key cannot open the chip, so the citizen is asked to scan the page again at once.
    """

    number: str
    birth: str
    expiry: str

    def __post_init__(self) -> None:
        try:
            mrz_information(self.number, self.birth, self.expiry)
        except MrzFormatError as exc:
            raise PassportKeyError(f"invalid passport key: {exc}") from None

    @classmethod
    def from_mrz(cls, zone: str | Mrz) -> "PassportKey":
        """The key from a zone: its text, or what ``ocr.mrz_image.read_mrz`` already parsed."""
        try:
            mrz = zone if isinstance(zone, Mrz) else parse_mrz(zone)
        except MrzFormatError as exc:
            raise PassportKeyError(f"MRZ not readable: {exc}") from None
        failed = [name for name in mrz.failed_checks if name in ("document_number", "birth_date",
                                                                  "expiry_date", "composite")]
        if failed:
            raise PassportKeyError(f"MRZ check digits failed: {', '.join(failed)}")
        return cls(mrz.document_number, mrz.birth_yymmdd, mrz.expiry_yymmdd)

    @property
    def mrz_information(self) -> str:
        return mrz_information(self.number, self.birth, self.expiry)

    def __repr__(self) -> str:
        return "PassportKey(<personal data>)"


class PassportReader(IdReader):
    """A reader of ICAO chips: passports and travel permits (eMRTD, ICAO 9303).

    Such a chip opens only with a key printed in its MRZ (Basic Access Control), so unlike an
    ID card it cannot be read on arrival alone. Two ways to read one:

    * ``read_passport(key)`` reads the document on the reader now, e.g. right after the kiosk
      read the MRZ from the data page under the document camera;
    * ``expect(key)`` before or while the document lies on the reader: the watch loop reads
      the chip when it arrives (at once if it is there) and reports ``card_placed`` or
      ``card_failed`` to the listeners like any ID reader. A chip placed with no key expected
      is reported as ``card_failed`` with ``PassportKeyError`` (scan the data page first).
      ``expect(None)`` forgets the key; the kiosk does so when the visit ends.

    ``read_once`` reads with the expected key and raises ``PassportKeyError`` without one.
    A wrong key raises ``devices.idcard.icao_bac.BacError`` (a CardReadError).
    """

    def __init__(self, name: str):
        super().__init__(name)
        self._key: PassportKey | None = None

    @property
    def expected_key(self) -> PassportKey | None:
        return self._key

    def expect(self, key: PassportKey | None) -> None:
        self._key = key

    def read_passport(self, key: PassportKey) -> IdentityCard:
        """Read the passport now on the reader; CardNotPresent when there is none."""
        raise NotImplementedError

    def read_once(self) -> IdentityCard:
        if self._key is None:
            raise PassportKeyError("no MRZ key expected")
        return self.read_passport(self._key)


id_readers: Registry[IdReader] = Registry("id reader")
