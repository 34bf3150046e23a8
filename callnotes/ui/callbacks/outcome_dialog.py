"""How the call ended: one of five outcomes, chosen with a digit key (or arrows and Enter)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from callnotes.domain.calls import CallOutcome
from callnotes.ui.callbacks.texts import outcome_label

_OUTCOMES = tuple(CallOutcome)
_DIGITS = {getattr(Qt.Key, f"Key_{i + 1}"): outcome for i, outcome in enumerate(_OUTCOMES)}


class OutcomeDialog(QDialog):
    """Keys 1–5 choose an outcome and close; Esc leaves the call's outcome as it was."""

    outcome_chosen = Signal(object)  # CallOutcome

    def __init__(
        self, caller: str, current: CallOutcome | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Call outcome"))
        self.label = QLabel(self.tr("How did the call with {caller} end?").format(caller=caller))
        self.label.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Call outcome"))
        for number, outcome in enumerate(_OUTCOMES, start=1):
            item = QListWidgetItem(f"{number}  {outcome_label(outcome)}")
            item.setData(Qt.ItemDataRole.UserRole, outcome.value)
            self.list.addItem(item)
        self.list.setCurrentRow(_OUTCOMES.index(current) if current is not None else 0)
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(lambda item: self._choose(self._outcome_of(item)))
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.list)
        layout.addWidget(QLabel(self.tr("1–5 or Enter: choose · Esc: not now"), self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """A digit chooses its outcome at once."""
        if watched is self.list and isinstance(event, QKeyEvent):
            outcome = _DIGITS.get(Qt.Key(event.key()))
            if event.type() == QEvent.Type.KeyPress and outcome is not None:
                self._choose(outcome)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _outcome_of(item: QListWidgetItem) -> CallOutcome:
        return CallOutcome(item.data(Qt.ItemDataRole.UserRole))

    def _choose(self, outcome: CallOutcome) -> None:
        self.outcome_chosen.emit(outcome)
        self.accept()
