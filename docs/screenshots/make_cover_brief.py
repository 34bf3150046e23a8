"""Render the cover brief and "since you left", offscreen, from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_cover_brief.py [OUT_DIR]``.
It writes ``cover-brief.png`` (the brief for Priya Shah, away on the demo's morning, covered by
Helen Cho, with a second client of hers) and ``since-you-left.png`` (Priya back two days later,
two items acknowledged) and ``ringing-covered.png`` (a contact of Harbour Dental Group rings:
the card starts with the brief's part for that client).
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
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import AppContext, open_context  # noqa: E402
from callnotes.domain.call_events import CallEvent, EventKind  # noqa: E402
from callnotes.domain.communications import Audience, Channel, CommunicationKind  # noqa: E402
from callnotes.domain.people import ContactMethod  # noqa: E402
from callnotes.domain.timeline import EntryKind  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.storage import models as m  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.ringing import RingingController  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent


def second_client(ctx: AppContext, priya_id: int) -> int:
    """Harbour Dental Group, also Priya's, with a promise due while she is away."""
    client = ctx.clients.create_client(
        "Harbour Dental Group",
        timezone="Europe/London",
        business_hours="Mon-Fri 08:00-18:00",
        usual_contact_id=priya_id,
    )
    ctx.clients.add_contact(
        client.id,
        "Marta Silva",
        role="Practice manager",
        phones=["+44 20 7946 0555"],
        preferred_method=ContactMethod.EMAIL,
        best_times="before 09:00",
    )
    case = ctx.cases.open_case(client.id, "Appointment reminders not sent since Monday")
    now = ctx.clock()
    ctx.updates.log_update(
        case.id,
        audience=Audience.CLIENT,
        channel=Channel.EMAIL,
        kind=CommunicationKind.CAUSE_IDENTIFIED,
        summary="SMS gateway credentials expired; rotated, reminders resent.",
        next_update_at=now + timedelta(hours=6),
    )
    with ctx.db.unit_of_work() as session:
        for text, due, owner in (
            ("Confirm with Marta that tomorrow's reminders went out", timedelta(hours=5), ""),
            ("Credit note for the missed appointments", timedelta(days=1, hours=2), "Helen Cho"),
            ("Quarterly review with Marta", timedelta(days=9), "Priya Shah"),
        ):
            session.add(
                m.Commitment(
                    case_id=case.id, text=text, owner=owner, created_at=now, due_at=now + due
                )
            )
    return case.id


def _acknowledged(dialog: object) -> int:
    digest = getattr(dialog, "digest", None)
    return 0 if digest is None else len(digest.items) - digest.waiting


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
        team = {t.name: t for t in ctx.team.members()}
        priya, helen = team["Priya Shah"], team["Helen Cho"]
        harbour_case = second_client(ctx, priya.id)
        ctx.team.set_away(
            priya.id,
            until=datetime(2026, 3, 9, 8, 30, tzinfo=UTC),
            reason="annual leave",
            stand_in_id=helen.id,
            name_stand_in=True,
        )
        state = QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state=state)
        window.resize(420, 900)
        window.show()
        apply_theme(app, "light")
        settle(window)
        brief = window.areas.cover.show_brief()
        brief.resize(760, 900)
        settle(window, lambda: brief.document is not None)
        for _ in range(5):
            app.processEvents()
        brief.grab().save(str(out_dir / "cover-brief.png"))
        brief.close()

        # Marta rings: her card starts with the brief's part for Harbour Dental Group.
        ringing = RingingController(ctx, window)
        ringing.handle(CallEvent(EventKind.RINGING, number="020 7946 0555", source="microsip"))
        settle(window, lambda: ringing.card.isVisible())
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(out_dir / "ringing-covered.png"))
        ringing.card.close_card()

        # Two days on: what happened meanwhile, then Priya is back.
        offset[0] = timedelta(hours=3)
        ctx.timeline.add_entry(first_case, "Rolled the label driver back.", EntryKind.ACTION)
        ctx.timeline.add_entry(
            harbour_case, "Marta confirmed the reminders arrived.", EntryKind.CLIENT_SAID
        )
        offset[0] = timedelta(days=3)
        ctx.team.set_back(priya.id)
        ctx.settings_store.save(
            Settings(agent_name="Priya Shah", company="August", default_region="GB")
        )
        since = window.areas.cover.show_since()
        since.resize(620, 640)
        settle(window, lambda: since.digest is not None)
        for _ in range(2):
            since.items.setFocus()
            settle(window)
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ")
                QApplication.sendEvent(since.items, event)
        settle(window, lambda: _acknowledged(since) == 2)
        for _ in range(5):
            app.processEvents()
        since.grab().save(str(out_dir / "since-you-left.png"))
        since.close()
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR))
