"""Byte-exact ESC/POS output of a receipt, checked against the ESC/POS reference by hand."""
import pytest

from devices.base import PrinterError
from devices.printer.base import Receipt, ReceiptLine, printers
from devices.printer.layout import ReceiptLayout

INIT = b"\x1b\x40"
CHINESE_ON = b"\x1c\x26"
LARGE_BOLD_CENTRE = b"\x1d\x21\x11" + b"\x1b\x45\x01" + b"\x1b\x61\x01"
NORMAL_LEFT = b"\x1d\x21\x00" + b"\x1b\x45\x00" + b"\x1b\x61\x00"
NORMAL_CENTRE = b"\x1d\x21\x00" + b"\x1b\x45\x00" + b"\x1b\x61\x01"
CUT = b"\x1b\x64\x06" + b"\x1d\x56\x00"   # ESC d 6 (feed), GS V 0 (full cut)


def qr_commands(data: bytes, size: int = 6) -> bytes:
    store_len = len(data) + 3
    return (b"\x1d(k\x04\x00\x31\x41\x32\x00"            # model 2
            + b"\x1d(k\x03\x00\x31\x43" + bytes([size])   # module size
            + b"\x1d(k\x03\x00\x31\x45\x31"               # error correction M
            + b"\x1d(k" + bytes([store_len % 256, store_len // 256]) + b"\x31\x50\x30" + data
            + b"\x1d(k\x03\x00\x31\x51\x30")              # print the stored symbol


def test_sample_receipt_bytes():
    receipt = Receipt(title="受理回执", lines=[ReceiptLine("吉𠮷：1")], qr="Q1",
                      footer=[ReceiptLine("请保管", align="center")])
    expected = (
        INIT + CHINESE_ON
        + LARGE_BOLD_CENTRE + b"\xca\xdc\xc0\xed\xbb\xd8\xd6\xb4\n"     # 受理回执
        + NORMAL_LEFT + b"\xbc\xaa\x95\x34\xb2\x35\xa3\xba1\n"            # 吉𠮷：1 (𠮷 is 4 bytes)
        + b"\x1b\x61\x01" + qr_commands(b"Q1") + b"\n"
        + NORMAL_CENTRE + b"\xc7\xeb\xb1\xa3\xb9\xdc\n"                   # 请保管
        + CUT
    )
    assert ReceiptLayout().render(receipt) == expected


def test_control_characters_in_data_cannot_become_commands():
    receipt = Receipt(title="A\x1bB\x1dV\x00C")
    out = ReceiptLayout().render(receipt)
    assert b"A B V C\n" in out
    assert out.count(b"\x1dV") == 1   # only the real cut


def test_qr_size_and_encoding_are_configurable():
    layout = ReceiptLayout(encoding="gbk", qr_size=8)
    out = layout.render(Receipt(title="回执", qr="x"))
    assert b"\x1d(k\x03\x00\x31\x43\x08" in out
    assert "回执".encode("gbk") in out


def test_unknown_encoding_fails_at_start_up():
    with pytest.raises(ValueError, match="encoding"):
        ReceiptLayout(encoding="no-such-codec")


def test_file_printer_writes_the_same_bytes(tmp_path, receipt):
    target = tmp_path / "lp0"
    printer = printers.get("escpos-file")("receipt", devfile=str(target))
    printer.print_receipt(receipt)
    assert target.read_bytes() == ReceiptLayout().render(receipt)
    assert printer.health.available


def test_file_printer_that_cannot_be_written_raises_printer_error(tmp_path, receipt):
    printer = printers.get("escpos-file")("receipt", devfile=str(tmp_path / "missing" / "lp0"))
    assert not printer.status().online
    with pytest.raises(PrinterError) as caught:
        printer.print_receipt(receipt)
    assert caught.value.citizen_message
    assert not printer.health.available


def test_every_connection_is_registered():
    assert {"escpos-network", "escpos-serial", "escpos-usb", "escpos-file"} <= set(printers.types())
