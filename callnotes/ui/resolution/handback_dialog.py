"""Handing the case back to the usual contact, their acknowledgement, and closing the case."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.commitments import CommitmentRecord
from callnotes.errors import CallnotesError
from callnotes.services.resolution.handback import HandbackSheet

if TYPE_CHECKING:
    from callnotes.app import AppContext


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%a %d %b, %H:%M") if moment is not None else "—"


def _commitment_line(c: CommitmentRecord) -> str:
    due = f", due {_when(c.due_at)}" if c.due_at is not None else ""
    owner = f" ({c.owner}{due})" if c.owner else (f" ({due[2:]})" if due else "")
    return f"{c.text}{owner}"


def _problem_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.setVisible(False)
    return label


class HandbackDialog(QDialog):
    """What changed while the usual contact was away, the handback, and their acknowledgement."""

    changed = Signal()
    preview_requested = Signal()

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handbackDialog")
        self.setWindowTitle(self.tr("Hand back to the usual contact"))
        self.resize(520, 520)
        self._ctx = ctx
        self._case_id = case_id
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.changes = QListWidget(self)
        self.changes.setAccessibleName(self.tr("What changed while they were away"))
        self.changes.setWordWrap(True)
        self.commitments = QListWidget(self)
        self.commitments.setAccessibleName(self.tr("Open commitments"))
        self.commitments.setWordWrap(True)
        self.commitments.setMaximumHeight(90)
        self.member = QComboBox(self)
        self.member.setAccessibleName(self.tr("Hand back to"))
        self.state = QLabel(self)
        self.state.setObjectName("handbackState")
        self.state.setWordWrap(True)
        self.problem = _problem_label(self)
        self.preview_button = QPushButton(self.tr("Preview the handover…"), self)
        self.hand_back_button = QPushButton(self.tr("Hand back"), self)
        self.acknowledge_button = QPushButton(self.tr("They acknowledge it"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.preview_button, self.hand_back_button, self.acknowledge_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview_requested)
        self.hand_back_button.clicked.connect(self.hand_back)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.sheet: HandbackSheet | None = None
        self.member.currentIndexChanged.connect(self._update_hand_back_button)
        form = QFormLayout()
        form.addRow(self.tr("Hand back to"), self.member)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("What changed while they were away:"), self))
        layout.addWidget(self.changes, 1)
        layout.addWidget(QLabel(self.tr("Open commitments:"), self))
        layout.addWidget(self.commitments)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._load()

    def hand_back(self) -> None:
        """Record the handback to the chosen colleague."""
        self._act(lambda: self._ctx.handback.hand_back(self._case_id, self.member.currentData()))

    def acknowledge(self) -> None:
        """The returning colleague has read the handover: record the time."""
        self._act(lambda: self._ctx.handback.acknowledge(self._case_id))

    def _act(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            sheet = action()
        except CallnotesError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.problem.setVisible(False)
        self._show(sheet)
        self.changed.emit()

    def _load(self) -> None:
        try:
            sheet = self._ctx.handback.sheet(self._case_id)
            team = self._ctx.clients.team()
        except CallnotesError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.member.clear()
        for member in team:
            self.member.addItem(member.name, member.id)
        chosen = sheet.handed_over_to_id or (
            sheet.usual_contact.id if sheet.usual_contact else None
        )
        if chosen is not None:
            self.member.setCurrentIndex(max(0, self.member.findData(chosen)))
        self._show(sheet)

    def _show(self, sheet: HandbackSheet) -> None:
        self.sheet = sheet
        usual = sheet.usual_contact
        who = usual.name if usual is not None else self.tr("The usual contact")
        self.summary.setText(
            self.tr("{who}: {count} changes since {since}.").format(
                who=who, count=len(sheet.changes), since=_when(sheet.away_since)
            )
        )
        self.changes.clear()
        for entry in sheet.changes:
            self.changes.addItem(f"{_when(entry.at)} · {entry.kind.label}: {entry.text}")
        self.commitments.clear()
        for commitment in sheet.open_commitments:
            self.commitments.addItem(_commitment_line(commitment))
        if not sheet.open_commitments:
            self.commitments.addItem(self.tr("No open commitments."))
        if not sheet.handed_over:
            self.state.setText(self.tr("Not handed back yet."))
        elif sheet.acknowledged_at is None:
            self.state.setText(
                self.tr("Handed back to {name} on {when}; not acknowledged yet.").format(
                    name=sheet.handed_over_to, when=_when(sheet.handed_over_at)
                )
            )
        else:
            self.state.setText(
                self.tr("Handed back to {name} on {when}; acknowledged {ack}.").format(
                    name=sheet.handed_over_to,
                    when=_when(sheet.handed_over_at),
                    ack=_when(sheet.acknowledged_at),
                )
            )
        self.acknowledge_button.setEnabled(sheet.handed_over and sheet.acknowledged_at is None)
        self._update_hand_back_button()

    def _update_hand_back_button(self) -> None:
        """Handed back once: only a different colleague, before they acknowledge, can take it."""
        sheet = self.sheet
        if sheet is None or not sheet.handed_over:
            self.hand_back_button.setEnabled(True)
            return
        other = self.member.currentData() != sheet.handed_over_to_id
        self.hand_back_button.setEnabled(sheet.acknowledged_at is None and other)


class CloseCaseDialog(QDialog):
    """Close the case; open commitments must be kept first or carried over to someone."""

    closed = Signal(object)  # CaseSummary

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeCaseDialog")
        self.setWindowTitle(self.tr("Close case"))
        self.resize(460, 320)
        self._ctx = ctx
        self._case_id = case_id
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.commitments = QListWidget(self)
        self.commitments.setAccessibleName(self.tr("Open commitments"))
        self.commitments.setWordWrap(True)
        self.carry = QCheckBox(self.tr("Carry them over to:"), self)
        self.carry_to = QLineEdit(self)
        self.carry_to.setAccessibleName(self.tr("Carry over to"))
        self.carry_to.setEnabled(False)
        self.carry.toggled.connect(self.carry_to.setEnabled)
        self.problem = _problem_label(self)
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(
            self.tr("Close case"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.close_case)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.commitments, 1)
        layout.addWidget(self.carry)
        layout.addWidget(self.carry_to)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._load()

    def close_case(self) -> None:
        """Close, carrying the open commitments over when ticked; a refusal says why."""
        to = self.carry_to.text() if self.carry.isChecked() else ""
        try:
            summary = self._ctx.case_closing.close_case(self._case_id, carry_over_to=to)
        except CallnotesError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.closed.emit(summary)
        self.accept()

    def _load(self) -> None:
        try:
            pending = self._ctx.case_closing.open_commitments(self._case_id)
            sheet = self._ctx.handback.sheet(self._case_id)
        except CallnotesError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        for commitment in pending:
            self.commitments.addItem(_commitment_line(commitment))
        has_open = bool(pending)
        self.commitments.setVisible(has_open)
        self.carry.setVisible(has_open)
        self.carry_to.setVisible(has_open)
        self.intro.setText(
            self.tr("These promises are still open. Keep them first, or carry them over:")
            if has_open
            else self.tr("No promise is open. Close the case?")
        )
        usual = sheet.usual_contact
        self.carry_to.setText(sheet.handed_over_to or (usual.name if usual is not None else ""))
