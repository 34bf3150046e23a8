"""Live wording hints under a text field: blame or guesses stated as facts, never a block."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from callnotes.domain.wording import check_wording

HINT_DEBOUNCE_MS = 350


class WordingHints(QLabel):
    """Shows the wording check of *editor*'s text a moment after typing stops.

    Anyone can put one under a field that goes into a review or to the client::

        hints = WordingHints(editor, cause_confirmed=lambda: bool(root_cause.text()))
        layout.addWidget(hints)
    """

    def __init__(
        self,
        editor: QLineEdit | QPlainTextEdit,
        *,
        cause_confirmed: Callable[[], bool] = lambda: False,
        debounce_ms: int = HINT_DEBOUNCE_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else editor.parentWidget())
        self.setObjectName("wordingHints")
        self.setAccessibleName(self.tr("Wording hints"))
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet("color: #8a5a00;")
        self._editor = editor
        self._cause_confirmed = cause_confirmed
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.check_now)
        editor.textChanged.connect(self._timer.start)
        self.hints: list[str] = []
        self.setVisible(False)

    def check_now(self) -> None:
        """Check the text at once (the debounce calls this)."""
        self._timer.stop()
        editor = self._editor
        text = editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()
        found = check_wording(text, cause_confirmed=self._cause_confirmed())
        self.hints = [
            self.tr("“{phrase}”: {suggestion}").format(
                phrase=hint.phrase, suggestion=self.tr(hint.suggestion)
            )
            for hint in found
        ]
        prefix = html.escape(self.tr("Wording hint:"))
        self.setText("<br>".join(f"<b>{prefix}</b> {html.escape(line)}" for line in self.hints))
        self.setVisible(bool(self.hints))
