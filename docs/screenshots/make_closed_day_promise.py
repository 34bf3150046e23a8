"""Render the Log update dialog when the next update typed falls on a day the client is closed.

Run from the project root: ``.venv/bin/python docs/screenshots/make_closed_day_promise.py [OUT]``.
Writes ``closed-day-promise.png`` next to this script. The clock reads 11:05 in London on
Thursday 24 December 2026; the client's public holidays are England's.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

from make_client_calendar import StillClock, london  # noqa: E402
from make_screenshots import settle  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import open_context  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "closed-day-promise.png"


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
        clock.now = london(11, 5)
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        window.resize(440, 900)
        window.show()
        settle(window)
        window.select_case(case_id)
        area = window.areas.updates
        area.show_tab()
        settle(window)
        area.log_update()
        settle(window, lambda: area.update_dialog is not None)
        dialog = area.update_dialog
        assert dialog is not None
        dialog.summary.setPlainText("Rollback done on two stations; the vendor patch is tested.")
        dialog.next_update.setText("tomorrow 10:00")
        settle(window)
        dialog.grab().save(str(out))
        dialog.close()
        window.close()
        ctx.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
