"""The client's calendar on the countdown: the update clock paused while waiting on the client,
and a closure that moves the next update, on the Updates tab and the update-due bar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from callnotes.domain.people import ContactMethod
from tests.conftest import FakeClock
from tests.ui.keypress import press
from tests.ui.test_main_window import make_window

FIRE_DRILL = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Northwind//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:drill@northwind\r\nDTSTART;TZID=Europe/London:20260304T110000\r\n"
    b"DTEND;TZID=Europe/London:20260304T130000\r\nSUMMARY:Fire drill\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


@pytest.fixture
def clock() -> FakeClock:
    # Wednesday 4 March 2026, 10:00 in London (GMT); the clock moves only when told.
    return FakeClock(datetime(2026, 3, 4, 10, 0, tzinfo=UTC), step=timedelta(0))


@pytest.fixture
def window(qtbot, ctx, case, window_state):
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    ctx.plans.save_plan(case.id, cadence_minutes=120, channel=ContactMethod.PHONE)
    return make_window(qtbot, ctx, window_state)


def test_waiting_on_the_client_pauses_the_countdown_and_resuming_moves_it(
    qtbot, window, ctx, case, clock
):
    area = window.areas.updates
    press(qtbot, window, "Ctrl+5")
    qtbot.waitUntil(
        lambda: area.panel.countdown.text() == "Next update due 12:00 (client time), in 2 h"
    )
    clock.now = datetime(2026, 3, 4, 10, 42, tzinfo=UTC)
    press(qtbot, window, "Ctrl+Shift+W")
    qtbot.waitUntil(
        lambda: (
            area.panel.countdown.text() == "Next update paused since 10:42 — waiting on the client"
        )
    )
    assert area.due_bar.isVisible()
    assert (
        area.due_bar.text == "Update to Dana Whitfield paused since 10:42 — waiting on the client"
    )
    assert area.due_bar.buttons["resume"].isVisibleTo(area.due_bar)
    assert not area.due_bar.buttons["log"].isVisibleTo(area.due_bar)
    assert area.panel.pause_button.text() == "Resume the update clock"
    assert ctx.plans.plan(case.id).paused_since == clock.now
    # The original due time passes while paused: nothing is overdue.
    clock.now = datetime(2026, 3, 4, 12, 10, tzinfo=UTC)
    area.timer.timeout.emit()
    assert area.panel.countdown.text() == "Next update paused since 10:42 — waiting on the client"
    assert area.wrap_up_warnings(case.id) == []

    clock.now = datetime(2026, 3, 4, 12, 30, tzinfo=UTC)
    press(qtbot, window, "Ctrl+Shift+W")
    # Paused 1 h 48 min: due 12:00 + 1 h 48 min = 13:48.
    qtbot.waitUntil(
        lambda: area.panel.countdown.text() == "Next update due 13:48 (client time), in 1 h 18 min"
    )
    assert area.due_bar.isHidden()
    assert area.panel.pause_button.text() == "Waiting on the client"
    texts = [e.text for e in ctx.timeline.entries(case.id) if not e.for_client]
    assert "Update clock paused: waiting on the client." in texts
    assert (
        "Update clock resumed after 1 h 48 min waiting on the client; next update now due "
        "Wed 04 Mar 13:48 (client time)."
    ) in texts


def test_a_closure_moves_the_countdown_and_is_named_on_it_and_on_the_due_bar(
    qtbot, window, ctx, case, clock
):
    area = window.areas.updates
    press(qtbot, window, "Ctrl+5")
    qtbot.waitUntil(
        lambda: area.panel.countdown.text() == "Next update due 12:00 (client time), in 2 h"
    )
    # The client's calendar file arrives while the tab is shown: the countdown follows.
    ctx.client_calendar.import_closures(case.client_id, FIRE_DRILL, "northwind.ics")
    qtbot.waitUntil(
        lambda: (
            area.panel.countdown.text() == "Next update due 14:00 (client time), in 4 h\n"
            "Moved on: the client is closed for Fire drill."
        )
    )
    clock.now = datetime(2026, 3, 4, 14, 5, tzinfo=UTC)
    area.timer.timeout.emit()
    assert area.due_bar.isVisible()
    assert area.due_bar.text == (
        "Update to Dana Whitfield overdue by 5 min (the client was closed for Fire drill)"
    )


def open_calendar(qtbot, window):
    area = window.areas.client
    press(qtbot, window, "Ctrl+Shift+X")
    qtbot.waitUntil(lambda: area.dialog is not None and area.dialog.isVisible())
    return area, area.dialog


# Thursday 2 April 2026, 15:00 (BST), before Easter, from the start: the plan is made then (a
# plan changed a month after an update fell due would leave that late update late).
@pytest.mark.parametrize(
    "clock", [FakeClock(datetime(2026, 4, 2, 14, 0, tzinfo=UTC), step=timedelta(0))]
)
def test_the_clients_holidays_are_chosen_with_keys_and_move_the_countdown(
    qtbot, window, ctx, case, clock
):
    clock.now = datetime(2026, 4, 2, 14, 0, tzinfo=UTC)
    ctx.plans.save_plan(case.id, cadence_minutes=24 * 60, channel=ContactMethod.PHONE)
    area, dialog = open_calendar(qtbot, window)
    assert dialog.country.hasFocus()
    qtbot.keyClicks(dialog.country, "xx")
    qtbot.keyClick(dialog.country, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert "'XX' is not a country whose public holidays are known" in dialog.problem.text()
    assert dialog.isVisible() and dialog.country.text() == "xx"
    dialog.country.selectAll()
    qtbot.keyClicks(dialog.country, "gb")
    qtbot.keyClick(dialog.country, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.region, "eng")
    qtbot.keyClick(dialog.region, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: area.dialog is None)
    calendar = ctx.client_calendar.calendar(case.client_id)
    assert (calendar.holiday_country, calendar.holiday_subdivision) == ("GB", "ENG")
    # The client has no set hours, so the daily update from Thursday 15:00 would be due on
    # Friday 15:00; Good Friday is closed as a whole day: due when it ends, Saturday 00:00.
    press(qtbot, window, "Ctrl+5")
    updates = window.areas.updates
    qtbot.waitUntil(
        lambda: "Moved on: the client is closed for Good Friday" in (updates.panel.countdown.text())
    )
    assert updates.panel.countdown.text().startswith("Next update due Sat 00:00 (client time)")


def test_closures_are_imported_listed_and_removed_with_keys(
    qtbot, window, ctx, case, clock, tmp_path
):
    good = tmp_path / "northwind.ics"
    good.write_bytes(FIRE_DRILL)
    bad = tmp_path / "closures.csv"
    bad.write_bytes(b"name,date\nStocktake,2026-12-28\n")
    area, dialog = open_calendar(qtbot, window)
    chosen: list = []
    area.ask_open_path = lambda parent, caption, folder, name_filter, on_chosen: chosen.append(
        on_chosen
    )
    # Alt+I: Import .ics…; a file that is not a calendar is refused and nothing is imported.
    press(qtbot, dialog, "Alt+I")
    qtbot.waitUntil(lambda: bool(chosen))  # a button's mnemonic clicks it a moment later
    chosen.pop()(bad)
    qtbot.waitUntil(lambda: dialog.problem.isVisible())
    assert dialog.problem.text() == (
        "“closures.csv” is not a calendar file (.ics); nothing was imported."
    )
    assert ctx.client_calendar.calendar(case.client_id).closures == ()
    press(qtbot, dialog, "Alt+I")
    qtbot.waitUntil(lambda: bool(chosen))
    chosen.pop()(good)
    qtbot.waitUntil(lambda: dialog.result_label.text() != "")
    assert dialog.result_label.text() == "Imported 1 closure from “northwind.ics”."
    assert [dialog.closures.item(i).text() for i in range(dialog.closures.count())] == [
        "Wed 4 Mar 2026 11:00–13:00 · Fire drill"
    ]
    # Alt+L goes to the list; Delete removes the chosen closure.
    press(qtbot, dialog, "Alt+L")
    assert dialog.closures.hasFocus()
    qtbot.keyClick(dialog.closures, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: dialog.result_label.text() == "Closure removed.")
    assert ctx.client_calendar.calendar(case.client_id).closures == ()
    assert dialog.closures.item(0).text() == "No closures yet: import the client's .ics file."


def test_a_time_typed_on_a_day_the_client_is_closed_is_said_so_in_the_preview(
    qtbot, window, ctx, case, clock
):
    from tests.ui.test_main_window import type_entry

    clock.now = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)  # Thursday; Christmas Day is Friday
    ctx.plans.save_plan(case.id, cadence_minutes=120, channel=ContactMethod.PHONE)
    ctx.client_calendar.set_holidays(case.client_id, "gb", "eng")
    press(qtbot, window, "Alt+5")
    type_entry(qtbot, window, "Call Dana back by 10:30 with the findings.")
    area = window.areas.updates
    press(qtbot, window, "Ctrl+5")
    qtbot.waitUntil(lambda: area.panel.commitments.count() == 1)
    qtbot.waitUntil(lambda: not window.runner.busy)  # the plan with the holidays is read

    press(qtbot, window, "Ctrl+U")
    dialog = area.update_dialog
    assert dialog is not None
    dialog.next_update.setFocus()
    qtbot.keyClicks(dialog.next_update, "tomorrow 10:00")
    assert dialog.next_preview.text() == (
        "Fri 10:00 client time, in 1 d — the client is closed that day: Christmas Day"
    )
    dialog.next_update.selectAll()
    qtbot.keyClicks(dialog.next_update, "Tue 10:00")  # the 29th: open again
    assert dialog.next_preview.text() == "Tue 10:00 client time, in 5 d"
    dialog.next_update.clear()  # by the plan: 2 h of open time, on Christmas Eve
    assert dialog.next_preview.text() == "12:00 client time, in 2 h (by the plan)"
    qtbot.keyClick(dialog.next_update, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: area.update_dialog is None)

    # The promise's own dialog says the same of its due time.
    qtbot.waitUntil(lambda: not window.runner.busy)  # no reread of the promises under the key
    area.panel.commitments.setFocus()
    area.panel.commitments.setCurrentRow(0)
    qtbot.waitUntil(lambda: area.panel.commitments.currentRow() == 0)
    qtbot.keyClick(area.panel.commitments, Qt.Key.Key_Return)  # Enter on a promise: edit it
    qtbot.waitUntil(lambda: area.promises.commitment_dialog is not None)
    promise = area.promises.commitment_dialog
    assert promise.due_preview.text() == "10:30 client time"
    qtbot.waitUntil(promise.due.hasFocus)
    qtbot.keyClicks(promise.due, "tomorrow 10:30")
    assert promise.due_preview.text() == (
        "Fri 10:30 client time — the client is closed that day: Christmas Day"
    )
    # It is the agent's choice: the promise is kept where they put it.
    qtbot.keyClick(promise.due, Qt.Key.Key_Tab)
    qtbot.keyClicks(promise.owner.lineEdit(), "Sam Agent")
    qtbot.keyClick(promise.owner.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            ctx.commitments.open_commitments(case.id)[0].due_at
            == datetime(2026, 12, 25, 10, 30, tzinfo=UTC)
        )
    )


def test_a_closure_of_a_few_hours_is_said_with_its_hours_not_as_a_closed_day(
    qtbot, window, ctx, case, clock
):
    # Wednesday 4 March, 10:00 in London; the fire drill closes the client 11:00–13:00.
    ctx.plans.save_plan(case.id, cadence_minutes=120, channel=ContactMethod.PHONE)
    ctx.client_calendar.import_closures(case.client_id, FIRE_DRILL, "northwind.ics")
    area = window.areas.updates
    press(qtbot, window, "Ctrl+5")
    qtbot.waitUntil(lambda: "Fire drill" in area.panel.countdown.text())
    qtbot.waitUntil(lambda: not window.runner.busy)

    press(qtbot, window, "Ctrl+U")
    dialog = area.update_dialog
    assert dialog is not None
    dialog.next_update.setFocus()
    qtbot.keyClicks(dialog.next_update, "11:30")  # during the drill
    assert dialog.next_preview.text() == (
        "11:30 client time, in 1 h 30 min — the client is closed then: Fire drill (11:00–13:00)"
    )
    dialog.next_update.selectAll()
    qtbot.keyClicks(dialog.next_update, "15:00")  # open again: the drill is said, with its hours
    assert dialog.next_preview.text() == (
        "15:00 client time, in 5 h — the client is open then; "
        "closed only 11:00–13:00 for Fire drill that day"
    )
    dialog.next_update.selectAll()
    qtbot.keyClicks(dialog.next_update, "10:32")  # before the drill, as the tester's "in 1 min"
    assert "open then; closed only 11:00–13:00 for Fire drill" in dialog.next_preview.text()
    dialog.next_update.selectAll()
    qtbot.keyClicks(dialog.next_update, "tomorrow 11:30")  # another day: nothing to say
    assert dialog.next_preview.text() == "Thu 11:30 client time, in 1 d 1 h"
    qtbot.keyClick(dialog.next_update, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: area.update_dialog is None)
