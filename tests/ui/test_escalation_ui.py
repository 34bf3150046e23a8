"""The Escalation tab as the agent drives it: keyboard only, the reminder bar, the directory."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from callnotes.domain.escalation import Outcome
from callnotes.domain.team import MemberDraft, short_when
from callnotes.domain.timeline import EntryKind
from callnotes.settings import Settings
from callnotes.ui.escalation.cards import Card, CardLine, CardListModel
from callnotes.ui.escalation.team_dialog import TeamDialog
from callnotes.ui.escalation.team_table_model import TeamTableModel
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.settings_dialog import SettingsDialog
from tests.ui.conftest import shown_window

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def team(ctx, clock):
    """Priya (the usual contact) is away; Tom is her teammate, Aisha the lead, Helen above."""
    add = ctx.team.add_member
    helen = add(MemberDraft("Helen Cho", role="Head of Support", team="Support"))
    aisha = add(
        MemberDraft(
            "Aisha Khan",
            role="Accounts team lead",
            team="Accounts",
            manager_id=helen.id,
            phone="+44 20 7946 0120",
        )
    )
    priya = add(
        MemberDraft("Priya Shah", role="Account manager", team="Accounts", manager_id=aisha.id)
    )
    tom = add(MemberDraft("Tom Becker", role="Account manager", team="Accounts"))
    ctx.team.set_away(priya.id, until=clock.now + timedelta(hours=6), reason="Off-site meeting")
    return {"helen": helen, "aisha": aisha, "priya": priya, "tom": tom}


@pytest.fixture
def escalated_case(ctx, team):
    client = ctx.clients.create_client(
        "Northwind Logistics", timezone="Europe/London", usual_contact_id=team["priya"].id
    )
    case = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    ctx.issues.add_issue(case.id, "Delivery labels do not print")
    return case


@pytest.fixture
def window(qtbot, ctx, escalated_case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state)


def card_titles(model: CardListModel) -> list[str]:
    return [card.title for card in model.cards()]


def closed(dialog) -> bool:
    """Whether *dialog* was closed (and, deleted on close, perhaps gone already)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def settle(qtbot, window) -> None:
    """Wait until the reads the window sent through its task runner have come back."""
    qtbot.waitUntil(lambda: not window.runner.busy)


