"""Turning a chip photo into an image the kiosk can show.

Resident ID cards hold their photo WLT-compressed (1024 bytes, decoding to 102×126 pixels).
No open-source WLT decoder exists and this project bundles none: readers ship a closed,
licensed vendor library. An installation that holds such a licence wraps it in a callable
matching ``PhotoDecoder`` and names it in the reader's configuration as
``photo_decoder: "package.module:callable"``. Without one, the kiosk works on the text data
and shows no photo.

Decoding is never part of reading: readers keep the raw bytes in ``IdentityCard.photo`` and
the kiosk asks for an image afterwards, with a time limit, when it wants to show one.
"""
from __future__ import annotations

import importlib
import logging
import threading
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from devices.idcard.base import IdentityCard

log = logging.getLogger(__name__)

WLT = "wlt"


class PhotoDecoder(Protocol):
    """A licensed vendor decoder: raw WLT bytes in, an image file (BMP, PNG or JPEG bytes) out."""

    def __call__(self, wlt: bytes) -> bytes: ...


def load_photo_decoder(spec: str) -> PhotoDecoder:
    """Import the decoder named ``"package.module:callable"``; ValueError saying what is wrong."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"photo_decoder {spec!r} must look like 'package.module:callable'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"photo_decoder module {module_name!r} cannot be imported: {exc}") from None
    decoder = getattr(module, attr, None)
    if not callable(decoder):
        raise ValueError(f"photo_decoder {spec!r} is not a callable")
    return decoder


def photo_image(card: IdentityCard, decoder: PhotoDecoder | None, timeout: float = 2.0) -> bytes | None:
    """The card's photo as an image file, or None when it cannot be had in ``timeout`` seconds.

    WLT photos go through ``decoder`` (None when no decoder is installed); other formats are
    images already. A decoder that fails or hangs costs the photo, never the visit: it runs in a
    daemon thread so a vendor library stuck in a loop does not hold the kiosk.
    """
    if not card.photo:
        return None
    if card.photo_format != WLT:
        return card.photo
    if decoder is None:
        return None
    result: list[bytes] = []

    def run() -> None:
        try:
            result.append(decoder(card.photo))
        except Exception as exc:  # a vendor library may raise anything
            log.warning("photo decoder failed: %s", type(exc).__name__)

    worker = threading.Thread(target=run, name="photo-decoder", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        log.warning("photo decoder gave no image within %.1f s", timeout)
        return None
    return result[0] if result else None
