"""The ID reader interface and the identity it delivers.

A reader watches its field in a background thread and tells a ``CardListener`` when a card
is placed (with the identity read from its chip) and when it is taken away. ``read_once``
reads whatever card is on the reader now, for the CLI and for probing.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from devices.base import Device, DeviceError, Registry

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

    Drivers implement ``read_once`` and ``card_present``; the base runs the watch loop:
    a card is read once when it arrives (not again while it stays) and removal is reported.
    """

    poll_interval = 0.3

    def __init__(self, name: str):
        super().__init__(name)
        self._listeners: list[CardListener] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add_listener(self, listener: CardListener) -> None:
        self._listeners.append(listener)

    def read_once(self) -> IdentityCard:
        """Read the card now on the reader; raises CardNotPresent when there is none."""
        raise NotImplementedError

    def card_present(self) -> bool:
        """Whether a card is in the field now (cheap; used to notice removal)."""
        raise NotImplementedError

    def start(self) -> None:
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name=f"idreader-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _watch(self) -> None:
        """Subclasses may override for readers that push events; the default polls."""
        raise NotImplementedError


id_readers: Registry[IdReader] = Registry("id reader")
