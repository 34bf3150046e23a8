"""Render the Escalation tab on the demo case, offscreen, from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_escalation.py``.
It writes ``escalation.png`` (the window with the Escalation tab and the reminder bar, 440×900)
and ``escalation-prompt.png`` (the top of the window with the reminder bar), on a fixed clock:
09:50 London time on the demo morning, 22 minutes after the demo's last unanswered call.
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

from PySide6.QtCore import QPoint, QRect, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import open_context  # noqa: E402
from callnotes.services.demo.demo import demo_call_start  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent
WIDTH, HEIGHT = 440, 900
# A Tuesday, so the demo call is that morning.
DEMO_DAY = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class FixedClock:
    """The same moment for every reading, so the picture never changes between runs."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        """The fixed moment."""
        return self.now


def main() -> int:
    """Write the screenshots; return the exit code."""
    app = QApplication(sys.argv)
    apply_theme(app, "light")
    clock = FixedClock(DEMO_DAY)
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(folder, clock=clock)
        ctx.settings_store.save(
            Settings(agent_name="Vinh", company="August", default_region="GB", theme="light")
        )
        clock.now = demo_call_start(DEMO_DAY)
        case_id = ctx.demo.load_demo()
        clock.now += timedelta(minutes=45)
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        window.resize(WIDTH, HEIGHT)
        window.show()
        window.select_case(case_id)
        window.areas.escalation.show_tab()
        window.runner.wait_for_done()
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(OUT_DIR / "escalation.png"))
        # The top of the window: the call bar and the reminder under it.
        bar = window.areas.escalation.prompt_bar
        bottom = bar.mapTo(window, QPoint(0, bar.height())).y() + 6
        window.grab(QRect(0, 0, WIDTH, bottom)).save(str(OUT_DIR / "escalation-prompt.png"))
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