def log_by_keyboard(qtbot, window, outcome_key: Qt.Key, note: str = "") -> None:
    """F9, the outcome's number, perhaps Tab and a note, then Enter."""
    tools = window.areas.escalation
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F9)
    dialog = tools.attempt_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # offscreen does not activate a dialog opened from a shortcut
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget(), outcome_key)
    if note:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert isinstance(QApplication.focusWidget(), QLineEdit)
        qtbot.keyClicks(QApplication.focusWidget(), note)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_escalation_attempts_logged_by_keyboard_only(qtbot, ctx, team, escalated_case, window):
    tools = window.areas.escalation
    panel = tools.panel
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert window.tabs.currentIndex() == 3 and window.tabs.currentWidget() is panel
    assert panel.ladder_view.hasFocus()
    qtbot.waitUntil(
        lambda: (
            card_titles(panel.ladder_model)
            == [
                "1. Priya Shah",
                "2. Tom Becker",
                "3. Aisha Khan",
                "4. Helen Cho",
            ]
        )
    )
    priya_card = panel.ladder_model.cards()[0]
    assert "away" in priya_card.tag
    assert [line.text for line in priya_card.lines][1].startswith("Away until")
    assert priya_card.lines[1].text.endswith("— Off-site meeting")
    assert panel.ladder_model.cards()[2].lines[0].text == (
        "Available · Accounts team lead · +44 20 7946 0120"
    )

    # Priya first (selected at the top): 2 = voicemail, with a note.
    log_by_keyboard(qtbot, window, Qt.Key.Key_2, note="Phone off")
    # Then down to Tom: 1 = no answer.
    assert panel.ladder_view.hasFocus()  # back on the ladder, ready for the next call
    qtbot.keyClick(panel.ladder_view, Qt.Key.Key_Down)
    assert panel.selected_ladder_member() == team["tom"].id
    log_by_keyboard(qtbot, window, Qt.Key.Key_1)

    # The tab: newest first, and the ladder says when each was tried.
    qtbot.waitUntil(lambda: len(panel.log_model.cards()) == 2)
    assert card_titles(panel.log_model)[0].endswith("Tom Becker (team)")
    assert card_titles(panel.log_model)[1].endswith("Priya Shah (usual contact)")
    assert [c.tag for c in panel.log_model.cards()] == ["no answer", "voicemail"]
    assert panel.log_model.cards()[1].lines[0].text == "Phone off"
    assert panel.ladder_model.cards()[1].lines[-1].text.endswith(": no answer")
    assert panel.status_text() == "Nobody has acknowledged yet."

    # The database and the timeline.
    attempts = ctx.escalation.attempts(escalated_case.id)
    assert [(a.who, a.outcome, a.note) for a in attempts] == [
        ("Tom Becker", Outcome.NO_ANSWER, ""),
        ("Priya Shah", Outcome.VOICEMAIL, "Phone off"),
    ]
    entries = {e.id: e for e in ctx.timeline.entries(escalated_case.id)}
    assert entries[attempts[1].entry_id].text == (
        "Called Priya Shah (usual contact): voicemail — Phone off"
    )
    assert entries[attempts[0].entry_id].kind is EntryKind.ESCALATION

    def shown() -> list[str]:
        model = window.timeline.model
        return [model.entry_at(r).text for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: "Called Tom Becker (team): no answer" in shown())

    # Aisha acknowledges: 5.
    assert panel.ladder_view.hasFocus()
    qtbot.keyClick(panel.ladder_view, Qt.Key.Key_Down)
    assert panel.selected_ladder_member() == team["aisha"].id
    log_by_keyboard(qtbot, window, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: panel.status_text().startswith("Aisha Khan acknowledged at "))
    assert ctx.escalation.attempts(escalated_case.id)[0].outcome is Outcome.ACKNOWLEDGED


