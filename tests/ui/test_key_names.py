"""Every key name the call window and its dialogs show is a key something there really answers."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from callnotes.ui.shell.main_window import MainWindow
from tests.ui import test_main_window
from tests.ui.keypress import press
from tests.ui.shortcut_map import key_owners

window = test_main_window.window
on_call = test_main_window.on_call

_MODIFIED = r"(?:(?:Ctrl|Alt|Shift|Meta)\+)+(?:F\d{1,2}|[A-Z][a-z]+|[A-Z0-9,.])(?![A-Za-z0-9])"
KEY_NAME = re.compile(rf"(?<![\w+])(?:{_MODIFIED}|F\d{{1,2}}\b)")

#: Not a command: the note editor's own key for a line break, checked by pressing it below.
EDITOR_KEYS = {"Shift+Enter"}


def portable(name: str) -> str:
    """*name* as shown (this keyboard's words) in Qt's portable form, for comparing."""
    return QKeySequence(name, QKeySequence.SequenceFormat.NativeText).toString(
        QKeySequence.SequenceFormat.PortableText
    )


def key_of(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)


def _model_texts(model: QAbstractItemModel) -> list[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    cells = [
        model.index(row, column)
        for row in range(model.rowCount(QModelIndex()))
        for column in range(8)  # a list model's columnCount is not callable from Python
    ]
    return [str(model.data(cell, role) or "") for cell in cells if cell.isValid() for role in roles]


def shown_texts(root: QWidget) -> dict[str, str]:
    """Every text *root* and its children show or say, with where it is shown."""
    found: dict[str, str] = {}
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        texts = [widget.toolTip(), widget.accessibleDescription(), widget.accessibleName()]
        texts.append(widget.windowTitle() if widget.isWindow() else "")
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTabBar):
            for n in range(widget.count()):
                texts += [widget.tabText(n), widget.tabToolTip(n)]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += _model_texts(widget.model())
        for text in texts:
            if text:
                found[text] = where
    return found


def unanswered(root: QWidget, *also: QWidget) -> list[str]:
    """Key names shown in *root* that neither *root* nor *also* answer."""
    answered = {o.key for w in (root, *also) for o in key_owners(w)} | EDITOR_KEYS
    return [
        f"{name!r} in {where}: {text!r}"
        for text, where in shown_texts(root).items()
        for name in KEY_NAME.findall(text)
        if portable(name) not in answered
    ]


def named_keys(root: QWidget) -> set[str]:
    return {portable(n) for text in shown_texts(root) for n in KEY_NAME.findall(text)}


def open_by_key(qtbot, main: MainWindow, keys: str) -> list[QWidget]:
    """Press *keys* in the window; the windows (dialogs) it opened."""
    before = set(QApplication.topLevelWidgets())
    main.activateWindow()
    main.focus_editor()
    press(qtbot, main, keys)
    qtbot.wait(10)
    return [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]


def test_every_key_name_shown_is_a_key_that_is_answered(qtbot, on_call):
    main = on_call
    tools = main.areas
    main.areas.updates.show_tab()
    problems = unanswered(main)
    names = named_keys(main)
    # The call bar, the guide and the after-call areas name the window's keys.
    assert {key_of(main.menus.new_call), key_of(main.menus.wrap_up)} <= names
    assert key_of(tools.escalation.log_action) in names

    main.focus_editor()
    qtbot.keyClicks(main.timeline.note_input, "Labels print blank")
    press(qtbot, main, "Return")  # an entry to amend
    opened: list[str] = []
    for action in (
        tools.updates.log_action,
        tools.updates.plan_action,
        tools.escalation.team_action,
        tools.resolution.review_action,
        tools.resolution.recurring_action,
        tools.investigation.action,
        main.timeline.edit_action,
        *(a for a in main.menus.all_actions() if a.text() == main.tr("&Documents…")),
        *(a for a in main.menus.all_actions() if a.text() == main.tr("&Keyboard shortcuts")),
    ):
        keys = key_of(action)
        assert keys, action.text()
        for dialog in open_by_key(qtbot, main, keys):
            opened.append(type(dialog).__name__)
            problems += [f"{keys} → {p}" for p in unanswered(dialog, main)]
            dialog.close()
    assert {"EntryEditDialog", "InvestigationDialog", "CheatSheetDialog"} <= set(opened)
    assert len(opened) >= 9, opened
    assert not problems, "\n".join(problems)


def test_the_line_break_key_the_note_editor_names_is_answered_by_the_editor(qtbot, on_call):
    editor = on_call.timeline.note_input
    assert "Shift+Enter" in named_keys(on_call)
    on_call.focus_editor()
    editor.setText("first")
    press(qtbot, on_call, "Shift+Return")
    qtbot.keyClicks(editor, "second")
    assert editor.toPlainText() == "first\nsecond"


@pytest.mark.parametrize("new_key", ["Ctrl+Alt+J", "F12"])
def test_a_changed_shortcut_changes_the_key_shown(qtbot, on_call, new_key):
    menus, tools = on_call.menus, on_call.areas
    bar = on_call.call_bar
    old_new, old_wrap = menus.new_call.shortcut(), menus.wrap_up.shortcut()
    old_text = old_new.toString(QKeySequence.SequenceFormat.NativeText)
    assert old_text in bar.new_button.toolTip()

    menus.new_call.setShortcut(QKeySequence(new_key))
    menus.wrap_up.setShortcut(QKeySequence())
    tools.escalation.log_action.setShortcut(QKeySequence(new_key))

    shown = QKeySequence(new_key).toString(QKeySequence.SequenceFormat.NativeText)
    assert shown in bar.new_button.toolTip()
    assert old_text not in bar.new_button.toolTip()
    assert bar.end_button.toolTip() == on_call.tr("Wrap up the call")  # no key: none named
    assert old_wrap.toString() not in bar.end_button.toolTip()
    assert shown in tools.escalation.panel.log_button.toolTip()
