"""Calls that slip, in the window: a missed ring waits in the call-back queue, a call clears it,
and the outcome of a call is chosen with keys."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from callnotes.domain.call_backs import CallBackReason
from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.domain.calls import CallDirection, CallOutcome
from callnotes.settings import Settings
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.ringing import RingingController
from tests.ui.conftest import handled, shown_window

DANA = "+44 20 7946 0321"
DANA_E164 = "+442079460321"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# The pictures in the README are taken again only when asked (a test run leaves the tree as
# it found it): CALLNOTES_SCREENSHOTS=1.
TAKE_SCREENSHOTS = bool(os.environ.get("CALLNOTES_SCREENSHOTS")) and SCREENSHOTS.is_dir()
SCREENSHOT = SCREENSHOTS / "call-back-queue.png"
BAR_SCREENSHOT = SCREENSHOTS / "call-back-bar.png"


def ring(kind: EventKind, number: str = DANA) -> CallEvent:
    return CallEvent(kind, number=number, source="microsip")


@pytest.fixture
def dana(ctx, case):
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    return ctx.clients.add_contact(case.client_id, "Dana Whitfield", role="Ops lead", phones=[DANA])


@pytest.fixture
def window(qtbot, ctx, case, dana, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, (420, 820))


@pytest.fixture
def ringing(ctx, window) -> RingingController:
    return RingingController(ctx, window)


def test_a_missed_ring_lands_in_the_queue_and_calling_back_by_key_clears_it(
    qtbot, ctx, window, ringing, case
):
    handled(qtbot, ringing, ring(EventKind.RINGING))
    handled(qtbot, ringing, ring(EventKind.ENDED))
    assert ringing.card.view.state == "missed"
    assert "In the call-back queue (Ctrl+Shift+L)." in ringing.card.summary_text
    area = window.areas.call_backs
    qtbot.waitUntil(lambda: area.bar.isVisible())  # stored in line, read, shown
    assert area.bar.text.startswith("1 call-back waiting")
    assert "Dana Whitfield, Northwind Logistics" in area.bar.text
    [waiting] = ctx.call_backs.waiting()
    assert (waiting.number, waiting.case_id) == (DANA_E164, case.id)
    ringing.card.close_card()
    if TAKE_SCREENSHOTS:
        window.grab().save(str(BAR_SCREENSHOT))

    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = area.queue_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.focusWidget() is dialog.list
    assert dialog.list.count() == 1
    row = dialog.list.item(0).text()
    assert row.startswith("Dana Whitfield, Northwind Logistics — +44 20 7946 0321 · missed call")
    assert "client time)" in row and ("due in" in row or "overdue" in row or "due now" in row)
    assert not dialog.list.horizontalScrollBar().isVisible()
    if TAKE_SCREENSHOTS:
        dialog.grab().save(str(SCREENSHOT))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # call back
    qtbot.waitUntil(lambda: window.session.call is not None)
    call = window.session.call
    assert (call.direction, call.number, call.case_id) == (
        CallDirection.OUTBOUND,
        DANA_E164,
        case.id,
    )
    # Calling back the caller it was, not a new, unknown one on the same number.
    assert waiting.contact_id is not None and call.contact_id == waiting.contact_id
    qtbot.waitUntil(lambda: "Dana Whitfield" in window.card.summary_text)
    assert "Unknown caller" not in window.card.summary_text
    # The agent placed this call: the guide greets as a call-back, not "you've called us".
    qtbot.waitUntil(lambda: "calling you back" in window.rail.shown_text)
    assert "you've called" not in window.rail.shown_text
    qtbot.waitUntil(lambda: not area.bar.isVisible())  # the queue is empty again
    assert ctx.call_backs.waiting() == []
    [done] = ctx.call_backs.of_client(case.client_id)
    assert done.call_id == call.id


def test_delete_in_the_queue_marks_a_call_back_done_without_a_call(qtbot, ctx, window):
    ctx.call_backs.record("+1 201 555 0123", CallBackReason.ASKED, caller_name="Sam")
    area = window.areas.call_backs
    area.reload()
    qtbot.waitUntil(lambda: area.bar.isVisible())
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = area.queue_dialog
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not area.bar.isVisible())
    assert ctx.call_backs.waiting() == []
    assert window.session.call is None
    qtbot.waitUntil(lambda: dialog.empty.isVisible())  # the queue says it is empty
    assert dialog.empty.text() == "Nobody waits for a call back."
    assert not dialog.list.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_outcome_is_chosen_with_a_digit_and_after_call_work_is_stored(
    qtbot, ctx, window, ringing, case
):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)
    call = window.session.call
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    area = window.areas.call_backs
    qtbot.waitUntil(lambda: area.outcome_dialog is not None and area.outcome_dialog.isVisible())
    dialog = area.outcome_dialog
    assert dialog.label.text() == (
        f"How did the call with Dana Whitfield, Northwind Logistics ({DANA}) end?"
    )
    assert dialog.focusWidget() is dialog.list
    qtbot.keyClick(dialog.list, Qt.Key.Key_2)  # escalated
    qtbot.waitUntil(lambda: ctx.calls.calls(case.id)[-1].outcome is CallOutcome.ESCALATED)
    assert window.areas.call_backs.outcome_dialog is None  # closed by the key
    handled(qtbot, ringing, ring(EventKind.ENDED))  # the phone hangs up: wrap-up follows
    qtbot.waitUntil(lambda: window.call_flow.wrap_up_box is not None)
    next(b for b in window.call_flow.wrap_up_box.buttons() if b.text() == "&Wrap up anyway").click()
    qtbot.waitUntil(lambda: window.session.call is None)
    stored = ctx.calls.calls(case.id)[-1]
    assert stored.id == call.id and stored.after_call_seconds is not None
    assert stored.after_call_seconds >= 0
    # After the wrap-up, the same key gives the call just ended another outcome.
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: area.outcome_dialog is not None and area.outcome_dialog.isVisible())
    qtbot.keyClick(area.outcome_dialog.list, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: ctx.calls.calls(case.id)[-1].outcome is CallOutcome.WRONG_NUMBER)


def test_a_voicemail_by_hand_for_the_caller_on_screen_lands_in_the_queue(
    qtbot, ctx, window, ringing, case
):
    handled(qtbot, ringing, ring(EventKind.ANSWERED))
    qtbot.waitUntil(lambda: window.session.call is not None)
    ringing.card.close_card()
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    area = window.areas.call_backs
    qtbot.waitUntil(lambda: area.request_dialog is not None and area.request_dialog.isVisible())
    dialog = area.request_dialog
    assert dialog.heading.text() == "Call back Dana Whitfield, Northwind Logistics · " + DANA
    assert dialog.focusWidget() is dialog.asked and dialog.asked.isChecked()
    qtbot.keyClick(dialog.asked, Qt.Key.Key_Right)  # the next reason: a voicemail
    assert dialog.voicemail.isChecked()
    proposed = dialog.due.text()
    assert proposed  # by the client's hours, on their clock
    if TAKE_SCREENSHOTS:
        dialog.grab().save(str(SCREENSHOTS / "call-back-request.png"))
    dialog.due.clear()
    qtbot.keyClicks(dialog.due, "someday")
    qtbot.keyClick(dialog.due, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.banner.text()  # a sentence, the dialog stays
    dialog.due.clear()
    qtbot.keyClicks(dialog.due, "in 2 hours")
    qtbot.keyClicks(dialog.note, "wants the depot figures")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: area.request_dialog is None)
    [waiting] = ctx.call_backs.waiting()
    assert (waiting.number, waiting.reason, waiting.note) == (
        DANA_E164,
        CallBackReason.VOICEMAIL,
        "wants the depot figures",
    )
    assert abs(waiting.due_at - (ctx.clock() + timedelta(hours=2))) < timedelta(minutes=1)
    qtbot.waitUntil(lambda: area.bar.isVisible())
    assert "Dana Whitfield" in area.bar.text


def test_a_call_back_by_hand_without_anyone_to_call_says_why(qtbot, ctx, window):
    other = ctx.clients.create_client("No Phones Ltd")
    bare = ctx.cases.open_case(other.id, "Nobody to call")
    window.select_case(bare.id)
    qtbot.waitUntil(lambda: window.shown_case_id() == bare.id)
    qtbot.keyClick(window.timeline.note_input, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: "add one to the client card" in window.banner.text())
    assert window.areas.call_backs.request_dialog is None
