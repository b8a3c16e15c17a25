"""EF.SOD, the document security object (ICAO 9303 part 10, 4.6.2; part 11, 5.1).

EF.SOD is a CMS SignedData whose content, the LDSSecurityObject, lists a hash of every data
group. ``check_hashes`` compares the data groups read from the chip with those hashes, which
catches altered or substituted data groups. ``check_signature`` verifies the document signer's
signature over them with the certificate EF.SOD carries, which catches an altered security
object. Whether that certificate was issued by a country signing CA needs the ICAO master
list and is not checked here.

``build_sod`` writes the same structure for the virtual chip, signed with ECDSA P-256 by a
self-signed document signer made up on the spot.
"""
from __future__ import annotations

import hashlib
import hmac

from Crypto.Hash import SHA1, SHA224, SHA256, SHA384, SHA512
from Crypto.PublicKey import ECC, RSA
from Crypto.Signature import DSS, pkcs1_15, pss

from devices.idcard.icao_lds import TAG_SOD, LdsError
from devices.idcard.icao_tlv import TlvError, find, iter_tlv, read_header, tlv

_SEQUENCE, _SET, _INTEGER, _BIT_STRING, _OCTETS, _OID = 0x30, 0x31, 0x02, 0x03, 0x04, 0x06
_UTF8, _UTC_TIME = 0x0C, 0x17
_CONTEXT_0, _CONTEXT_1, _CONTEXT_2 = 0xA0, 0xA1, 0xA2
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
_OID_COMMON_NAME = _oid("2.5.4.3")
_OID_SHA256_RSA = _oid("1.2.840.113549.1.1.11")
_OID_PSS = _oid("1.2.840.113549.1.1.10")
_OID_MGF1 = _oid("1.2.840.113549.1.1.8")
_NULL = b"\x05\x00"
_HASH_MODULES = {"sha1": SHA1, "sha224": SHA224, "sha256": SHA256, "sha384": SHA384, "sha512": SHA512}
# Signature algorithms (RFC 5754, RFC 4055): OID → (scheme, hash; None: the SignerInfo digest).
_SIGNATURES = {
    _oid("1.2.840.10045.4.1"): ("ecdsa", "sha1"),
    _oid("1.2.840.10045.4.3.1"): ("ecdsa", "sha224"),
    OID_ECDSA_SHA256: ("ecdsa", "sha256"),
    _oid("1.2.840.10045.4.3.3"): ("ecdsa", "sha384"),
    _oid("1.2.840.10045.4.3.4"): ("ecdsa", "sha512"),
    _oid("1.2.840.113549.1.1.1"): ("pkcs1", None),
    _oid("1.2.840.113549.1.1.5"): ("pkcs1", "sha1"),
    _oid("1.2.840.113549.1.1.14"): ("pkcs1", "sha224"),
    _OID_SHA256_RSA: ("pkcs1", "sha256"),
    _oid("1.2.840.113549.1.1.12"): ("pkcs1", "sha384"),
    _oid("1.2.840.113549.1.1.13"): ("pkcs1", "sha512"),
    _OID_PSS: ("pss", None),
}


