"""The kiosk's own receipt, as the printer gets it: lines broken by the kiosk, in both languages."""
from __future__ import annotations

import pytest

from devices.printer.escpos_interpreter import EscposInterpreter, PrintedLine
from devices.printer.layout import ReceiptLayout
from devices.printer.linebreak import columns_of
from kiosk.web.receipts import build_receipt
from tests.devices.printer.test_linebreak import NO_LINE_START
from tests.kiosk.desk.test_decisions import submitted  # noqa: F401 (fixture)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_printed_receipt_breaks_lines_like_typesetting(app, services, submitted, language):
    submitted.language = language
    matter = services.applications.matter(submitted.matter_id)
    with app.test_request_context():
        receipt = build_receipt(submitted, matter)
    data = ReceiptLayout(columns=32).render(receipt)
    job = EscposInterpreter(lambda n: 0x12).feed(data)[1][0]
    lines = [e.text for e in job.elements if isinstance(e, PrintedLine) and e.text]
    assert len(lines) > 1 + len(receipt.lines) + len(receipt.footer)   # long lines were broken, by the kiosk
    for line in lines:
        assert columns_of(line) <= 32, line
        assert not line.startswith(NO_LINE_START), line
    assert any(submitted.number in line for line in lines)         # the number is never split
    printed_words = " ".join(lines).split()
    for line in receipt.lines:
        for word in line.text.split():
            if word.isascii() and columns_of(word) <= 32:
                assert word in printed_words, word                 # English words stay whole
