"""Render the case over time (in the review's preview) and the team view, offscreen.

Run from the project root: ``.venv/bin/python docs/screenshots/make_charts.py [OUT_DIR]``.
It writes ``case-timeline-chart.png`` (the demo case's review in the documents preview, at its
chart: two escalation attempts, an update on time, one late) and ``team-view.png`` (the team
view over the demo's open case and two more, opened two and nine days earlier).
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

from make_screenshots import settle  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import open_context  # noqa: E402
from callnotes.domain.communications import Audience, Channel, CommunicationKind  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent


def main(out_dir: Path = OUT_DIR) -> int:
    """Write the screenshots; return the exit code."""
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        started, wall = datetime(2026, 3, 6, 9, 55, tzinfo=UTC), time.monotonic()
        offset = [timedelta()]
        ctx = open_context(
            folder,
            clock=lambda: started + offset[0] + timedelta(seconds=time.monotonic() - wall),
        )
        ctx.settings_store.save(
            Settings(agent_name="Vinh", company="August", default_region="GB", theme="light")
        )
        first_case = ctx.demo.load_demo()
        # Older cases of other clients, each with updates on the cadence and one late.
        for days, name, title in (
            (9, "Harbour Dental Group", "Appointment reminders not sent since Monday"),
            (2, "Kestrel Freight", "Tracking page shows yesterday's positions"),
        ):
            offset[0] = -timedelta(days=days)
            client = ctx.clients.create_client(name, timezone="Europe/London")
            case = ctx.cases.open_case(client.id, title)
            ctx.plans.save_plan(
                case.id, cadence_minutes=240, channel="email", business_hours_only=False
            )
            for hours in (3, 6, 13):
                offset[0] = -timedelta(days=days) + timedelta(hours=hours)
                ctx.updates.log_update(
                    case.id,
                    audience=Audience.CLIENT,
                    channel=Channel.EMAIL,
                    kind=CommunicationKind.ROUTINE,
                    summary="Where things stand.",
                    next_update_at=None,
                )
        offset[0] = timedelta(hours=3)
        ctx.updates.log_update(
            first_case,
            audience=Audience.CLIENT,
            channel=Channel.PHONE,
            kind=CommunicationKind.ROUTINE,
            summary="The driver roll-back is on its way to the last two printers.",
            next_update_at=None,
        )
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        window.resize(420, 820)
        window.show()
        apply_theme(app, "light")
        settle(window)

        preview = window.show_documents("review")
        assert preview is not None
        preview.resize(760, 900)
        settle(window, lambda: preview.document is not None)
        page = preview.preview
        page.scrollToAnchor("")
        found = page.find("The case over time")
        assert found, "no chart in the review"
        bar = page.verticalScrollBar()
        bar.setValue(max(0, page.cursorRect().top() + bar.value() - 20))
        cursor = page.textCursor()
        cursor.clearSelection()
        page.setTextCursor(cursor)
        settle(window)
        preview.grab().save(str(out_dir / "case-timeline-chart.png"))
        preview.close()

        team = window.areas.team_view.show()
        team.resize(500, 760)
        settle(window, lambda: team.view is not None)
        team.grab().save(str(out_dir / "team-view.png"))
        team.close()
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR))