def _integer(value: int) -> bytes:
    return tlv(_INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _set_of(*elements: bytes) -> bytes:
    return tlv(_SET, b"".join(sorted(elements)))   # DER orders SET OF by encoding


def build_sod(groups: dict[int, bytes], signer: ECC.EccKey | RSA.RsaKey | None = None, *,
              scheme: str = "ecdsa") -> bytes:
    """EF.SOD over ``groups`` (data group number → file bytes), hashed with SHA-256.

    ``signer`` is the document signer's key (a fresh P-256 key when None); ``scheme`` is
    "ecdsa", or "pkcs1" / "pss" for an RSA key. EF.SOD carries its self-signed certificate.
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
    signature_algorithm, sign = _signing(signer, scheme)
    key_id = hashlib.sha1(signer.public_key().export_key(format="DER")).digest()
    # CMS signs the DER SET OF the attributes, then stores them under [0] (RFC 5652, 5.4).
    signer_info = tlv(_SEQUENCE, _integer(3) + tlv(_SKI, key_id) + algorithm
                      + bytes([_CONTEXT_0]) + signed_attributes[1:]
                      + signature_algorithm + tlv(_OCTETS, sign(signed_attributes)))
    content = tlv(_SEQUENCE, OID_LDS_SECURITY_OBJECT + tlv(_CONTEXT_0, tlv(_OCTETS, lds_object)))
    certificates = tlv(_CONTEXT_0, _certificate(signer, signature_algorithm, sign))   # [0] IMPLICIT SET OF
    signed_data = tlv(_SEQUENCE, _integer(3) + _set_of(algorithm) + content + certificates
                      + _set_of(signer_info))
    return tlv(TAG_SOD, tlv(_SEQUENCE, OID_SIGNED_DATA + tlv(_CONTEXT_0, signed_data)))


def _signing(key, scheme: str):
    """(AlgorithmIdentifier, sign function) for SHA-256 signatures with ``key``."""
    if scheme == "ecdsa":
        return (tlv(_SEQUENCE, OID_ECDSA_SHA256),
                lambda data: DSS.new(key, "fips-186-3", encoding="der").sign(SHA256.new(data)))
    if scheme == "pkcs1":
        return (tlv(_SEQUENCE, _OID_SHA256_RSA + _NULL),
                lambda data: pkcs1_15.new(key).sign(SHA256.new(data)))
    if scheme == "pss":
        sha256 = tlv(_SEQUENCE, _SHA256)
        parameters = tlv(_SEQUENCE, tlv(_CONTEXT_0, sha256) + tlv(_CONTEXT_1, tlv(_SEQUENCE, _OID_MGF1 + sha256))
                         + tlv(_CONTEXT_2, _integer(32)))
        return (tlv(_SEQUENCE, _OID_PSS + parameters),
                lambda data: pss.new(key, salt_bytes=32).sign(SHA256.new(data)))
    raise ValueError(f"unknown signature scheme {scheme!r}")


def _certificate(key, algorithm: bytes, sign) -> bytes:
    """A self-signed X.509 v3 certificate for ``key`` (RFC 5280, 4.1), valid 2026–2036."""
    common_name = tlv(_UTF8, b"Kiosk simulated document signer")
    name = tlv(_SEQUENCE, tlv(_SET, tlv(_SEQUENCE, _OID_COMMON_NAME + common_name)))
    validity = tlv(_SEQUENCE, tlv(_UTC_TIME, b"260101000000Z") + tlv(_UTC_TIME, b"360101000000Z"))
    tbs = tlv(_SEQUENCE, tlv(_CONTEXT_0, _integer(2)) + _integer(1) + algorithm + name + validity + name
              + key.public_key().export_key(format="DER"))
    return tlv(_SEQUENCE, tbs + algorithm + tlv(_BIT_STRING, b"\x00" + sign(tbs)))


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


def check_signature(sod: bytes) -> str:
    """Verify EF.SOD's signature with the document signer certificate it carries.

    Returns "verified", or "not checked: <why>" when EF.SOD carries no certificate or uses an
    algorithm not handled here. Raises LdsError when the signed digest does not match the
    LDSSecurityObject or the signature does not verify: the security object was altered.
    """
    try:
        signed_data = find(sod, TAG_SOD, _SEQUENCE, _CONTEXT_0, _SEQUENCE)
        elements = list(iter_tlv(signed_data))
        lds_object = find(next(v for t, v in elements if t == _SEQUENCE), _CONTEXT_0, _OCTETS)
        certificates = [v for t, v in elements if t == _CONTEXT_0]
        parts = list(iter_tlv(find(next(v for t, v in reversed(elements) if t == _SET), _SEQUENCE)))
        digest_name = HASHES.get(tlv(_OID, find(parts[2][1], _OID)))
        attributes = next(v for t, v in parts if t == _CONTEXT_0)
        after = [v for t, v in parts[parts.index((_CONTEXT_0, attributes)) + 1:]]
        algorithm, signature = after[0], after[1]
        signed_digest = next(find(attribute, _SET, _OCTETS) for _, attribute in iter_tlv(attributes)
                             if tlv(_OID, find(attribute, _OID)) == OID_MESSAGE_DIGEST)
    except (TlvError, IndexError, StopIteration, ValueError) as exc:
        return f"not checked: signer information not understood ({exc or type(exc).__name__})"
    if digest_name is None:
        return "not checked: unknown digest algorithm"
    if not hmac.compare_digest(hashlib.new(digest_name, lds_object).digest(), signed_digest):
        raise LdsError("EF.SOD's signed digest does not match its LDSSecurityObject", staff_hint=_ALTERED)
    if not certificates:
        return "not checked: EF.SOD carries no document signer certificate"
    _, start, length = read_header(certificates[0])
    certificate = certificates[0][:start + length]
    try:
        verify = _verifier(certificate, algorithm, digest_name)
    except (ValueError, TlvError, IndexError) as exc:
        return f"not checked: {exc}"
    try:
        verify(tlv(_SET, attributes), signature)
    except ValueError:
        raise LdsError("EF.SOD's signature does not verify", staff_hint=_ALTERED) from None
    return "verified"


_ALTERED = "The passport chip's security object fails its own signature: check the document by hand."


def _verifier(certificate: bytes, algorithm: bytes, digest_name: str):
    """A function(signed bytes, signature) raising ValueError when the signature is wrong."""
    scheme_hash = _SIGNATURES.get(tlv(_OID, find(algorithm, _OID)))
    if scheme_hash is None:
        raise ValueError("signature algorithm not handled")
    scheme, hash_name = scheme_hash
    if scheme == "ecdsa":
        key = ECC.import_key(certificate)
        module = _HASH_MODULES[hash_name]
        return lambda data, signature: DSS.new(key, "fips-186-3", encoding="der").verify(module.new(data), signature)
    key = RSA.import_key(certificate)
    if scheme == "pkcs1":
        module = _HASH_MODULES[hash_name or digest_name]
        return lambda data, signature: pkcs1_15.new(key).verify(module.new(data), signature)
    module, salt = _pss_parameters(algorithm)
    return lambda data, signature: pss.new(key, salt_bytes=salt).verify(module.new(data), signature)


def _pss_parameters(algorithm: bytes):
    """Hash module and salt length of RSASSA-PSS parameters (RFC 4055, 3.1; defaults SHA-1, 20)."""
    module, salt = SHA1, 20
    for tag, value in iter_tlv(next((v for t, v in iter_tlv(algorithm) if t == _SEQUENCE), b"")):
        if tag == _CONTEXT_0:
            module = _HASH_MODULES[HASHES[tlv(_OID, find(value, _SEQUENCE, _OID))]]
        elif tag == _CONTEXT_2:
            salt = int.from_bytes(find(value, _INTEGER), "big")
    return module, salt
