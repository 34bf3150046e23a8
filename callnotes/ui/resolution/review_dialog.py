"""The team's review of a case: root cause, prevention, the detection gap, recurrence, the steps.

Facts first: the detection times start from what the issues and the timeline say, the steps to
resolution are read from the timeline, and similar issues come from the recurring view. The
wording hints under the text fields point out blame and guesses stated as facts. Reading and
saving go through the task runner; a refusal shows above the buttons and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.follow_up import latest_outcomes
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.resolution import detection_gap
from callnotes.domain.reviews import PreventionActionRecord, Recurrence
from callnotes.reports.filters import duration
from callnotes.services.resolution.reviews import ReviewSheet
from callnotes.ui.common.key_names import KeySource, worded
from callnotes.ui.common.optional_datetime import OptionalDateTimeEdit
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.common.wording_hints import WordingHints
from callnotes.ui.resolution.prevention_actions import PreventionActions, PreventionActionsWidget

_CASE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ReviewActions:
    """What the review may do, as plain callables (the review service in the app)."""

    sheet: Callable[[int], ReviewSheet]
    team: Callable[[], Sequence[TeamMemberRecord]]
    #: ``save(case_id, *, root_cause=, contributing_factors=, client_noticed_at=, …)``
    save: Callable[..., object]
    add_action: Callable[..., PreventionActionRecord]  # (case_id, text, owner=, due_at=)
    update_action: Callable[..., PreventionActionRecord]  # (action_id, text=, owner=, …)


class ReviewDialog(QDialog):
    """Writes the review of one case; Save keeps it, signed by the chosen author."""

    saved = Signal()
    case_chosen = Signal(int)  # a similar issue was activated: show its case

    def __init__(
        self,
        actions: ReviewActions,
        case_id: int,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        follow_up_keys: KeySource = None,
    ) -> None:
        """*follow_up_keys*: what starts a follow-up call (the window's action), to name it."""
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self._actions = actions
        self._runner = runner
        self._follow_up_keys = follow_up_keys
        self._case_id = case_id
        self.setWindowTitle(self.tr("Review"))
        self.resize(620, 760)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("reviewProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b3261e;")
        self.problem_label.setVisible(False)
        self.root_cause = self._text(self.tr("Root cause: what happened, as facts"))
        self.factors = self._text(self.tr("Contributing factors (facts, not blame)"))
        self.noticed = OptionalDateTimeEdit(self.tr("When the client noticed"), self)
        self.detected = OptionalDateTimeEdit(self.tr("When we knew"), self)
        self.gap = QLabel(self)
        self.gap.setObjectName("detectionGap")
        self.gap_reason = self._text(self.tr("Why didn't we notice before the client did?"))
        self.recurrence = QComboBox(self)
        self.recurrence.setAccessibleName(self.tr("Recurring or once-off"))
        for value, text in (
            (Recurrence.UNKNOWN, self.tr("Not known yet")),
            (Recurrence.ONCE_OFF, self.tr("Once-off")),
            (Recurrence.RECURRING, self.tr("Recurring")),
        ):
            self.recurrence.addItem(text, value)
        self.similar = QListWidget(self)
        self.similar.setObjectName("similarIssues")
        self.similar.setAccessibleName(self.tr("Similar issues of this client"))
        self.similar.setMaximumHeight(90)
        self.similar.itemActivated.connect(self._on_similar_item_activated)
        self.prevention = PreventionActionsWidget(
            PreventionActions(add=actions.add_action, update=actions.update_action),
            case_id,
            runner,
            self,
        )
        self.steps = QListWidget(self)
        self.steps.setObjectName("stepsToResolution")
        self.steps.setAccessibleName(self.tr("Steps to resolution, from the timeline"))
        self.steps.setWordWrap(True)
        self.follow_up = QLabel(self)
        self.follow_up.setObjectName("followUpSummary")
        self.follow_up.setWordWrap(True)
        self.author = QComboBox(self)
        self.author.setAccessibleName(self.tr("Written by"))
        self.written = QLabel(self)
        cause = self._cause_confirmed
        self.hints = [
            WordingHints(editor, cause_confirmed=cause, parent=self)
            for editor in (self.root_cause, self.factors, self.gap_reason)
        ]
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        self._build_layout()
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.noticed.value_changed.connect(self._show_gap)
        self.detected.value_changed.connect(self._show_gap)
        self.prevention.changed.connect(self._reload_actions)
        self.prevention.problem.connect(self.show_problem)
        self._sheet: ReviewSheet | None = None
        self._load()

    # -- public API -------------------------------------------------------------------------

    def show_problem(self, text: str) -> None:
        """One clear sentence above the buttons; nothing typed is lost."""
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def save(self) -> None:
        """Store the review off the GUI thread; it stays open so the agent can go on.

        ``saved`` follows once it is stored; a refusal shows above the buttons.
        """
        save, case_id = self._actions.save, self._case_id
        fields = {
            "root_cause": self.root_cause.toPlainText(),
            "contributing_factors": self.factors.toPlainText(),
            "client_noticed_at": self.noticed.value(),
            "detected_at": self.detected.value(),
            "detection_gap_reason": self.gap_reason.toPlainText(),
            "recurrence": self.recurrence.currentData(),
            "author_id": self.author.currentData(),
        }
        self._runner.submit(
            lambda: save(case_id, **fields),
            on_result=lambda _review: self._on_saved(),
            on_error=lambda exc: self.show_problem(str(exc)),
            owner=self,
        )

    def _on_saved(self) -> None:
        self.show_problem("")
        self._load(keep_text=True)
        self.saved.emit()

    # -- helpers -----------------------------------------------------------------------------

    def _text(self, placeholder: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64)
        return edit

    def _cause_confirmed(self) -> bool:
        return bool(self.root_cause.toPlainText().strip()) or bool(
            self._sheet is not None and self._sheet.cause_confirmed
        )

    def _load(self, *, keep_text: bool = False) -> None:
        actions, case_id = self._actions, self._case_id
        self._runner.submit(
            lambda: (actions.sheet(case_id), list(actions.team())),
            on_result=lambda read: self._show(*read, keep_text=keep_text),
            on_error=lambda exc: self.show_problem(str(exc)),
            key=("review", id(self)),
            owner=self,
        )

    def _show(self, sheet: ReviewSheet, team: list[TeamMemberRecord], *, keep_text: bool) -> None:
        self._sheet = sheet
        review = sheet.review
        self.setWindowTitle(self.tr("Review: {case}").format(case=sheet.case_title))
        if not keep_text:
            if review is not None:
                self.root_cause.setPlainText(review.root_cause)
                self.factors.setPlainText(review.contributing_factors)
                self.gap_reason.setPlainText(review.detection_gap_reason)
                self.recurrence.setCurrentIndex(self.recurrence.findData(review.recurrence))
            self.noticed.set_value(sheet.client_noticed_at)
            self.detected.set_value(sheet.detected_at)
            self.author.clear()
            self.author.addItem(self.tr("Choose who writes it"), None)
            for member in team:
                label = f"{member.name} ({member.role})" if member.role else member.name
                self.author.addItem(label, member.id)
            if review is not None and review.author_id is not None:
                self.author.setCurrentIndex(max(0, self.author.findData(review.author_id)))
        self.written.setText(
            self.tr("Written {when} by {who}").format(
                when=_when(review.written_at), who=review.author_name or self.tr("—")
            )
            if review is not None and review.written_at is not None
            else self.tr("Not written yet")
        )
        self.prevention.set_actions(review.prevention_actions if review is not None else ())
        self._show_similar(sheet)
        self._show_steps(sheet)
        self._show_follow_up(sheet)
        self._show_gap()

    def _reload_actions(self) -> None:
        self.show_problem("")
        self._load(keep_text=True)
        self.saved.emit()

    def _show_gap(self) -> None:
        gap = detection_gap(self.noticed.value(), self.detected.value())
        if gap is None:
            self.gap.setText(self.tr("Detection gap: not known until both times are"))
        elif gap.total_seconds() <= 0:
            self.gap.setText(self.tr("We knew first, by {gap}.").format(gap=duration(-gap)))
        else:
            self.gap.setText(
                self.tr("Detection gap: the client knew {gap} before we did.").format(
                    gap=duration(gap)
                )
            )

    def _show_similar(self, sheet: ReviewSheet) -> None:
        self.similar.clear()
        for group in sheet.similar:
            for issue in group.issues:
                if issue.case_id != self._case_id:
                    item = QListWidgetItem(
                        self.tr("{title} — case #{case}, {day}").format(
                            title=issue.title, case=issue.case_id, day=_when(issue.raised_at)
                        ),
                        self.similar,
                    )
                    item.setData(_CASE_ROLE, issue.case_id)
        if not self.similar.count():
            self.similar.addItem(self.tr("No similar issues of this client."))

    def _on_similar_item_activated(self, item: QListWidgetItem) -> None:
        case_id = item.data(_CASE_ROLE)
        if isinstance(case_id, int):
            self.case_chosen.emit(case_id)

    def _show_steps(self, sheet: ReviewSheet) -> None:
        self.steps.clear()
        for entry in sheet.steps:
            self.steps.addItem(f"{_when(entry.at)} · {entry.kind.label}: {entry.text}")
        if not sheet.steps:
            self.steps.addItem(self.tr("No actions, decisions or status changes yet."))

    def _show_follow_up(self, sheet: ReviewSheet) -> None:
        latest = latest_outcomes(sheet.checks).values()
        confirmed = sum(1 for c in latest if c.outcome.value == "confirmed")
        wrong = [c for c in latest if c.outcome.value != "confirmed"]
        review = sheet.review
        lines = [
            self.tr("Follow-up: {confirmed} confirmed, {wrong} still wrong.").format(
                confirmed=confirmed, wrong=len(wrong)
            )
            if latest
            else worded(
                self.tr("No follow-up call yet ({key})."),
                self.tr("No follow-up call yet."),
                self._follow_up_keys,
            )
        ]
        lines += [self.tr("Still wrong: {what}").format(what=c.note) for c in wrong]
        if review is not None and review.satisfaction:
            lines.append(self.tr("Satisfaction: {text}").format(text=review.satisfaction))
        if review is not None and review.reassurance:
            lines.append(self.tr("Reassurance given: {text}").format(text=review.reassurance))
        self.follow_up.setText("\n".join(lines))

    def _build_layout(self) -> None:
        body = QWidget(self)
        column = QVBoxLayout(body)

        def group(title: str, *widgets: QWidget) -> QGroupBox:
            box = QGroupBox(title, body)
            inner = QVBoxLayout(box)
            for widget in widgets:
                inner.addWidget(widget)
            column.addWidget(box)
            return box

        h_root, h_factors, h_gap = self.hints
        group(
            self.tr("Root cause"),
            self.root_cause,
            h_root,
            QLabel(self.tr("Contributing factors"), body),
            self.factors,
            h_factors,
        )
        when = QWidget(body)
        form = QFormLayout(when)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Client noticed"), self.noticed)
        form.addRow(self.tr("We knew"), self.detected)
        why = QLabel(self.tr("Why didn't we notice before the client did?"), body)
        group(self.tr("Detection gap"), when, self.gap, why, self.gap_reason, h_gap)
        group(self.tr("Recurring or once-off"), self.recurrence, self.similar)
        group(self.tr("Prevention actions"), self.prevention)
        group(self.tr("Steps to resolution (from the timeline)"), self.steps)
        group(self.tr("Follow-up with the client"), self.follow_up)
        by = QWidget(body)
        by_form = QFormLayout(by)
        by_form.setContentsMargins(0, 0, 0, 0)
        by_form.addRow(self.tr("Author"), self.author)
        by_form.addRow("", self.written)
        group(self.tr("Written by"), by)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.root_cause.setFocus(Qt.FocusReason.OtherFocusReason)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M") if moment is not None else "—"
