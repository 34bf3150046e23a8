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
    if QApplication.activeWindow() is None:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is not None, timeout=2000)
    target = QApplication.focusWidget() or QApplication.activeWindow() or window
    combination = QKeySequence(keys)[0]
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
    return target
