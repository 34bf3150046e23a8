"""Pressing keys as the agent does: on the widget that has the keyboard focus."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


def press(qtbot, window: QWidget, keys: str) -> QWidget:
    """Press *keys* ("Alt+2", "Ctrl+Shift+H", "F8") on the focused widget of *window*.

    The press goes through Qt's shortcut map like a real one, so a key that two things answer
    fails the test (Qt logs "Ambiguous shortcut overload") instead of being silently resolved.
    Returns the widget the key went to.
    """
    active = QApplication.activeWindow()
    if (
        active is None
        or not active.isVisible()
        or (active is not window.window() and not active.isModal())
    ):
        # The agent is looking at this window (a dialog it opened keeps the keyboard).
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window.window(), timeout=2000)
    target = QApplication.focusWidget() or QApplication.activeWindow() or window
    combination = QKeySequence(keys)[0]
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
    return target


def choose_from_menu(qtbot, window: QWidget, menu_keys: str, action) -> None:
    """Open a menu of the menu bar with its mnemonic (*menu_keys*, e.g. "Alt+L") and choose
    *action* in it with its own mnemonic letter, as a keyboard user reaches a command that has
    no shortcut of its own."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMenu

    press(qtbot, window, menu_keys)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=2000)
    letter = QKeySequence.mnemonic(action.text())
    assert not letter.isEmpty(), f"{action.text()!r} has no mnemonic: the keyboard cannot reach it"
    qtbot.keyClick(
        QApplication.activePopupWidget(), letter[0].key(), Qt.KeyboardModifier.NoModifier
    )
