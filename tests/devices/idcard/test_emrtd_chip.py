"""The chip protocol and data groups without PC/SC: the reader session against the virtual chip."""
import hashlib
from dataclasses import replace

import pytest
from Crypto.Hash import SHA256
from Crypto.PublicKey import ECC, RSA
from Crypto.Signature import DSS

from devices.base import CardReadError
from devices.idcard.base import PassportKey, PassportKeyError
from devices.idcard.emrtd_vicc import PASSPORT_ATR, EmrtdChip, PassportData
from devices.idcard.icao_bac import BacError, BacKeys, SessionKeys
from devices.idcard.icao_chip import ChipSession
from devices.idcard.icao_lds import (
    DG1, DG2, EF_COM, EF_SOD, JPEG, JPEG2000, TAG_DG1, TAG_DG2, LdsError, build_com, build_dg1,
    build_dg2, parse_com, parse_dg1, parse_dg2,
)
from devices.idcard.icao_sm import SecureMessaging
from devices.idcard.icao_sod import build_sod, check_hashes, check_signature, data_group_hashes
from devices.idcard.icao_tlv import TlvError, encode_length, find, iter_tlv, read_header, tlv
from ocr.mrz import parse_mrz

H = bytes.fromhex
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def transmit_to(chip: EmrtdChip):
    def transmit(apdu: bytes) -> tuple[bytes, int]:
        answer = chip.respond(apdu)
        return answer[:-2], int.from_bytes(answer[-2:], "big")
    return transmit


@pytest.fixture(scope="module")
def passport():
    return PassportData.sample()


# BER-TLV ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("length", "encoded"), [(0, "00"), (0x7F, "7F"), (0x80, "8180"), (0xFF, "81FF"),
                                                 (0x100, "820100"), (0x12345, "83012345")])
def test_length_forms(length, encoded):
    assert encode_length(length) == H(encoded)
    assert read_header(H("04") + H(encoded) + bytes(length)) == (0x04, 1 + len(H(encoded)), length)


def test_multi_byte_tags_and_nesting():
    data = tlv(0x61, tlv(0x5F1F, b"MRZ"))
    assert data == H("6106") + H("5F1F03") + b"MRZ"
    assert find(data, 0x61, 0x5F1F) == b"MRZ"
    assert list(iter_tlv(tlv(0x7F61, b"") + tlv(0x02, b"\x01"))) == [(0x7F61, b""), (0x02, b"\x01")]


@pytest.mark.parametrize("data", ["61", "6105", "5F", "618401020304", "6103AABB"])
def test_truncated_or_unsupported_tlv_raises(data):
    with pytest.raises(TlvError):
        list(iter_tlv(H(data)))


def test_find_reports_a_missing_tag():
    with pytest.raises(TlvError, match="5F1F"):
        find(tlv(0x61, tlv(0x5F20, b"x")), 0x61, 0x5F1F)


# Data groups ---------------------------------------------------------------------------------
def test_ef_com_matches_the_appendix_d_layout():
    # ICAO 9303 part 11, D.4: 60145F0104303130365F36063034303030305C026175 (LDS 1.6)
    com = build_com((TAG_DG1, TAG_DG2))
    assert com[:2] == H("6014") and com.endswith(H("5C026175"))
    assert parse_com(H("60145F0104303130365F36063034303030305C026175")) == (TAG_DG1, TAG_DG2)


def test_dg1_round_trip_restores_the_lines():
    assert parse_dg1(build_dg1(TD3)) == TD3


@pytest.mark.parametrize("data", [tlv(0x61, tlv(0x5F1F, b"TOO SHORT")), tlv(0x61, tlv(0x5F1F, bytes([0xC3]) * 88)),
                                  tlv(0x75, b""), b"\x61"])
def test_malformed_dg1_is_an_lds_error(data):
    with pytest.raises(LdsError) as caught:
        parse_dg1(data)
    assert isinstance(caught.value, CardReadError)


@pytest.mark.parametrize("image_format", [JPEG, JPEG2000])
def test_dg2_keeps_the_image_bytes_and_says_which_format(image_format):
    image = b"\xff\xd8\xff\xe0 not decoded \xff\xd9" if image_format == JPEG else H("0000000C6A5020200D0A870A")
    face = parse_dg2(build_dg2(image, image_format, 480, 640))
    assert (face.data, face.format, face.width, face.height) == (image, image_format, 480, 640)


