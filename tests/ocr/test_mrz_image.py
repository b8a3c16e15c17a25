"""MRZ from images: band finding, per-position repair, and a rendered passport read end to end."""
import datetime as dt
import random

import pytest

from ocr import doctypes
from ocr.mrz_image import find_band, mrz_from_texts, read_mrz
from ocr.synth import render
from ocr.synth.passport import td1_card, td3_lines
from tests.ocr.samples_helpers import engine

LINE1 = "P<CHNHU<<JIAQI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"
LINE2 = "E090742512CHN9803215M3002197<<<<<<<<<<<<<<<0"


def test_clean_lines_parse():
    mrz = mrz_from_texts(["护照 PASSPORT", LINE1, LINE2])
    assert mrz.valid and mrz.document_number == "E09074251" and mrz.surname == "HU"


def test_letters_in_digit_positions_and_digits_in_name_positions_are_fixed():
    mrz = mrz_from_texts(["P<CHNHU<<J1AQI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
                          "E090742512CHN98O32I5M3OO2197<<<<<<<<<<<<<<<0"])
    assert mrz.valid
    assert mrz.given_names == "JIAQI"
    assert mrz.birth_date == dt.date(1998, 3, 21) and mrz.expiry_date == dt.date(2030, 2, 19)


def test_lost_and_extra_fillers_are_restored():
    mrz = mrz_from_texts([LINE1[:-3], LINE2.replace("<<<<", "<<<<<<", 1)])
    assert mrz.valid and mrz.lines[0] == LINE1 and mrz.lines[1] == LINE2


def test_spaces_and_filler_look_alikes():
    mrz = mrz_from_texts(["P<CHN HU«JIAQI" + "<" * 30, LINE2.replace("<", "«")])
    assert mrz.valid


def test_document_number_look_alike_repaired_by_its_check_digit():
    mrz = mrz_from_texts([LINE1, "E09O742512CHN9803215M3002197<<<<<<<<<<<<<<<0"])
    assert mrz.valid and mrz.document_number == "E09074251"


def test_wrong_check_digit_is_reported_not_hidden():
    mrz = mrz_from_texts([LINE1, "E090742513CHN9803215M3002197<<<<<<<<<<<<<<<0"])
    assert not mrz.valid and "document_number" in mrz.failed_checks


def test_td1():
    lines = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
    mrz = mrz_from_texts(lines)
    assert mrz.format == "TD1" and mrz.valid and mrz.document_number == "D23145890"
    assert mrz_from_texts([lines[0].replace("0", "O", 1), lines[1].replace("8", "B", 1), lines[2]]).valid


def test_no_mrz_gives_none():
    assert mrz_from_texts(["姓名张三", "公民身份号码 11010519491231002X"]) is None


def test_band_is_found_at_the_bottom_of_a_passport_page():
    rendered = render(doctypes.PASSPORT, 3)
    left, top, right, bottom = find_band(rendered.image)
    height, width = rendered.image.shape[:2]
    assert top > 0.6 * height and right - left > 0.8 * width


@pytest.mark.parametrize("variant", ["clean", "desk"])
def test_rendered_td3_page_read_end_to_end(variant):
    rendered = render(doctypes.PASSPORT, 3, variant)
    mrz = read_mrz(rendered.image, engine())
    assert mrz is not None and mrz.valid
    truth = rendered.fields
    assert mrz.document_number == truth["document_number"]
    assert mrz.surname == truth["surname"] and mrz.given_names == truth["given_names"]
    assert mrz.birth_date.isoformat() == truth["birth_date"]
    assert mrz.expiry_date.isoformat() == truth["expiry_date"]
    assert mrz.sex == truth["sex"]


def test_synthetic_lines_match_the_icao_layout():
    line1, line2 = td3_lines("L898902C3", "ERIKSSON", "ANNA MARIA", "UTO", dt.date(1974, 8, 12), "F",
                             dt.date(2012, 4, 15), issuer="UTO")
    assert line1 == "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
    assert line2[:28] == "L898902C36UTO7408122F1204159"


def test_rendered_td1_card_read_end_to_end():
    rendered = td1_card(random.Random(4))
    mrz = read_mrz(rendered.image, engine())
    assert mrz is not None and mrz.format == "TD1" and mrz.valid
    assert mrz.document_number == rendered.fields["document_number"]
    assert mrz.birth_date.isoformat() == rendered.fields["birth_date"]
    assert mrz.expiry_date.isoformat() == rendered.fields["expiry_date"]
    assert (mrz.surname, mrz.given_names) == (rendered.fields["surname"], rendered.fields["given_names"])
