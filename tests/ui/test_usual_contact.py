"""The premise set up by keyboard: who the client's usual contact is, and what the guide says."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.playbooks import parse_playbook
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.call.session import rail_values
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.settings_dialog import SettingsDialog
from tests.ui.conftest import shown_window
from tests.ui.keypress import press


@pytest.fixture
def team(ctx, clock) -> dict[str, TeamMemberRecord]:
    tom = ctx.clients.create_team_member("Tom Becker", role="Support lead", team="Support")
    priya = ctx.clients.create_team_member(
        "Priya Shah", role="Account manager", team="Accounts", manager_id=tom.id
    )
    ctx.clients.set_away(
        priya.id, away_until=clock.now + timedelta(hours=5), reason="client meeting off-site"
    )
    helen = ctx.clients.create_team_member("Helen Cho", role="Engineer", team="Support")
    return {"tom": tom, "priya": priya, "helen": helen}


@pytest.fixture
def window(qtbot, ctx, case, window_state, team) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, (420, 900))


def start_call(qtbot, window: MainWindow, ctx, *, caller: str = "Dana Whitfield") -> None:
    client_id = window.case_list.model().case_at(0).client_id
    window.session.start(
        CallChoice(
            number="+44 20 7946 0321",
            caller_name=caller,
            client_id=client_id,
            case_title="Driver app logs everyone out",
        )
    )
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    window.focus_editor()
    assert window.session.call is not None


def walk_the_guide(qtbot, window: MainWindow) -> list[str]:
    """Every step of the guide as shown, reached with the key the agent presses."""
    shown = []
    steps = len(window.rail._playbook.steps)  # type: ignore[union-attr]
    for _ in range(steps):
        shown.append(window.rail.shown_text)
        press(qtbot, window, "F4")
    return shown


def go_to_step(qtbot, window: MainWindow, number: int) -> None:
    while window.rail.current > number - 1:
        press(qtbot, window, "Shift+F4")
    while window.rail.current < number - 1:
        press(qtbot, window, "F4")


def test_the_usual_contact_is_chosen_on_the_card_by_keyboard(qtbot, ctx, window, team, case):
    start_call(qtbot, window, ctx)
    go_to_step(qtbot, window, 2)
    assert window.rail.title_text == "Step 2 of 11: Usual contact not set"
    assert "(Ctrl+E to choose one)" in window.card.summary_text

    press(qtbot, window, "Ctrl+E")
    card = window.card
    assert card.is_editing
    for _ in range(12):  # Tab through the form as the agent does, to the usual contact
        if QApplication.focusWidget() is card.usual_contact:
            break
        press(qtbot, window, "Tab")
    assert QApplication.focusWidget() is card.usual_contact
    qtbot.keyClicks(QApplication.focusWidget(), "Priya")  # a list jumps to what is typed
    assert card.usual_contact.currentData() == team["priya"].id
    press(qtbot, window, "Return")

    qtbot.waitUntil(lambda: not card.is_editing)  # stored off the GUI thread
    assert QApplication.focusWidget() is window.timeline.note_input
    client = ctx.clients.get_client(case.client_id)
    assert client.usual_contact is not None and client.usual_contact.id == team["priya"].id
    assert "Usual contact Priya Shah is away until" in card.summary_text
    assert "(client meeting off-site)" in card.summary_text
    assert window.rail.title_text == "Step 2 of 11: Usual contact is away"
    assert "Priya Shah is away at the moment (client meeting off-site) and back at 14:00" in (
        window.rail.shown_text
    )
    for text in walk_the_guide(qtbot, window):
        assert "{" not in text and "}" not in text, text

    # What follows from the premise: the ladder starts at her, the handover is for her.
    overview = ctx.escalation.overview(case.id, timedelta(minutes=30))
    assert overview.has_usual_contact
    assert overview.ladder[0].member.id == team["priya"].id
    handover = ctx.documents.build(case.id, "handover")
    assert "Priya Shah" in handover.markdown
    assert "The client's usual contact" not in handover.markdown


def test_no_placeholder_reaches_the_guide_without_usual_contact_company_or_caller_name(
    qtbot, ctx, window
):
    assert ctx.settings.company == ""  # never asked: the first-run questions were skipped
    start_call(qtbot, window, ctx, caller="")
    shown = walk_the_guide(qtbot, window)
    for text in shown:
        assert "{" not in text and "}" not in text, text
    greeting = shown[0]
    assert "you've called (your company's name is not set — set it in Settings with Ctrl+,)" in (
        greeting
    )
    assert "Ask who they usually deal with".casefold() in shown[1].casefold()
    assert "No usual contact set (Ctrl+E to choose one)" in window.card.summary_text


def test_a_missing_value_in_the_guide_opens_the_place_to_fill_it(qtbot, ctx, window):
    start_call(qtbot, window, ctx)
    phrases = window.rail.findChild(QLabel, "railPhrases")
    assert "href='action:settings'" in phrases.text()
    phrases.linkActivated.emit("action:settings")  # what a click on the words does
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_an_available_usual_contact_is_not_said_to_be_away(qtbot, ctx, window, team, case):
    ctx.clients.set_usual_contact(case.client_id, team["helen"].id)
    start_call(qtbot, window, ctx)
    go_to_step(qtbot, window, 2)
    assert window.rail.title_text == "Step 2 of 11: Usual contact is in"
    assert "Helen Cho is in today" in window.rail.shown_text
    assert "is away" not in window.rail.shown_text
    assert "Usual contact: Helen Cho" in window.card.summary_text


def test_an_away_colleague_with_no_reason_is_said_in_words(qtbot, ctx, window, team, case, clock):
    ctx.clients.set_away(team["helen"].id, away_until=clock.now + timedelta(days=1), reason="")
    ctx.clients.set_usual_contact(case.client_id, team["helen"].id)
    start_call(qtbot, window, ctx)
    go_to_step(qtbot, window, 2)
    text = window.rail.shown_text
    assert (
        "Helen Cho is away at the moment (no reason recorded — Ctrl+Shift+T opens the team "
        "directory) and back on Tue 09:00."
    ) in text  # in the client's time zone (London is on UTC in March)
    assert "{" not in text


# Typing into the zone list shows its completions: a popup the offscreen platform cannot raise.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing")
def test_the_time_zone_is_shown_and_changed_on_the_card(qtbot, ctx, window, case):
    start_call(qtbot, window, ctx)
    card = window.card
    assert "Time zone Europe/London" in card.summary_text
    press(qtbot, window, "Ctrl+E")
    card.timezone.setFocus()
    line = card.timezone.lineEdit()
    line.selectAll()
    qtbot.keyClicks(line, "Mars/Olympus")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert card.is_editing, "a zone nobody knows is refused, the form stays as typed"
    assert window.banner.text() == (
        "“Mars/Olympus” is not a time zone callnotes knows; type a city and choose from the "
        "list (for example Europe/London)."
    )
    assert ctx.clients.get_client(case.client_id).timezone == "Europe/London"

    line.selectAll()
    qtbot.keyClicks(line, "Europe/Dublin")
    press(qtbot, window, "Return")
    qtbot.waitUntil(lambda: not card.is_editing)  # stored off the GUI thread
    assert ctx.clients.get_client(case.client_id).timezone == "Europe/Dublin"
    assert "Time zone Europe/Dublin" in card.summary_text
    assert window.banner.text() == "", "the complaint goes once the zone is saved"


def test_the_team_directory_says_whose_usual_contact_a_colleague_is(qtbot, ctx, window, team, case):
    start_call(qtbot, window, ctx)
    press(qtbot, window, "Ctrl+Shift+T")
    directory = window.areas.escalation.team_dialog
    assert directory is not None
    qtbot.waitExposed(directory)
    directory.activateWindow()
    qtbot.waitUntil(directory.isActiveWindow)
    qtbot.waitUntil(lambda: directory.model.rowCount() > 0)  # read off the GUI thread
    names = [directory.model.member_at(r).name for r in range(directory.model.rowCount())]
    directory.table.setCurrentIndex(directory.model.index(names.index("Tom Becker"), 0))

    # Tab to "Usual contact for…" (Alt+U where the platform has mnemonics), then Space.
    for _ in range(12):
        if QApplication.focusWidget() is directory.clients_button:
            break
        press(qtbot, directory, "Tab")
    assert QApplication.focusWidget() is directory.clients_button
    press(qtbot, directory, "Space")
    chooser = directory.clients_dialog
    assert chooser is not None
    qtbot.waitExposed(chooser)
    chooser.activateWindow()
    qtbot.waitUntil(chooser.isActiveWindow)
    assert QApplication.focusWidget() is chooser.clients
    press(qtbot, chooser, "Space")  # ticks the first client: Northwind Logistics
    press(qtbot, chooser, "Return")

    def usual_contact() -> str | None:
        client = ctx.clients.get_client(case.client_id)
        return client.usual_contact.name if client.usual_contact is not None else None

    qtbot.waitUntil(lambda: usual_contact() == "Tom Becker")
    qtbot.waitUntil(
        lambda: (
            directory.model.index(directory.model.row_of(team["tom"].id), 6).data()
            == "Northwind Logistics"
        )
    )

    press(qtbot, directory, "Escape")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: "Usual contact: Tom Becker" in window.card.summary_text)
    go_to_step(qtbot, window, 2)
    assert "Tom Becker is in today" in window.rail.shown_text


def test_client_details_choose_the_usual_contact_too(qtbot, ctx, window, team, case):
    window.areas.client.rename()
    qtbot.waitUntil(lambda: window.areas.client.dialog is not None)  # read off the GUI thread
    dialog = window.areas.client.dialog
    qtbot.waitExposed(dialog)
    dialog.usual_contact.setFocus()
    qtbot.keyClicks(dialog.usual_contact, "Helen")
    qtbot.keyClick(dialog.usual_contact, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.areas.client.dialog is None)  # stored off the GUI thread
    client = ctx.clients.get_client(case.client_id)
    assert client.usual_contact is not None and client.usual_contact.name == "Helen Cho"
    assert client.name == "Northwind Logistics"


def test_the_guides_choose_one_link_opens_the_card_at_the_usual_contact(qtbot, ctx, window):
    start_call(qtbot, window, ctx)
    rail = window.rail
    rail.set_playbook(
        parse_playbook(
            'id = "x"\nname = "X"\n[[steps]]\nid = "a"\ntitle = "A"\n'
            'prompt = "{usual_contact} is your contact from now on."\n',
            "x.toml",
        ),
        rail_values(ctx.settings, window.session.card, ctx.clock()),
    )
    prompt = rail.findChild(QLabel, "railPrompt")
    assert "href='action:choose_usual_contact'" in prompt.text()
    assert (
        "\n(no usual contact set — Ctrl+E to choose one) is your contact from now on.\n"
    ) in rail.shown_text
    prompt.linkActivated.emit("action:choose_usual_contact")  # what a click on the words does
    assert window.card.is_editing
    assert QApplication.focusWidget() is window.card.usual_contact


def test_the_colleagues_return_is_given_on_the_clients_clock_too(
    qtbot, ctx, window, team, case, clock
):
    # The guide tells the client when the colleague is back on the client's clock; the card
    # said it on the agent's alone, and the two times side by side disagreed.
    client = ctx.clients.get_client(case.client_id)
    ctx.clients.update_client(client.id, name=client.name, timezone="Pacific/Kiritimati")
    ctx.clients.set_usual_contact(client.id, team["priya"].id)
    start_call(qtbot, window, ctx)
    back = clock.now + timedelta(hours=5)  # as the team fixture set it
    there = back.astimezone(ZoneInfo("Pacific/Kiritimati")).strftime("%H:%M")
    qtbot.waitUntil(lambda: "client time)" in window.card.summary_text)
    assert f"{there} client time)" in window.card.summary_text