def test_dg2_is_a_real_iso_19794_5_record():
    dg2 = build_dg2(b"IMG", JPEG, 1, 1)
    record = find(dg2, 0x75, 0x7F61, 0x7F60, 0x5F2E)
    assert record[:8] == b"FAC\x00010\x00"
    assert int.from_bytes(record[8:12], "big") == len(record)
    assert find(dg2, 0x75, 0x7F61, 0x02) == b"\x01"


@pytest.mark.parametrize("mutate", [
    lambda r: r.replace(b"FAC\x00", b"FAX\x00"),          # not a face record
    lambda r: r[:-5],                                     # truncated image block
])
def test_broken_face_records_are_refused(mutate):
    dg2 = build_dg2(b"\xff\xd8" + bytes(40), JPEG, 1, 1)
    record = find(dg2, 0x75, 0x7F61, 0x7F60, 0x5F2E)
    header = find(dg2, 0x75, 0x7F61, 0x7F60, 0xA1)
    broken = tlv(0x75, tlv(0x7F61, tlv(0x02, b"\x01") + tlv(0x7F60, tlv(0xA1, header) + tlv(0x5F2E, mutate(record)))))
    with pytest.raises(LdsError):
        parse_dg2(broken)


# EF.SOD -------------------------------------------------------------------------------------
def test_sod_lists_sha256_of_each_data_group():
    groups = {1: build_dg1(TD3), 2: build_dg2(b"IMG", JPEG, 1, 1)}
    algorithm, hashes = data_group_hashes(build_sod(groups))
    assert algorithm == "sha256"
    assert hashes == {n: hashlib.sha256(data).digest() for n, data in groups.items()}


def test_sod_hash_check_catches_an_altered_data_group():
    groups = {1: build_dg1(TD3)}
    sod = build_sod(groups)
    check_hashes(sod, groups)
    altered = build_dg1(TD3.replace("ERIKSSON", "ERIKSSEN"))
    with pytest.raises(LdsError, match="DG1"):
        check_hashes(sod, {1: altered})
    with pytest.raises(LdsError, match="DG2"):
        check_hashes(sod, {1: groups[1], 2: b"unlisted"})


def test_sod_signature_verifies_with_the_document_signer_key():
    signer = ECC.generate(curve="P-256")
    sod = build_sod({1: b"x"}, signer)
    signed_data = find(sod, 0x77, 0x30, 0xA0, 0x30)
    signer_infos = [value for tag, value in iter_tlv(signed_data) if tag == 0x31][-1]
    parts = list(iter_tlv(find(signer_infos, 0x30)))
    assert [tag for tag, _ in parts] == [0x02, 0x80, 0x30, 0xA0, 0x30, 0x04]
    signed_attributes, signature = tlv(0x31, parts[3][1]), parts[5][1]
    verifier = DSS.new(signer.public_key(), "fips-186-3", encoding="der")
    verifier.verify(SHA256.new(signed_attributes), signature)
    with pytest.raises(ValueError):
        verifier.verify(SHA256.new(signed_attributes + b"\x00"), signature)


# The chip session ---------------------------------------------------------------------------
def test_session_reads_the_document_from_the_virtual_chip(passport):
    chip = EmrtdChip(passport)
    document = ChipSession(transmit_to(chip)).read_document(passport.keys)
    assert document.mrz == passport.mrz
    assert document.face.data == passport.face_jpeg and document.face.format == JPEG
    assert document.data_groups == (TAG_DG1, TAG_DG2)
    assert passport.mrz.split("\n")[0] not in repr(document)


def test_session_with_fixed_nonces_sends_exactly_these_bytes(passport):
    chip = EmrtdChip(passport, random=lambda n: bytes(range(1, n + 1)))
    session = ChipSession(transmit_to(chip), random=lambda n: bytes(range(0x10, 0x10 + n)))
    session.select_application()
    session.authenticate(passport.keys)
    assert chip.commands == [
        H("00A4040C07A0000002471001"),
        H("0084000008"),
        chip.commands[2],
    ]
    assert chip.commands[2][:5] == H("0082000028") and chip.commands[2][-1] == 0x28 and len(chip.commands[2]) == 46


