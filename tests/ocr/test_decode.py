"""Decoding uploaded bytes: every bad upload becomes UnreadableImage, never a crash."""
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from ocr.imaging import decode_image
from ocr.types import DocumentError, UnreadableImage
from tests.ocr import images


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's shape)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def card_jpeg():
    return images.encode(images.id_card_front())


def test_decodes_jpeg_to_bgr(card_jpeg):
    image = decode_image(card_jpeg)
    assert image.shape == (540, 856, 3) and image.dtype == np.uint8
    # the label ink is blue: in BGR order the first channel is the strongest
    b, g, r = image[60:80, 62:110].reshape(-1, 3).min(axis=0)
    assert b > r


@pytest.mark.parametrize("data, why", [
    (b"", "empty"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", "a PDF"),
    ("申请表.docx".encode() * 50, "text"),
    (bytes(range(256)) * 40, "random bytes"),
])
def test_non_images_are_unreadable(data, why):
    with pytest.raises(UnreadableImage) as err:
        decode_image(data)
    assert err.value.citizen_message and "\u4e00" <= err.value.citizen_message[0] <= "\u9fff"


def test_truncated_jpeg_is_unreadable(card_jpeg):
    with pytest.raises(UnreadableImage, match="corrupt or truncated"):
        decode_image(card_jpeg[: len(card_jpeg) // 2])


def test_corrupt_png_is_unreadable():
    png = images.encode(images.id_card_front(), ".png")
    broken = png[:200] + bytes(b ^ 0x5A for b in png[200:600]) + png[600:]
    with pytest.raises(UnreadableImage):
        decode_image(broken)


def test_bomb_is_refused_from_its_header_before_decoding():
    bomb = _png_claiming(100_000, 100_000)   # 10 gigapixels in 80 bytes
    assert len(bomb) < 100
    with pytest.raises(UnreadableImage, match="bomb") as err:
        decode_image(bomb)
    assert err.value.citizen_message == "图片过大，请重新拍摄。"
    # below Pillow's own bomb limit, the configured limit refuses it from the header
    with pytest.raises(UnreadableImage, match="claims 9000×9000 px"):
        decode_image(_png_claiming(9000, 9000), max_pixels=50_000_000)


def test_pixel_limit_is_configurable(card_jpeg):
    with pytest.raises(UnreadableImage, match="px limit"):
        decode_image(card_jpeg, max_pixels=856 * 540 - 1)
    assert decode_image(card_jpeg, max_pixels=856 * 540).shape[:2] == (540, 856)


def test_exif_orientation_is_applied():
    card = images.id_card_front()
    # Orientation 6: the stored pixels must be turned 90° clockwise to be viewed upright,
    # so store the card turned 90° counter-clockwise.
    stored = np.ascontiguousarray(np.rot90(card))
    image = decode_image(images.with_exif_orientation(stored, 6))
    assert image.shape == card.shape
    assert np.abs(image.astype(int) - card.astype(int)).mean() < 8


@pytest.mark.parametrize("mode", ["L", "RGBA", "P", "I;16", "CMYK"])
def test_other_pixel_modes_decode_to_bgr(mode):
    rgb = Image.fromarray(images.id_card_front()[:, :, ::-1].copy())
    img = rgb.convert("I;16") if mode == "I;16" else rgb.convert(mode)
    out = io.BytesIO()
    img.save(out, "TIFF" if mode in ("I;16", "CMYK") else "PNG")
    image = decode_image(out.getvalue())
    assert image.shape == (540, 856, 3) and image.dtype == np.uint8


def test_unreadable_is_a_document_error():
    assert issubclass(UnreadableImage, DocumentError)
