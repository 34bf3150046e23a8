"""Amending a timeline entry: the earlier wording is kept as a revision, never overwritten.

The agent also decides here, afterwards, whether the client reads the entry in their documents.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from callnotes.domain.timeline import EntryKind, EntryRecord, client_reads_by_default
from callnotes.ui.common.key_names import with_key
from callnotes.ui.timeline.model import kind_label

CAPTURE_KINDS = (
    EntryKind.NOTE,
    EntryKind.CLIENT_SAID,
    EntryKind.ACTION,
    EntryKind.DECISION,
    EntryKind.COMMITMENT,
    EntryKind.NEW_INFORMATION,
)
# Marks an entry for the client: beside the kind keys (Alt+1…6) while typing, and in this dialog.
FOR_CLIENT_SHORTCUT = "Alt+0"


class EntryEditDialog(QDialog):
    """Edit the text and kind of one entry; ``amend_requested`` carries the result.

    The dialog stays open until whoever stores the amendment calls :meth:`accept` (stored) or
    :meth:`show_problem` (refused, or waiting for the database): nothing typed is lost.
    """

    amend_requested = Signal(int, str, object, bool)  # entry id, new text, EntryKind, for client

    def __init__(self, entry: EntryRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entry = entry
        self.setWindowTitle(
            self.tr("Amend entry of {time}").format(time=f"{entry.at.astimezone():%H:%M}")
        )
        self.setAccessibleName(self.tr("Amend entry"))
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(self.tr("Kind"))
        kinds = list(CAPTURE_KINDS)
        if entry.kind not in kinds:
            kinds.append(entry.kind)
        for kind in kinds:
            self.kind.addItem(kind_label(kind), kind)
        self.kind.setCurrentIndex(kinds.index(entry.kind))
        self.text = QPlainTextEdit(entry.text, self)
        self.text.setAccessibleName(self.tr("Text"))
        self.text.setTabChangesFocus(True)
        self.for_client = QCheckBox(self)
        self.for_client.setAccessibleName(self.tr("For the client"))
        self.for_client.setChecked(entry.for_client)
        toggle = QShortcut(QKeySequence(FOR_CLIENT_SHORTCUT), self, self._on_toggle_key)
        self.for_client.setText(with_key(self.tr("For the client"), toggle))
        self._shared_mark = entry.for_client  # what the agent chose, kept across kind changes
        self.for_client.clicked.connect(self._on_for_client_clicked)
        self.kind.currentIndexChanged.connect(self._show_for_client)
        self._show_for_client()
        note = QLabel(
            self.tr("The earlier wording stays on record and shows as amended in documents."),
            self,
        )
        note.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("amendProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        # Enter makes a new line in the text, as in the note editor; Ctrl+Enter saves.
        shortcuts = [
            QShortcut(QKeySequence(keys), self, self._on_buttons_accepted)
            for keys in ("Ctrl+Return", "Ctrl+Enter")
        ]
        buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(
            with_key(self.tr("Save the new wording"), shortcuts[-1])
        )
        form = QFormLayout(self)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Text"), self.text)
        form.addRow("", self.for_client)
        form.addRow(note)
        form.addRow(self.problem)
        form.addRow(buttons)
        self._save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.resize(400, 240)
        self.text.setFocus()  # the wording is what is amended; the kind is one Shift+Tab away
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    @property
    def entry(self) -> EntryRecord:
        """The entry as the agent found it when the dialog opened."""
        return self._entry

    def show_problem(self, message: str, *, retrying: bool = False) -> None:
        """Say why the amendment is not stored; the text stays. *retrying*: it is tried again
        by itself (the database is busy), else the agent may change it and save again."""
        self.problem.setText(message)
        self.problem.show()
        self._save.setEnabled(not retrying)

    def _on_buttons_accepted(self) -> None:
        if not self._save.isEnabled():
            return  # stored already in line: one amendment per Save
        self._save.setEnabled(False)
        self.amend_requested.emit(
            self._entry.id, self.text.toPlainText(), self.kind.currentData(), self._shared_mark
        )

    def _on_toggle_key(self) -> None:
        if self.for_client.isEnabled():
            self._on_for_client_clicked(not self._shared_mark)

    def _on_for_client_clicked(self, checked: bool) -> None:
        self._shared_mark = checked
        self._show_for_client()

    def _show_for_client(self) -> None:
        """Ticked when the client will read the entry; fixed for kinds they always read and for
        the team's own (internal) entries, which they never read."""
        kind = EntryKind(self.kind.currentData())
        fixed = self._entry.internal or client_reads_by_default(kind)
        self.for_client.setEnabled(not fixed)
        if self._entry.internal:
            self.for_client.setChecked(False)
            self.for_client.setToolTip(
                self.tr("For the team only: never in the client's documents.")
            )
        elif fixed:
            self.for_client.setChecked(True)
            self.for_client.setToolTip(
                self.tr("The client reads every entry of this kind in their documents.")
            )
        else:
            self.for_client.setChecked(self._shared_mark)
            self.for_client.setToolTip(
                self.tr(
                    "Ticked: the client reads this note or action in their documents. "
                    "Unticked: it stays with the team."
                )
            )
