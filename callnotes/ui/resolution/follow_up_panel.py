"""The follow-up call's answer box, under the call guide: what the client says at each step.

The guide (the rail) walks the follow-up script; this box records the answer the current step
asks for. Keys, with the cursor in the answer field: Alt+Y the criterion is confirmed; type what
is still wrong and Enter (or Alt+W); at the satisfaction and reassurance steps, Enter saves what
was typed; at any other step Enter moves on.

Each answer is written through the task runner; until it is stored the keys wait (a second
Alt+Y must not answer the same criterion twice) and what was typed stays in the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.follow_up import (
    CheckOutcome,
    CriterionRef,
    FollowUpCheckRecord,
    FollowUpScript,
    latest_outcomes,
)
from callnotes.domain.playbooks import Answer, PlaybookStep
from callnotes.errors import CallnotesError
from callnotes.ui.common.key_names import KeySource, follow_keys, with_key, worded
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.common.wording_hints import WordingHints

#: The keys that answer "confirmed" and "still wrong" (the window's Case menu uses them too).
CONFIRM_KEYS, WRONG_KEYS = "Alt+Y", "Alt+W"


@dataclass(frozen=True)
class FollowUpActions:
    """What the answer box needs from the services."""

    record_check: Callable[..., object]  # (case, issue, criterion, outcome, note, call_id=)
    record_satisfaction: Callable[..., object]  # (case, text, call_id=)
    record_reassurance: Callable[..., object]  # (case, text, call_id=)
    suggested_reassurance: Callable[[int], str]
    checks: Callable[[int], list[FollowUpCheckRecord]]


class FollowUpPanel(QFrame):
    """Records the client's answers during a follow-up call; hidden at other times."""

    advance_requested = Signal()  # the step is answered: the guide may move on
    problem = Signal(str)

    def __init__(
        self, actions: FollowUpActions, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPanel")
        self.setAccessibleName(self.tr("Follow-up answers"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._actions = actions
        self._runner = runner
        self._busy = False  # an answer is being stored
        self._checks: list[FollowUpCheckRecord] = []  # of this case, as last read
        self._case_id: int | None = None
        self._call_id: int | None = None
        self._script: FollowUpScript | None = None
        self._step: PlaybookStep | None = None
        self.question = QLabel(self)
        self.question.setObjectName("followUpQuestion")
        self.question.setWordWrap(True)
        self.answer = QLineEdit(self)
        self.answer.setObjectName("followUpAnswer")
        self.answer.setAccessibleName(self.tr("The client's answer"))
        self.answer.installEventFilter(self)
        self.confirm_button = QPushButton(self)
        self.wrong_button = QPushButton(self)
        self._confirm_keys: KeySource = CONFIRM_KEYS
        self._wrong_keys: KeySource = WRONG_KEYS
        self._next_step: QAction | None = None
        self._show_keys()
        self.confirm_button.clicked.connect(self.confirm)
        self.wrong_button.clicked.connect(self.still_wrong)
        for button in (self.confirm_button, self.wrong_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the cursor stays in the answer
        self.hints = WordingHints(self.answer, parent=self)
        self.results = QLabel(self)
        self.results.setObjectName("followUpResults")
        self.results.setWordWrap(True)
        self.results.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.wrong_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.question)
        layout.addWidget(self.answer)
        layout.addLayout(buttons)
        layout.addWidget(self.hints)
        layout.addWidget(self.results)
        self.setVisible(False)

    # -- public API -------------------------------------------------------------------------

    def set_key_actions(self, confirm: QAction, wrong: QAction, next_step: QAction) -> None:
        """The window's commands for the answers and the next step: their keys are shown."""
        self._confirm_keys, self._wrong_keys, self._next_step = confirm, wrong, next_step
        for action in (confirm, wrong, next_step):
            follow_keys(action, self._show_keys)

    def _show_keys(self) -> None:
        self.confirm_button.setText(with_key(self.tr("Confirmed"), self._confirm_keys))
        self.wrong_button.setText(with_key(self.tr("Still wrong"), self._wrong_keys))
        step = self._step
        if step is not None and self._criterion() is None and step.records is Answer.NONE:
            self.question.setText(self._done_text())

    def _done_text(self) -> str:
        return worded(
            self.tr("Enter (or {key}) when done with this step."),
            self.tr("Enter when done with this step."),
            self._next_step,
        )

    @property
    def active(self) -> bool:
        """Whether a follow-up call is being recorded."""
        return self._script is not None

    @property
    def case_id(self) -> int | None:
        """The case being followed up."""
        return self._case_id

    def start(self, case_id: int, call_id: int, script: FollowUpScript) -> None:
        """Follow *call_id* through *script*."""
        self._case_id, self._call_id, self._script = case_id, call_id, script
        self._checks = []
        self.setVisible(True)
        self._render_results()
        self._runner.submit(
            lambda: self._actions.checks(case_id),
            on_result=self._on_checks_read,
            on_error=lambda exc: self.problem.emit(str(exc)),
            key=("follow-up-checks", call_id),
            owner=self,
        )

    def stop(self) -> None:
        """The follow-up call ended."""
        self._case_id = self._call_id = None
        self._script = self._step = None
        self._checks = []
        self._busy = False
        self.answer.clear()
        self.setVisible(False)

    def unchecked(self) -> int:
        """How many criteria of the script this call has not asked about yet."""
        if self._script is None:
            return 0
        latest = latest_outcomes(c for c in self._checks if c.call_id == self._call_id)
        return sum(1 for c in self._script.criteria.values() if (c.issue_id, c.text) not in latest)

    def show_step(self, step: PlaybookStep) -> None:
        """The guide moved to *step*: ask for its answer."""
        if self._script is None:
            return
        self._step = step
        self.answer.clear()
        criterion = self._criterion()
        asks = criterion is not None
        self.confirm_button.setVisible(asks)
        self.wrong_button.setVisible(asks)
        if criterion is not None:
            self.question.setText(
                self.tr("Is this fixed for them: “{criterion}”?").format(criterion=criterion.text)
            )
            self.answer.setPlaceholderText(self.tr("Still wrong? Type what, then Enter"))
        elif step.records is Answer.SATISFACTION:
            self.question.setText(self.tr("Are they satisfied? Their words, then Enter."))
            self.answer.setPlaceholderText(self.tr("How the client feels about the solution"))
        elif step.records is Answer.REASSURANCE:
            self.question.setText(self.tr("What did you tell them so it won't happen again?"))
            self.answer.setPlaceholderText(self.tr("The measures taken, then Enter"))
            if self._case_id is not None:
                case_id = self._case_id
                self._runner.submit(
                    lambda: self._actions.suggested_reassurance(case_id),
                    on_result=lambda text: self._on_suggestion_read(step, text),
                    on_error=lambda exc: self.problem.emit(str(exc)),
                    key=("follow-up-reassurance", case_id),
                    owner=self,
                )
        else:
            self.question.setText(self._done_text())
            self.answer.setPlaceholderText("")
        self.answer.setEnabled(step.records is not Answer.NONE)
        self.answer.setFocus()

    def confirm(self) -> None:
        """The client confirms the current criterion."""
        criterion = self._criterion()
        if criterion is not None and not self._busy:
            self._check(criterion, CheckOutcome.CONFIRMED, "")

    def still_wrong(self) -> None:
        """The client says the current criterion is still wrong; what is typed says how."""
        criterion = self._criterion()
        if criterion is None or self._busy:
            return
        note = self.answer.text().strip()
        if not note:
            self.problem.emit(self.tr("Type what is still wrong first, in the client's words."))
            self.answer.setFocus()
            return
        self._check(criterion, CheckOutcome.STILL_WRONG, note)

    def submit(self) -> None:
        """Enter: record what the step asks for, or move on when it asks for nothing."""
        step = self._step
        if step is None or self._busy:
            return
        text = self.answer.text().strip()
        if step.records is Answer.CRITERION:
            if text:
                self.still_wrong()
            else:
                self.problem.emit(
                    worded(
                        self.tr("{key} if it is confirmed; otherwise type what is still wrong."),
                        self.tr("Type what is still wrong, or confirm the criterion."),
                        self._confirm_keys,
                    )
                )
            return
        if step.records in (Answer.SATISFACTION, Answer.REASSURANCE):
            record = (
                self._actions.record_satisfaction
                if step.records is Answer.SATISFACTION
                else self._actions.record_reassurance
            )
            case_id, call_id = self._case_id, self._call_id
            self._store(lambda: record(case_id, text, call_id=call_id))
            return
        self.advance_requested.emit()

    def checked_lines(self) -> list[str]:
        """The results as shown: one line per criterion answered."""
        return [line for line in self.results.text().splitlines() if line]

    # -- reactions ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """The confirm and still-wrong keys, and Enter, in the answer field."""
        if watched is self.answer and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            pressed = QKeySequence(event.keyCombination())
            if pressed == _sequence(self._confirm_keys):
                self.confirm()
                return True
            if pressed == _sequence(self._wrong_keys):
                self.still_wrong()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submit()
                return True
        return super().eventFilter(watched, event)

    # -- helpers -----------------------------------------------------------------------------

    def _criterion(self) -> CriterionRef | None:
        if self._script is None or self._step is None:
            return None
        return self._script.criterion_at(self._step.id)

    def _check(self, criterion: CriterionRef, outcome: CheckOutcome, note: str) -> None:
        case_id, call_id = self._case_id, self._call_id
        self._store(
            lambda: self._actions.record_check(
                case_id, criterion.issue_id, criterion.text, outcome, note, call_id=call_id
            )
        )

    def _store(self, write: Callable[[], object]) -> None:
        """Write the answer off the GUI thread, then read the checks the results show."""
        case_id, call_id = self._case_id, self._call_id
        if case_id is None:
            return
        checks = self._actions.checks

        def job() -> list[FollowUpCheckRecord]:
            write()
            return checks(case_id)

        self._busy = True
        self._runner.submit(
            job,
            on_result=lambda read: self._on_stored(call_id, read),
            on_error=self._on_store_failed,
            owner=self,
        )

    def _on_stored(self, call_id: int | None, checks: list[FollowUpCheckRecord]) -> None:
        self._busy = False
        if call_id is None or call_id != self._call_id:
            return  # the call ended meanwhile
        self.answer.clear()
        self._checks = checks
        self._render_results()
        self.advance_requested.emit()

    def _on_store_failed(self, exc: CallnotesError) -> None:
        self._busy = False
        self.problem.emit(str(exc))  # what was typed stays in the field

    def _on_checks_read(self, checks: list[FollowUpCheckRecord]) -> None:
        self._checks = checks
        self._render_results()

    def _on_suggestion_read(self, step: PlaybookStep, text: str) -> None:
        if step is self._step and not self.answer.text():
            self.answer.setText(text)

    def _render_results(self) -> None:
        if self._script is None or self._case_id is None:
            self.results.setText("")
            return
        latest = latest_outcomes(c for c in self._checks if c.call_id == self._call_id)
        lines = []
        for criterion in self._script.criteria.values():
            check = latest.get((criterion.issue_id, criterion.text))
            if check is None:
                continue
            if check.outcome is CheckOutcome.CONFIRMED:
                lines.append(self.tr("✓ {criterion}").format(criterion=criterion.text))
            else:
                lines.append(
                    self.tr("✗ {criterion}: {note}").format(
                        criterion=criterion.text, note=check.note
                    )
                )
        asked = len(lines)
        total = len(self._script.criteria)
        summary = self.tr("{asked} of {total} criteria checked").format(asked=asked, total=total)
        self.results.setText("\n".join([summary, *lines]))


def _sequence(source: KeySource) -> QKeySequence:
    if isinstance(source, QAction):
        return source.shortcut()
    return QKeySequence(source) if isinstance(source, str) else QKeySequence()
