"""The Updates tab, the due banner, promises and "tell the team", driven as the agent would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from callnotes.domain.communications import Audience, Channel
from callnotes.domain.people import ContactMethod
from callnotes.domain.team import short_when
from callnotes.domain.timeline import EntryKind
from tests.conftest import FakeClock
from tests.ui.test_main_window import make_window, press, type_entry

UPDATES_TAB = 4  # after Timeline, Issues, Cases and Escalation


@pytest.fixture
def clock() -> FakeClock:
    # Wednesday 4 March 2026, 10:00 in London (GMT); the clock moves only when told.
    return FakeClock(datetime(2026, 3, 4, 10, 0, tzinfo=UTC), step=timedelta(0))


@pytest.fixture
def window(qtbot, ctx, case, window_state):
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    ctx.plans.save_plan(case.id, cadence_minutes=120, channel=ContactMethod.PHONE)
    return make_window(qtbot, ctx, window_state)


def first_text(items) -> str:
    """The first row's text of a list widget, or "" while it is still empty (read off the GUI
    thread, the rows may not have arrived yet)."""
    return items.item(0).text() if items.count() else ""


def tools(window):
    return window.areas.updates


def closed(dialog) -> bool:
    """Whether *dialog* was closed (and, deleted on close, perhaps gone already)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def settle(qtbot, window) -> None:
    """Wait until the reads the window sent through its task runner have come back."""
    qtbot.waitUntil(lambda: not window.runner.busy)


def test_the_updates_tab_shows_the_plan_and_its_countdown(qtbot, window, clock):
    assert window.tabs.tabText(UPDATES_TAB).replace("&", "") == "Updates"
    press(qtbot, window, "Ctrl+5")
    assert window.tabs.currentIndex() == UPDATES_TAB
    panel = tools(window).panel
    qtbot.waitUntil(
        lambda: (
            panel.plan_label.text()
            == "Updates every 2 h by phone, in business hours · agreed 10:00"
        )
    )
    assert panel.countdown.text() == "Next update due 12:00 (client time), in 2 h"


def test_the_overdue_banner_appears_with_the_clock_and_goes_when_an_update_is_logged(
    qtbot, window, ctx, case, clock
):
    bar = tools(window).due_bar
    settle(qtbot, window)  # the plan is read
    tools(window).check_now()
    assert bar.isHidden()

    clock.now = datetime(2026, 3, 4, 12, 12, tzinfo=UTC)  # twelve minutes past the due time
    tools(window).timer.timeout.emit()  # what the 30-second timer does
    assert bar.isVisible() and window.notices.isVisible()
    assert bar.text == "Update to Dana Whitfield overdue by 12 min"
    assert tools(window).panel.countdown.text() == (
        "Next update overdue by 12 min (was due 12:00, client time)"
    )

    bar.buttons["log"].click()
    dialog = tools(window).update_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.summary, "Called Dana: rollback done on two stations.")
    dialog.log_button.click()
    qtbot.waitUntil(lambda: closed(dialog))
    qtbot.waitUntil(bar.isHidden)
    # One cadence later, counted from the update just logged.
    assert ctx.plans.plan(case.id).next_update_due_at == datetime(2026, 3, 4, 14, 12, tzinfo=UTC)
    qtbot.waitUntil(lambda: window.timeline.model.rowCount() == len(ctx.timeline.entries(case.id)))
    assert ctx.timeline.entries(case.id)[-1].kind is EntryKind.COMMUNICATION


def test_log_update_by_keyboard(qtbot, window, ctx, case, clock):
    settle(qtbot, window)  # the plan is read
    press(qtbot, window, "Ctrl+U")
    dialog = tools(window).update_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.summary.hasFocus)
    qtbot.keyClicks(dialog.summary, "Cause found: the printer driver update.")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Tab)
    qtbot.waitUntil(dialog.next_update.hasFocus)
    qtbot.keyClicks(dialog.next_update, "15:30")
    assert dialog.next_preview.text() == "15:30 client time, in 5 h 30 min"
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "C")  # Cause identified
    qtbot.keyClick(dialog.next_update, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(ctx.updates.updates(case.id)) == 1)
    [update] = ctx.updates.updates(case.id)
    assert update.summary == "Cause found: the printer driver update."
    assert update.kind.value == "cause_identified"
    assert update.audience is Audience.CLIENT and update.channel is Channel.PHONE
    assert ctx.plans.plan(case.id).next_update_due_at == datetime(2026, 3, 4, 15, 30, tzinfo=UTC)
    qtbot.waitUntil(lambda: "Cause found" in first_text(tools(window).panel.updates))


