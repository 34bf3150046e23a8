"""Render the follow-up call screenshot offscreen from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_follow_up.py``.
It writes ``follow-up.png``: the demo case called back after the label fix, one criterion
confirmed, the next one found still wrong while the agent types what the client says.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import AppContext, open_context  # noqa: E402
from callnotes.domain.issues import IssueStatus  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent
WIDTH, HEIGHT = 420, 1000


def settle(window: MainWindow, done: Callable[[], bool]) -> None:
    """Let the window's background reads and writes report back until *done* (10 s at most)."""
    app = QApplication.instance()
    deadline = time.monotonic() + 10
    while not done() and time.monotonic() < deadline:
        if app is not None:
            app.processEvents()
        window.runner.wait_for_done(50)


def build(ctx: AppContext, window: MainWindow) -> None:
    """The demo case's first two issues fixed; the follow-up call at its second criterion."""
    ctx.settings_store.save(
        Settings(agent_name="Vinh", company="August", default_region="GB", theme="light")
    )
    case_id = ctx.demo.load_demo()
    labels, logouts, _vat = ctx.issues.issues(case_id)
    for issue in (labels, logouts):
        ctx.issues.set_status(issue.id, IssueStatus.RESOLVED)
    window.select_case(case_id)  # once the list has been read again
    settle(window, lambda: window.shown_case_id() == case_id)
    area = window.areas.resolution
    area.start_follow_up()
    panel = area.panel
    settle(window, panel.isVisible)  # the call and its script are read off the GUI thread
    panel.submit()  # greeted
    panel.confirm()  # labels print from every station
    settle(window, lambda: not window.runner.busy)
    window.call_bar.clock.resume(3 * 60 + 5, 0)
    window.call_bar.update_text()
    panel.answer.setText("Station 4 printed two blank labels at 14:10")


def main() -> int:
    """Write the screenshot; return the exit code."""
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(folder)
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        apply_theme(app, "light")
        build(ctx, window)
        window.resize(WIDTH, HEIGHT)
        window.show()
        window.areas.resolution.panel.answer.setFocus()
        app.processEvents()
        window.grab().save(str(OUT_DIR / "follow-up.png"))
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
