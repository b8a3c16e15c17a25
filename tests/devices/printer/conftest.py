"""Handles to the receipt printer simulator and a sample receipt."""
import pytest

from devices.printer.base import Receipt, ReceiptLine, printers
from devices.printer.simulator import EscposPrinterSimulator


@pytest.fixture
def printer_sim():
    simulator = EscposPrinterSimulator().start()
    yield simulator
    simulator.stop()


@pytest.fixture
def network_printer(printer_sim):
    return printers.get("escpos-network")("receipt", host=printer_sim.host, port=printer_sim.port,
                                          timeout=2)


@pytest.fixture
def receipt():
    return Receipt(
        title="受理回执",
        lines=[ReceiptLine("事项：居民身份证换领"),
               ReceiptLine("受理编号：SL20261122-0001", bold=True),
               ReceiptLine("申请人：𠮷**", align="right")],
        qr="https://zwfw.example.gov.cn/q/SL20261122-0001",
        footer=[ReceiptLine("请妥善保管本回执", align="center")],
    )