def test_prompt_bar_appears_when_the_clock_passes_n_minutes(
    qtbot, ctx, clock, team, escalated_case, window
):
    ctx.settings_store.save(Settings(agent_name="Vinh", escalate_after_minutes=10))
    tools = window.areas.escalation
    bar = tools.prompt_bar
    first = ctx.escalation.log_attempt(escalated_case.id, team["priya"].id, Outcome.NO_ANSWER)
    tools.reload()
    settle(qtbot, window)
    assert bar.isHidden()

    clock.now = first.at + timedelta(minutes=9, seconds=58)
    tools.check()
    settle(qtbot, window)
    assert bar.isHidden()

    # A short injected interval: the timer finds the prompt once the clock has passed 10 min.
    clock.now = first.at + timedelta(minutes=10)
    tools.set_check_interval(20)
    qtbot.waitUntil(lambda: not bar.isHidden())
    assert bar.text() == "Nobody has acknowledged for 10 min — try Tom Becker (team)"
    assert window.notices.isVisible()

    # Its button selects that rung on the Escalation tab.
    qtbot.mouseClick(bar.select_button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is tools.panel
    assert tools.panel.selected_ladder_member() == team["tom"].id

    # Tom does not answer either: after 10 more minutes, the lead is next.
    ctx.escalation.log_attempt(escalated_case.id, team["tom"].id, Outcome.NO_ANSWER)
    tools.reload()
    settle(qtbot, window)
    assert bar.isHidden()
    clock.now += timedelta(minutes=10)
    tools.check()
    settle(qtbot, window)
    assert bar.text().startswith("Nobody has acknowledged for 20 min — try Aisha Khan (team lead)")
    assert "+44 20 7946 0120" in bar.text()

    # Acknowledged: the bar goes.
    ctx.escalation.log_attempt(escalated_case.id, team["aisha"].id, Outcome.ACKNOWLEDGED)
    clock.now += timedelta(hours=1)
    tools.check()
    qtbot.waitUntil(lambda: not window.notices.isVisible())
    assert bar.isHidden()


def test_dismissed_prompt_stays_away_until_the_next_attempt(
    qtbot, ctx, clock, team, escalated_case, window
):
    tools = window.areas.escalation
    first = ctx.escalation.log_attempt(escalated_case.id, team["priya"].id, Outcome.NO_ANSWER)
    clock.now = first.at + timedelta(minutes=15)
    tools.check()
    settle(qtbot, window)
    assert not tools.prompt_bar.isHidden()
    qtbot.mouseClick(tools.prompt_bar.close_button, Qt.MouseButton.LeftButton)
    clock.now += timedelta(minutes=5)
    tools.check()
    settle(qtbot, window)
    assert tools.prompt_bar.isHidden()
    ctx.escalation.log_attempt(escalated_case.id, team["tom"].id, Outcome.VOICEMAIL)
    tools.reload()
    clock.now += timedelta(minutes=15)
    tools.check()
    settle(qtbot, window)
    assert "Aisha Khan" in tools.prompt_bar.text()


def test_most_context_is_ranked_off_the_gui_thread(qtbot, ctx, team, escalated_case, window):
    tools = window.areas.escalation
    panel = tools.panel
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)  # ranked once the tab is in front
    qtbot.waitUntil(lambda: panel.context_model.rowCount() > 0)
    cards = panel.context_model.cards()
    assert cards[-1].title == "Priya Shah"
    assert cards[-1].tag.startswith("away until")
    assert cards[-1].lines[-1].text == "Usual contact"
    # F9 from "most context" logs a call to the person selected there.
    panel.context_view.setFocus()
    assert panel.chosen_person() == (team["priya"].id, "Priya Shah")


def test_wrap_up_lists_an_unacknowledged_escalation(qtbot, ctx, team, escalated_case, window):
    tools = window.areas.escalation
    settle(qtbot, window)  # the ladder is read: the warnings come from it, not the database
    assert tools.panel.overview is not None
    assert tools.wrap_up_warnings(escalated_case.id) == []
    ctx.escalation.log_attempt(escalated_case.id, team["tom"].id, Outcome.MESSAGE_LEFT)
    qtbot.waitUntil(
        lambda: (
            tools.wrap_up_warnings(escalated_case.id)
            == ["Nobody has acknowledged the escalation yet (last: Tom Becker, message left)."]
        )
    )


def test_a_note_typed_neither_ranks_nor_reads_the_ladder_again(
    qtbot, monkeypatch, ctx, team, escalated_case, window
):
    tools = window.areas.escalation
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: tools.panel.context_model.rowCount() > 0)
    settle(qtbot, window)
    asked: list[str] = []

    def counted(name, read):
        def wrapper(*args, **kwargs):
            asked.append(name)
            return read(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(ctx.most_context, "rank", counted("rank", ctx.most_context.rank))
    monkeypatch.setattr(ctx.escalation, "overview", counted("ladder", ctx.escalation.overview))
    ctx.timeline.add_entry(escalated_case.id, "Labels print blank", EntryKind.NOTE)
    settle(qtbot, window)
    assert asked == []  # neither the ladder nor "most context" shows the timeline

    # A new issue changes what "most context" is worked out from; with the tab behind another,
    # the ranking waits until the tab is shown.
    window.show_tab(window.timeline)
    ctx.issues.add_issue(escalated_case.id, "Invoices print twice")
    settle(qtbot, window)
    assert "rank" not in asked
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: asked.count("rank") == 1)


