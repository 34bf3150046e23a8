"""The keys the guide and the client card name are the window's real shortcuts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence

from callnotes.domain.playbooks import parse_playbook
from callnotes.domain.rail import CallFacts
from callnotes.domain.timeline import EntryKind
from callnotes.resources import playbooks_dir
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.call.rail import RailActions, RailPanel
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.menus import guide_commands
from tests.ui.conftest import shown_window
from tests.ui.keypress import press

NATIVE = QKeySequence.SequenceFormat.NativeText
_KEY = re.compile(r"\{key:(\w+)\}")


def key_of(action: QAction) -> str:
    return action.shortcut().toString(NATIVE)


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state)


@pytest.fixture
def on_call(qtbot, window, ctx) -> MainWindow:
    window.session.start(
        CallChoice(
            number="+44 20 7946 0321",
            caller_name="Dana Whitfield",
            client_id=window.case_list.model().case_at(0).client_id,
            case_title="Driver app logs everyone out",
        )
    )
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    window.focus_editor()
    return window


def step_text(qtbot, window: MainWindow, number: int) -> str:
    while window.rail.current < number - 1:
        press(qtbot, window, "F4")
    return window.rail.shown_text


def test_the_guide_names_the_keys_the_window_answers(qtbot, on_call):
    menus, timeline = on_call.menus, on_call.timeline
    client_said = next(a for a in timeline.kind_actions if a.text() == "Client said")
    commitment = next(a for a in timeline.kind_actions if a.text() == "Commitment")

    listen = step_text(qtbot, on_call, 3)
    assert f"Write down their own words ({key_of(client_said)})" in listen
    contact = step_text(qtbot, on_call, 8)
    assert f"Edit the client card ({key_of(menus.edit_card)})." in contact
    assert "F2" not in contact  # F2 amends an entry
    close = step_text(qtbot, on_call, 11)
    assert f"as a commitment ({key_of(commitment)})" in close

    # The key named is the key that works: pressing it does what the guide says.
    on_call.focus_editor()
    press(qtbot, on_call, key_of(client_said))
    assert on_call.timeline.kind is EntryKind.CLIENT_SAID
    press(qtbot, on_call, key_of(menus.edit_card))
    assert on_call.card.is_editing


def test_every_key_a_shipped_playbook_names_is_a_real_shortcut(window):
    commands = guide_commands(window)
    named = set()
    for path in sorted(playbooks_dir().glob("*.toml")):
        named |= set(_KEY.findall(path.read_text(encoding="utf-8")))
    named.discard("NAME")  # the comment that explains the form
    assert named, "the playbooks name keys through {key:…}"
    for name in sorted(named):
        assert name in commands, f"{{key:{name}}} names no command of the window"
        assert key_of(commands[name]), f"{{key:{name}}}: {commands[name].text()} has no key"


def test_keys_follow_a_changed_shortcut_and_an_unknown_key_is_said_in_words(qtbot, on_call):
    on_call.menus.edit_card.setShortcut(QKeySequence("Ctrl+Shift+E"))
    on_call.rail.set_commands(guide_commands(on_call))
    text = step_text(qtbot, on_call, 8)
    assert f"Edit the client card ({QKeySequence('Ctrl+Shift+E').toString(NATIVE)})." in text

    rail = rail_with(
        'id = "k"\nname = "K"\n[[steps]]\nid = "a"\ntitle = "Press {key:no_such_thing}"\n'
        'prompt = "Then {key:edit_card} and {key:rename_no_key}."\n'
    )
    no_key = QAction("&Rename client…", rail)
    rail.set_commands({"edit_card": on_call.menus.edit_card, "rename_no_key": no_key})
    shown = rail.shown_text
    assert "{" not in shown and "}" not in shown
    assert "Press (no command called “no_such_thing”)" in shown
    assert "Then Ctrl+Shift+E and (“Rename client” in the menus)." in shown


def test_the_card_names_the_real_key_of_its_form(on_call):
    card = on_call.card.summary_text
    assert f"Preferred contact method not asked yet ({key_of(on_call.menus.edit_card)})" in card
    assert f"No usual contact set ({key_of(on_call.menus.edit_card)} to choose one)" in card


def test_the_idle_guide_names_the_new_call_key(window):
    assert f"Press {key_of(window.menus.new_call)} to start a call" in window.rail.shown_text


def rail_with(toml: str) -> RailPanel:
    playbook = parse_playbook(toml, "k.toml")
    rail = RailPanel(
        RailActions(
            facts=lambda _call: CallFacts(),
            load_state=lambda _call: {},
            save_state=lambda _call, _state: None,
            record=lambda *_args: None,
        )
    )
    rail.set_playbook(playbook, {})
    rail.set_call(1, 1)
    return rail


def test_no_step_of_any_shipped_playbook_shows_braces_whatever_is_missing(qtbot):
    for path in sorted(Path(playbooks_dir()).glob("*.toml")):
        rail = rail_with(path.read_text(encoding="utf-8"))
        qtbot.addWidget(rail)
        for n, _step in enumerate(rail._playbook.steps):  # type: ignore[union-attr]
            assert rail.current == n
            text = rail.shown_text
            assert "{" not in text and "}" not in text, f"{path.name}, step {n + 1}: {text}"
            rail.next_step()


def test_the_team_directory_tooltips_name_its_own_keys(qtbot, ctx):
    from callnotes.ui.escalation.actions import TeamActions
    from callnotes.ui.escalation.team_dialog import TeamDialog

    dialog = TeamDialog(TeamActions.from_service(ctx.team, ctx.clock))
    qtbot.addWidget(dialog)
    keys = {
        action.shortcut().toString(NATIVE) for action in dialog.table.actions()
    }  # the table's own shortcuts
    for button in (dialog.add_button, dialog.edit_button, dialog.remove_button):
        key = button.toolTip().rsplit("(", 1)[1].rstrip(")")
        assert key in keys, button.toolTip()
