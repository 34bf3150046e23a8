"""The softphone hook's rows: only the ``python -c pass`` baseline until the hook exists."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.figure import Figure, ms, not_available, timed_ms

HOOK = "callnotes-event"
HOOK_EXIT = "softphone hook process exit"
RING_TO_CARD = "ring → client card shown"


def hook_installed() -> bool:
    """Whether the ``callnotes-event`` entry point is installed beside this interpreter."""
    beside = Path(sys.executable).parent / HOOK
    return beside.exists() or shutil.which(HOOK) is not None


def python_pass_ms(runs: int) -> float:
    """Median time to start and exit ``python -c pass``: the floor of any hook."""
    command = [sys.executable, "-c", "pass"]
    return statistics.median(
        timed_ms(lambda: subprocess.run(command, check=True)) for _ in range(runs)
    )


def softphone_figures(runs: int) -> tuple[Figure, Figure]:
    """Rows for hook exit and ring → card; never a made-up number for something not built."""
    floor = python_pass_ms(runs)
    baseline = f"python -c pass {ms(floor)}"
    reason = (
        "callnotes-event is installed but has no harness here yet"
        if hook_installed()
        else "not built yet"
    )
    exit_row = not_available(HOOK_EXIT, reason, "≤ 100 ms", baseline, floor)
    card_row = not_available(RING_TO_CARD, reason, "≤ 300 ms", baseline, floor)
    return exit_row, card_row