def test_the_promised_time_is_read_as_typed_without_the_database(
    qtbot, monkeypatch, window, ctx, case
):
    settle(qtbot, window)  # the plan is read
    asked: list[str] = []
    for service, name in (
        (ctx.updates, "read_promise"),
        (ctx.updates, "next_by_cadence"),
        (ctx.plans, "plan"),
    ):
        read = getattr(service, name)
        monkeypatch.setattr(
            service,
            name,
            lambda *a, _read=read, _name=name, **k: asked.append(_name) or _read(*a, **k),
        )
    press(qtbot, window, "Ctrl+U")
    dialog = tools(window).update_dialog
    assert dialog is not None
    assert dialog.next_preview.text() == "12:00 client time, in 2 h (by the plan)"
    dialog.next_update.setFocus()
    qtbot.keyClicks(dialog.next_update, "tomorrow 9:00")
    assert dialog.next_preview.text() == "Thu 09:00 client time, in 23 h"
    dialog.next_update.selectAll()
    qtbot.keyClicks(dialog.next_update, "soonish")
    assert dialog.next_preview.text() == "Not a time yet (try 14:00 or tomorrow 9:00)."
    assert asked == []  # every keystroke read in memory, from the plan already shown


def test_an_unreadable_promise_is_explained_and_nothing_is_lost(qtbot, window, ctx, case):
    settle(qtbot, window)  # the plan is read
    press(qtbot, window, "Ctrl+U")
    dialog = tools(window).update_dialog
    qtbot.keyClicks(dialog.summary, "Called Dana.")
    qtbot.keyClicks(dialog.next_update, "soonish")
    dialog.log_button.click()
    assert dialog.isVisible()
    assert "not a time callnotes can read" in dialog.banner.text()
    assert dialog.summary.toPlainText() == "Called Dana."
    assert ctx.updates.updates(case.id) == []


def test_new_information_prompts_to_tell_the_team_and_records_who_was_told(
    qtbot, window, ctx, case, clock
):
    marco = ctx.clients.create_team_member("Marco Rossi", team="Platform")
    ctx.clients.create_team_member("Helen Cho", team="Support")
    issue = ctx.issues.add_issue(case.id, "Labels do not print")
    ctx.issues.set_owner(issue.id, marco.id)
    prompt = tools(window).team_telling.bar
    assert prompt.isHidden()

    press(qtbot, window, "Alt+6")
    type_entry(qtbot, window, "Their IT pushed a driver update at 22:40.")
    assert prompt.isVisible()
    assert prompt.text == "New information — tell the team?"
    assert window.timeline.note_input.hasFocus()  # the prompt does not take the typing focus

    prompt.buttons["tell"].click()
    qtbot.waitUntil(lambda: tools(window).team_telling.tell_dialog is not None)
    dialog = tools(window).team_telling.tell_dialog
    names = [dialog.members.item(n).text() for n in range(dialog.members.count())]
    assert names[0].startswith("Marco Rossi — owns “Labels do not print”")
    assert dialog.chosen() == [marco.id]
    dialog.tell_button.click()

    qtbot.waitUntil(lambda: len(ctx.team_notices.notices(case.id)) == 1)
    [notice] = ctx.team_notices.notices(case.id)
    assert (notice.who, notice.channel, notice.told_at) == ("Marco Rossi", "chat", clock.now)
    last = ctx.timeline.entries(case.id)[-1]
    assert last.kind is EntryKind.COMMUNICATION
    assert last.text.startswith("Told Marco Rossi about the new information by chat")
    qtbot.waitUntil(prompt.isHidden)

    panel = tools(window).panel
    qtbot.waitUntil(
        lambda: (
            panel.notices.count() > 0 and "waiting for acknowledgement" in first_text(panel.notices)
        )
    )
    clock.now += timedelta(minutes=4)
    panel.notices.setCurrentRow(0)
    panel.ack_button.click()
    qtbot.waitUntil(lambda: ctx.team_notices.notices(case.id)[0].acknowledged_at == clock.now)
    qtbot.waitUntil(lambda: "acknowledged 10:04" in first_text(panel.notices))


def test_tell_the_team_says_which_day_a_colleague_is_back_and_what_the_news_is(
    qtbot, window, ctx, case, clock
):
    priya = ctx.clients.create_team_member("Priya Shah", team="Accounts")
    monday = datetime(2026, 3, 9, 5, 6, tzinfo=UTC)  # five days after this Wednesday
    ctx.team.set_away(priya.id, until=monday, reason="Annual leave")
    ctx.clients.set_usual_contact(case.client_id, priya.id)

    press(qtbot, window, "Alt+6")
    type_entry(qtbot, window, "Their IT pushed a driver update at 22:40.")
    prompt = tools(window).team_telling.bar
    assert prompt.text == "New information — tell the team?"
    press(qtbot, window, "Ctrl+Shift+N")
    qtbot.waitUntil(lambda: tools(window).team_telling.tell_dialog is not None)
    dialog = tools(window).team_telling.tell_dialog
    # Typed by the agent as new information: not said to come from the client.
    assert dialog.about.text() == "New information: Their IT pushed a driver update at 22:40."
    [line] = [
        dialog.members.item(n).text()
        for n in range(dialog.members.count())
        if dialog.members.item(n).text().startswith("Priya Shah")
    ]
    when = short_when(monday, clock.now)
    assert when != "05:06" and line.endswith(f"away until {when}")


