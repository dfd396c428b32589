"""Small helpers shared by the benchmarks: timing, paired comparisons and the report line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import NamedTuple


class Comparison(NamedTuple):
    ours: float
    baseline: float
    ratio: float


def per_call_seconds(call: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        call()
    return (time.perf_counter() - start) / repeat


def compare(ours: list[float], baseline: list[float]) -> Comparison:
    """Medians of paired rounds, and the median of each round's ratio, which stays
    steady when a busy machine's speed wanders from one round to the next."""
    ratios = [a / b for a, b in zip(ours, baseline, strict=True) if b]
    return Comparison(statistics.median(ours), statistics.median(baseline), statistics.median(ratios))


def alternate(a: Callable[[], float], b: Callable[[], float], rounds: int) -> Comparison:
    """Measure a and b in turns, so drift in the machine hits both alike."""
    a_times, b_times = [], []
    for _ in range(rounds):
        a_times.append(a())
        b_times.append(b())
    return compare(a_times, b_times)


def report(name: str, result: Comparison, unit: str, target: float | None) -> str:
    verdict = "" if target is None else (" ok" if result.ratio <= target else f" OVER target {target:.2f}x")
    line = (f"{name:<34} {result.ours:>10.3f} {unit:<3} vs baseline {result.baseline:>10.3f} {unit:<3}"
            f" ratio {result.ratio:5.2f}x{verdict}")
    print(line, flush=True)
    return line
