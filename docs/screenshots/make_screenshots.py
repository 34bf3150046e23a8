"""Render the documentation screenshots offscreen from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_screenshots.py``.
It writes ``call-light.png`` and ``call-dark.png`` (the window mid-call, 420×1000).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import AppContext, open_context  # noqa: E402
from callnotes.domain.issues import Impact, Urgency  # noqa: E402
from callnotes.domain.timeline import EntryKind  # noqa: E402
from callnotes.settings import Settings  # noqa: E402
from callnotes.ui.call.new_call_dialog import CallChoice  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent
WIDTH, HEIGHT = 420, 1000

LIVE_NOTES = (
    (EntryKind.NOTE, "Dana asked for Priya; explained she is off-site until 15:00."),
    (EntryKind.CLIENT_SAID, "“Since this morning no delivery labels print in the warehouse.”"),
    (EntryKind.CLIENT_SAID, "“The driver app logs everyone out every few minutes.”"),
    (EntryKind.NEW_INFORMATION, "Their IT pushed a printer driver update at 22:40 last night."),
)


def build(ctx: AppContext, window: MainWindow) -> None:
    """A call in progress: known caller, two issues, notes taken, a sentence half typed."""
    ctx.settings_store.save(
        Settings(agent_name="Vinh", company="August", default_region="GB", theme="light")
    )
    ctx.demo.load_demo()
    [match] = ctx.intake.lookup("020 7946 0321")
    usual = ctx.clients.get_client(match.client_id).usual_contact
    assert usual is not None
    ctx.clients.set_away(
        usual.id, away_until=datetime(2026, 3, 6, 15, 0, tzinfo=UTC), reason="off-site meeting"
    )
    window.session.start(
        CallChoice(
            number="020 7946 0321",
            caller_name=match.contact.name,
            contact_id=match.contact.id,
            client_id=match.client_id,
            case_title="Labels and driver log-outs, follow-up call",
        )
    )
    settle(window)  # the start is stored off the window's thread
    case_id = window.session.call.case_id  # type: ignore[union-attr]
    settle(window, lambda: window.shown_case_id() == case_id)  # the new case, listed and shown
    for kind, text in LIVE_NOTES:
        window.timeline.set_kind(kind)
        window.timeline.note_input.setText(text)
        window.timeline.note_input.submitted.emit(text)
    ctx.issues.add_issue(
        case_id, "Delivery labels do not print", impact=Impact.WHOLE_BUSINESS,
        urgency=Urgency.CRITICAL, timeframe="Before the 16:00 dispatch",
    )  # fmt: skip
    ctx.issues.add_issue(case_id, "Driver app logs users out", impact=Impact.DEPARTMENT)
    settle(window)  # the guide knows what the call captured
    window.rail.next_step()
    window.rail.next_step()
    window.rail.next_step()
    window.call_bar.clock.resume(7 * 60 + 42, 35)
    window.call_bar.update_text()
    window.timeline.note_input.setText("Trucks leave at 16:00 and nothing is lab")


def settle(window: MainWindow, until: Callable[[], bool] | None = None) -> None:
    """Let every note be stored and every view read what it shows (both happen off the window's
    thread), so the picture shows the window at rest; with *until*, also until it holds."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        window.writes.drain(100)
        app.processEvents()
        if window.writes.pending == 0 and not window.runner.busy:
            for _ in range(5):  # what the last results asked for (a redraw, one more read)
                app.processEvents()
                time.sleep(0.02)
            rest = window.writes.pending == 0 and not window.runner.busy
            if rest and (until is None or until()):
                return
    raise RuntimeError("the window did not come to rest")


def demo_context(folder: str) -> tuple[AppContext, QSettings]:
    """A context on *folder* whose clock runs from the demo's morning (09:55 on 6 March 2026),
    whatever the hour the pictures are made — the same story each time — and the window
    state kept beside it."""
    started, wall = datetime(2026, 3, 6, 9, 55, tzinfo=UTC), time.monotonic()
    ctx = open_context(folder, clock=lambda: started + timedelta(seconds=time.monotonic() - wall))
    return ctx, QSettings(str(Path(folder) / "state.ini"), QSettings.Format.IniFormat)


def main() -> int:
    """Write the screenshots; return the exit code."""
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        ctx, state = demo_context(folder)
        window = MainWindow(ctx, state=state)
        build(ctx, window)
        window.resize(WIDTH, HEIGHT)
        window.show()
        settle(window)
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            window.timeline.note_input.setFocus()
            app.processEvents()
            window.grab().save(str(OUT_DIR / f"call-{theme}.png"))
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