def test_a_promise_becomes_a_reminder_then_is_kept_by_keyboard(qtbot, window, ctx, case, clock):
    press(qtbot, window, "Alt+5")
    type_entry(qtbot, window, "Call Dana back by 10:30 with the findings.")
    panel = tools(window).panel
    qtbot.waitUntil(
        lambda: first_text(panel.commitments).startswith("10:30 · Call Dana back by 10:30")
    )
    reminder = tools(window).promises.bar
    tools(window).check_now()
    assert reminder.isHidden()

    clock.now = datetime(2026, 3, 4, 10, 45, tzinfo=UTC)
    tools(window).check_now()
    assert reminder.isVisible()
    assert reminder.text.startswith("Promise overdue by 15 min: Call Dana back by 10:30")
    reminder.buttons["snooze"].click()
    qtbot.waitUntil(reminder.isHidden)
    settle(qtbot, window)  # the snooze is read back
    clock.now += timedelta(minutes=16)
    tools(window).check_now()
    assert reminder.isVisible()
    assert window.areas.wrap_up_warnings(case.id)[0] == (
        "Call Dana back by 10:30 with the findings. — overdue"
    )

    press(qtbot, window, "Ctrl+K")  # first press: the Updates tab, promise chosen
    assert window.tabs.currentIndex() == UPDATES_TAB and panel.commitments.hasFocus()
    press(qtbot, window, "Ctrl+K")
    qtbot.waitUntil(lambda: ctx.commitments.open_commitments(case.id) == [])
    qtbot.waitUntil(reminder.isHidden)
    assert ctx.timeline.entries(case.id)[-1].text.startswith("Kept the promise: Call Dana")


def test_ctrl_k_from_the_timeline_chooses_the_promise_due_not_one_chosen_before(
    qtbot, window, ctx, case, clock
):
    panel = tools(window).panel
    for text in ("Send Dana the rollback report by 12:00.", "Call Dana back by 10:30."):
        press(qtbot, window, "Alt+5")
        type_entry(qtbot, window, text)
    qtbot.waitUntil(lambda: panel.commitments.count() == 2)
    later = next(c for c in ctx.commitments.open_commitments(case.id) if "12:00" in c.text)
    ctx.commitments.cancel(later.id, "Sent with the update")  # chosen earlier, now cancelled
    settle(qtbot, window)
    panel.select_commitment(later.id)
    clock.now = datetime(2026, 3, 4, 10, 45, tzinfo=UTC)
    tools(window).check_now()
    assert tools(window).promises.bar.text.startswith("Promise overdue by 15 min: Call Dana")
    window.focus_editor()

    press(qtbot, window, "Ctrl+K")  # the tab, with the promise the bar reminds of chosen
    assert window.tabs.currentIndex() == UPDATES_TAB
    assert "Call Dana back" in panel.commitments.currentItem().text()
    press(qtbot, window, "Ctrl+K")
    qtbot.waitUntil(lambda: ctx.commitments.open_commitments(case.id) == [])
    assert ctx.timeline.entries(case.id)[-1].text.startswith("Kept the promise: Call Dana back")


def test_the_plan_dialog_explains_the_suggestion_and_records_the_change(
    qtbot, window, ctx, case, clock
):
    from callnotes.domain.issues import Impact, Urgency

    ctx.issues.add_issue(
        case.id, "Labels do not print", impact=Impact.WHOLE_BUSINESS, urgency=Urgency.CRITICAL
    )
    settle(qtbot, window)  # the plan is read
    press(qtbot, window, "Ctrl+Shift+P")
    dialog = tools(window).plan_dialog
    qtbot.waitUntil(lambda: "P1" in dialog.suggestion.text())
    dialog.cadence.setCurrentIndex(dialog.cadence.findData(240))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: ctx.plans.plan(case.id).cadence_minutes == 240)
    assert ctx.timeline.entries(case.id)[-1].text.startswith(
        "Agreed with the client: updates every 4 h by phone in business hours."
    )
    qtbot.waitUntil(lambda: tools(window).panel.plan_label.text().startswith("Updates every 4 h"))


def test_the_plan_dialog_is_tall_enough_for_its_suggestion_and_a_problem(qtbot, window, ctx, case):
    # Sized once before its suggestion arrived, it cut the suggestion's lines at the top and
    # the bottom and squashed the fields; a problem shown later squeezed it further.
    from callnotes.domain.issues import Impact, Urgency

    ctx.issues.add_issue(
        case.id, "Labels do not print", impact=Impact.WHOLE_BUSINESS, urgency=Urgency.CRITICAL
    )
    settle(qtbot, window)
    press(qtbot, window, "Ctrl+Shift+P")
    dialog = tools(window).plan_dialog
    qtbot.waitUntil(lambda: "P1" in dialog.suggestion.text())

    def fits() -> bool:
        label = dialog.suggestion
        combo = dialog.cadence
        return (
            label.height() >= label.heightForWidth(label.width())
            and combo.height() >= combo.sizeHint().height()
        )

    qtbot.waitUntil(fits)
    dialog.show_problem("The plan could not be saved: the database is locked by another program.")
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    qtbot.waitUntil(fits)
    said = dialog.banner.findChild(QLabel)
    assert said.height() >= said.heightForWidth(said.width())  # the problem, whole
