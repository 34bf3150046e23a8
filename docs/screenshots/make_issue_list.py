"""Render the issue panel offscreen: four issues in the order agreed with the client.

Run from the project root: ``.venv/bin/python docs/screenshots/make_issue_list.py [WIDTH] [OUT]``.
Writes ``issue-list.png`` (440 px wide) next to this script, and ``issue-form.png``: the
details of an issue in a window 420 px wide, the cursor at the end of its title as after Tab.
Times are set relative to today, so the list reads as it would mid-call ("ETA 13:30", not a
date).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# Before Qt loads: no display needed, and times read as on the client's wall clock.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["TZ"] = "Europe/London"
time.tzset()

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget  # noqa: E402

from callnotes.app import AppContext, open_context  # noqa: E402
from callnotes.domain.issues import Impact, IssueStatus, Urgency  # noqa: E402
from callnotes.ui.common.task_runner import SynchronousTaskRunner  # noqa: E402
from callnotes.ui.issues.actions import IssueActions  # noqa: E402
from callnotes.ui.issues.panel import IssuePanel  # noqa: E402
from callnotes.ui.shell.wheel_guard import install_wheel_guard  # noqa: E402

OUT = Path(__file__).resolve().parent / "issue-list.png"
FORM_OUT = Path(__file__).resolve().parent / "issue-form.png"
WIDTH, HEIGHT = 440, 980
FORM_WIDTH, FORM_HEIGHT = 420, 1000
LONDON = ZoneInfo("Europe/London")


def today_at(hour: int, minute: int, days: int = 0) -> datetime:
    """A wall-clock time in London, *days* from today, as UTC."""
    day = datetime.now(LONDON).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


class StepClock:
    """A clock that reads a set time and moves a few seconds per reading."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        """The next reading."""
        self.now += timedelta(seconds=7)
        return self.now


def load_sample(ctx: AppContext, clock: StepClock) -> int:
    """A past labels case (so “seen before” has something to say) and today's four issues."""
    marco = ctx.clients.create_team_member("Marco Rossi", team="Platform")
    ctx.clients.create_team_member("Priya Shah", team="Accounts")
    ctx.clients.create_team_member("Sam Okafor", team="Mobile")
    north = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")

    clock.now = today_at(8, 30, days=-47)
    old = ctx.cases.open_case(north.id, "Label printing outage")
    earlier = ctx.issues.add_issue(
        old.id,
        "Delivery labels stopped printing at the depot",
        client_words="Labels come out blank since the printer update.",
    )
    ctx.issues.update_issue(earlier.id, root_cause="Printer driver update reset the label size")
    clock.now = today_at(13, 5, days=-47)
    ctx.issues.set_status(earlier.id, IssueStatus.RESOLVED)

    clock.now = today_at(9, 0)
    case = ctx.cases.open_case(north.id, "Warehouse cannot print delivery labels")
    add = ctx.issues.add_issue
    labels = add(
        case.id,
        "Delivery labels do not print in the warehouse",
        client_words="Nothing prints since this morning; trucks leave at 16:00.",
        fixed_looks_like=(
            "Labels print from every warehouse station",
            "The 16:00 dispatch leaves fully labelled",
        ),
        impact=Impact.WHOLE_BUSINESS,
        urgency=Urgency.CRITICAL,
        time_sensitive=True,
        business_critical=True,
        timeframe="Before the 16:00 dispatch today",
        deadline=today_at(16, 0),
        first_noticed_at=today_at(6, 10),
    )
    drivers = add(
        case.id,
        "Driver app logs users out every few minutes",
        impact=Impact.DEPARTMENT,
        urgency=Urgency.HIGH,
    )
    vat = add(
        case.id,
        "Weekly invoice export shows wrong VAT on some lines",
        impact=Impact.FEW_USERS,
        urgency=Urgency.LOW,
        timeframe="Before Friday's VAT return",
    )
    tracking = add(
        case.id,
        "Tracking page shows yesterday's deliveries",
        impact=Impact.FEW_USERS,
        urgency=Urgency.HIGH,
    )
    ctx.issues.set_status(labels.id, IssueStatus.INVESTIGATING)
    ctx.issues.set_owner(labels.id, marco.id)
    ctx.issues.set_eta(labels.id, today_at(13, 30))
    ctx.issues.set_status(drivers.id, IssueStatus.CAUSE_IDENTIFIED)
    # The client needs the VAT fix before Friday, so it goes above the tracking page.
    ctx.issues.reorder(case.id, [labels.id, drivers.id, vat.id, tracking.id])
    clock.now = today_at(10, 42)
    ctx.issues.confirm_order(case.id)
    return case.id


def show_panel(
    ctx: AppContext, case_id: int, width: int, height: int
) -> tuple[QWidget, IssuePanel]:
    """The panel in a window with the call window's margins, the case shown."""
    window = QWidget()
    window.setWindowTitle("callnotes — issues")
    layout = QVBoxLayout(window)
    layout.setContentsMargins(8, 8, 8, 8)
    panel = IssuePanel(IssueActions.from_services(ctx.issues, ctx.clients), SynchronousTaskRunner())
    layout.addWidget(panel)
    window.resize(width, height)
    window.show()
    panel.show_case(case_id)
    return window, panel


def save(app: QApplication, window: QWidget, out: Path) -> None:
    """Let the layouts settle, then write *window* to *out* and print the path."""
    for _ in range(5):
        app.processEvents()
    if not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    print(out)


def main(argv: list[str]) -> int:
    """Write the screenshots and print their paths."""
    width = int(argv[1]) if len(argv) > 1 else WIDTH
    out = Path(argv[2]) if len(argv) > 2 else OUT
    app = QApplication(argv[:1])
    install_wheel_guard(app)
    with tempfile.TemporaryDirectory() as tmp:
        clock = StepClock(today_at(9, 0))
        ctx = open_context(tmp, clock=clock)
        try:
            case_id = load_sample(ctx, clock)
            window, panel = show_panel(ctx, case_id, width, HEIGHT)
            panel.list_view.setFocus()
            save(app, window, out)
            window.close()
            if len(argv) <= 2:
                # The first issue's details, opened from the list with Enter.
                window, panel = show_panel(ctx, case_id, FORM_WIDTH, FORM_HEIGHT)
                panel.splitter.setSizes([200, FORM_HEIGHT - 200])
                panel.select_issue(panel.model.issue_at(0).id)
                window.activateWindow()
                panel.editor.focus_title()
                save(app, window, FORM_OUT)
                window.close()
        finally:
            ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
