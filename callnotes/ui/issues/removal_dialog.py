"""Asking before an issue added by mistake is removed, and why.

Enter removes it, Esc keeps it. The reason starts as “added by mistake”, selected, so typing
replaces it. When the issue cannot be removed the dialog says why and stays open, the reason
still there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from callnotes.domain.issues import IssueRecord
from callnotes.ui.common.banner import BannerWidget


class IssueRemovalDialog(QDialog):
    """Confirms removing one issue; ``remove_requested`` carries the issue id and the reason.

    The dialog stays open until the caller calls :meth:`accept` (removed) or
    :meth:`show_problem` (refused).
    """

    #: The agent confirmed: (issue id, reason as typed).
    remove_requested = Signal(int, str)

    def __init__(self, issue: IssueRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._issue = issue
        self.setObjectName("issueRemovalDialog")
        self.setWindowTitle(self.tr("Remove issue"))
        self.setAccessibleName(self.tr("Remove issue"))
        question = QLabel(
            self.tr("Remove “{title}” from this case?").format(title=issue.title), self
        )
        question.setObjectName("removalQuestion")
        question.setTextFormat(Qt.TextFormat.PlainText)  # a title is never markup
        question.setWordWrap(True)
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        note = QLabel(
            self.tr(
                "Notes about it stay on the timeline, and a new entry records the removal "
                "and your reason."
            ),
            self,
        )
        note.setWordWrap(True)
        self.reason = QLineEdit(self.tr("added by mistake"), self)
        self.reason.setObjectName("removalReason")
        self.reason.setAccessibleName(self.tr("Reason for removing the issue"))
        self.reason.setPlaceholderText(self.tr("added by mistake"))
        self.reason.setClearButtonEnabled(True)
        self.reason.selectAll()
        self._problem = BannerWidget(self)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.remove_button = QPushButton(self.tr("Remove issue"), self)
        self.remove_button.setObjectName("confirmRemoval")
        self._buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.remove_button.setDefault(True)
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(question)
        form.addRow(note)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self._problem)
        form.addRow(self._buttons)
        self.setMinimumWidth(420)
        self.reason.setFocus()

    @property
    def issue(self) -> IssueRecord:
        """The issue asked about."""
        return self._issue

    @property
    def problem_text(self) -> str:
        """Why the removal was refused ("" until it is)."""
        return self._problem.text()

    def show_problem(self, message: str) -> None:
        """The removal was refused: say why; the reason stays, and Enter or Esc closes."""
        self._problem.show_message(message)
        self.remove_button.setEnabled(False)
        cancel = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Close"))
        cancel.setDefault(True)
        cancel.setFocus()

    def _on_buttons_accepted(self) -> None:
        if self.remove_button.isEnabled():
            self.remove_requested.emit(self._issue.id, self.reason.text())
