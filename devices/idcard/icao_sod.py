"""EF.SOD, the document security object (ICAO 9303 part 10, 4.6.2; part 11, 5.1).

EF.SOD is a CMS SignedData whose content, the LDSSecurityObject, lists a hash of every data
group. ``check_hashes`` compares the data groups read from the chip with those hashes, which
catches altered or substituted data groups. Checking the document signer's signature up to a
country signing CA needs the ICAO master list and is not done here.

``build_sod`` writes the same structure for the virtual chip, signed with ECDSA P-256 by a
document signer key made up on the spot.
"""
from __future__ import annotations

import hashlib
import hmac

from Crypto.Hash import SHA256
from Crypto.PublicKey import ECC
from Crypto.Signature import DSS

from devices.idcard.icao_lds import TAG_SOD, LdsError
from devices.idcard.icao_tlv import TlvError, find, iter_tlv, tlv

_SEQUENCE, _SET, _INTEGER, _OCTETS, _OID = 0x30, 0x31, 0x02, 0x04, 0x06
_CONTEXT_0 = 0xA0
_SKI = 0x80   # SignerIdentifier [0] subjectKeyIdentifier


def _oid(dotted: str) -> bytes:
    first, second, *rest = (int(part) for part in dotted.split("."))
    body = bytearray([first * 40 + second])
    for arc in rest:
        chunk = [arc & 0x7F]
        while arc > 0x7F:
            arc >>= 7
            chunk.append(0x80 | (arc & 0x7F))
        body += bytes(reversed(chunk))
    return tlv(_OID, bytes(body))


OID_SIGNED_DATA = _oid("1.2.840.113549.1.7.2")
OID_LDS_SECURITY_OBJECT = _oid("2.23.136.1.1.1")
OID_CONTENT_TYPE = _oid("1.2.840.113549.1.9.3")
OID_MESSAGE_DIGEST = _oid("1.2.840.113549.1.9.4")
OID_ECDSA_SHA256 = _oid("1.2.840.10045.4.3.2")
HASHES = {
    _oid("1.3.14.3.2.26"): "sha1",
    _oid("2.16.840.1.101.3.4.2.4"): "sha224",
    _oid("2.16.840.1.101.3.4.2.1"): "sha256",
    _oid("2.16.840.1.101.3.4.2.2"): "sha384",
    _oid("2.16.840.1.101.3.4.2.3"): "sha512",
}
_SHA256 = next(oid for oid, name in HASHES.items() if name == "sha256")


def _integer(value: int) -> bytes:
    return tlv(_INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _set_of(*elements: bytes) -> bytes:
    return tlv(_SET, b"".join(sorted(elements)))   # DER orders SET OF by encoding


def build_sod(groups: dict[int, bytes], signer: ECC.EccKey | None = None) -> bytes:
    """EF.SOD over ``groups`` (data group number → file bytes), hashed with SHA-256.

    ``signer`` is the document signer's P-256 key; a fresh one is made when none is given.
    """
    algorithm = tlv(_SEQUENCE, _SHA256)
    hashes = b"".join(tlv(_SEQUENCE, _integer(number) + tlv(_OCTETS, hashlib.sha256(data).digest()))
                      for number, data in sorted(groups.items()))
    lds_object = tlv(_SEQUENCE, _integer(0) + algorithm + tlv(_SEQUENCE, hashes))
    attributes = [
        tlv(_SEQUENCE, OID_CONTENT_TYPE + _set_of(OID_LDS_SECURITY_OBJECT)),
        tlv(_SEQUENCE, OID_MESSAGE_DIGEST + _set_of(tlv(_OCTETS, hashlib.sha256(lds_object).digest()))),
    ]
    signed_attributes = _set_of(*attributes)
    signer = signer or ECC.generate(curve="P-256")
    # CMS signs the DER SET OF the attributes, then stores them under [0] (RFC 5652, 5.4).
    signature = DSS.new(signer, "fips-186-3", encoding="der").sign(SHA256.new(signed_attributes))
    key_id = hashlib.sha1(signer.public_key().export_key(format="DER")).digest()
    signer_info = tlv(_SEQUENCE, _integer(3) + tlv(_SKI, key_id) + algorithm
                      + bytes([_CONTEXT_0]) + signed_attributes[1:]
                      + tlv(_SEQUENCE, OID_ECDSA_SHA256) + tlv(_OCTETS, signature))
    content = tlv(_SEQUENCE, OID_LDS_SECURITY_OBJECT + tlv(_CONTEXT_0, tlv(_OCTETS, lds_object)))
    signed_data = tlv(_SEQUENCE, _integer(3) + _set_of(algorithm) + content + _set_of(signer_info))
    return tlv(TAG_SOD, tlv(_SEQUENCE, OID_SIGNED_DATA + tlv(_CONTEXT_0, signed_data)))


def data_group_hashes(sod: bytes) -> tuple[str, dict[int, bytes]]:
    """(hash algorithm name, data group number → hash) from the LDSSecurityObject in EF.SOD."""
    try:
        content = find(sod, TAG_SOD, _SEQUENCE, _CONTEXT_0, _SEQUENCE)
        encapsulated = find(content, _SEQUENCE)
        if find(encapsulated, _OID) != OID_LDS_SECURITY_OBJECT[2:]:
            raise LdsError("EF.SOD does not hold an LDSSecurityObject")
        lds_object = find(encapsulated, _CONTEXT_0, _OCTETS, _SEQUENCE)
        parts = list(iter_tlv(lds_object))
        algorithm = tlv(_OID, find(parts[1][1], _OID))
        hashes = {}
        for _, entry in iter_tlv(parts[2][1]):
            (_, number), (_, value) = list(iter_tlv(entry))[:2]
            hashes[int.from_bytes(number, "big")] = value
    except (TlvError, IndexError, ValueError) as exc:
        raise LdsError(f"EF.SOD is malformed: {exc}") from None
    if algorithm not in HASHES:
        raise LdsError("EF.SOD uses an unknown hash algorithm")
    return HASHES[algorithm], hashes


def check_hashes(sod: bytes, groups: dict[int, bytes]) -> None:
    """Raise LdsError unless every data group in ``groups`` hashes to the value EF.SOD lists."""
    algorithm, expected = data_group_hashes(sod)
    for number, data in groups.items():
        listed = expected.get(number)
        if listed is None or not hmac.compare_digest(hashlib.new(algorithm, data).digest(), listed):
            raise LdsError(f"DG{number} does not match its hash in EF.SOD",
                           staff_hint="The chip's data groups do not match its security object: "
                                      "the chip may be altered. Check the document by hand.")
