"""Correcting a client's name or time zone (a typo made during a hurried call)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.people import ClientRecord
from callnotes.ui.banner import BannerWidget

NAME_CHARS = 300


class ClientDetailsDialog(QDialog):
    """The client's name and time zone; ``details_chosen`` carries (name, time zone).

    The dialog stays open until the details are stored, so a refused name can be corrected
    without typing it again.
    """

    details_chosen = Signal(str, str)

    def __init__(
        self, client: ClientRecord, zones: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientDetailsDialog")
        self.client_id = client.id
        title = self.tr("Rename client")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.name = QLineEdit(client.name, self)
        self.name.setObjectName("clientName")
        self.name.setAccessibleName(self.tr("Client name"))
        self.name.setMaxLength(NAME_CHARS)
        self.timezone = QComboBox(self)
        self.timezone.setObjectName("clientTimezone")
        self.timezone.setAccessibleName(self.tr("Time zone"))
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.addItems(list(zones))
        self.timezone.setCurrentText(client.timezone)
        completer = QCompleter(list(zones), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.timezone.setCompleter(completer)
        hint = QLabel(
            self.tr(
                "The new name shows on every case of this client. Notes already written keep "
                "their words."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.problem = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Time zone"), self.timezone)
        # Wrapped text under the form, not in it: a form row does not grow with wrapped lines.
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        self.name.setFocus()
        self.name.selectAll()

    def show_problem(self, message: str) -> None:
        """The details were refused: say why, keep what was typed."""
        self.problem.show_message(message)
        self.adjustSize()  # room for the message, however many lines it wraps to

    def _on_buttons_accepted(self) -> None:
        self.details_chosen.emit(self.name.text(), self.timezone.currentText())
