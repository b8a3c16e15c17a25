"""Prefill from chip and extracted fields; form validation messages that say how to fix a value."""
from datetime import date

import pytest

from kiosk.domain.prefill import Prefilled, prefill, validate_form
from ocr import doctypes

from .helpers import card, reading


def test_prefill_takes_chip_data_and_extracted_fields(catalog):
    matter = catalog.get("residence_permit")
    lease = reading(doctypes.LEASE_CONTRACT, address="浙江省杭州市西湖区文三路100号", start_date="2025-03-01")
    filled = prefill(matter, card(name="王晴", id_number="410302199506073511"), {"residence_proof": [lease]})
    assert filled["name"] == Prefilled("王晴", "card.name")
    assert filled["id_number"] == Prefilled("410302199506073511", "card.id_number")
    assert filled["residence_address"] == Prefilled("浙江省杭州市西湖区文三路100号", "material.residence_proof.address")
    assert filled["residence_since"].value == "2025-03-01"
    assert "phone" not in filled and "basis" not in filled


def test_prefill_uses_the_first_page_that_has_the_field(catalog):
    matter = catalog.get("e_business_licence")
    pages = [reading(doctypes.BUSINESS_LICENCE, company_name=""),
             reading(doctypes.BUSINESS_LICENCE, company_name="杭州市西湖区周记小吃店", uscc="92330106MA2H8K3L05")]
    filled = prefill(matter, None, {"business_licence": pages})
    assert filled["company_name"].value == "杭州市西湖区周记小吃店"
    assert "name" not in filled   # no chip, nothing invented


def test_prefill_follows_form_sources(catalog):
    matter = catalog.get("resident_medical_insurance")
    filled = prefill(matter, card(), {})
    assert filled["insured_name"] == Prefilled("张伟", "form.name")


def test_prefill_of_dates_and_long_term_validity(tmp_path):
    from kiosk.domain.catalog import load_catalog

    from .helpers import MINIMAL_MATTER, write_catalog
    text = MINIMAL_MATTER.replace("materials:", """\
  - id: born
    type: date
    label: {zh: 出生日期, en: Born}
    prefill: card.birth_date
  - id: valid
    type: text
    label: {zh: 有效期, en: Valid until}
    prefill: card.valid_until
materials:""")
    matter = load_catalog(write_catalog(tmp_path, text)).get("sample")
    filled = prefill(matter, card(valid_until=None), {})
    assert filled["born"].value == "1990-01-02" and filled["valid"].value == "长期"


def _values(**changes):
    values = {"name": "王晴", "id_number": "410302199506073511", "phone": "13812345678",
              "residence_address": "浙江省杭州市西湖区文三路100号3幢201室", "residence_since": "2025-03-01",
              "basis": "employment"}
    values.update(changes)
    return values


def test_a_good_form_has_no_errors(catalog):
    assert validate_form(catalog.get("residence_permit"), _values(), today=date(2026, 11, 20)) == {}


@pytest.mark.parametrize("field, value, words", [
    ("phone", "0571-8888", "11位手机号码"),
    ("phone", "", "请填写"),
    ("id_number", "41030219950607351", "18位"),
    ("id_number", "410302199506073512", "校验不通过"),
    ("id_number", "410302209906073515", "校验不通过"),      # born in the future
    ("residence_since", "2025/13/01", "年-月-日"),
    ("basis", "tourism", "选项"),
    ("residence_address", "文三路", "完整的居住地址"),         # the catalog's own message
])
def test_form_errors_say_how_to_fix(catalog, field, value, words):
    errors = validate_form(catalog.get("residence_permit"), _values(**{field: value}), today=date(2026, 11, 20))
    assert list(errors) == [field]
    assert words in errors[field].zh and errors[field].en


def test_number_bounds_and_credit_codes(catalog):
    matter = catalog.get("sole_proprietor_registration")
    base = {"name": "周涛", "id_number": "33010619880808112X", "phone": "13700001111",
            "business_name": "杭州市西湖区周记小吃店", "business_address": "古墩路70号", "business_scope": "小吃",
            "capital": "5"}
    assert validate_form(matter, base) == {}
    assert list(validate_form(matter, {**base, "capital": "-1"})) == ["capital"]
    assert list(validate_form(matter, {**base, "capital": "five"})) == ["capital"]
    licence = catalog.get("e_business_licence")
    good = {"name": "周涛", "id_number": "33010619880808112X", "phone": "13700001111",
            "uscc": "92330106MA2H8K3L05", "company_name": "周记"}
    assert validate_form(licence, good) == {}
    assert "18位统一社会信用代码" in validate_form(licence, {**good, "uscc": "92330106MA2H8K3L06"})["uscc"].zh


def test_optional_fields_may_stay_empty(catalog):
    matter = catalog.get("senior_card")
    errors = validate_form(matter, {"name": "李秀英", "id_number": "330102195803152022", "phone": "13905712345"})
    assert errors == {}
