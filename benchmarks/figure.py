"""One row of the benchmark table: a measurement, its same-run baseline, target and verdict."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

PASS, MISS, NOT_AVAILABLE = "pass", "MISS", "n/a"
INFO = "info"  # measured for context, with no target of its own


@dataclass
class Figure:
    """A measured figure beside its baseline; ``values`` hold the numbers the JSON keeps."""

    name: str
    dataset: str
    measured: str
    baseline: str
    ratio: float | None
    target: str
    verdict: str
    values: dict[str, float] = field(default_factory=dict)
    baseline_values: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The figure as a JSON-ready dictionary."""
        return {
            "name": self.name,
            "dataset": self.dataset,
            "measured": self.measured,
            "baseline": self.baseline,
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "target": self.target,
            "verdict": self.verdict,
            "values": {k: round(v, 4) for k, v in self.values.items()},
            "baseline_values": {k: round(v, 4) for k, v in self.baseline_values.items()},
            "notes": self.notes,
        }


def not_available(
    name: str, reason: str, target: str, baseline: str = "—", baseline_ms: float | None = None
) -> Figure:
    """A row for something that cannot be measured yet; never a made-up number."""
    figure = Figure(name, "", f"n/a — {reason}", baseline, None, target, NOT_AVAILABLE)
    if baseline_ms is not None:
        figure.baseline_values["median"] = baseline_ms
    return figure


def verdict(*checks: bool) -> str:
    """``pass`` when every check holds, ``MISS`` otherwise."""
    return PASS if all(checks) else MISS


def percentile(samples: Sequence[float], q: float) -> float:
    """The *q*-th percentile (0–100) by linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(samples: Sequence[float]) -> dict[str, float]:
    """Median, p95, p99 and max of *samples*, with their count."""
    return {
        "median": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "p99": percentile(samples, 99),
        "max": max(samples) if samples else math.nan,
        "n": float(len(samples)),
    }


def ratio(value: float, baseline: float) -> float | None:
    """*value* / *baseline*, or None when the baseline is zero or missing."""
    if not baseline or math.isnan(baseline) or math.isnan(value):
        return None
    return value / baseline


def timed_ms(action: Callable[..., object], *args: object, **kwargs: object) -> float:
    """Milliseconds one call of ``action(*args, **kwargs)`` took."""
    start = time.perf_counter()
    action(*args, **kwargs)
    return (time.perf_counter() - start) * 1000.0


def ms(value: float) -> str:
    """A duration for the table: ``3.21 ms``, ``41.0 ms``, ``1234 ms``."""
    if math.isnan(value):
        return "—"
    if value < 10:
        return f"{value:.2f} ms"
    if value < 100:
        return f"{value:.1f} ms"
    return f"{value:.0f} ms"
