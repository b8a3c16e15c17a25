"""Time the passport chip path: ``python -m devices.idcard.emrtd_bench``.

Prints median and 95th percentile of a whole chip read (select, BAC, secure messaging, EF.COM,
DG1, DG2, EF.SOD and the hash check) against the virtual chip in-process, for a small face
and one of the size a real passport holds (about 20 KB); then, when pcscd lists the vpcd
reader, the same reads by the real pcsc-emrtd driver through pcscd and vpcd.
"""
from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

from devices.base import DeviceError
from devices.idcard.base import PassportKey
from devices.idcard.emrtd_vicc import VPCD_PORT, EmrtdChip, PassportData, PassportSimulator
from devices.idcard.icao_chip import ChipSession
from devices.idcard.pcsc_emrtd import PcscPassportReader
from devices.benchmarks import figures, timed

_REAL_FACE_BYTES = 20_000




def passports() -> dict[str, PassportData]:
    small = PassportData.sample()
    # Random bytes between JPEG markers: the reader never decodes the image, only moves it.
    real = replace(small, face_jpeg=b"\xff\xd8" + os.urandom(_REAL_FACE_BYTES) + b"\xff\xd9")
    return {f"{len(small.face_jpeg) // 1000} KB face": small, f"{_REAL_FACE_BYTES // 1000} KB face": real}


def bench_in_process(rounds: int) -> list[str]:
    lines = []
    for label, data in passports().items():
        chip = EmrtdChip(data)

        def transmit(apdu: bytes) -> tuple[bytes, int]:
            answer = chip.respond(apdu)
            return answer[:-2], int.from_bytes(answer[-2:], "big")

        lines.append(figures(f"chip read in-process, {label}",
                              timed(lambda: ChipSession(transmit).read_document(data.keys), rounds)))
    return lines


def bench_pcsc(rounds: int, reader: str, port: int) -> list[str]:
    simulator = PassportSimulator(reader=reader, port=port)
    try:
        simulator.start()
    except DeviceError as exc:
        return [f"pcsc-emrtd over pcscd + vpcd: skipped ({exc})"]
    lines = []
    driver = PcscPassportReader("passport", reader=reader)
    try:
        for label, data in passports().items():
            simulator.place(data)
            key = PassportKey.from_mrz(data.mrz)
            _wait(driver, present=True)
            lines.append(figures(f"pcsc-emrtd read over pcscd + vpcd, {label}",
                                  timed(lambda: driver.read_passport(key), rounds)))
            simulator.remove()
            _wait(driver, present=False)
    finally:
        simulator.stop()
    return lines


def _wait(driver: PcscPassportReader, *, present: bool) -> None:
    deadline = time.monotonic() + 10
    while driver.card_present() != present:
        if time.monotonic() > deadline:
            raise SystemExit(f"pcscd did not see the virtual passport {'placed' if present else 'removed'}")
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--reader", default="Virtual PCD 00 00", help="vpcd reader name (first slot)")
    parser.add_argument("--port", type=int, default=VPCD_PORT, help="TCP port of that vpcd slot")
    parser.add_argument("--no-pcsc", action="store_true", help="only the in-process figures")
    args = parser.parse_args(argv)
    lines = bench_in_process(args.rounds)
    if not args.no_pcsc:
        lines += bench_pcsc(args.rounds, args.reader, args.port)
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
