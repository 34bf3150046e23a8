"""Render the ringing card over a mid-call window, offscreen, from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_ringing.py [OUT.png]``.
It writes ``ringing.png`` and ``ringing-dark.png`` (420 px wide, light and dark scheme): the
agent is on a call with Northwind Logistics when another client's contact rings; the card
shows her open case and the latest word on it, and the choices of how to take the call.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_screenshots import build, settle  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import AppContext, open_context  # noqa: E402
from callnotes.domain.call_events import CallEvent, EventKind  # noqa: E402
from callnotes.domain.people import ContactMethod  # noqa: E402
from callnotes.domain.timeline import EntryKind  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.ringing import RingingController  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "ringing.png"
WIDTH, HEIGHT = 420, 820


def second_client(ctx: AppContext) -> str:
    """Another client with an open case, handed over to a colleague; returns the caller's number."""
    member = ctx.clients.create_team_member("Ana Lopes", role="Account manager")
    client = ctx.clients.create_client(
        "Harbour Dental Group", timezone="Europe/London", usual_contact_id=member.id
    )
    ctx.clients.add_contact(
        client.id,
        "Marta Silva",
        role="Practice manager",
        phones=["+44 20 7946 0555"],
        preferred_method=ContactMethod.EMAIL,
    )
    case = ctx.cases.open_case(client.id, "Appointment reminders not sent since Monday")
    ctx.timeline.add_entry(
        case.id, "“Patients are not turning up: no reminder SMS.”", EntryKind.CLIENT_SAID
    )
    ctx.timeline.add_entry(
        case.id,
        "SMS gateway credentials rotated; reminders resent for tomorrow. Confirm with Marta.",
        EntryKind.ACTION,
    )
    back = (ctx.clock() + timedelta(days=2)).replace(hour=8, minute=30, second=0, microsecond=0)
    ctx.clients.set_away(member.id, away_until=back, reason="leave")
    return "020 7946 0555"


def main(out: Path = OUT) -> int:
    """Write the light and the dark screenshot; return the exit code."""
    app = QApplication(sys.argv)
    render(app, out, "light")
    render(app, out.with_name(f"{out.stem}-dark{out.suffix}"), "dark")
    return 0


def render(app: QApplication, out: Path, theme: str) -> None:
    """One screenshot in the *theme* colour scheme."""
    with tempfile.TemporaryDirectory() as folder:
        ctx = open_context(folder)
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        build(ctx, window)
        number = second_client(ctx)
        ringing = RingingController(ctx, window)
        window.resize(WIDTH, HEIGHT)
        window.show()
        apply_theme(app, theme)
        window.timeline.note_input.setFocus()
        app.processEvents()
        ringing.handle(CallEvent(EventKind.RINGING, number=number, source="microsip"))
        settle(window)  # the caller is looked up off the window's thread
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out))
        window.close()
        ctx.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
