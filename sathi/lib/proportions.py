"""Proportions and their difference, with intervals that behave at small counts and near 0 and 1.

- `wilson`: the Wilson score interval for one proportion (Wilson 1927), which unlike the Wald interval
  never leaves [0, 1] and keeps its coverage for small samples.
- `newcombe`: the interval for the difference of two independent proportions built from their two Wilson
  intervals (Newcombe 1998, method 10, the "hybrid score" interval). Its worked example, 56/70 against
  48/80, gives 0.0524 to 0.3339 for a difference of 0.2.
- `two_proportion_z`: the pooled two-proportion z-test, for the p-value beside it.

Whether a change is more than noise is read from the Newcombe interval: it excludes zero. Two Wilson
intervals that merely fail to overlap would be too strict a test (two intervals can overlap while the
difference is clearly not zero).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z95) -> Interval:
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError("a proportion needs 0 <= successes <= trials and trials > 0")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def newcombe(successes1: int, trials1: int, successes2: int, trials2: int, z: float = Z95) -> Interval:
    """The interval for p1 - p2 (Newcombe's method 10)."""
    p1, p2 = successes1 / trials1, successes2 / trials2
    one, two = wilson(successes1, trials1, z), wilson(successes2, trials2, z)
    difference = p1 - p2
    low = difference - math.sqrt((p1 - one.low) ** 2 + (two.high - p2) ** 2)
    high = difference + math.sqrt((one.high - p1) ** 2 + (p2 - two.low) ** 2)
    return Interval(low, high)


def two_proportion_z(successes1: int, trials1: int, successes2: int, trials2: int) -> tuple[float, float]:
    """(z, two-sided p-value) of the pooled test that p1 = p2."""
    pooled = (successes1 + successes2) / (trials1 + trials2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / trials1 + 1 / trials2))
    if spread == 0:
        return 0.0, 1.0
    z = (successes1 / trials1 - successes2 / trials2) / spread
    return z, math.erfc(abs(z) / math.sqrt(2))
