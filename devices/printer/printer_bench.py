"""Time the receipt path: ``python -m devices.printer.printer_bench``.

Prints median and 95th percentile of: laying a receipt out as ESC/POS bytes, a whole
``print_receipt`` by the real network driver to the simulator (connect, three DLE EOT status
requests, the job, close), and the simulator drawing the job as a PNG.
"""
from __future__ import annotations

import argparse

from devices.printer.base import Receipt, ReceiptLine
from devices.printer.escpos_printer import EscposNetworkPrinter
from devices.printer.layout import ReceiptLayout
from devices.printer.simulator import EscposPrinterSimulator, PrintJob
from devices.benchmarks import figures, timed

RECEIPT = Receipt(
    title="受理回执",
    lines=[ReceiptLine("事项：居民身份证换领"), ReceiptLine("受理编号：SL20261122-0001", bold=True),
           ReceiptLine("申请人：张**"), ReceiptLine("身份证号：3301**********1234"),
           ReceiptLine("提交材料：3 份，原件已存入智能柜 A-03"), ReceiptLine("受理时间：2026-11-22 09:30")],
    qr="https://zwfw.example.gov.cn/q/SL20261122-0001",
    footer=[ReceiptLine("请妥善保管本回执", align="center"), ReceiptLine("咨询电话 12345", align="center")],
)




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    layout = ReceiptLayout()
    print(figures("layout (Receipt → ESC/POS bytes)",
                   timed(lambda: layout.render(RECEIPT), args.rounds)))
    sim = EscposPrinterSimulator().start()
    try:
        printer = EscposNetworkPrinter("bench", host=sim.host, port=sim.port)
        print(figures("print_receipt over TCP incl. status",
                       timed(lambda: printer.print_receipt(RECEIPT), args.rounds)))
        job = sim.wait_for_job(5)
        print(figures("simulator PNG of the job",
                       timed(lambda: PrintJob(job.raw, job.elements, job.cut, True).png, args.rounds)))
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
