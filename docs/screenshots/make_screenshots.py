"""Render the documentation screenshots offscreen from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_screenshots.py``.
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

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callnotes.app import AppContext, open_context  # noqa: E402
from callnotes.domain.timeline import EntryKind  # noqa: E402
from callnotes.ui.main_window import MainWindow  # noqa: E402

OUT_DIR = Path(__file__).resolve().parent
WIDTH, HEIGHT = 420, 900


def load_sample(ctx: AppContext) -> int:
    """The demo case when the demo loader exists, plus two quieter cases for the list."""
    demo = getattr(ctx, "demo", None)
    if demo is not None:
        case_id: int = demo.load_demo()
    else:
        case_id = _fallback_case(ctx)
    dental = ctx.clients.create_client("Harbour Dental Group", timezone="Europe/London")
    older = ctx.cases.open_case(dental.id, "Appointment reminders sent twice")
    ctx.timeline.add_entry(older.id, "Duplicate SMS stopped after the queue restart.")
    bakery = ctx.clients.create_client("Fenwick & Daughters Bakery", timezone="Europe/London")
    ctx.cases.open_case(bakery.id, "Card terminal drops offline at lunchtime")
    return case_id


def _fallback_case(ctx: AppContext) -> int:
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    for kind, text in (
        (EntryKind.NOTE, "Call from Dana Whitfield (Operations Manager). Asked for Priya."),
        (EntryKind.CLIENT_SAID, '"No delivery labels print since this morning."'),
        (EntryKind.CLIENT_SAID, '"Trucks leave at 16:00 and nothing is labelled."'),
        (EntryKind.NEW_INFORMATION, "Printer driver update was pushed last night at 22:40."),
        (EntryKind.DECISION, "Labels first, driver log-outs second, VAT export third."),
        (EntryKind.COMMITMENT, "Call Dana back by 11:30 with what we found."),
        (EntryKind.ACTION, "Paged the Platform on-call about the label service."),
        (EntryKind.NOTE, "Asked if there was anything else: no, those three."),
    ):
        ctx.timeline.add_entry(case.id, text, kind)
    return case.id


def main() -> int:
    """Write ``main-window.png`` next to this script."""
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(tmp)
        try:
            case_id = load_sample(ctx)
            state = QSettings(str(Path(tmp) / "window-state.ini"), QSettings.Format.IniFormat)
            window = MainWindow(
                ctx.cases.list_cases, ctx.timeline.entries, ctx.timeline.add_entry, state=state
            )
            window.resize(WIDTH, HEIGHT)
            window.show()
            if not window.select_case(case_id):
                raise RuntimeError("the sample case is missing from the list")
            app.processEvents()
            target = OUT_DIR / "main-window.png"
            if not window.grab().save(str(target)):
                raise OSError(f"could not write {target}")
            print(target)
            window.close()
        finally:
            ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
