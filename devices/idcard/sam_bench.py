"""Time the SAM reader path: ``python -m devices.idcard.sam_bench``.

Prints median and 95th percentile of: decoding a read answer (frame, blocks, text), a whole
find → select → read by the real driver over the simulator's pty (as fast as the pty goes,
then paced like a 115200-baud line), and the watch loop's delay from a card being placed to
``card_placed`` at the default poll interval.
"""
from __future__ import annotations

import argparse
import queue
import time

from devices.idcard import sam_protocol as sp
from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.sam_simulator import SamSimulator, photo_bytes
from devices.idcard.sam_text import decode_text, encode_text
from devices.samples import sample
from devices.benchmarks import figures, timed




def bench_decode(rounds: int) -> str:
    card = sample("young-hangzhou").card
    frame = sp.response_frame(sp.OK, sp.build_read_data(encode_text(card), photo_bytes(card)))

    def decode() -> None:
        decoder = sp.FrameDecoder()
        decoder.feed(frame)
        response = sp.Response.from_payload(decoder.next_payload())
        decode_text(sp.parse_read_data(response.data).text)

    return figures(f"decode a {len(frame)}-byte read answer", timed(decode, rounds))


def bench_read(rounds: int, baudrate: int | None) -> str:
    card = sample("hk-permit").card
    with SamSimulator(card, baudrate=baudrate) as sim:
        reader = SamSerialReader("bench", port=sim.port)
        try:
            reader.open()

            def read() -> None:
                sim.place(card)  # a fresh card each time: find answers "found"
                reader.read_once()

            timings = timed(read, rounds)
        finally:
            reader.close()
    line = f"paced at {baudrate} baud" if baudrate else "unpaced pty"
    return figures(f"read_once find+select+read, {line}", timings)


class _Placed:
    def __init__(self):
        self.events: queue.Queue = queue.Queue()

    def card_placed(self, reader, card):
        self.events.put(("placed", time.perf_counter()))

    def card_removed(self, reader):
        self.events.put(("removed", time.perf_counter()))

    def card_failed(self, reader, error):
        self.events.put(("failed", time.perf_counter()))


def bench_watch(rounds: int, baudrate: int | None) -> str:
    card = sample("young-hangzhou").card
    listener = _Placed()
    timings = []
    with SamSimulator(baudrate=baudrate) as sim:
        reader = SamSerialReader("bench", port=sim.port)
        reader.add_listener(listener)
        reader.start()
        try:
            for _ in range(rounds):
                placed_at = time.perf_counter()
                sim.place(card)
                kind, at = listener.events.get(timeout=10)
                assert kind == "placed", kind
                timings.append((at - placed_at) * 1000)
                sim.remove()
                listener.events.get(timeout=10)  # removed
        finally:
            reader.stop()
            reader.close()
    return figures(f"placed → card_placed, poll every {reader.poll_interval} s", timings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--watch-rounds", type=int, default=10)
    parser.add_argument("--baudrate", type=int, default=115200)
    args = parser.parse_args(argv)
    print(bench_decode(args.rounds))
    print(bench_read(args.rounds, None))
    print(bench_read(max(1, args.rounds // 10), args.baudrate))
    print(bench_watch(args.watch_rounds, args.baudrate))


if __name__ == "__main__":
    main()
