"""Render the client's calendar: the Updates tab paused while waiting on the client, beside the
Client calendar dialog with the client's public holidays and closures.

Run from the project root: ``.venv/bin/python docs/screenshots/make_client_calendar.py [OUT]``.
Writes ``client-calendar.png`` next to this script. The clock reads 11:05 in London on Thursday
24 December 2026; the update clock was paused at 10:42.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

from make_screenshots import settle  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import open_context  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "client-calendar.png"
WIDTH, HEIGHT = 440, 900
LONDON = ZoneInfo("Europe/London")
CLOSURES = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Northwind Logistics//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:stocktake@northwind\r\nDTSTART;VALUE=DATE:20261229\r\n"
    b"DTEND;VALUE=DATE:20261231\r\nSUMMARY:Year-end stocktake\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:drill@northwind\r\nDTSTART;TZID=Europe/London:20270106T090000\r\n"
    b"DTEND;TZID=Europe/London:20270106T120000\r\nSUMMARY:Fire drill\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def london(hour: int, minute: int) -> datetime:
    """*hour*:*minute* in London on Thursday 24 December 2026, as UTC."""
    return datetime(2026, 12, 24, hour, minute, tzinfo=LONDON).astimezone(UTC)


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
        clock = StillClock(london(9, 57))
        ctx = open_context(folder, clock=clock)
        ctx.settings_store.save(
            Settings(agent_name="Vinh Nguyen", company="August", default_region="GB", theme="light")
        )
        case_id = ctx.demo.load_demo()
        client_id = ctx.cases.get_case(case_id).client_id
        ctx.client_calendar.set_holidays(client_id, "GB", "ENG")
        ctx.client_calendar.import_closures(client_id, CLOSURES, "northwind.ics")
        clock.now = london(10, 42)
        ctx.plans.pause(case_id)
        clock.now = london(11, 5)
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        window.resize(WIDTH, HEIGHT)
        window.show()
        settle(window)
        window.select_case(case_id)
        window.areas.updates.show_tab()
        settle(window)
        window.areas.updates.check_now()
        settle(window)
        shot = window.grab()
        area = window.areas.client
        area.edit_calendar()
        settle(window, lambda: area.dialog is not None and area.dialog.isVisible())
        assert area.dialog is not None
        area.dialog.resize(460, 420)
        settle(window)
        dialog = area.dialog.grab()
        gap = 16
        picture = QPixmap(shot.width() + gap + dialog.width(), shot.height())
        picture.fill(QColor("#d9dce1"))
        painter = QPainter(picture)
        painter.drawPixmap(0, 0, shot)
        painter.drawPixmap(shot.width() + gap, 60, dialog)
        painter.end()
        picture.save(str(out))
        area.dialog.close()
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
