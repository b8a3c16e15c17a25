"""How fast the locker book follows the doors: unlock-and-confirm time, and the time from a door
shutting to the deposit being recorded, through the real 8A driver on the simulated bank.

    .venv/bin/python -m tests.kiosk.lockers.bench_latency --poll 0.5 --rounds 20

Prints figures only; the watcher's poll interval bounds the second one.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

from devices.simulation import Simulation
from tests.conftest import make_app
from tests.kiosk.lockers.conftest import Clock, start_lockers, submitted_case


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--poll", type=float, default=0.5, help="the driver's poll interval, seconds")
    parser.add_argument("--rounds", type=int, default=20, help="hand-ins to time")
    args = parser.parse_args()
    logging.disable(logging.WARNING)   # the simulators' chatter would drown the figures
    try:
        with Simulation(kinds=("lockers",)) as sim, tempfile.TemporaryDirectory() as tmp:
            sim.config["lockers"][0]["poll_interval"] = args.poll
            services = make_app(Path(tmp)).extensions["kiosk"]
            lockers, manager, _ = start_lockers(services, sim.config, Clock())
            model = sim.lockers["A"]
            opening, recording = [], []
            try:
                for _ in range(args.rounds):
                    app_id = submitted_case(services)
                    started = time.perf_counter()
                    opened = lockers.start_handin(app_id)
                    opening.append(time.perf_counter() - started)
                    model.put_item(opened.number)
                    started = time.perf_counter()
                    model.close(opened.number)
                    lockers.wait_for(lambda: lockers.view(opened.reservation_id).status == "stored", 10)
                    recording.append(time.perf_counter() - started)
                    lockers.staff_open(opened.reservation_id, "bench")
                    model.take_item(opened.number)
                    model.close(opened.number)
                    lockers.confirm_taken(opened.reservation_id, "bench")
            finally:
                manager.stop()
                services.db.dispose()
        for name, values in (("unlock and confirm", opening), ("door shut -> deposit recorded", recording)):
            print(f"{name:32s} median {statistics.median(values) * 1000:6.0f} ms   "
                  f"p95 {percentile(values, 0.95) * 1000:6.0f} ms   ({len(values)} hand-ins, poll {args.poll:g} s)")
    finally:
        logging.disable(logging.NOTSET)


if __name__ == "__main__":
    main()
