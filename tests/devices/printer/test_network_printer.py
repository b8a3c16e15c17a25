"""The real escpos-network driver printing to the ESC/POS simulator over TCP."""
import io
import socket
import threading

import pytest
from PIL import Image

from devices.base import PrinterError
from devices.printer.base import printers
from devices.printer.layout import ReceiptLayout


def test_receipt_prints_with_chinese_text_and_qr(network_printer, printer_sim, receipt):
    network_printer.print_receipt(receipt)
    job = printer_sim.wait_for_job(timeout=5)

    assert job.printed and job.cut
    assert job.unknown == []
    lines = job.text.splitlines()
    assert lines[0] == "受理回执"
    assert "事项：居民身份证换领" in lines
    assert "申请人：𠮷**" in lines
    assert job.qr_codes == ["https://zwfw.example.gov.cn/q/SL20261122-0001"]
    assert "[QR] https://zwfw.example.gov.cn/q/SL20261122-0001" in lines
    title = job.elements[0]
    assert title.align == "center" and title.runs[0].bold and title.runs[0].width == 2
    # The job's bytes are exactly the layout, after the status requests of the same connection.
    assert job.raw.endswith(ReceiptLayout().render(receipt))
    image = Image.open(io.BytesIO(job.png))
    assert image.format == "PNG" and image.width == 384 and image.height > 300


def test_status_reports_each_fault(network_printer, printer_sim):
    assert network_printer.status().online
    printer_sim.set_faults(paper_low=True)
    status = network_printer.status()
    assert status.online and status.paper_low and not status.paper_out
    printer_sim.set_faults(paper_low=False, cover_open=True)
    status = network_printer.status()
    assert status.cover_open and not status.online
    printer_sim.clear_faults()
    printer_sim.set_faults(paper_out=True)
    assert network_printer.status().paper_out


@pytest.mark.parametrize("fault, phrase", [("paper_out", "纸"), ("cover_open", "仓盖"), ("offline", "离线")])
def test_fault_stops_printing_with_a_citizen_message(network_printer, printer_sim, receipt, fault, phrase):
    printer_sim.set_faults(**{fault: True})
    with pytest.raises(PrinterError) as caught:
        network_printer.print_receipt(receipt)
    assert phrase in caught.value.citizen_message
    assert not network_printer.health.available
    printer_sim.clear_faults()
    network_printer.print_receipt(receipt)
    # The refused attempt sent nothing after the status said no: the first job is the retry.
    assert printer_sim.wait_for_job(timeout=5) is printer_sim.jobs[0]
    assert len(printer_sim.jobs) == 1


def test_health_goes_down_and_recovers_once_each_way(network_printer, printer_sim, receipt):
    transitions = []
    network_printer.tracker.subscribe(lambda name, health: transitions.append(health.available))
    network_printer.print_receipt(receipt)
    assert printer_sim.wait_for_job(timeout=5).printed
    printer_sim.set_faults(paper_out=True)
    for _ in range(2):
        with pytest.raises(PrinterError):
            network_printer.print_receipt(receipt)
    printer_sim.clear_faults()
    network_printer.print_receipt(receipt)
    assert printer_sim.wait_for_job(timeout=5).printed
    assert transitions == [True, False, True]


def test_paper_low_still_prints_and_is_logged_once(network_printer, printer_sim, receipt, caplog):
    printer_sim.set_faults(paper_low=True)
    for _ in range(2):
        network_printer.print_receipt(receipt)
        assert printer_sim.wait_for_job(timeout=5).printed
    assert [r.message for r in caplog.records].count("printer receipt: paper roll near its end") == 1


def test_unreachable_printer_raises_printer_error(printer_sim, receipt):
    port = printer_sim.port
    printer_sim.stop()
    printer = printers.get("escpos-network")("receipt", host="127.0.0.1", port=port, timeout=1)
    with pytest.raises(PrinterError) as caught:
        printer.print_receipt(receipt)
    assert "127.0.0.1" in str(caught.value)
    assert not printer.health.available


def test_printer_that_never_answers_status_times_out(receipt):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted = threading.Event()

    def accept_and_stay_silent():
        conn, _ = listener.accept()
        accepted.set()
        conn.recv(16)
        conn.recv(16)  # held open, never answering, until the driver gives up and closes
        conn.close()

    thread = threading.Thread(target=accept_and_stay_silent, daemon=True)
    thread.start()
    printer = printers.get("escpos-network")("receipt", host="127.0.0.1",
                                             port=listener.getsockname()[1], timeout=0.5)
    with pytest.raises(PrinterError):
        printer.print_receipt(receipt)
    assert accepted.is_set()
    thread.join(timeout=5)
    listener.close()
