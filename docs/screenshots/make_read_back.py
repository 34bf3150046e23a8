"""Render the read-back screenshot offscreen from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_read_back.py [OUT.png]``.
It writes ``read-back.png``: the call of the main screenshot at the guide's "Read back" step,
two issues in the order agreed with Dana, a fix time on the first, the update plan agreed, and
the recap under the guide ready to be read aloud and confirmed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# Before Qt loads: no display needed, and times read as on the demo client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_screenshots import build, demo_context, settle  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import AppContext  # noqa: E402
from callnotes.domain.people import ContactMethod  # noqa: E402
from callnotes.domain.playbooks import Condition  # noqa: E402
from callnotes.domain.timeline import EntryKind  # noqa: E402
from callnotes.ui.shell.main_window import MainWindow  # noqa: E402
from callnotes.ui.shell.theme import apply_theme  # noqa: E402

OUT = Path(__file__).resolve().parent / "read-back.png"
WIDTH, HEIGHT = 420, 1000


def agree(ctx: AppContext, window: MainWindow) -> None:
    """The call of the main screenshot, its issues ordered with the client and a plan agreed."""
    build(ctx, window)
    settle(window)
    call = window.session.call
    assert call is not None
    labels, logouts = ctx.issues.issues(call.case_id)
    ctx.issues.reorder(call.case_id, [labels.id, logouts.id])
    ctx.issues.confirm_order(call.case_id, call_id=call.id)
    ctx.issues.set_eta(labels.id, datetime(2026, 3, 6, 14, 30, tzinfo=UTC))
    ctx.timeline.add_entry(
        call.case_id, "Roll back last night's printer driver on the label stations",
        EntryKind.DECISION, issue_id=labels.id, call_id=call.id,
    )  # fmt: skip
    ctx.plans.save_plan(
        call.case_id, cadence_minutes=60, channel=ContactMethod.PHONE, call_id=call.id
    )
    window.timeline.note_input.clear()
    settle(window)
    rail = window.rail
    while (step := rail.current_step) is not None and step.done_when is not Condition.READ_BACK:
        rail.next_step()
        settle(window)
    panel = window.areas.read_back.panel
    settle(window, lambda: panel.read_back is not None)


def main() -> int:
    """Write the screenshot; return the exit code."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        ctx, state = demo_context(folder)
        window = MainWindow(ctx, state=state)
        apply_theme(app, "light")
        agree(ctx, window)
        window.resize(WIDTH, HEIGHT)
        window.show()
        window.call_bar.clock.resume(11 * 60 + 18, 35)
        window.call_bar.update_text()
        window.focus_editor()
        settle(window)
        window.grab().save(str(out))
        window.close()
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