def test_session_fails_typed_on_a_wrong_key(passport):
    chip = EmrtdChip(passport)
    with pytest.raises(BacError):
        ChipSession(transmit_to(chip)).read_document(BacKeys.from_document("EA1234567", "880517", "340517"))
    # The chip refused and kept its files closed; a new session with the right key reads.
    assert ChipSession(transmit_to(chip)).read_document(passport.keys).mrz == passport.mrz


def test_files_stay_closed_without_bac(passport):
    chip = EmrtdChip(passport)
    transmit = transmit_to(chip)
    assert transmit(H("00A4040C07A0000002471001"))[1] == 0x9000
    assert transmit(H("00A4020C02011E"))[1] == 0x6982
    assert transmit(H("00B0000004"))[1] == 0x6982


def test_chip_with_a_tampered_data_group_fails_the_sod_check(passport):
    chip = EmrtdChip(passport)
    chip._files[DG1] = build_dg1(passport.mrz.replace("ZHANG", "WANGG"))
    with pytest.raises(LdsError, match="EF.SOD"):
        ChipSession(transmit_to(chip)).read_document(passport.keys)


def test_missing_file_is_an_lds_error(passport):
    chip = EmrtdChip(passport)
    del chip._files[EF_SOD]
    with pytest.raises(LdsError, match="not found"):
        ChipSession(transmit_to(chip)).read_document(passport.keys)


def test_large_dg2_is_read_in_chunks(passport):
    big = replace(passport, face_jpeg=b"\xff\xd8" + bytes(range(256)) * 80 + b"\xff\xd9")
    chip = EmrtdChip(big)
    document = ChipSession(transmit_to(chip)).read_document(big.keys)
    assert document.face.data == big.face_jpeg
    start = chip.commands.index(H("00A4020C020102"))
    end = chip.commands.index(H("00A4020C02011D"))
    reads = chip.commands[start + 1:end]
    offsets = [int.from_bytes(c[2:4], "big") for c in reads]
    sizes = [c[4] for c in reads]
    assert offsets == [sum(sizes[:i]) for i in range(len(reads))]   # contiguous, no re-reads
    assert offsets[-1] + sizes[-1] == len(big.files[DG2])
    assert sizes[0] == 8 and max(sizes) == 0xDF


def test_atr_has_a_valid_check_byte():
    check = 0
    for byte in PASSPORT_ATR[1:]:
        check ^= byte
    assert PASSPORT_ATR[0] == 0x3B and check == 0


def test_files_of_the_sample_passport(passport):
    files = passport.files
    assert set(files) == {EF_COM, DG1, DG2, EF_SOD}
    check_hashes(files[EF_SOD], {1: files[DG1], 2: files[DG2]})


def test_travel_permit_chip_opens_with_the_key_from_its_cs_zone(passport):
    zone = ("CSC123456788<3008155<9008205<4\n"
            "0123456789ABZHANG<<SAN<<<<<<<<\n"
            "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<")
    permit = replace(passport, mrz=zone)
    key = PassportKey.from_mrz(zone)
    assert (key.number, key.birth, key.expiry) == ("C12345678", "900820", "300815")
    document = ChipSession(transmit_to(EmrtdChip(permit))).read_document(
        BacKeys.from_mrz_information(key.mrz_information))
    assert document.mrz == zone


def test_a_face_beyond_32_kb_is_read_with_odd_read_binary(passport):
    big = replace(passport, face_jpeg=b"\xff\xd8" + bytes(range(256)) * 160 + b"\xff\xd9")   # 40 KB
    chip = EmrtdChip(big)
    document = ChipSession(transmit_to(chip)).read_document(big.keys)
    assert document.face.data == big.face_jpeg
    odd = [c for c in chip.commands if c[1] == 0xB1]
    assert odd, "offsets past 0x7FFF need READ BINARY B1"
    first_offset = int.from_bytes(find(odd[0][5:-1], 0x54), "big")
    assert first_offset > 0x7FFF
    assert all(int.from_bytes(c[2:4], "big") <= 0x7FFF for c in chip.commands if c[1] == 0xB0)


