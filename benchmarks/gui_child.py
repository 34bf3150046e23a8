"""The process the GUI figures measure: a bare window or the real app, started offscreen.

``python -m benchmarks.gui_child {bare|floor|app} {start|type|idle|ring} [options]`` prints one line
``BENCH-RESULT {json}`` (``ring`` talks to its parent on the way: :mod:`benchmarks.ring_probe`).
"Painted" means: the first paint event of the main window has been handled and the event
loop has come back to idle (a zero timer after it) — the same rule for the bare window and
the app. The app paints its real main window first and fills it after, so a second time is
noted: "shown", when the window shows its case (:mod:`benchmarks.shown_probe`); for the bare
window both are the same; the app shows it twice, by its first look and then by its panels
("ready"). Every task starts once the window is ready. The app runs through its real entry
point (``callnotes.cli``), so whatever ``run_gui`` wires (an autosave, say) is what gets
measured. ``floor`` is the bare window with SQLAlchemy's ORM imported and an engine that has read
from the app's file: what any app on the chosen data layer holds before its own code (memory).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

if sys.argv[1:2] == ["app"]:
    # As the real entry point (the ``callnotes`` script) does: its module, and the standard
    # library it brings, before Qt. PySide6 reads the source of every module imported after
    # it once loaded, until callnotes.ui stops that (ui/shell/module_sources.py): imported
    # after it here, they held 4 MB of source text the app itself never holds.
    import callnotes.cli  # noqa: F401

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

MARKER = "BENCH-RESULT "
SETTLE_MS = 300
HEARTBEAT_MS = 1
WAIT_ENABLED_MS = 5000


def rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux ``/proc``; peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class PaintProbe(QObject):
    """Calls *then(window)* once the first main-window paint has been handled.

    It watches the whole application only until the first main window receives an event (as
    it is built), then that window alone: a filter on every event of every widget costs the
    measured process far more than the painting it waits for (each event and widget handed to
    Python), and more the more widgets a window has, which would not be a fair comparison.
    """

    def __init__(self, app: QApplication, then: Callable[[QMainWindow], None]) -> None:
        super().__init__()
        self._app = app
        self._then = then
        self._window: QMainWindow | None = None
        self._following = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Follow the first main window; spot its first paint; let every event through."""
        if not isinstance(watched, QMainWindow):
            return False
        if not self._following:  # the window being built (its Python wrapper may be new)
            self._following = True
            self._app.removeEventFilter(self)
            watched.installEventFilter(self)
        if self._window is None and event.type() == QEvent.Type.Paint:
            self._window = watched
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        assert self._window is not None
        self._then(self._window)


class Session(QObject):
    """A 1 ms heartbeat, and optionally a typist sending one key per *interval_ms*."""

    def __init__(
        self, target: QWidget | None, text: str, interval_ms: int, duration_ms: int
    ) -> None:
        super().__init__()
        self._target = target
        self._text = text
        self._position = 0
        self._duration_ms = duration_ms
        self.ticks: list[float] = []
        beat = self.ticks.append
        self._heartbeat = QTimer(self, timerType=Qt.TimerType.PreciseTimer, interval=HEARTBEAT_MS)
        self._heartbeat.timeout.connect(lambda: beat(time.perf_counter()))
        self._typist = QTimer(self, timerType=Qt.TimerType.PreciseTimer, interval=interval_ms)
        self._typist.timeout.connect(self._on_typist_timeout)

    def start(self, tail_ms: int, finished: Callable[[], None]) -> None:
        """Beat (and type) now; call *finished* *tail_ms* after the last key."""
        self._tail_ms = tail_ms
        self._finished = finished
        self._heartbeat.start()
        if self._target is not None and self._text:
            self._typist.start()
        else:
            QTimer.singleShot(self._duration_ms + tail_ms, self._stop)

    def _on_typist_timeout(self) -> None:
        assert self._target is not None
        char = self._text[self._position]
        self._position += 1
        key, text = (Qt.Key.Key_Return, "\r") if char == "\n" else (Qt.Key.Key_unknown, char)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            QApplication.sendEvent(self._target, event)
        if self._position >= len(self._text):
            self._typist.stop()
            QTimer.singleShot(self._tail_ms, self._stop)

    def _stop(self) -> None:
        self._heartbeat.stop()
        self._finished()


