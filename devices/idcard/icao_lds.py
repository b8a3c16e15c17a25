"""The eMRTD logical data structure (ICAO 9303 part 10): file ids, EF.COM, DG1 and DG2.

Each data group is read here and built here, so the virtual chip serves exactly what the
reader parses. The face in DG2 is kept as the raw JPEG or JPEG 2000 bytes of its
ISO/IEC 19794-5 record; nothing is decoded or re-encoded.
"""
from __future__ import annotations

from dataclasses import dataclass

from devices.base import CardReadError
from devices.idcard.icao_tlv import TlvError, find, iter_tlv, tlv

APPLICATION_ID = bytes.fromhex("A0000002471001")

EF_COM, EF_SOD = 0x011E, 0x011D
DG1, DG2 = 0x0101, 0x0102

TAG_COM, TAG_DG1, TAG_DG2, TAG_SOD = 0x60, 0x61, 0x75, 0x77
_TAG_MRZ = 0x5F1F
_TAG_LDS_VERSION, _TAG_UNICODE_VERSION, _TAG_LIST = 0x5F01, 0x5F36, 0x5C
_TAG_BIT_GROUP, _TAG_INSTANCES, _TAG_BIT = 0x7F61, 0x02, 0x7F60
_TAG_HEADER = 0xA1
_TAG_FACE, _TAG_FACE_ENCIPHERED = 0x5F2E, 0x7F2E

JPEG, JPEG2000 = "jpeg", "jpeg2000"
# ISO/IEC 19794-5:2005, 5.7.2: image data type.
_IMAGE_TYPES = {0: JPEG, 1: JPEG2000}
_FACE_MAGIC = b"FAC\x00010\x00"
_RECORD_HEADER = 14     # magic, version, record length (4), number of faces (2)
_FACE_HEADER = 20       # block length (4), feature points (2), gender … pose uncertainty
_FEATURE_POINT = 8
_IMAGE_INFO = 12        # type, data type, width (2), height (2), colour space, source, device (2), quality (2)


class LdsError(CardReadError):
    """A data group read from the chip is not what ICAO 9303 part 10 describes."""

    staff_hint = "The passport chip returned a data group that does not parse; the chip may be damaged."


@dataclass(frozen=True)
class FaceImage:
    """The face from DG2: raw image bytes, ``JPEG`` or ``JPEG2000``, and its size in pixels."""

    data: bytes
    format: str
    width: int
    height: int

    def __repr__(self) -> str:
        return f"FaceImage({self.format}, {self.width}x{self.height}, {len(self.data)} bytes)"


def build_com(tags: tuple[int, ...] = (TAG_DG1, TAG_DG2)) -> bytes:
    """EF.COM for LDS 1.7 and Unicode 4.0.0 listing the data group tags present."""
    return tlv(TAG_COM, tlv(_TAG_LDS_VERSION, b"0107") + tlv(_TAG_UNICODE_VERSION, b"040000")
               + tlv(_TAG_LIST, bytes(tags)))


def parse_com(data: bytes) -> tuple[int, ...]:
    """The data group tags EF.COM lists."""
    return tuple(_find(data, "EF.COM", TAG_COM, _TAG_LIST))


def build_dg1(mrz: str) -> bytes:
    return tlv(TAG_DG1, tlv(_TAG_MRZ, "".join(mrz.split()).encode("ascii")))


def parse_dg1(data: bytes) -> str:
    """The MRZ in DG1, split into its lines (2×44, 3×30 or 3×30 for a permit card)."""
    raw = _find(data, "DG1", TAG_DG1, _TAG_MRZ)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise LdsError("DG1 MRZ is not ASCII") from None
    width = {88: 44, 90: 30, 72: 36}.get(len(text))
    if width is None:
        raise LdsError(f"DG1 MRZ has {len(text)} characters")
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def build_dg2(image: bytes, image_format: str, width: int, height: int) -> bytes:
    """DG2 with one ISO/IEC 19794-5 face record (full frontal, no feature points)."""
    data_type = {name: code for code, name in _IMAGE_TYPES.items()}[image_format]
    image_info = bytes([1, data_type]) + width.to_bytes(2, "big") + height.to_bytes(2, "big") \
        + bytes([1, 2]) + bytes(4)          # 24-bit RGB, digital still camera, device/quality unset
    block = bytes(2) + bytes(3) + bytes(3) + bytes(2) + bytes(6)   # no feature points, unspecified traits
    face_length = 4 + len(block) + len(image_info) + len(image)
    face = face_length.to_bytes(4, "big") + block + image_info + image
    record = _FACE_MAGIC + (_RECORD_HEADER + len(face)).to_bytes(4, "big") + (1).to_bytes(2, "big") + face
    # Biometric header template: ICAO header version 1.1, type facial features, format owner
    # ISO/IEC JTC 1 SC 37 (0101) and format type face image (0008) (9303 part 10, 4.7.2.1).
    header = tlv(0x80, b"\x01\x01") + tlv(0x81, b"\x02") + tlv(0x87, b"\x01\x01") + tlv(0x88, b"\x00\x08")
    template = tlv(_TAG_BIT, tlv(_TAG_HEADER, header) + tlv(_TAG_FACE, record))
    return tlv(TAG_DG2, tlv(_TAG_BIT_GROUP, tlv(_TAG_INSTANCES, b"\x01") + template))


def parse_dg2(data: bytes) -> FaceImage:
    """The first face image in DG2."""
    group = _find(data, "DG2", TAG_DG2, _TAG_BIT_GROUP)
    try:
        for tag, template in iter_tlv(group):
            if tag != _TAG_BIT:
                continue
            for inner, value in iter_tlv(template):
                if inner in (_TAG_FACE, _TAG_FACE_ENCIPHERED):
                    return _face_record(value)
    except TlvError as exc:
        raise LdsError(f"DG2 is malformed: {exc}") from None
    raise LdsError("DG2 holds no face record")


def _face_record(record: bytes) -> FaceImage:
    if not record.startswith(_FACE_MAGIC) or len(record) < _RECORD_HEADER + _FACE_HEADER + _IMAGE_INFO:
        raise LdsError("DG2 face record lacks the ISO/IEC 19794-5 header")
    face = record[_RECORD_HEADER:]
    block_length = int.from_bytes(face[0:4], "big")
    points = int.from_bytes(face[4:6], "big")
    info_at = _FACE_HEADER + points * _FEATURE_POINT
    info = face[info_at:info_at + _IMAGE_INFO]
    image = face[info_at + _IMAGE_INFO:block_length]
    if len(info) < _IMAGE_INFO or block_length > len(face) or not image:
        raise LdsError("DG2 face record is truncated")
    image_format = _IMAGE_TYPES.get(info[1])
    if image_format is None:
        raise LdsError(f"DG2 image data type {info[1]} is neither JPEG nor JPEG 2000")
    return FaceImage(image, image_format, int.from_bytes(info[2:4], "big"), int.from_bytes(info[4:6], "big"))


def _find(data: bytes, name: str, *path: int) -> bytes:
    try:
        return find(data, *path)
    except TlvError as exc:
        raise LdsError(f"{name} is malformed: {exc}") from None
