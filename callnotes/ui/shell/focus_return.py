"""After a dialog of the call window closes, the keyboard goes back to where the agent types.

Qt gives the focus back to whichever widget had it when the dialog opened. That is right for a
field the agent was typing in, but wrong for a list or table they had clicked or arrowed
through (F2 on a timeline row, a case picked in the list): the next words then land in the
table's keyboard search and the next Enter goes nowhere. One filter on the application decides
it for every dialog and message box of the window, so no dialog has to remember to.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

_TYPING = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def _is_typing_field(widget: QWidget | None) -> bool:
    if widget is None:
        return False
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, _TYPING) and not getattr(widget, "isReadOnly", lambda: False)()


class FocusReturn(QObject):
    """Watches the dialogs of *window*; when the last one closes, focus goes to a typing field.

    The field the agent was typing in when the dialog opened keeps the keyboard, and so does a
    place the dialog's handler chose, or a list on another tab of *pages* than the first (the
    timeline's); otherwise (the timeline table, a button, nothing) it goes to *focus_editor*.
    """

    def __init__(
        self, window: QWidget, focus_editor: Callable[[], None], pages: QTabWidget | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._pages = pages
        self._focus_editor = focus_editor
        # The dialogs open, in the order shown (by id), and where the focus was as each opened.
        self._open: dict[int, tuple[QDialog, QWidget | None]] = {}
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        window.destroyed.connect(lambda: app.removeEventFilter(self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Note where the focus was when a dialog opened; act when it closes."""
        kind = event.type()
        if kind in (QEvent.Type.Show, QEvent.Type.Hide) and self._is_ours(watched):
            assert isinstance(watched, QDialog)
            if kind is QEvent.Type.Show:
                self._open[id(watched)] = (watched, self._window.focusWidget())
            else:
                _dialog, before = self._open.pop(id(watched), (watched, None))
                # After Qt has given the focus back, so the choice made here is the last word.
                QTimer.singleShot(0, lambda: self._return(before))
        return False

    def _is_ours(self, watched: QObject) -> bool:
        if not isinstance(watched, QDialog) or not watched.isWindow():
            return False
        parent = watched.parentWidget()
        return parent is not None and parent.window() is self._window

    def _return(self, before: QWidget | None) -> None:
        if not self._window.isVisible():
            return
        self._open = {k: o for k, o in self._open.items() if shiboken6.isValid(o[0])}
        still_open = [dialog for dialog, _before in self._open.values() if dialog.isVisible()]
        if still_open:
            # Another dialog is still open (a preview that opened this one): the keyboard goes
            # to it, not to the window under it, which Qt activates as this one's parent.
            last = still_open[-1]
            if QApplication.activeWindow() is not last:
                last.raise_()
                last.activateWindow()
            return
        active = QApplication.activeWindow()
        if active is not None and active is not self._window:
            return  # the agent has moved to another window (a preview, the softphone)
        if active is None:
            self._window.activateWindow()  # the dialog was ours: the keyboard comes back here
        now = self._window.focusWidget()
        if now is not None and now is not before and now.isVisible():
            return  # whoever handled the dialog put the keyboard somewhere on purpose
        if _is_typing_field(now) and now is not None and now.isVisible():
            return  # back in the field the agent was typing in
        if now is not None and self._on_other_page(now):
            return  # a list of another tab (issues, cases): its keys move through it
        self._focus_editor()

    def _on_other_page(self, widget: QWidget) -> bool:
        pages = self._pages
        if pages is None or pages.currentIndex() == 0:
            return False
        page = pages.currentWidget()
        return page is not None and (widget is page or page.isAncestorOf(widget))
