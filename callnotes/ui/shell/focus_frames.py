"""Where the keyboard is stays visible: a focus frame wherever the focus is given by keys.

Qt's styles draw the focus frame of a list, a combo box or a button only once the agent has
moved the focus with Tab in that window. callnotes gives the focus by keys of its own (Ctrl+E
opens the card in its first field, Ctrl+2 puts the keyboard in the issue list, a dialog's
first field is chosen for the agent): without Tab, nothing showed where the next key would
go. One filter on the application marks a window as driven by the keyboard whenever its focus
moves other than by the mouse, and the frame is drawn. A click still hides it, as Qt does.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QWidget

from callnotes.ui.shell.app_filters import install_once

_NOT_BY_KEYS = (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.PopupFocusReason)


class FocusFrames(QObject):
    """The application-wide filter; see the module's description."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Mark the window of a widget that took the focus other than by the mouse."""
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and isinstance(watched, QWidget)
            and event.reason() not in _NOT_BY_KEYS
        ):
            window = watched.window()
            if not window.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange):
                window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
                watched.update()
        return False


def install_focus_frames(app: QApplication) -> FocusFrames:
    """Put the filter on *app* once (later calls return the one installed)."""
    return install_once(app, FocusFrames)[0]
