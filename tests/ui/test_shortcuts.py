"""No two things in the call window answer one key; the entry-kind keys reach the editor."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMenu

from callnotes.domain.timeline import EntryKind
from callnotes.ui.timeline.kind_chooser import KIND_SHORTCUTS
from tests.ui import test_main_window
from tests.ui.keypress import press
from tests.ui.shortcut_map import collisions, key_owners
from tests.ui.test_main_window import type_entry

window = test_main_window.window  # the fixtures: a window on a case, and a call on it
on_call = test_main_window.on_call


def test_no_two_things_in_the_call_window_answer_the_same_key(on_call):
    owners = key_owners(on_call)
    keys = {owner.key for owner in owners}
    # The map sees what Qt sees: menus, tabs, buttons, window actions, the kind keys.
    assert {"Alt+C", "Ctrl+N", "F8", *KIND_SHORTCUTS.values()} <= keys
    found = collisions(owners)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    "keys",
    [
        "Ctrl+N",
        "Ctrl+F",  # the search, offering to keep to the shown case's client
        "Ctrl+,",
        "F1",
        "Ctrl+D",
        "Ctrl+U",
        "Ctrl+Shift+P",
        "Ctrl+Shift+T",
        "Ctrl+Shift+I",
        "Ctrl+Shift+A",
        "Ctrl+Shift+D",
        "Ctrl+Shift+L",
        "Ctrl+Shift+J",
        "Ctrl+Shift+E",
        "Ctrl+Shift+O",
        "Ctrl+Shift+X",
        "F8",  # wrap-up: what the call has not captured, Go back or Wrap up anyway
    ],
)
def test_dialogs_opened_by_key_during_the_call_have_no_colliding_keys(qtbot, on_call, keys):
    on_call.focus_editor()
    press(qtbot, on_call, keys)

    def opened() -> list[QDialog]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()
        ]

    qtbot.waitUntil(lambda: len(opened()) == 1, timeout=3000)
    [dialog] = opened()
    found = collisions(key_owners(dialog))
    assert found == [], f"{dialog.windowTitle()}: " + "\n".join(found)
    dialog.close()


@pytest.mark.parametrize("kind", list(KIND_SHORTCUTS))
def test_each_kind_key_in_the_note_editor_sets_the_kind_and_keeps_typing_there(
    qtbot, on_call, ctx, kind
):
    editor = on_call.timeline.note_input
    on_call.focus_editor()
    assert on_call.focusWidget() is editor
    other = EntryKind.CLIENT_SAID if kind is EntryKind.NOTE else EntryKind.NOTE
    press(qtbot, on_call, KIND_SHORTCUTS[other])
    press(qtbot, on_call, KIND_SHORTCUTS[kind])  # twice in a row: the second must not open a menu
    press(qtbot, on_call, KIND_SHORTCUTS[kind])
    assert on_call.timeline.kind is kind
    assert on_call.focusWidget() is editor, "the key must leave the keyboard in the editor"
    type_entry(qtbot, on_call, "Labels print blank since the driver update")
    entry = ctx.timeline.entries(on_call.session.call.case_id)[-1]
    assert (entry.kind, entry.text) == (kind, "Labels print blank since the driver update")


def test_typing_letters_after_a_kind_key_never_runs_a_menu_item(qtbot, on_call):
    on_call.focus_editor()
    press(qtbot, on_call, KIND_SHORTCUTS[EntryKind.DECISION])
    qtbot.keyClicks(QApplication.focusWidget(), "saddle cases")
    assert on_call.timeline.note_input.text() == "saddle cases"
    assert on_call.menuBar().activeAction() is None
    assert not [menu for menu in on_call.findChildren(QMenu) if menu.isVisible()]
    assert QApplication.activeModalWidget() is None


def test_a_kind_key_on_another_tab_brings_the_note_editor_back(qtbot, on_call, ctx):
    press(qtbot, on_call, "Ctrl+2")  # the issues, the new-issue line has the keyboard
    assert QApplication.focusWidget() is on_call.issues.quick_add
    press(qtbot, on_call, KIND_SHORTCUTS[EntryKind.DECISION])
    assert QApplication.focusWidget() is on_call.timeline.note_input
    type_entry(qtbot, on_call, "Roll the driver back first")
    entry = ctx.timeline.entries(on_call.session.call.case_id)[-1]
    assert (entry.kind, entry.text) == (EntryKind.DECISION, "Roll the driver back first")


def test_tab_in_the_new_issue_line_adds_the_issue_and_goes_on_to_its_words(qtbot, on_call, ctx):
    press(qtbot, on_call, "Ctrl+2")
    qtbot.keyClicks(on_call.issues.quick_add, "Labels print blank")
    press(qtbot, on_call, "Tab")
    form = on_call.issues.editor.form
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.client_words)  # once stored
    words = QApplication.focusWidget()
    assert words is on_call.issues.editor.form.client_words
    qtbot.keyClicks(words, "Every label comes out blank")
    on_call.issues.flush()
    [issue] = ctx.issues.issues(on_call.session.call.case_id)
    assert (issue.title, issue.client_words) == (
        "Labels print blank",
        "Every label comes out blank",
    )
    assert on_call.issues.quick_add.text() == ""


def test_an_alt_key_no_menu_takes_types_nothing_into_the_note(qtbot, on_call):
    editor = on_call.timeline.note_input
    on_call.focus_editor()
    qtbot.keyClicks(editor, "Labels ")
    for key in ("Alt+Z", "Alt+Q", "Alt+J", "Alt+K"):  # no menu or button has these
        press(qtbot, on_call, key)
    assert editor.text() == "Labels "  # "zqjk" was typed here
    assert on_call.focusWidget() is editor
    qtbot.keyClicks(editor, "print blank")
    assert editor.text() == "Labels print blank"
