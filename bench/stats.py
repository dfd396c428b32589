"""Small helpers shared by the benchmarks: timing, medians and the report line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def per_call_seconds(call: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        call()
    return (time.perf_counter() - start) / repeat


def alternate(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[float, float]:
    """Median of each measurement, taken in turns so drift in the machine hits both alike."""
    a_times, b_times = [], []
    for _ in range(rounds):
        a_times.append(a())
        b_times.append(b())
    return statistics.median(a_times), statistics.median(b_times)


def report(name: str, ours: float, baseline: float, unit: str, target: float | None) -> str:
    ratio = ours / baseline if baseline else float("inf")
    verdict = "" if target is None else (" ok" if ratio <= target else f" OVER target {target:.2f}x")
    line = (f"{name:<34} {ours:>10.3f} {unit:<3} vs baseline {baseline:>10.3f} {unit:<3}"
            f" ratio {ratio:5.2f}x{verdict}")
    print(line, flush=True)
    return line
