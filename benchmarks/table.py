"""The one table ``make bench`` prints, and the same figures as JSON for comparing runs."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.figure import Figure

HEADERS = ("figure", "measured", "baseline (same run)", "ratio", "target", "verdict")


def _cells(figure: Figure) -> tuple[str, ...]:
    name = f"{figure.name} ({figure.dataset})" if figure.dataset else figure.name
    ratio = "—" if figure.ratio is None else f"{figure.ratio:.2f}×"
    return (name, figure.measured, figure.baseline, ratio, figure.target, figure.verdict)


def render_table(figures: Sequence[Figure], notes: Sequence[str] = ()) -> str:
    """A Markdown table (readable in a terminal, pastes into an issue), then the notes."""
    rows = [HEADERS, *(_cells(f) for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(HEADERS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in rows[1:]]
    details = [f"- {f.name}: {note}" for f in figures for note in f.notes]
    if details or notes:
        out += ["", *(f"- {n}" for n in notes), *details]
    return "\n".join(out)


def environment() -> dict[str, Any]:
    """What the numbers depend on besides the code."""
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }


def write_json(
    path: Path, figures: Sequence[Figure], notes: Sequence[str], config: dict[str, Any]
) -> None:
    """Write the run to *path* (via a temporary file, so a reader never sees half of it)."""
    document = {
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": environment(),
        "config": config,
        "notes": list(notes),
        "figures": [f.as_json() for f in figures],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
