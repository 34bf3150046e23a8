"""The line the agent types into: Enter commits, Shift+Enter breaks the line, pastes are plain."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from callnotes.domain.text import MAX_NOTE_CHARS

#: The editor's height in lines: at rest, and at most as a longer note grows it.
MIN_LINES, MAX_LINES = 3, 8


class NoteEditor(QPlainTextEdit):
    """Three lines tall, growing to eight as a note gets longer (a pasted list is seen whole,
    not its last line); rich pastes become plain text and oversized pastes are cut, with a
    message, so a stray 10 MB paste cannot freeze the call."""

    submitted = Signal(str)  # the text, when the agent presses Enter
    focus_left = Signal()
    notice = Signal(str)  # something the agent should know (a paste was shortened)

    def __init__(self, parent: QWidget | None = None, *, max_chars: int = MAX_NOTE_CHARS) -> None:
        super().__init__(parent)
        self._max_chars = max_chars
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self._lines = 0
        self._fit_lines(MIN_LINES)
        # The layout's size is in lines for a plain text editor, wrapped lines included.
        self.document().documentLayout().documentSizeChanged.connect(
            lambda size: self._fit_lines(int(size.height()))
        )

    def _fit_lines(self, lines: int) -> None:
        """As tall as *lines* lines, within MIN_LINES and MAX_LINES (then it scrolls)."""
        lines = max(MIN_LINES, min(MAX_LINES, lines))
        if lines == self._lines:
            return
        self._lines = lines
        margins = self.contentsMargins()
        self.setFixedHeight(
            self.fontMetrics().lineSpacing() * lines
            + int(self.document().documentMargin() * 2)
            + margins.top()
            + margins.bottom()
            + 4
        )

    def text(self) -> str:
        """The text typed so far."""
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 (mirrors QLineEdit)
        """Replace the text and put the cursor at the end."""
        self.setPlainText(text)
        self.moveCursor(self.textCursor().MoveOperation.End)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Enter submits; Shift+Enter inserts a line break."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            event.accept()
            self.submitted.emit(self.toPlainText())
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        """Tell the autosaver: leaving the editor is a moment to flush."""
        super().focusOutEvent(event)
        self.focus_left.emit()

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802 (Qt API)
        """Accept anything that carries text."""
        return source.hasText() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt API)
        """Insert the plain text of a paste or drop, cut to what a note can hold."""
        text = source.text()
        room = self._max_chars - len(self.toPlainText()) + len(self.textCursor().selectedText())
        if len(text) > room:
            text = text[: max(room, 0)]
            self.notice.emit(
                self.tr(
                    "The paste was too long for one note; the first {n} characters were kept."
                ).format(n=f"{max(room, 0):,}")
            )
        self.insertPlainText(text)