def test_odd_ins_travels_in_do85_both_ways():
    session = SessionKeys(H("979EC13B1CBFE9DCD01AB0FED307EAE5"), H("F1CB1F1FB5ADF208806B89DC579DC1F8"), 1)
    reader, chip = SecureMessaging(session), SecureMessaging(session)
    protected = reader.wrap_command(H("00B10000045402800000"))
    assert protected[5] == 0x85
    assert chip.unwrap_command(protected) == H("00B10000045402800000")
    answer = chip.wrap_response(tlv(0x53, b"data"), 0x9000, odd=True)
    assert answer[0] == 0x85
    assert reader.unwrap_response(answer) == (tlv(0x53, b"data"), 0x9000)


def test_passport_key_from_a_parsed_zone_or_its_text():
    parsed = parse_mrz(TD3)
    assert PassportKey.from_mrz(parsed) == PassportKey.from_mrz(TD3) == PassportKey("L898902C3", "740812", "120415")
    assert PassportKey.from_mrz(parsed).mrz_information == "L898902C3674081221204159"


@pytest.mark.parametrize("key", [("", "740812", "120415"), ("L898902C3", "7408", "120415"),
                                 ("L898902C3", "740812", "12O415")])
def test_passport_key_refuses_malformed_fields(key):
    with pytest.raises(PassportKeyError):
        PassportKey(*key)


# EF.SOD signature ---------------------------------------------------------------------------
def _signed_data_elements(sod: bytes) -> list[tuple[int, bytes]]:
    return list(iter_tlv(find(sod, 0x77, 0x30, 0xA0, 0x30)))


def _with_signed_data(sod: bytes, elements: list[tuple[int, bytes]]) -> bytes:
    content_type = find(sod, 0x77, 0x30, 0x06)
    signed_data = tlv(0x30, b"".join(tlv(tag, value) for tag, value in elements))
    return tlv(0x77, tlv(0x30, tlv(0x06, content_type) + tlv(0xA0, signed_data)))


@pytest.fixture(scope="module")
def rsa_key():
    return RSA.generate(1024)   # small: only the code path is tested, not key strength


@pytest.mark.parametrize("scheme", ["ecdsa", "pkcs1", "pss"])
def test_sod_signature_verifies_with_its_certificate(scheme, rsa_key):
    key = rsa_key if scheme != "ecdsa" else ECC.generate(curve="P-256")
    assert check_signature(build_sod({1: b"dg1", 2: b"dg2"}, key, scheme=scheme)) == "verified"


@pytest.mark.parametrize("scheme", ["ecdsa", "pkcs1", "pss"])
def test_a_forged_sod_signature_is_an_lds_error(scheme, rsa_key):
    key = rsa_key if scheme != "ecdsa" else ECC.generate(curve="P-256")
    elements = _signed_data_elements(build_sod({1: b"dg1"}, key, scheme=scheme))
    signer_info = find(elements[-1][1], 0x30)
    parts = list(iter_tlv(signer_info))
    signature = bytearray(parts[-1][1])
    signature[len(signature) // 2] ^= 0x01
    parts[-1] = (0x04, bytes(signature))
    elements[-1] = (0x31, tlv(0x30, b"".join(tlv(t, v) for t, v in parts)))
    with pytest.raises(LdsError, match="signature"):
        check_signature(_with_signed_data(build_sod({1: b"dg1"}), elements))


def test_a_security_object_altered_after_signing_is_an_lds_error():
    sod = build_sod({1: b"dg1"})
    listed = hashlib.sha256(b"dg1").digest()
    altered = sod.replace(listed, hashlib.sha256(b"forged").digest())
    assert altered != sod
    check_hashes(altered, {1: b"forged"})   # the hash list alone would accept the forgery …
    with pytest.raises(LdsError, match="digest"):
        check_signature(altered)            # … the signed digest does not


def test_a_sod_without_certificate_is_reported_not_checked():
    elements = [(tag, value) for tag, value in _signed_data_elements(build_sod({1: b"dg1"})) if tag != 0xA0]
    assert check_signature(_with_signed_data(build_sod({1: b"dg1"}), elements)).startswith("not checked")
