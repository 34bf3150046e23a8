"""Event-loop stalls from heartbeat timestamps: how late each beat was, frame by frame."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from benchmarks.figure import percentile

FRAME_MS = 16.0


def stall_stats_between(
    ticks: Sequence[float], interval_ms: float, began: float, ended: float
) -> dict[str, float]:
    """:func:`stall_stats` of the beats from *began* to *ended* (``perf_counter`` seconds, the
    clock every process on the machine shares): the loop while something else went on."""
    return stall_stats([tick for tick in ticks if began <= tick <= ended], interval_ms)


def stall_stats(
    ticks: Sequence[float], interval_ms: float, frame_ms: float = FRAME_MS
) -> dict[str, float]:
    """Summarise heartbeat *ticks* (``perf_counter`` seconds) of a timer set to *interval_ms*.

    A beat's lateness is its gap to the previous beat minus the interval. Every frame of
    *frame_ms* that a gap overlaps gets that lateness (a 100 ms stall spoils six frames, not
    one), so ``p99`` reads "in 99 % of frames the loop answered within this", and ``max`` is
    the longest single stall.
    """
    if len(ticks) < 2:
        return {"max": 0.0, "p99": 0.0, "median": 0.0, "frames": 0.0, "beats": float(len(ticks))}
    origin = ticks[0]
    frames: dict[int, float] = {}
    longest = 0.0
    for previous, current in pairwise(ticks):
        late = max(0.0, (current - previous) * 1000.0 - interval_ms)
        longest = max(longest, late)
        first = int((previous - origin) * 1000.0 // frame_ms)
        last = int((current - origin) * 1000.0 // frame_ms)
        for frame in range(first, last + 1):
            if late > frames.get(frame, -1.0):
                frames[frame] = late
    per_frame = list(frames.values())
    return {
        "max": longest,
        "p99": percentile(per_frame, 99),
        "median": percentile(per_frame, 50),
        "frames": float(len(per_frame)),
        "beats": float(len(ticks)),
    }
