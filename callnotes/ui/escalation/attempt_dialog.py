"""The small dialog F9 opens: how the call to one person went, picked with keys 1 to 5.

F9, then a number, then Enter: three keys from "I just called Tom" to the attempt on record.
Tab reaches the optional note; digits typed there stay in the note.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.escalation import Outcome, outcome_for_key
from callnotes.services.escalation.escalation import MAX_NOTE_CHARS
from callnotes.ui.common.banner import BannerWidget

_NUMBER_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 6)}


class AttemptDialog(QDialog):
    """Asks for the outcome (and a note) of one attempt to reach *who*."""

    #: The agent chose (Outcome, note).
    attempt_chosen = Signal(object, str)

    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log escalation attempt"))
        self.setAccessibleName(self.tr("Log escalation attempt"))
        heading = QLabel(self.tr("How did the call to {who} go?").format(who=who), self)
        heading.setObjectName("attemptHeading")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading = heading
        self.outcomes = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        for outcome in Outcome:
            label = f"&{outcome.key}  {self.tr(outcome.label.capitalize())}"
            button = QRadioButton(label, self)
            button.setObjectName(f"outcome_{outcome.value}")
            button.setAccessibleName(self.tr(outcome.label.capitalize()))
            self.outcomes.addButton(button, outcome.key)
            layout.addWidget(button)
        self.outcomes.button(Outcome.NO_ANSWER.key).setChecked(True)
        note_label = QLabel(self.tr("&Note (optional)"), self)
        self.note = QLineEdit(self)
        self.note.setObjectName("attemptNote")
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setPlaceholderText(self.tr("e.g. left word with reception"))
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        self.problem = BannerWidget(self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Log attempt"))
        ok.setDefault(True)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(320)
        self.outcomes.button(Outcome.NO_ANSWER.key).setFocus()

    @property
    def outcome(self) -> Outcome:
        """The outcome picked."""
        return outcome_for_key(self.outcomes.checkedId()) or Outcome.NO_ANSWER

    def pick(self, outcome: Outcome) -> None:
        """Choose *outcome* (what pressing its number does)."""
        button = self.outcomes.button(outcome.key)
        button.setChecked(True)
        button.setFocus()

    def show_problem(self, message: str) -> None:
        """The attempt was not stored: say why; what was chosen and typed stays."""
        self.problem.show_message(message)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Keys 1–5 pick the outcome (the note field keeps its own digits)."""
        number = _NUMBER_KEYS.get(Qt.Key(event.key()))
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if number is not None and modifiers == Qt.KeyboardModifier.NoModifier:
            outcome = outcome_for_key(number)
            if outcome is not None:
                self.pick(outcome)
                event.accept()
                return
        super().keyPressEvent(event)

    def _on_buttons_accepted(self) -> None:
        # The dialog stays open until the attempt is stored (see EscalationArea).
        self.attempt_chosen.emit(self.outcome, self.note.text())
