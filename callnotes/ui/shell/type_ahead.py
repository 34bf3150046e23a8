"""Typing a name into a list that does not take text: a space goes on with the name.

A combo box that is not editable finds an item as its name is typed ("Ger" → Germany), but a
space opens its list instead: "United K" stopped at "United" with the list open, and "Priya S"
at the first Priya. One filter on the application lets a space typed in the middle of such a
search go on with it; a space on its own still opens the list.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox

from callnotes.ui.shell.app_filters import install_once

_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class TypeAhead(QObject):
    """The application-wide filter; see the module's description."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._typed: tuple[int, float] = (0, 0.0)  # the combo box typed in last, and when

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Carry a space typed within a search on to the search."""
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(watched, QComboBox)
            or watched.isEditable()
            or not isinstance(event, QKeyEvent)
            or event.modifiers() & _COMMAND
        ):
            return False
        now = time.monotonic()
        if event.key() == Qt.Key.Key_Space:
            combo, at = self._typed
            if combo != id(watched) or (now - at) * 1000 > QApplication.keyboardInputInterval():
                return False  # a space on its own: the list opens, as Qt does
            _search(watched, " ")
            self._typed = (id(watched), now)
            return True
        if event.text().isprintable() and event.text().strip():
            self._typed = (id(watched), now)
        return False


def _search(combo: QComboBox, text: str) -> None:
    """Go on with the combo box's search as its own typing does (its list's search)."""
    view = combo.view()
    view.setCurrentIndex(combo.model().index(combo.currentIndex(), combo.modelColumn()))
    before = view.currentIndex().row()
    view.keyboardSearch(text)
    row = view.currentIndex().row()
    if row != before and row >= 0:
        combo.setCurrentIndex(row)
        combo.activated.emit(row)


def install_type_ahead(app: QApplication) -> TypeAhead:
    """Put the filter on *app* once (later calls return the one installed)."""
    return install_once(app, TypeAhead)[0]
