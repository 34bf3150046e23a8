"""Alt with a letter is the menus': one no menu takes is refused, never typed.

A text field types the letter of an Alt key no menu or button claims: Alt+Z, Alt+Q or a
disabled command's Alt+W put "zqw" into the client's note, and the Alt+W that closed a dialog
could type its "w" into the note behind it. One filter on the application refuses such a key
in any text field with the system's beep, as a key that does nothing should. Alt keys that a
menu, a button or a shortcut claims never reach it (Qt hands them over first); AltGr, which
types letters on many keyboards, is not Alt; and on macOS, where Option is Alt and types
accents, nothing is refused.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

from callnotes.ui.shell.app_filters import install_once

_TEXT_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
# Ctrl+Alt is AltGr on Windows: it types letters there.
_OTHERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier


class AltKeys(QObject):
    """The application-wide filter; see the module's description."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Refuse an Alt key no menu took, in a text field."""
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or not isinstance(watched, _TEXT_FIELDS)
            or not event.modifiers() & Qt.KeyboardModifier.AltModifier
            or event.modifiers() & _OTHERS
            or not event.text().strip()
            or not event.text().isprintable()
        ):
            return False
        QApplication.beep()
        return True


def install_alt_keys(app: QApplication) -> AltKeys | None:
    """Put the filter on *app* once (later calls return the one installed); none on macOS."""
    if sys.platform == "darwin":
        return None
    return install_once(app, AltKeys)[0]