def test_attempt_problem_keeps_the_choice(qtbot, ctx, team, escalated_case, window):
    tools = window.areas.escalation
    settle(qtbot, window)  # the ladder is read
    tools.panel.focus_ladder()
    dialog = tools.log_attempt()
    assert dialog is not None
    dialog.pick(Outcome.REACHED)
    dialog.note.setText("fine")
    ctx.team.remove_member(team["priya"].id)  # gone before the attempt is stored
    dialog.attempt_chosen.emit(dialog.outcome, dialog.note.text())
    qtbot.waitUntil(lambda: "no team member" in dialog.problem.text())
    assert dialog.isVisible()
    assert dialog.outcome is Outcome.REACHED and dialog.note.text() == "fine"


# Team directory ---------------------------------------------------------------------------------


@pytest.fixture
def directory(qtbot, ctx, team, window) -> TeamDialog:
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.areas.escalation.team_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)  # read off the GUI thread
    return dialog


def test_team_model_passes_the_model_tester(qtmodeltester, ctx, team, clock):
    model = TeamTableModel()
    model.set_members(ctx.team.members(), clock.now)
    qtmodeltester.check(model)
    cards = CardListModel()
    cards.set_cards(
        [Card(1, "1. Priya Shah", "usual contact", (CardLine("Away until 15:00", muted=True),))]
    )
    qtmodeltester.check(cards)
    assert cards.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "1. Priya Shah. usual contact. Away until 15:00"
    )


def test_a_second_colleague_of_the_same_name_is_refused_in_the_form(qtbot, ctx, team, directory):
    qtbot.keyClick(directory.table, Qt.Key.Key_Insert)
    form = directory.member_dialog
    assert form is not None
    qtbot.keyClicks(form.name, "priya shah")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Priya Shah is in the team directory already" in form.problem.text())
    assert form.isVisible()  # what was typed stays, to be told apart
    assert form.name.text() == "priya shah"
    qtbot.keyClicks(form.name, " (Berlin)")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(form))
    names = sorted(m.name for m in ctx.team.members())
    assert names == ["Aisha Khan", "Helen Cho", "Priya Shah", "Tom Becker", "priya shah (Berlin)"]


def test_team_directory_by_keyboard(qtbot, ctx, team, window, directory):
    names = [directory.model.member_at(r).name for r in range(directory.model.rowCount())]
    assert names == ["Aisha Khan", "Helen Cho", "Priya Shah", "Tom Becker"]
    priya_row = names.index("Priya Shah")
    assert directory.model.index(priya_row, 5).data().endswith("— Off-site meeting")

    # Insert: a new member, typed, Enter saves.
    qtbot.keyClick(directory.table, Qt.Key.Key_Insert)
    form = directory.member_dialog
    assert form is not None
    qtbot.keyClicks(form.name, "Ben Osei")
    form.role.setFocus()
    qtbot.keyClicks(form.role, "Account manager")
    form.team.setCurrentText("Accounts")
    form.manager.setCurrentIndex(form.manager.findText("Aisha Khan"))
    form.email.setFocus()
    qtbot.keyClicks(form.email, "ben.osei")
    qtbot.keyClick(form.email, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "is not an e-mail address" in form.problem.text())
    assert form.isVisible()
    qtbot.keyClicks(form.email, "@example.com")
    # The next field: the login he connects to a team database with.
    qtbot.keyClick(form.email, Qt.Key.Key_Tab)
    assert form.db_login.hasFocus()
    qtbot.keyClicks(form.db_login, "bosei")
    qtbot.keyClick(form.db_login, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(form))
    ben = next(m for m in ctx.team.members() if m.name == "Ben Osei")
    assert (ben.team, ben.manager_id, ben.email, ben.db_login) == (
        "Accounts",
        team["aisha"].id,
        "ben.osei@example.com",
        "bosei",
    )
    qtbot.waitUntil(lambda: directory.selected_id() == ben.id)

    # Tab to "Set away…" (Alt+W where the platform has mnemonics), Space, a reason, Enter.
    directory.activateWindow()  # offscreen does not hand activation back when a dialog closes
    qtbot.waitUntil(directory.isActiveWindow)
    for _ in range(6):
        if directory.away_button.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(directory.away_button, Qt.Key.Key_Space)
    away = directory.away_dialog
    assert away is not None
    qtbot.keyClicks(away.reason, "Annual leave")
    qtbot.keyClick(away.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(away))
    ben = next(m for m in ctx.team.members() if m.name == "Ben Osei")
    assert ben.away_reason == "Annual leave" and ben.away_until is not None

    # The ladder follows the directory at once.
    qtbot.waitUntil(
        lambda: "5. Helen Cho" in card_titles(window.areas.escalation.panel.ladder_model)
    )

    # Delete asks first.
    directory.activateWindow()
    qtbot.waitUntil(directory.isActiveWindow)
    directory.table.setFocus()
    qtbot.keyClick(directory.table, Qt.Key.Key_Delete)
    box = directory.confirm_box
    assert box is not None
    remove = next(b for b in box.buttons() if b.text() == "Remove")
    remove.click()
    qtbot.waitUntil(lambda: "Ben Osei" not in [m.name for m in ctx.team.members()])
    qtbot.waitUntil(lambda: directory.model.row_of(ben.id) is None)


