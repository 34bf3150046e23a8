"""The follow-up call in the window, by keyboard: two criteria confirmed, one still wrong."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from callnotes.domain.calls import CallDirection
from callnotes.domain.issues import IssueStatus
from callnotes.storage import models as m
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.timeline.model import TEXT_COLUMN
from tests.ui.conftest import wait_filled
from tests.ui.keypress import press


@pytest.fixture
def resolved_case(ctx):
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    dana = ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    case = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    call = ctx.calls.start_call(case.id, number="+44 20 7946 0321", contact_id=dana.id)
    ctx.calls.end_call(call.id, talk_seconds=600)
    labels = ctx.issues.add_issue(
        case.id,
        "Labels do not print",
        fixed_looks_like=["Labels print from every station", "The 16:00 dispatch leaves labelled"],
    )
    logouts = ctx.issues.add_issue(
        case.id, "Driver app logs out", fixed_looks_like=["Drivers stay signed in all shift"]
    )
    for issue in (labels, logouts):
        ctx.issues.set_status(issue.id, IssueStatus.RESOLVED)
    return case.id, labels.id, logouts.id


@pytest.fixture
def window(qtbot, ctx, resolved_case, window_state) -> MainWindow:
    main = MainWindow(ctx, state=window_state)
    qtbot.addWidget(main)
    wait_filled(qtbot, main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_follow_up_call_confirms_two_criteria_and_rejects_one(qtbot, ctx, window, resolved_case):
    case_id, labels_id, logouts_id = resolved_case
    panel = window.areas.resolution.panel
    assert not panel.isVisible()

    press(qtbot, window, "Ctrl+Shift+F")  # Case ▸ Start follow-up call
    qtbot.waitUntil(panel.isVisible)  # the calls and the script are read off the GUI thread
    call = window.session.call
    assert call is not None and call.direction is CallDirection.OUTBOUND
    assert call.number == "+442079460321"
    assert window.rail.title_text == "Step 1 of 8: Greet"
    answer = panel.answer

    def step(title: str) -> None:  # each answer is stored off the GUI thread, then moves on
        qtbot.waitUntil(lambda: window.rail.title_text.startswith(title))

    qtbot.keyClick(answer, Qt.Key.Key_Return)  # greeted: move on
    assert window.rail.title_text == "Step 2 of 8: Check 1 of 3: Labels print from every station"
    assert panel.question.text() == "Is this fixed for them: “Labels print from every station”?"

    qtbot.keyClick(answer, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    step("Step 3 of 8: Check 2 of 3")
    qtbot.keyClick(answer, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    step("Step 4 of 8")
    assert window.rail.title_text == "Step 4 of 8: Check 3 of 3: Drivers stay signed in all shift"

    qtbot.keyClick(answer, Qt.Key.Key_Return)  # nothing typed: not an answer yet
    assert window.rail.title_text.startswith("Step 4 of 8")
    assert "Alt+Y if it is confirmed" in window.banner.text()
    qtbot.keyClicks(answer, "Two drivers were logged out at 14:10")
    qtbot.keyClick(answer, Qt.Key.Key_Return)
    step("Step 5 of 8")
    assert window.rail.title_text == "Step 5 of 8: Are they satisfied?"

    qtbot.keyClicks(answer, "Happy with the labels, not yet with the app")
    qtbot.keyClick(answer, Qt.Key.Key_Return)
    step("Step 6 of 8")
    assert window.rail.title_text == "Step 6 of 8: Reassure: it won't happen again"
    qtbot.keyClicks(answer, "Driver updates are now tested on one station first")
    qtbot.keyClick(answer, Qt.Key.Key_Return)
    step("Step 7 of 8")
    assert window.rail.title_text == "Step 7 of 8: Anything else?"

    # What the database holds.
    with ctx.db.unit_of_work() as session:
        rows = session.scalars(select(m.FollowUpCheck).order_by(m.FollowUpCheck.id)).all()
        assert [(r.issue_id, r.criterion, r.outcome, r.note, r.call_id) for r in rows] == [
            (labels_id, "Labels print from every station", "confirmed", "", call.id),
            (labels_id, "The 16:00 dispatch leaves labelled", "confirmed", "", call.id),
            (
                logouts_id,
                "Drivers stay signed in all shift",
                "still_wrong",
                "Two drivers were logged out at 14:10",
                call.id,
            ),
        ]
    assert ctx.issues.get_issue(labels_id).status is IssueStatus.CONFIRMED
    assert ctx.issues.get_issue(logouts_id).status is IssueStatus.INVESTIGATING
    review = ctx.reviews.sheet(case_id).review
    assert review is not None
    assert review.satisfaction == "Happy with the labels, not yet with the app"
    assert review.reassurance == "Driver updates are now tested on one station first"

    # What the panel shows.
    assert panel.checked_lines() == [
        "3 of 3 criteria checked",
        "✓ Labels print from every station",
        "✓ The 16:00 dispatch leaves labelled",
        "✗ Drivers stay signed in all shift: Two drivers were logged out at 14:10",
    ]
    timeline = window.timeline.model

    def shown() -> list[str]:
        return [timeline.index(row, TEXT_COLUMN).data() for row in range(timeline.rowCount())]

    qtbot.waitUntil(lambda: any("still wrong for the client" in (text or "") for text in shown()))

    qtbot.keyClick(answer, Qt.Key.Key_Return)  # anything else? asked
    qtbot.waitUntil(lambda: window.rail.missing() == [])
    window.wrap_up()  # F8: nothing missing, so the call ends at once
    qtbot.waitUntil(lambda: window.session.call is None)
    assert window.session.call is None
    assert not panel.isVisible()
    assert window.rail.title_text == "No call in progress"
    assert window.areas.resolution.follow_up_action.isEnabled()
