"""Amending a timeline entry: the earlier wording is kept as a revision, never overwritten."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.ui.key_names import with_key
from callnotes.ui.timeline_model import kind_label

CAPTURE_KINDS = (
    EntryKind.NOTE,
    EntryKind.CLIENT_SAID,
    EntryKind.ACTION,
    EntryKind.DECISION,
    EntryKind.COMMITMENT,
    EntryKind.NEW_INFORMATION,
)


class EntryEditDialog(QDialog):
    """Edit the text and kind of one entry; ``amend_requested`` carries the result."""

    amend_requested = Signal(int, str, object)  # entry id, new text, EntryKind

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
        note = QLabel(
            self.tr("The earlier wording stays on record and shows as amended in documents."),
            self,
        )
        note.setWordWrap(True)
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
        form.addRow(note)
        form.addRow(buttons)
        self.resize(400, 240)
        self.text.setFocus()  # the wording is what is amended; the kind is one Shift+Tab away
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    def _on_buttons_accepted(self) -> None:
        self.amend_requested.emit(self._entry.id, self.text.toPlainText(), self.kind.currentData())
        self.accept()
