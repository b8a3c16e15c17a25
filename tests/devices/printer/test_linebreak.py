"""Receipt lines broken like Chinese and English typesetting: 避头尾 for punctuation, whole words
and numbers, never wider than the paper — checked on the text and on the bytes sent."""
import pytest

from devices.printer.base import Receipt, ReceiptLine
from devices.printer.escpos_interpreter import EscposInterpreter, PrintedLine
from devices.printer.layout import ReceiptLayout
from devices.printer.linebreak import columns_of, wrap

NO_LINE_START = tuple("。，、；：？！）》」』”’…")
NO_LINE_END = tuple("（《「『“‘")
NOTICE = "工作人员将在承诺时限内审核，请凭回执查询进度。容缺材料（就业证明）请于期限前补交；逾期未交的，申请终止。"


@pytest.mark.parametrize("lead", range(0, 17))
def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one(lead):
    text = "请" * lead + NOTICE
    lines = wrap(text, 32)
    assert "".join(lines) == text
    for line in lines:
        assert columns_of(line) <= 32
        assert not line.startswith(NO_LINE_START), lines
        assert not line.endswith(NO_LINE_END), lines


@pytest.mark.parametrize("columns", [16, 24, 32, 48])
def test_english_words_and_the_application_number_stay_whole(columns):
    text = ("Application number: 20261204000012. Next step: staff will review it within the promised time; "
            "follow it with your receipt.")
    lines = wrap(text, columns)
    assert " ".join(lines).split() == text.split()
    assert all(columns_of(line) <= columns and line == line.strip() for line in lines)
    assert any("20261204000012" in line for line in lines)


def test_a_word_longer_than_the_line_is_cut_at_the_edge():
    url = "http://127.0.0.1:5000/progress/20261204000012?t=abcdefghijklmnop"
    lines = wrap(url, 32)
    assert "".join(lines) == url and all(len(line) <= 32 for line in lines) and len(lines) == 3


def test_chinese_quotes_are_full_width_on_a_chinese_printer():
    assert columns_of("“好”") == 6 and columns_of("“好”", ambiguous_as_wide=False) == 4


def printed_lines(data: bytes) -> list[str]:
    job = EscposInterpreter(lambda n: 0x12).feed(data)[1][0]
    return [e.text for e in job.elements if isinstance(e, PrintedLine) and e.text]


def test_the_layout_sends_each_broken_line_as_its_own_printer_line():
    receipt = Receipt(title="Receipt", lines=[ReceiptLine("Application number: 20261204000012"),
                                               ReceiptLine("下一步：" + NOTICE)])
    data = ReceiptLayout(columns=32).render(receipt)
    assert b"Application number:\n20261204000012\n" in data
    lines = printed_lines(data)
    assert lines[1:3] == ["Application number:", "20261204000012"]
    assert all(columns_of(line) <= 32 and not line.startswith(NO_LINE_START) for line in lines)
    assert "".join(lines[3:]) == "下一步：" + NOTICE


def test_large_lines_have_half_the_columns():
    data = ReceiptLayout(columns=32).render(Receipt(title="政务服务受理回执（自助终端）"))
    assert printed_lines(data) == ["政务服务受理回执", "（自助终端）"]
