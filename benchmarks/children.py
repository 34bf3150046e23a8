"""Starting measured GUI processes offscreen and reading the one result line they print."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.gui_child import MARKER

CHILD_TIMEOUT_S = 180


class ChildFailedError(RuntimeError):
    """A measured process crashed, hung or reported an error."""


@dataclass(frozen=True)
class ChildRun:
    """One child's result and the parent's clock reading just before it was started."""

    started_at: float
    result: dict[str, Any]

    @property
    def seconds_to_paint(self) -> float:
        """From ``Popen`` to the first painted window (one system-wide monotonic clock)."""
        return float(self.result["painted_at"]) - self.started_at

    @property
    def seconds_to_shown(self) -> float:
        """From ``Popen`` to the window showing its case (the first paint for a bare window)."""
        return float(self.result["shown_at"]) - self.started_at

    @property
    def seconds_to_ready(self) -> float:
        """From ``Popen`` to the panels showing the case, the note editor among them (the
        first paint for a bare window)."""
        return float(self.result["ready_at"]) - self.started_at


def child_environment() -> dict[str, str]:
    """The parent's environment, offscreen, with the checkout importable."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def run_child(subject: str, task: str, *options: str, data_dir: Path | None = None) -> ChildRun:
    """Run ``benchmarks.gui_child`` and return its result; raise ``ChildFailedError`` on trouble."""
    command = [sys.executable, "-m", "benchmarks.gui_child", subject, task, *options]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    env = child_environment()
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S
        )
    except subprocess.TimeoutExpired as exc:
        raise ChildFailedError(f"{subject} {task}: no result within {CHILD_TIMEOUT_S} s") from exc
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARKER)]
    if not lines:
        tail = done.stderr.strip().splitlines()[-5:]
        raise ChildFailedError(f"{subject} {task}: exit {done.returncode}, " + " | ".join(tail))
    result: dict[str, Any] = json.loads(lines[-1][len(MARKER) :])
    if "error" in result:
        said = result["error"].strip().splitlines()
        where = [line.strip() for line in said if line.strip().startswith("File ")][-2:]
        raise ChildFailedError(f"{subject} {task}: {said[-1]} (at {' <- '.join(reversed(where))})")
    return ChildRun(started, result)
