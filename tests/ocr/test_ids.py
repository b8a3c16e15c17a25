"""Check-digit checks and the OCR repair policy for ID numbers, USCCs and organisation codes."""
import pytest

from ocr import ids

VALID_ID = "11010519491231002X"     # GB 11643 textbook example


def test_valid_id_number_passes_unchanged():
    checked = ids.check_id_number(VALID_ID)
    assert checked.valid and checked.value == VALID_ID and checked.note == ""


@pytest.mark.parametrize("read, wrong", [
    ("11O10519491231002X", "O"), ("110105I9491231002X", "I"), ("1101051949l231002X", "l"),
    ("11010519491231002x", "x"), ("11010519491231002×", "×"), ("110105 1949 1231 002X", " "),
])
def test_single_confusable_is_repaired(read, wrong):
    checked = ids.check_id_number(read)
    assert checked.valid
    assert checked.value == VALID_ID
    assert checked.raw == read


def test_repair_note_names_the_substitution():
    assert ids.check_id_number("11O10519491231002X").note == "check digit repaired O->0"


def test_two_passing_repairs_are_refused_and_raw_kept():
    # One digit misread (last 2 of the sequence read as 1): several single digit swaps pass.
    read = "110105194912310021"
    checked = ids.check_id_number(read)
    assert not checked.valid
    assert checked.value == read
    assert "repairs pass" in checked.note


def test_birth_date_read_elsewhere_settles_an_ambiguous_repair():
    number, misread = "330106195810288214", "330106195810238214"   # day 28 read as 23
    assert not ids.check_id_number(misread).valid                    # 2 digit swaps pass
    checked = ids.check_id_number(misread, birth_date="1958-10-28")
    assert checked.valid and checked.value == number and checked.note == "check digit repaired 3->8"
    assert not ids.check_id_number(misread, birth_date="1991-01-01").valid


def test_no_passing_repair_is_refused():
    read = "11010519491331002X"   # month 13 and nothing nearby fixes it with one look-alike
    checked = ids.check_id_number(read)
    assert not checked.valid and checked.value == read


def test_wrong_length_is_invalid_with_raw_kept():
    checked = ids.check_id_number("1101051949123100")
    assert not checked.valid and checked.value == "1101051949123100"


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_known_valid_uscc(code):
    assert ids.uscc_valid(code)
    assert ids.check_uscc(code).valid


def test_uscc_with_letter_region_code_is_accepted():
    # stdnum rejects codes whose first 8 characters are not digits; GB 32100's check does not care.
    body = "Y1110000MA1MCEH17"
    code = body + ids.uscc.calc_check_digit(body)
    assert ids.uscc_valid(code)


def test_uscc_confusable_repaired():
    checked = ids.check_uscc("91350100M0O0100Y43")   # O is not in the GB 32100 alphabet
    assert checked.valid and checked.value == "91350100M000100Y43"


def test_uscc_two_passing_repairs_are_refused():
    # Each 0 of the organisation part may be D or Q; two such readings pass with check char 1.
    read = "91350100M000100Y41"
    passing = [read[:i] + c + read[i + 1:] for i in range(8, 17) if read[i] == "0" for c in "DQ"]
    assert sum(ids.uscc_valid(p) for p in passing) == 2
    checked = ids.check_uscc(read)
    assert not checked.valid and checked.value == read and "2 repairs" in checked.note


def test_uscc_corrupted_check_is_refused():
    checked = ids.check_uscc("91350100M000100Y40")
    assert not checked.valid and checked.value == "91350100M000100Y40"


def test_organisation_code():
    assert ids.org_code_check_char("MACEHKNP") == "X"
    assert ids.check_org_code("MACEHKNP-X").valid
    assert ids.check_org_code("MACEHKNPx").value == "MACEHKNPX"
    refused = ids.check_org_code("MACEHKNP4")
    assert not refused.valid and refused.value == "MACEHKNP4"


def test_mask_keeps_only_ends():
    assert ids.mask(VALID_ID) == "1101**********002X"


def test_repr_masks_the_number():
    text = repr(ids.check_id_number("11O10519491231002X"))
    assert VALID_ID not in text and "11O10519491231002X" not in text and "1101**********002X" in text