def test_naming_a_stand_in_keeps_when_the_absence_started(
    qtbot, ctx, team, clock, window, directory
):
    before = next(m for m in ctx.team.members() if m.name == "Priya Shah")
    assert before.away_since is not None
    clock.now += timedelta(hours=2)  # the stand-in is named later on
    directory.table.setFocus()
    qtbot.waitUntil(lambda: directory.model.row_of(team["priya"].id) is not None)
    for _ in range(directory.model.row_of(team["priya"].id)):
        qtbot.keyClick(directory.table, Qt.Key.Key_Down)
    assert directory.selected_id() == team["priya"].id
    directory.set_away()  # what Alt+W does
    away = directory.away_dialog
    assert away is not None
    assert away.since is not None
    assert away.since.text() == short_when(before.away_since, clock.now)
    away.stand_in.setFocus()  # what Alt+C does
    qtbot.keyClicks(away.stand_in, "T")
    assert away.stand_in.currentText() == "Tom Becker"
    qtbot.keyClick(away.stand_in, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(away))

    after = next(m for m in ctx.team.members() if m.name == "Priya Shah")
    assert after.stand_in_id == team["tom"].id
    # The same absence: from when she left, until when she is back, for the same reason.
    assert (after.away_since, after.away_until, after.away_reason) == (
        before.away_since,
        before.away_until,
        before.away_reason,
    )


def test_import_csv_from_the_directory(qtbot, ctx, team, directory, tmp_path: Path):
    good = tmp_path / "team.csv"
    good.write_text(
        "name,role,team,manager\nZoe Adams,Account manager,Accounts,Aisha Khan\n",
        encoding="utf-8",
    )
    directory.import_file(good)
    qtbot.waitUntil(lambda: directory.summary.text() == "Imported team.csv: 1 added, 0 updated.")
    assert "Zoe Adams" in [m.name for m in ctx.team.members()]
    shown = directory.model
    qtbot.waitUntil(
        lambda: "Zoe Adams" in [shown.member_at(r).name for r in range(shown.rowCount())]
    )

    bad = tmp_path / "bad.csv"
    bad.write_text("name,manager\nYan Li,Nobody\n", encoding="utf-8")
    directory.import_file(bad)
    qtbot.waitUntil(lambda: "Row 2: 'manager'" in directory.banner.text())
    assert directory.summary.text() == ""
    assert "Yan Li" not in [m.name for m in ctx.team.members()]


def test_settings_dialog_sets_the_escalation_wait(qtbot, ctx):
    dialog = SettingsDialog(Settings(agent_name="Vinh"))
    qtbot.addWidget(dialog)
    assert dialog.escalate_after.value() == 15
    dialog.escalate_after.setValue(20)
    with qtbot.waitSignal(dialog.settings_chosen) as chosen:
        dialog.findChild(QDialogButtonBox).accepted.emit()
    assert chosen.args[0].escalate_after_minutes == 20
