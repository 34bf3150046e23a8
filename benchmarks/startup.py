"""Start-up to the first painted window and to the case shown, and resident memory, beside a
bare PySide6 window."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.children import run_child
from benchmarks.figure import INFO, Figure, ms, ratio, verdict
from benchmarks.raw import on_postgres

STARTUP_TARGET = 1.6
SHOWN_TARGET = 3.0  # QUALITY.md sets it at 1M entries; smaller runs are judged by it too
MEMORY_TARGET = 1.5
STARTUP = "start-up to first painted window"
SHOWN = "start-up to case shown"
PG_SHOWN = on_postgres(SHOWN)
SHOWN_NOTE = (
    "Shown: the newest case's timeline painted with its latest entry in view — by the first "
    "look (read from the file before the panels are built) where there is one."
)
READY = "start-up to window ready"
READY_NOTE = (
    "Ready: the panels built and showing the case, the note editor among them (the first look "
    "gone). Measured for context: QUALITY.md sets no target of its own."
)
MEMORY = "resident memory, database open"


def startup_and_memory(
    data_dir: Path, dataset: str, runs: int
) -> tuple[Figure, Figure, Figure, Figure]:
    """Alternate bare and app start-ups *runs* times each; medians of both, in one pass.

    Each child is a fresh process (imports, Qt start-up and the database included); the app
    goes through ``callnotes.cli.main`` exactly as the desktop entry starts it. The first
    figure ends when the real main window has painted (its frame: the app fills it after);
    the second when it shows the newest case with its latest entry in view; the third when
    the panels show it (the window ready to type in). Memory is read once the window is ready.
    """
    bare_ms: list[float] = []
    app_ms: list[float] = []
    shown_ms: list[float] = []
    ready_ms: list[float] = []
    bare_mb: list[float] = []
    app_mb: list[float] = []
    floor_mb: list[float] = []
    for _ in range(runs):
        bare = run_child("bare", "start")
        app = run_child("app", "start", data_dir=data_dir)
        floor_mb.append(float(run_child("floor", "start", data_dir=data_dir).result["rss_mb"]))
        bare_ms.append(bare.seconds_to_paint * 1000)
        app_ms.append(app.seconds_to_paint * 1000)
        shown_ms.append(app.seconds_to_shown * 1000)
        ready_ms.append(app.seconds_to_ready * 1000)
        bare_mb.append(float(bare.result["rss_mb"]))
        app_mb.append(float(app.result["rss_mb"]))
    startup = _startup_figure(STARTUP, dataset, app_ms, bare_ms, STARTUP_TARGET)
    shown = _startup_figure(SHOWN, dataset, shown_ms, bare_ms, SHOWN_TARGET, note=SHOWN_NOTE)
    ready = _startup_figure(READY, dataset, ready_ms, bare_ms, None, note=READY_NOTE)
    mem_app, mem_bare = statistics.median(app_mb), statistics.median(bare_mb)
    mem_ratio = ratio(mem_app, mem_bare)
    mem_floor = statistics.median(floor_mb)
    floor_ratio = ratio(mem_floor, mem_bare) or 0.0
    memory = Figure(
        name=MEMORY,
        dataset=dataset,
        measured=f"RSS {mem_app:.0f} MB",
        baseline=f"bare window {mem_bare:.0f} MB",
        ratio=mem_ratio,
        target=f"≤ {MEMORY_TARGET} × baseline",
        verdict=verdict(mem_ratio is not None and mem_ratio <= MEMORY_TARGET),
        values={"median_mb": mem_app, "floor_mb": mem_floor},
        baseline_values={"median_mb": mem_bare},
        notes=[
            "RSS read from /proc/self/status 300 ms after the window was ready.",
            f"Floor: the bare window with SQLAlchemy's ORM imported and an engine that has read "
            f"the same file, no code of the app: {mem_floor:.0f} MB ({floor_ratio:.2f}× the "
            f"bare window); the app holds {mem_app - mem_floor:.0f} MB over it.",
        ],
    )
    return startup, shown, ready, memory


def shown_on_postgres(data_dir: Path, db_url: str, dataset: str, runs: int) -> Figure:
    """Start-up to the newest case shown with the app on a team database at *db_url*,
    alternating with bare windows as on SQLite (a desktop of the team: its folder holds
    the settings, the server the records)."""
    bare_ms: list[float] = []
    shown_ms: list[float] = []
    for _ in range(runs):
        bare = run_child("bare", "start")
        app = run_child("app", "start", "--db", db_url, data_dir=data_dir)
        bare_ms.append(bare.seconds_to_paint * 1000)
        shown_ms.append(app.seconds_to_shown * 1000)
    return _startup_figure(PG_SHOWN, dataset, shown_ms, bare_ms, SHOWN_TARGET, note=SHOWN_NOTE)


def _startup_figure(
    name: str,
    dataset: str,
    app_ms: list[float],
    bare_ms: list[float],
    target: float | None,
    *,
    note: str | None = None,
) -> Figure:
    """The app's median start-up beside the bare window's, judged against *target* × it
    (None: no target, measured for context)."""
    app, bare = statistics.median(app_ms), statistics.median(bare_ms)
    app_ratio = ratio(app, bare)
    judged = INFO if target is None else verdict(app_ratio is not None and app_ratio <= target)
    return Figure(
        name=name,
        dataset=dataset,
        measured=f"median {ms(app)} (n={len(app_ms)})",
        baseline=f"bare QMainWindow {ms(bare)}",
        ratio=app_ratio,
        target="—" if target is None else f"≤ {target:g} × baseline",
        verdict=judged,
        values={"median": app, "min": min(app_ms), "max": max(app_ms)},
        baseline_values={"median": bare, "min": min(bare_ms), "max": max(bare_ms)},
        notes=[note] if note else [],
    )
