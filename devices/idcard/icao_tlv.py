"""BER-TLV as the eMRTD data groups and secure messaging objects use it (ISO/IEC 7816-4, 5.2).

Tags are handled as integers of their encoded bytes (0x5F1F, 0x7F61), lengths in the short
and long (0x81, 0x82, 0x83) forms.
"""
from __future__ import annotations

from collections.abc import Iterator


class TlvError(ValueError):
    """The bytes are not well-formed BER-TLV."""


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    size = (length.bit_length() + 7) // 8
    if size > 3:
        raise TlvError(f"length {length} is too large")
    return bytes([0x80 | size]) + length.to_bytes(size, "big")


def tlv(tag: int, value: bytes) -> bytes:
    """One TLV object; ``tag`` is the integer of the tag bytes, e.g. 0x5F1F."""
    return tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big") + encode_length(len(value)) + value


def read_header(data: bytes, offset: int = 0) -> tuple[int, int, int]:
    """(tag, offset of the value, length of the value) of the object starting at ``offset``."""
    try:
        first = data[offset]
        tag, offset = first, offset + 1
        if first & 0x1F == 0x1F:   # more tag bytes follow, each but the last with bit 8 set
            while True:
                byte = data[offset]
                tag, offset = (tag << 8) | byte, offset + 1
                if not byte & 0x80:
                    break
        length, offset = data[offset], offset + 1
        if length & 0x80:
            size = length & 0x7F
            if size == 0 or size > 3 or offset + size > len(data):
                raise TlvError(f"unsupported length form 0x{length:02X}")
            length, offset = int.from_bytes(data[offset:offset + size], "big"), offset + size
    except IndexError:
        raise TlvError("object header is truncated") from None
    return tag, offset, length


def iter_tlv(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The (tag, value) objects that follow one another in ``data``."""
    offset = 0
    while offset < len(data):
        if data[offset] in (0x00, 0xFF):   # padding between objects (ISO 7816-4, 5.2.2)
            offset += 1
            continue
        tag, start, length = read_header(data, offset)
        if start + length > len(data):
            raise TlvError(f"object {tag:X} claims {length} bytes, {len(data) - start} remain")
        yield tag, data[start:start + length]
        offset = start + length


def find(data: bytes, *path: int) -> bytes:
    """The value reached by following ``path`` through nested objects; TlvError when absent."""
    value = data
    for wanted in path:
        for tag, inner in iter_tlv(value):
            if tag == wanted:
                value = inner
                break
        else:
            raise TlvError(f"tag {wanted:X} not found")
    return value
