"""Time the receipt path: ``python -m devices.printer.printer_bench``.

Prints median and 95th percentile of: laying a receipt out as ESC/POS bytes, a whole
``print_receipt`` by the real network driver to the simulator (connect, three DLE EOT status
requests, the job, close), and the simulator drawing the job as a PNG.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from devices.printer.base import Receipt, ReceiptLine
from devices.printer.escpos_printer import EscposNetworkPrinter
from devices.printer.layout import ReceiptLayout
from devices.printer.simulator import EscposPrinterSimulator, PrintJob

RECEIPT = Receipt(
    title="受理回执",
    lines=[ReceiptLine("事项：居民身份证换领"), ReceiptLine("受理编号：SL20261122-0001", bold=True),
           ReceiptLine("申请人：张**"), ReceiptLine("身份证号：3301**********1234"),
           ReceiptLine("提交材料：3 份，原件已存入智能柜 A-03"), ReceiptLine("受理时间：2026-11-22 09:30")],
    qr="https://zwfw.example.gov.cn/q/SL20261122-0001",
    footer=[ReceiptLine("请妥善保管本回执", align="center"), ReceiptLine("咨询电话 12345", align="center")],
)


def _figures(label: str, timings_ms: list[float]) -> str:
    timings_ms = sorted(timings_ms)
    p95 = timings_ms[min(len(timings_ms) - 1, int(len(timings_ms) * 0.95))]
    return f"{label}: median {statistics.median(timings_ms):.2f} ms, p95 {p95:.2f} ms (n={len(timings_ms)})"


def _time(action: Callable[[], object], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    layout = ReceiptLayout()
    print(_figures("layout (Receipt → ESC/POS bytes)",
                   _time(lambda: layout.render(RECEIPT), args.rounds)))
    sim = EscposPrinterSimulator().start()
    try:
        printer = EscposNetworkPrinter("bench", host=sim.host, port=sim.port)
        print(_figures("print_receipt over TCP incl. status",
                       _time(lambda: printer.print_receipt(RECEIPT), args.rounds)))
        job = sim.wait_for_job(5)
        print(_figures("simulator PNG of the job",
                       _time(lambda: PrintJob(job.raw, job.elements, job.cut, True).png, args.rounds)))
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
