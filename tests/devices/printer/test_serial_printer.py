"""The real escpos-serial driver (python-escpos over pyserial) printing to a printer on a pty."""
import pytest

from devices.base import PrinterError
from devices.printer.base import printers
from devices.printer.simulator import EscposSerialPrinterSimulator


@pytest.fixture
def serial_sim():
    simulator = EscposSerialPrinterSimulator().start()
    yield simulator
    simulator.stop()


@pytest.fixture
def serial_printer(serial_sim):
    # dsrdtr off: a pty has no DSR line to wait for.
    return printers.get("escpos-serial")("receipt", devfile=serial_sim.port, baudrate=115200,
                                         timeout=1, dsrdtr=False)


def test_receipt_over_serial(serial_printer, serial_sim, receipt):
    serial_printer.print_receipt(receipt)
    job = serial_sim.wait_for_job(timeout=5)
    assert job.cut and job.printed
    assert "受理编号：SL20261122-0001" in job.text.splitlines()
    assert job.qr_codes == [receipt.qr]


def test_cover_open_over_serial(serial_printer, serial_sim, receipt):
    serial_sim.set_faults(cover_open=True)
    assert serial_printer.status().cover_open
    with pytest.raises(PrinterError) as caught:
        serial_printer.print_receipt(receipt)
    assert "仓盖" in caught.value.citizen_message


def test_missing_serial_port_raises_printer_error(tmp_path, receipt):
    printer = printers.get("escpos-serial")("receipt", devfile=str(tmp_path / "ttyUSB9"))
    with pytest.raises(PrinterError):
        printer.print_receipt(receipt)
    assert not printer.health.available


def test_usb_ids_may_be_hex_strings():
    printer = printers.get("escpos-usb")("receipt", id_vendor="0x0416", id_product="0x5011")
    assert printer.describe() == "usb 0416:5011"
