"""Render the search popup (Ctrl+F) over a mid-call window, offscreen, from a throw-away folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_search.py [THEME] [OUT.png]``
(THEME: light or dark). It writes ``search.png`` (420 px wide): on a call with Northwind
Logistics the agent types “labels” and finds the case, its issue and notes, and a past case of
another client.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_screenshots import build  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import AppContext, open_context  # noqa: E402
from callnotes.domain.issues import IssueStatus  # noqa: E402
from callnotes.domain.timeline import EntryKind  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "search.png"
WIDTH, HEIGHT = 420, 900
QUERY = "blank labels"


class ShiftedClock:
    """The real time, moved by *shift* (to write a past case as if it happened then)."""

    def __init__(self) -> None:
        self.shift = timedelta(0)

    def __call__(self) -> datetime:
        """Now, shifted."""
        return datetime.now(UTC) + self.shift


def another_client(ctx: AppContext) -> None:
    """A courier firm whose label printing failed months ago, long since resolved."""
    client = ctx.clients.create_client("Brightline Couriers", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Depot label printers offline")
    issue = ctx.issues.add_issue(
        case.id,
        "Shipping labels print blank at the Leeds depot",
        client_words="Every label comes out blank since the overnight update.",
    )
    ctx.timeline.add_entry(
        case.id,
        "Rolled the label template back to 4×6 in; blank labels stopped at once.",
        EntryKind.ACTION,
    )
    ctx.issues.update_issue(issue.id, root_cause="Driver update reset the label size to A4")
    ctx.issues.set_status(issue.id, IssueStatus.RESOLVED)


def main(argv: list[str]) -> int:
    """Write the screenshot; return the exit code."""
    theme = argv[1] if len(argv) > 1 else "light"
    out = Path(argv[2]) if len(argv) > 2 else OUT
    app = QApplication(argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        clock = ShiftedClock()
        ctx = open_context(folder, clock=clock)
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        clock.shift = -timedelta(days=97)
        another_client(ctx)
        clock.shift = timedelta(0)
        build(ctx, window)
        window.resize(WIDTH, HEIGHT)
        window.show()
        apply_theme(app, theme)
        app.processEvents()
        popup = window.areas.search.open()
        popup.query_field.setText(QUERY)
        deadline = time.monotonic() + 10
        while not popup.results() and time.monotonic() < deadline:
            app.processEvents()
            window.runner.wait_for_done(50)
        for _ in range(5):
            app.processEvents()
        picture = window.grab()
        painter = QPainter(picture)
        painter.drawPixmap(popup.geometry().topLeft() - window.geometry().topLeft(), popup.grab())
        painter.end()
        if not picture.save(str(out)):
            raise OSError(f"could not write {out}")
        print(out)
        popup.close()
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
