"""Handing the case back to the usual contact, their acknowledgement, and closing the case.

Both dialogs read and write through the task runner; a refusal shows in the dialog, which stays
open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

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

from callnotes.domain.cases import CaseSummary
from callnotes.domain.commitments import CommitmentRecord
from callnotes.domain.people import TeamMemberRecord
from callnotes.errors import CallnotesError
from callnotes.services.resolution.handback import HandbackSheet
from callnotes.ui.common.task_runner import TaskRunner


@dataclass(frozen=True)
class HandbackActions:
    """What the handback dialog may do (the handback service in the app)."""

    sheet: Callable[[int], HandbackSheet]
    team: Callable[[], Sequence[TeamMemberRecord]]
    hand_back: Callable[[int, int], HandbackSheet]  # (case_id, member_id)
    acknowledge: Callable[[int], HandbackSheet]


@dataclass(frozen=True)
class CloseCaseActions:
    """What closing a case may do (the case-closing and handback services in the app)."""

    open_commitments: Callable[[int], Sequence[CommitmentRecord]]
    sheet: Callable[[int], HandbackSheet]
    close_case: Callable[..., CaseSummary]  # (case_id, carry_over_to=)


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

    def __init__(
        self,
        actions: HandbackActions,
        case_id: int,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("handbackDialog")
        self.setWindowTitle(self.tr("Hand back to the usual contact"))
        self.resize(520, 520)
        self._actions = actions
        self._runner = runner
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
        hand_back, case_id, member_id = (
            self._actions.hand_back,
            self._case_id,
            self.member.currentData(),
        )
        self._act(lambda: hand_back(case_id, member_id))

    def acknowledge(self) -> None:
        """The returning colleague has read the handover: record the time."""
        acknowledge, case_id = self._actions.acknowledge, self._case_id
        self._act(lambda: acknowledge(case_id))

    def _act(self, action: Callable[[], HandbackSheet]) -> None:
        self._runner.submit(action, on_result=self._on_acted, on_error=self._on_failed, owner=self)

    def _on_acted(self, sheet: HandbackSheet) -> None:
        self.problem.setVisible(False)
        self._show(sheet)
        self.changed.emit()

    def _on_failed(self, exc: CallnotesError) -> None:
        self.problem.setText(str(exc))
        self.problem.setVisible(True)

    def _load(self) -> None:
        actions, case_id = self._actions, self._case_id
        self._runner.submit(
            lambda: (actions.sheet(case_id), list(actions.team())),
            on_result=lambda read: self._on_loaded(*read),
            on_error=self._on_failed,
            owner=self,
        )

    def _on_loaded(self, sheet: HandbackSheet, team: list[TeamMemberRecord]) -> None:
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

    def __init__(
        self,
        actions: CloseCaseActions,
        case_id: int,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeCaseDialog")
        self.setWindowTitle(self.tr("Close case"))
        self.resize(460, 320)
        self._actions = actions
        self._runner = runner
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
        close, case_id = self._actions.close_case, self._case_id
        self.close_button.setEnabled(False)  # one close at a time
        self._runner.submit(
            lambda: close(case_id, carry_over_to=to),
            on_result=self._on_closed,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_closed(self, summary: CaseSummary) -> None:
        self.close_button.setEnabled(True)
        self.closed.emit(summary)
        self.accept()

    def _on_failed(self, exc: CallnotesError) -> None:
        self.close_button.setEnabled(True)
        self.problem.setText(str(exc))
        self.problem.setVisible(True)

    def _load(self) -> None:
        actions, case_id = self._actions, self._case_id
        self._runner.submit(
            lambda: (list(actions.open_commitments(case_id)), actions.sheet(case_id)),
            on_result=lambda read: self._on_loaded(*read),
            on_error=self._on_failed,
            owner=self,
        )

    def _on_loaded(self, pending: list[CommitmentRecord], sheet: HandbackSheet) -> None:
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
