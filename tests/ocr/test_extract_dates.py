"""Dates, validity periods and amounts in every written form."""
import pytest

from ocr.dates import chinese_number, parse_amount, parse_date, parse_validity


@pytest.mark.parametrize("text", [
    "1990年1月2日", "1990年01月02日", "出生 1990 年 1 月 2 日", "1990.01.02", "1990.1.2", "19900102",
    "1990-01-02", "1990/01/02", "一九九〇年一月二日",
])
def test_dates_in_every_form(text):
    assert parse_date(text) == "1990-01-02"


@pytest.mark.parametrize("text, iso", [
    ("二〇二〇年十二月三十一日", "2020-12-31"), ("二〇〇八年十月十日", "2008-10-10"), ("2024年2月29日", "2024-02-29"),
])
def test_written_and_edge_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2023年2月29日", "1990.13.01", "no date here", "11010519491231002X"])
def test_impossible_or_missing_dates_give_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text, period", [
    ("2015.03.01-2035.03.01", ("2015-03-01", "2035-03-01")),
    ("2015.03.01－2035.03.01", ("2015-03-01", "2035-03-01")),
    ("20150301-20350301", ("2015-03-01", "2035-03-01")),
    ("2015.03.01-长期", ("2015-03-01", "长期")),
    ("2015年3月1日至2035年3月1日", ("2015-03-01", "2035-03-01")),
    ("长期", (None, "长期")),
])
def test_validity_periods(text, period):
    assert parse_validity(text) == period


@pytest.mark.parametrize("text, amount", [
    ("壹佰万元整", "1000000"), ("人民币壹佰万元整", "1000000"), ("100万元", "1000000"),
    ("50.5万元人民币", "505000"), ("壹仟贰佰叁拾肆万伍仟元", "12345000"), ("1,000,000元", "1000000"),
    ("伍拾万元整", "500000"),
])
def test_registered_capital(text, amount):
    assert parse_amount(text) == amount


def test_chinese_numbers():
    assert chinese_number("二〇二〇") == 2020
    assert chinese_number("十二") == 12
    assert chinese_number("三十一") == 31
    assert chinese_number("壹亿零伍万") == 100050000
    assert chinese_number("abc") is None
