"""Render the call window with the update-due banner and the Updates tab on the demo case.

Run from the project root: ``.venv/bin/python docs/screenshots/make_update_due.py [OUT]``.
Writes ``update-due.png`` (440×900) next to this script. The clock reads 11:42 in London on a
weekday, twelve minutes after the update promised to Dana for 11:30.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

from make_screenshots import settle  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import open_context  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "update-due.png"
WIDTH, HEIGHT = 440, 900
LONDON = ZoneInfo("Europe/London")


def last_weekday_at(hour: int, minute: int) -> datetime:
    """*hour*:*minute* in London on the latest weekday up to today, as UTC."""
    day = datetime.now(LONDON).date()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


class StillClock:
    """A clock that reads a set time."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        """The time set."""
        return self.now


def main() -> int:
    """Write the screenshot; return the exit code."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    app = QApplication(sys.argv)
    apply_theme(app, "light")
    with tempfile.TemporaryDirectory() as folder:
        # The demo's call is taken at 09:57; the picture is of 11:42, when the update promised
        # for 11:30 is 12 minutes late and the first promise more than an hour and a half.
        clock = StillClock(last_weekday_at(9, 57))
        ctx = open_context(folder, clock=clock)
        ctx.settings_store.save(
            Settings(agent_name="Vinh Nguyen", company="August", default_region="GB", theme="light")
        )
        case_id = ctx.demo.load_demo()
        clock.now = last_weekday_at(11, 42)
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        window.resize(WIDTH, HEIGHT)
        window.show()
        settle(window)
        window.select_case(case_id)
        window.areas.updates.show_tab()
        settle(window)  # the tab and its reminder bars are read off the GUI thread
        window.areas.updates.check_now()
        settle(window)
        window.grab().save(str(out))
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