def note_input(window: QMainWindow) -> QWidget | None:
    """The widget the agent types notes into, however the window builds it."""
    found = window.findChild(QWidget, "noteInput")
    return found if isinstance(found, QWidget) else window.focusWidget()


def widget_text(widget: QWidget | None) -> str:
    """The text a line or text editor holds."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    return ""


def database_counts(data_dir: str | None) -> dict[str, Any]:
    """Rows in the drafts and timeline tables, read beside the app (WAL allows it)."""
    if not data_dir:
        return {}
    # A plain connection kept from writing, not a read-only one: a read-only connection to a
    # WAL file cannot rebuild the shared index the app and the lock's holder share, and said
    # "disk I/O error" once (a 1M run of the lock figure).
    connection = sqlite3.connect(Path(data_dir) / "callnotes.db", timeout=30)
    connection.execute("PRAGMA query_only = 1")
    try:
        drafts = connection.execute("SELECT count(*) FROM drafts").fetchone()[0]
        entries = connection.execute("SELECT count(*) FROM timeline_entries").fetchone()[0]
    finally:
        connection.close()
    return {"drafts": drafts, "entries": entries}


class Child:
    """Runs one measurement and reports it on stdout."""

    def __init__(self, app: QApplication, args: argparse.Namespace) -> None:
        self.app = app
        self.args = args
        self.result: dict[str, Any] = {}

    def on_painted(self, window: QMainWindow) -> None:
        """First paint handled: note the time, then do what the mode asks."""
        self.guard(self._on_painted, window)

    def _on_painted(self, window: QMainWindow) -> None:
        self.result["painted_at"] = time.monotonic()
        if self.args.subject in ("bare", "floor"):
            self.result["shown_at"] = self.result["ready_at"] = self.result["painted_at"]
            self._on_ready(window)
            return
        from benchmarks.shown_probe import ShownProbe

        def failed(reason: str) -> None:
            self.result["error"] = reason
            self.finish()

        def shown() -> None:
            self.result["shown_at"] = time.monotonic()
            self._when_both(window)

        def ready() -> None:
            self.result["ready_at"] = time.monotonic()
            self._when_both(window)

        def filled() -> None:
            # The panels show the case: once their timeline has painted, the window is ready.
            self.ready_probe = ShownProbe(
                self.app, window, lambda: self.guard(ready), failed, panels_only=True
            )
            self.ready_probe.start()

        # The case may be shown before the panels are built (the first look): what is measured
        # after start-up waits for the panels.
        window.filled.connect(lambda: self.guard(filled))  # type: ignore[attr-defined]
        self.shown_probe = ShownProbe(self.app, window, lambda: self.guard(shown), failed)
        self.shown_probe.start()

    def _when_both(self, window: QMainWindow) -> None:
        if "shown_at" in self.result and "ready_at" in self.result:
            self._on_ready(window)

    def _on_ready(self, window: QMainWindow) -> None:
        if self.args.task == "start":
            QTimer.singleShot(SETTLE_MS, lambda: self.guard(self._after_settle))
        elif self.args.task == "ring":
            QTimer.singleShot(SETTLE_MS, lambda: self.guard(self._start_ringing, window))
        elif self.args.task == "idle":
            self._run_session(None, "")
        else:
            self._when_enabled(window, time.monotonic() + WAIT_ENABLED_MS / 1000)

    def _after_settle(self) -> None:
        self.result["rss_mb"] = rss_mb()
        self.finish()

    def _start_ringing(self, window: QMainWindow) -> None:
        from benchmarks.ring_probe import RingProbe

        def finished(painted_at: list[float]) -> None:
            self.result["painted_at_rings"] = painted_at
            self.finish()

        self.ring_probe = RingProbe(self.app, window, self.args.rings, finished)
        self.ring_probe.start()

    def _when_enabled(self, window: QMainWindow, deadline: float) -> None:
        target = note_input(window)
        if target is not None and target.isEnabled():
            window.activateWindow()
            target.setFocus()
            self.result["input"] = f"{type(target).__name__}#{target.objectName()}"
            self._run_session(target, self.args.text)
        elif time.monotonic() > deadline:
            raise RuntimeError("the main window shows no enabled note input")
        else:
            QTimer.singleShot(20, lambda: self.guard(self._when_enabled, window, deadline))

    def _run_session(self, target: QWidget | None, text: str) -> None:
        self.session = Session(target, text, self.args.interval_ms, self.args.duration_ms)
        if self.args.trace_stalls:
            from benchmarks.stall_trace import watch

            watch(self.session.ticks, self.args.trace_stalls)
        self.session.start(self.args.tail_ms, lambda: self.guard(self._after_session, target))

    def _after_session(self, target: QWidget | None) -> None:
        from benchmarks.stalls import stall_stats

        self.result["stalls"] = stall_stats(self.session.ticks, HEARTBEAT_MS)
        if self.args.keep_ticks:  # for the parent to measure a stretch of its own
            self.result["ticks"] = self.session.ticks
            self.result["heartbeat_ms"] = HEARTBEAT_MS
        self.result["typed"] = len(widget_text(target))
        self.result["after"] = self.counts()
        self.finish()

    def counts(self) -> dict[str, Any]:
        """The rows of the app's own file; on a team database the parent counts them."""
        return {} if self.args.db else database_counts(self.args.data_dir)

    def guard(self, action: Callable[..., None], *args: object) -> None:
        """Run *action*; any failure ends the child with the error instead of a dialog."""
        try:
            action(*args)
        except Exception:
            self.result["error"] = traceback.format_exc()
            self.finish()

    def finish(self) -> None:
        """Print the result and leave the event loop."""
        print(MARKER + json.dumps(self.result), flush=True)
        self.app.quit()


