"""Machine-readable zone text: check digits, TD3, TD1 and the CS/CD permit card."""
from datetime import date

import pytest

from ocr.mrz import (
    EEP, TD1, TD3, MrzFormatError, build_td3, check_digit, mrz_information, parse_mrz,
)

TODAY = date(2026, 1, 1)

# ICAO 9303 part 4, appendix: the specimen passport of Anna Maria Eriksson.
TD3_SPECIMEN = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
# ICAO 9303 part 5, appendix: the specimen TD1 card.
TD1_SPECIMEN = ("I<UTOD231458907<<<<<<<<<<<<<<<\n"
                "7408122F1204159UTO<<<<<<<<<<<6\n"
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")
# A 往来港澳通行证 card laid out as ocr.mrz reads it (code, number, expiry, birth, composite).
EEP_SAMPLE = ("CSC123456788<3008155<9008205<4\n"
              "0123456789ABZHANG<<SAN<<<<<<<<\n"
              "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<")


def _replace(text: str, line: int, column: int, char: str) -> str:
    lines = text.split("\n")
    row = lines[line]
    assert row[column] != char
    lines[line] = row[:column] + char + row[column + 1:]
    return "\n".join(lines)


@pytest.mark.parametrize(("data", "digit"), [
    ("L898902C3", "6"), ("740812", "2"), ("120415", "9"), ("ZE184226B<<<<<", "1"),
    ("L898902C3674081221204159ZE184226B<<<<<1", "0"), ("<<<<<<<<<<<<<<", "0"), ("AZ09", "8"),
])
def test_check_digit_on_the_specimen_line(data, digit):
    assert check_digit(data) == digit


def test_check_digit_refuses_characters_outside_the_mrz_alphabet():
    with pytest.raises(MrzFormatError):
        check_digit("L898-902")


def test_td3_specimen_parses_with_every_check_valid():
    mrz = parse_mrz(TD3_SPECIMEN, today=TODAY)
    assert mrz.format == TD3
    assert (mrz.document_type, mrz.issuer, mrz.nationality) == ("P", "UTO", "UTO")
    assert mrz.document_number == "L898902C3"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.birth_date == date(1974, 8, 12)
    assert mrz.expiry_date == date(2012, 4, 15)
    assert mrz.sex == "F"
    assert mrz.optional_data == "ZE184226B"
    assert [c.field for c in mrz.checks] == ["document_number", "birth_date", "expiry_date",
                                             "optional_data", "composite"]
    assert mrz.failed_checks == () and mrz.valid


def test_td3_accepts_one_run_of_88_characters_with_spaces_and_lower_case():
    mrz = parse_mrz(TD3_SPECIMEN.replace("\n", "").lower().replace("eriksson", "erik sson"), today=TODAY)
    assert mrz.valid and mrz.surname == "ERIKSSON"


@pytest.mark.parametrize(("line", "column", "char", "failed"), [
    (1, 3, "7", ("document_number", "composite")),    # a number digit misread
    (1, 9, "7", ("document_number", "composite")),    # the number's check digit itself
    (1, 15, "9", ("birth_date", "composite")),
    (1, 19, "3", ("birth_date", "composite")),
    (1, 24, "5", ("expiry_date", "composite")),
    (1, 30, "F", ("optional_data", "composite")),
    (1, 43, "1", ("composite",)),
])
def test_td3_corruption_fails_exactly_the_checks_that_guard_it(line, column, char, failed):
    mrz = parse_mrz(_replace(TD3_SPECIMEN, line, column, char), today=TODAY)
    assert mrz.failed_checks == failed
    assert not mrz.valid


def test_td3_name_corruption_is_not_guarded_by_any_check():
    mrz = parse_mrz(_replace(TD3_SPECIMEN, 0, 6, "A"), today=TODAY)
    assert mrz.valid and mrz.surname == "EAIKSSON"


def test_empty_optional_field_may_carry_filler_as_its_check_digit():
    line2 = "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<"
    composite = check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    mrz = parse_mrz(TD3_SPECIMEN.split("\n")[0] + "\n" + line2 + composite, today=TODAY)
    assert mrz.valid and mrz.optional_data == ""


def test_td1_specimen_parses_with_every_check_valid():
    mrz = parse_mrz(TD1_SPECIMEN, today=TODAY)
    assert mrz.format == TD1
    assert (mrz.document_type, mrz.issuer, mrz.nationality) == ("I", "UTO", "UTO")
    assert mrz.document_number == "D23145890"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (mrz.birth_date, mrz.expiry_date, mrz.sex) == (date(1974, 8, 12), date(2012, 4, 15), "F")
    assert mrz.valid
    assert mrz.mrz_information == "D23145890774081221204159"


@pytest.mark.parametrize(("line", "column", "char", "failed"), [
    (0, 7, "4", ("document_number", "composite")),
    (1, 2, "1", ("birth_date", "composite")),
    (1, 10, "5", ("expiry_date", "composite")),
    (1, 29, "7", ("composite",)),
])
def test_td1_corruption_fails_the_right_check(line, column, char, failed):
    assert parse_mrz(_replace(TD1_SPECIMEN, line, column, char), today=TODAY).failed_checks == failed


def test_td1_long_document_number_continues_in_the_optional_field():
    mrz = parse_mrz("I<UTOD23145890<1233<<<<<<<<<<<\n"
                    "7408122F1204159UTO<<<<<<<<<<<2\n"
                    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<", today=TODAY)
    assert mrz.document_number == "D23145890123"
    assert mrz.valid


def test_exit_entry_permit_card_reads_number_expiry_then_birth():
    mrz = parse_mrz(EEP_SAMPLE, today=TODAY)
    assert mrz.format == EEP
    assert (mrz.document_type, mrz.issuer, mrz.nationality) == ("CS", "CHN", "CHN")
    assert mrz.document_number == "C12345678"
    assert mrz.expiry_date == date(2030, 8, 15)
    assert mrz.birth_date == date(1990, 8, 20)
    assert (mrz.surname, mrz.given_names) == ("ZHANG", "SAN")
    assert mrz.optional_data == "0123456789AB"
    assert mrz.valid


@pytest.mark.parametrize(("column", "char", "failed"), [
    (5, "0", ("document_number", "composite")),
    (15, "1", ("expiry_date", "composite")),
    (23, "1", ("birth_date", "composite")),
    (29, "5", ("composite",)),
])
def test_exit_entry_permit_corruption_reports_which_check_failed(column, char, failed):
    assert parse_mrz(_replace(EEP_SAMPLE, 0, column, char), today=TODAY).failed_checks == failed


def test_impossible_date_makes_the_zone_invalid_even_with_matching_digits():
    line2 = "L898902C36UTO7413122F1204159ZE184226B<<<<<1"  # month 13
    line2 = line2[:19] + check_digit(line2[13:19]) + line2[20:]
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    mrz = parse_mrz(TD3_SPECIMEN.split("\n")[0] + "\n" + line2, today=TODAY)
    assert mrz.failed_checks == ()
    assert mrz.birth_date is None and not mrz.valid


def test_two_digit_years_take_the_century_that_fits():
    line2 = "L898902C36UTO1501012F4904159ZE184226B<<<<<1"
    line2 = line2[:19] + check_digit(line2[13:19]) + line2[20:27] + check_digit(line2[21:27]) + line2[28:]
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    mrz = parse_mrz(TD3_SPECIMEN.split("\n")[0] + "\n" + line2, today=TODAY)
    assert mrz.valid
    assert mrz.birth_date == date(2015, 1, 1)    # not in the future, so this century
    assert mrz.expiry_date == date(2049, 4, 15)  # within 50 years ahead


@pytest.mark.parametrize("text", [
    "", "P<UTO", TD3_SPECIMEN + "<", TD1_SPECIMEN.replace("\n", "\n\n") + "<<<",
    TD3_SPECIMEN.replace("ANNA", "AN-A"), TD3_SPECIMEN.replace("ANNA", "ÄNNA"),
])
def test_text_that_is_no_zone_gets_a_typed_error(text):
    with pytest.raises(MrzFormatError) as caught:
        parse_mrz(text)
    assert caught.value.citizen_message


def test_mrz_information_matches_the_icao_bac_example():
    # ICAO 9303 part 11, appendix D.2
    assert mrz_information("L898902C", "690806", "940623") == "L898902C<369080619406236"
    assert mrz_information("l898902c", date(1969, 8, 6), date(1994, 6, 23)) == "L898902C<369080619406236"


@pytest.mark.parametrize(("number", "birth", "expiry"), [
    ("", "690806", "940623"), ("L89-8902", "690806", "940623"),
    ("L898902C", "69086", "940623"), ("L898902C", "690806", "94O623"),
])
def test_mrz_information_refuses_malformed_input(number, birth, expiry):
    with pytest.raises(MrzFormatError):
        mrz_information(number, birth, expiry)


def test_repr_keeps_personal_data_out_of_logs():
    text = repr(parse_mrz(TD3_SPECIMEN, today=TODAY))
    assert "ERIKSSON" not in text and "L898902C3" not in text


def test_build_td3_reproduces_the_specimen():
    text = build_td3(document_type="P", issuer="UTO", number="L898902C3", surname="Eriksson",
                     given_names="Anna Maria", nationality="UTO", birth=date(1974, 8, 12), sex="F",
                     expiry=date(2012, 4, 15), optional="ZE184226B")
    assert text == TD3_SPECIMEN


def test_build_td3_refuses_non_latin_names():
    with pytest.raises(MrzFormatError):
        build_td3(document_type="P", issuer="CHN", number="E12345678", surname="张", given_names="三",
                  nationality="CHN", birth=date(1990, 1, 1), sex="M", expiry=date(2030, 1, 1))
