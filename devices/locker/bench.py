"""Print how long locker operations take through each driver family and its simulator.

    python -m devices.locker.bench [--rounds 20]

Figures: one full read of a 24-compartment bank (two boards), and unlock until the door is
seen open (``unlock_and_confirm``). The simulators answer at once, so the figures show the
driver's own cost plus the protocol timing it keeps (command gap, Modbus pulse length).
"""
from __future__ import annotations

import argparse
import statistics
import time

from devices.locker.simulated import SIMULATORS, start_simulated_bank

BANK = [{"address": 1, "locks": 12}, {"address": 2, "locks": 12}]


def _timed(action, rounds: int) -> list[float]:
    figures = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        figures.append((time.perf_counter() - start) * 1000)
    return figures


def measure(family: str, rounds: int) -> dict[str, list[float]]:
    simulated = start_simulated_bank(family, BANK)
    try:
        def unlock_and_close():
            simulated.bank.unlock_and_confirm(5)
            simulated.model.close(5)
        return {"states() ms": _timed(simulated.bank.states, rounds),
                "unlock_and_confirm() ms": _timed(unlock_and_close, rounds)}
    finally:
        simulated.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    print(f"{'family':<12}{'figure':<26}{'median':>8}{'max':>8}   ({rounds} rounds, default options)")
    for family in sorted(SIMULATORS):
        for figure, values in measure(family, rounds).items():
            print(f"{family:<12}{figure:<26}{statistics.median(values):>8.1f}{max(values):>8.1f}")


if __name__ == "__main__":
    main()
