"""Timing for the benchmarks: each call measured in milliseconds after a warm-up, and its percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def timed(run: Callable[[int], object], *, iterations: int, warmup: int) -> list[float]:
    """Milliseconds per call of run(i), after `warmup` untimed calls."""
    for i in range(warmup):
        run(i)
    samples = []
    for i in range(iterations):
        start = time.perf_counter_ns()
        run(warmup + i)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def timed_pair(
    run: Callable[[int], object], floor: Callable[[int], object], *, iterations: int, warmup: int
) -> tuple[list[float], list[float]]:
    """run(i) and floor(i) timed in turn, call by call, so that a machine shared with other work slows both
    alike (two blocks of 300 calls each can meet different loads): milliseconds per call of each."""
    for i in range(warmup):
        run(i)
        floor(i)
    samples: list[float] = []
    floor_samples: list[float] = []
    for i in range(iterations):
        for call, into in ((run, samples), (floor, floor_samples)):
            start = time.perf_counter_ns()
            call(warmup + i)
            into.append((time.perf_counter_ns() - start) / 1e6)
    return samples, floor_samples


def summary(samples: list[float]) -> dict:
    return {
        "p50_ms": round(percentile(samples, 50), 3),
        "p95_ms": round(percentile(samples, 95), 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "n": len(samples),
    }
