"""Editing a promise: what it says, when it is due (on the client's clock) and who keeps it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.business_hours import ClosedSpan
from callnotes.domain.cadence import local_clock
from callnotes.domain.reminders import TrackedCommitment
from callnotes.errors import CallnotesError
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.updates import texts


class CommitmentDialog(QDialog):
    """*edit_requested* carries a dict of what changed: ``text``, ``due_at``, ``owner``."""

    edit_requested = Signal(dict)

    def __init__(
        self,
        item: TrackedCommitment,
        *,
        owners: Sequence[str],
        read_due: Callable[[str], datetime | None],
        now: datetime,
        zone: tzinfo,
        closed_on: Callable[[datetime], Sequence[ClosedSpan]] = lambda _moment: (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._item = item
        self._read_due = read_due
        self._closed_on = closed_on
        self._now, self._zone = now, zone
        record = item.record
        self.setWindowTitle(self.tr("Edit promise"))
        self.setAccessibleName(self.tr("Edit promise"))
        self.text = QLineEdit(record.text, self)
        self.text.setAccessibleName(self.tr("Promise"))
        self._due_shown = local_clock(record.due_at, now, zone) if record.due_at else ""
        self.due = QLineEdit(self._due_shown, self)
        self.due.setAccessibleName(self.tr("Due, client time"))
        self.due.setPlaceholderText(self.tr("14:00, 2pm, tomorrow 9:00 — empty: no time"))
        self.due_preview = QLabel(self)
        self.due_preview.setAccessibleName(self.tr("Due, as read"))
        self.due_preview.setWordWrap(True)
        self.due.textChanged.connect(self._preview)
        self.owner = QComboBox(self)
        self.owner.setEditable(True)
        self.owner.setAccessibleName(self.tr("Kept by"))
        names = list(dict.fromkeys([record.owner, *owners]))
        self.owner.addItems([n for n in names if n])
        self.owner.setCurrentText(record.owner)
        self.banner = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        for text, widget in (
            (self.tr("&Promise"), self.text),
            (self.tr("&Due (client time)"), self.due),
            (self.tr("&Kept by"), self.owner),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
            if widget is self.due:
                form.addRow("", self.due_preview)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._preview()
        self.due.setFocus()
        self.due.selectAll()
        self.resize(420, self.sizeHint().height())

    @property
    def commitment_id(self) -> int:
        """The promise being edited."""
        return self._item.id

    def show_problem(self, message: str) -> None:
        """Say what is wrong; the fields keep what was typed."""
        self.banner.show_message(message)

    def _on_save_clicked(self) -> None:
        changes: dict[str, object] = {"text": self.text.text(), "owner": self.owner.currentText()}
        if self.due.text().strip() != self._due_shown:
            try:
                changes["due_at"] = self._read_due(self.due.text())
            except CallnotesError as exc:
                self.show_problem(str(exc))
                self.due.setFocus()
                return
        self.edit_requested.emit(changes)

    def _preview(self) -> None:
        """The due time as read, and whether the client is closed that day (the agent may keep
        it, but knowingly)."""
        if self.due.text().strip() == self._due_shown:
            due = self._item.record.due_at
        else:
            try:
                due = self._read_due(self.due.text())
            except CallnotesError:
                self.due_preview.setText(self.tr("Not a time yet (try 14:00 or tomorrow 9:00)."))
                return
        if due is None:
            self.due_preview.setText(self.tr("No due time."))
            return
        text = self.tr("{when} client time").format(when=local_clock(due, self._now, self._zone))
        closed = texts.closed_day_text(self._closed_on(due), due, self._zone)
        if closed:
            text += " — " + closed
        self.due_preview.setText(text)