def _open_the_data_layer(path: Path) -> None:
    """What the chosen data layer costs before any code of the app: SQLAlchemy's ORM imported,
    an engine on *path*, one row read through it (the engine kept, as an app keeps it)."""
    import sqlalchemy
    import sqlalchemy.orm  # the ORM's import is part of the cost measured

    engine = sqlalchemy.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM cases").all()
    _KEPT.append(engine)


_KEPT: list[object] = []


def main(argv: list[str] | None = None) -> int:
    """Parse the mode, start the window or the app, and wait for the measurement."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gui_child")
    parser.add_argument("subject", choices=("bare", "floor", "app"))
    parser.add_argument("task", choices=("start", "type", "idle", "ring"))
    parser.add_argument("--data-dir")
    parser.add_argument("--db", help="a team database's URL (counts are then read by the parent)")
    parser.add_argument("--text", default="")
    parser.add_argument(
        "--keep-ticks", action="store_true", help="type: return the heartbeat's ticks too"
    )
    parser.add_argument("--interval-ms", type=int, default=10)
    parser.add_argument("--tail-ms", type=int, default=1000)
    parser.add_argument("--duration-ms", type=int, default=0, help="idle: beat this long")
    parser.add_argument(
        "--trace-stalls", type=float, default=0, help="print the GUI thread's stack when late"
    )
    parser.add_argument("--rings", type=int, default=1, help="ring: cards to wait for")
    args = parser.parse_args(argv)
    app = QApplication([sys.argv[0]])
    child = Child(app, args)
    if args.subject == "app" and args.task == "type":
        # Counted before the app opens the file: beside its start-up check (a read-only
        # connection in the same process reading the whole file), a connection opened here
        # said "disk I/O error" now and then at 1M entries.
        child.result["before"] = child.counts()
    probe = PaintProbe(app, child.on_painted)  # kept referenced: Qt holds no Python owner
    if args.subject == "app":
        from callnotes.cli import main as callnotes_main

        return callnotes_main(
            ["--data-dir", args.data_dir, *(["--db", args.db] if args.db else [])]
        )
    if args.subject == "floor":
        _open_the_data_layer(Path(args.data_dir) / "callnotes.db")
    window = QMainWindow()
    window.resize(440, 820)
    window.show()
    code = app.exec()
    del probe
    return code


if __name__ == "__main__":
    sys.exit(main())
