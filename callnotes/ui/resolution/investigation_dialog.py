"""The investigation checklist of a case: each check with what it found, and past cases linked.

Findings are typed into an editor whose draft is saved as it is typed, per case and check, so
switching checks or closing the dialog never loses a word. The checklist is read through the
task runner. The drafts are read and saved, and findings recorded, in the window's line of
writes (:class:`~callnotes.ui.common.write_queue.WriteQueue`), in the order the agent made
them: a draft is read after its last save, and a finding recorded clears its draft after it.
A refusal shows in the dialog and the text stays; a write the database could not take yet is
retried by the line until it lands, even after the dialog has closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.drafts import investigation_draft_key
from callnotes.domain.investigation import (
    CHECKLIST,
    Investigation,
    InvestigationCheck,
    InvestigationStepRecord,
    LinkedCase,
)
from callnotes.domain.issues import IssueRecord
from callnotes.domain.seen_before import SeenBeforeMatch
from callnotes.errors import CallnotesError, StorageError
from callnotes.ui.common.autosave import DraftAutosaver, SaveState
from callnotes.ui.common.key_names import worded
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner
from callnotes.ui.common.write_queue import WriteQueue

T = TypeVar("T")
_CHECK_ROLE = Qt.ItemDataRole.UserRole
_CASE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class InvestigationActions:
    """What the dialog may do, as plain callables (services in the app, fakes in tests)."""

    load: Callable[[int], Investigation]
    record: Callable[..., InvestigationStepRecord]
    link_case: Callable[[int, int, str], LinkedCase]
    issues: Callable[[int], Sequence[IssueRecord]]
    seen_before: Callable[..., list[SeenBeforeMatch]]
    save_draft: Callable[[str, str], None]
    load_draft: Callable[[str], str]


def short_time(moment: datetime) -> str:
    """``10:42`` today, ``Mon 2 Mar 10:42`` on another day, in the computer's time zone."""
    local = moment.astimezone()
    if local.date() == datetime.now(local.tzinfo).date():
        return QLocale().toString(QTime(local.hour, local.minute), "HH:mm")
    wall = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(wall, "ddd d MMM HH:mm")


def draft_key(case_id: int, check: InvestigationCheck) -> str:
    """Where the findings being typed for *check* are kept until recorded."""
    return investigation_draft_key(case_id, check.value)


def _refusal_as_result(write: Callable[[], T]) -> Callable[[], T | CallnotesError]:
    """*write*, with a refusal (an empty finding, a case gone) returned rather than raised:
    the line of writes retries what fails, and a refusal would fail again at every try. A
    storage problem (the database locked, the disk full) is raised, and retried."""

    def run() -> T | CallnotesError:
        try:
            return write()
        except StorageError:
            raise
        except CallnotesError as exc:
            return exc

    return run


class InvestigationDialog(QDialog):
    """Checks on the left of the agent's mind: before a cause is named, the facts are gathered."""

    recorded = Signal(object)  # InvestigationStepRecord or LinkedCase, once stored

    def __init__(
        self,
        actions: InvestigationActions,
        case_id: int,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        writes: WriteQueue | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._case_id = case_id
        self._runner = runner
        # Without the window's line (a test of the dialog alone): a line of its own, at once.
        self._writes = (
            writes if writes is not None else WriteQueue(self, runner=SynchronousTaskRunner(self))
        )
        # The findings of each check as last typed or read, by draft key: switching back to a
        # check shows them at once, without a read.
        self._drafts: dict[str, str] = {}
        self._investigation: Investigation | None = None
        self._to_outstanding = True  # once read, show the first check still to do
        self.setWindowTitle(self.tr("Investigation checklist"))
        self.setAccessibleName(self.tr("Investigation checklist"))
        self.checks = QListWidget(self)
        self.checks.setAccessibleName(self.tr("Checks"))
        self.history = QLabel(self)
        self.history.setAccessibleName(self.tr("Found so far"))
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings = QPlainTextEdit(self)
        self.findings.setAccessibleName(self.tr("Findings"))
        self.findings.setTabChangesFocus(True)
        self.save_state = QLabel(self)
        self.record_button = QPushButton(self.tr("&Record finding"), self)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.similar_label = QLabel(self.tr("Similar past cases — Enter links one"), self)
        self.similar = QListWidget(self)
        self.similar.setAccessibleName(self.tr("Similar past cases"))
        self.linked_label = QLabel(self.tr("Linked past cases"), self)
        self.linked = QListWidget(self)
        self.linked.setAccessibleName(self.tr("Linked past cases"))
        # No parent: the saves it put in line may land after the dialog has closed, and it
        # must still be there to hear them (the dialog's own slots are gone with it).
        self._autosaver = DraftAutosaver(actions.save_draft, None, queue=self._writes)
        # The keyboard starts in the findings of the first check still to do (chosen once the
        # checklist is read; Shift+Tab goes to the checks): typing at once types findings.
        self.findings.setFocus()
        self._build()
        self._connect()
        self.reload()
        self._read_drafts()
        self._search_similar()

    # -- public API ------------------------------------------------------------------------

    @property
    def drafts_read(self) -> bool:
        """Whether the check's findings as last saved are shown (until then, what is typed
        waits in the editor and goes on after them)."""
        return self._autosaver.key is not None

    @property
    def current_check(self) -> InvestigationCheck:
        """The check whose findings are being typed."""
        item = self.checks.currentItem()
        return InvestigationCheck(item.data(_CHECK_ROLE)) if item else CHECKLIST[0]

    def reload(self) -> None:
        """Read the checklist again (off the GUI thread) and show it."""
        load, case_id = self._actions.load, self._case_id
        self._runner.submit(
            lambda: load(case_id),
            on_result=self._show_investigation,
            on_error=lambda exc: self._show_problem(str(exc)),
            key=("investigation", id(self)),
            owner=self,
        )

    def _show_investigation(self, investigation: Investigation) -> None:
        self._investigation = investigation
        row = max(self.checks.currentRow(), 0)
        self.checks.blockSignals(True)
        self.checks.clear()
        for item in self._investigation.items:
            mark = "✓" if item.done else "○"
            when = (
                self.tr("done {time}").format(time=short_time(item.last_at))
                if item.last_at
                else self.tr("not yet")
            )
            self._add_check(f"{mark} {self.tr(item.check.label)} — {when}", item.check)
        others = len(self._investigation.others)
        label = self.tr("+ Other finding")
        if others:
            label += self.tr(" ({count} so far)").format(count=others)
        self._add_check(label, InvestigationCheck.OTHER)
        self.checks.blockSignals(False)
        self.checks.setCurrentRow(min(row, self.checks.count() - 1))
        rows = self.checks.count()
        self.checks.setFixedHeight(
            self.checks.sizeHintForRow(0) * rows + 2 * self.checks.frameWidth()
        )
        self._show_history()
        self._show_linked()
        if self._to_outstanding:
            self._to_outstanding = False
            self.checks.setCurrentRow(self._first_outstanding_row())

    def record_finding(self) -> None:
        """Record what was typed for the current check; a refusal shows in the dialog."""
        if not self.record_button.isEnabled() or self._autosaver.key is None:
            return  # the last finding is still being stored, or the draft is being read
        check, case_id, text = self.current_check, self._case_id, self.findings.toPlainText()
        record = self._actions.record
        self._autosaver.flush()  # in line first: recording the finding then clears its draft
        self._set_writing(True)
        self._writes.put(
            _refusal_as_result(
                lambda: record(case_id, check, text, clear_draft=draft_key(case_id, check))
            ),
            on_done=self._while_open(lambda step: self._on_recorded(check, step)),
            on_failed=self._while_open(self._on_write_failed),
        )

    def link_selected(self) -> None:
        """Link the selected similar past case; a refusal shows in the dialog."""
        item = self.similar.currentItem()
        if item is None or not self.record_button.isEnabled():
            return
        seen_before = self.current_check is InvestigationCheck.SEEN_BEFORE
        if seen_before and self._autosaver.key is None:
            return  # what was typed goes with the link: wait until the draft has been read
        case_id, past_id = self._case_id, int(item.data(_CASE_ROLE))
        text = self.findings.toPlainText() if seen_before else ""
        link, save_draft = self._actions.link_case, self._actions.save_draft

        def write() -> LinkedCase:
            linked = link(case_id, past_id, text)
            if seen_before:  # what was typed went with the link
                save_draft(draft_key(case_id, InvestigationCheck.SEEN_BEFORE), "")
            return linked

        self._autosaver.flush()
        self._set_writing(True)
        self._writes.put(
            _refusal_as_result(write),
            on_done=self._while_open(lambda linked: self._on_linked(item, seen_before, linked)),
            on_failed=self._while_open(self._on_write_failed),
        )

    def flush(self) -> bool:
        """Save the findings being typed."""
        return self._autosaver.flush()

    def done(self, result: int) -> None:
        """Save what is typed before closing."""
        self.flush()
        super().done(result)

    # -- reactions ------------------------------------------------------------------------

    def _on_recorded(
        self, check: InvestigationCheck, step: InvestigationStepRecord | CallnotesError
    ) -> None:
        self._set_writing(False)
        if isinstance(step, CallnotesError):
            self._show_problem(str(step))  # refused: the findings stay in the editor
            return
        self.problem.setVisible(False)
        self._forget_findings(check)
        self._to_outstanding = True
        self.reload()
        self.recorded.emit(step)

    def _on_linked(
        self, item: QListWidgetItem, seen_before: bool, linked: LinkedCase | CallnotesError
    ) -> None:
        self._set_writing(False)
        if isinstance(linked, CallnotesError):
            self._show_problem(str(linked))  # refused: the findings stay in the editor
            return
        self.problem.setVisible(False)
        if seen_before:
            self._forget_findings(InvestigationCheck.SEEN_BEFORE)
        row = self.similar.row(item) if shiboken6.isValid(item) else -1
        if row >= 0:
            self.similar.takeItem(row)
        self.reload()
        self.recorded.emit(linked)

    def _on_write_failed(self, exc: CallnotesError) -> None:
        # The line tries it again until it lands; the findings stay in the editor meanwhile.
        self._show_problem(
            self.tr("{problem} Not recorded yet; trying again.").format(problem=str(exc))
        )

    def _on_check_changed(self) -> None:
        check = self.current_check
        reading = self._autosaver.key is None  # the drafts are not read yet
        self._autosaver.set_key(None)  # what was typed for the last check is put in line
        key = draft_key(self._case_id, check)
        early = self.findings.toPlainText() if reading else ""
        if key in self._drafts:
            self._show_draft(key, early)
        else:  # saved once the drafts are read (_on_drafts_read): typed meanwhile, kept
            self._show_findings(None, early)
        self._show_history()
        seen_before = check is InvestigationCheck.SEEN_BEFORE
        for widget in (self.similar_label, self.similar):
            widget.setVisible(seen_before)
        has_links = self.linked.count() > 0
        for widget in (self.linked_label, self.linked):
            widget.setVisible(seen_before and has_links)

    def _on_drafts_read(self, drafts: dict[str, str] | CallnotesError) -> None:
        if isinstance(drafts, CallnotesError):
            self._show_problem(str(drafts))
            drafts = {}
        for key in self._draft_keys():
            self._drafts.setdefault(key, drafts.get(key, ""))
        if self.checks.count() and self._autosaver.key is None:
            key = draft_key(self._case_id, self.current_check)
            self._show_draft(key, self.findings.toPlainText())

    def _on_findings_changed(self) -> None:
        key = self._autosaver.key
        if key is not None:
            text = self.findings.toPlainText()
            self._drafts[key] = text
            self._autosaver.text_changed(text)

    def _on_save_state(self, state: SaveState, message: str) -> None:
        texts = {
            SaveState.SAVED: self.tr("Saved"),
            SaveState.UNSAVED: self.tr("Saving…"),
            SaveState.FAILED: self.tr("Not saved: {reason}").format(reason=message),
        }
        self.save_state.setText(texts[state])

    def _on_similar_found(self, matches: Sequence[SeenBeforeMatch] | None) -> None:
        if matches is None:
            return  # the case has no issue to compare
        self.similar.clear()
        linked = {c.case_id for c in self._investigation.linked} if self._investigation else set()
        seen: set[int] = set()
        for match in matches:
            if match.case_id in linked or match.case_id in seen:
                continue
            seen.add(match.case_id)
            who = self.tr("this client") if match.same_client else match.client_name
            text = f"{match.case_title} — {who}, {short_time(match.at)}"
            if match.root_cause:
                text += "\n" + self.tr("Cause: {cause}").format(cause=match.root_cause)
            item = QListWidgetItem(text, self.similar)
            item.setData(_CASE_ROLE, match.case_id)
        if not seen:
            QListWidgetItem(self.tr("Nothing similar found in past cases."), self.similar).setFlags(
                Qt.ItemFlag.NoItemFlags
            )
        else:
            self.similar.setCurrentRow(0)

    # -- helpers ---------------------------------------------------------------------------

    def _draft_keys(self) -> list[str]:
        return [draft_key(self._case_id, check) for check in (*CHECKLIST, InvestigationCheck.OTHER)]

    def _read_drafts(self) -> None:
        """Read what was being typed for every check, once: in the line of writes, after any
        save still in it (the dialog closed a moment ago, say), so each is as last saved."""
        load, keys = self._actions.load_draft, self._draft_keys()
        self._writes.put(
            _refusal_as_result(lambda: {key: load(key) for key in keys}),
            on_done=self._while_open(self._on_drafts_read),
        )

    def _search_similar(self) -> None:
        search, case_id, read_issues = (
            self._actions.seen_before,
            self._case_id,
            self._actions.issues,
        )

        def find() -> list[SeenBeforeMatch] | None:
            issues = list(read_issues(case_id))
            if not issues:
                return None  # nothing to compare: the list stays as it is
            found: list[SeenBeforeMatch] = []
            for issue in issues:
                found += search(case_id, issue.title, issue.client_words, limit=5)
            return sorted(found, key=lambda m: (not m.same_client, -m.at.timestamp()))

        self._runner.submit(
            find,
            on_result=self._on_similar_found,
            on_error=lambda error: self._show_problem(str(error)),
            key=("investigation-similar", case_id),
            owner=self,
        )

    def _show_history(self) -> None:
        steps: tuple[InvestigationStepRecord, ...] = ()
        if self._investigation is not None:
            check = self.current_check
            if check is InvestigationCheck.OTHER:
                steps = self._investigation.others
            else:
                steps = next(i.steps for i in self._investigation.items if i.check is check)
        lines = [f"{short_time(s.at)} — {s.findings}" for s in steps]
        self.history.setText("\n".join(lines) or self.tr("Nothing recorded yet."))

    def _show_linked(self) -> None:
        self.linked.clear()
        for case in self._investigation.linked if self._investigation else ():
            text = f"{case.title} ({self.tr('case')} {case.case_id})"
            if case.root_cause:
                text += "\n" + self.tr("Cause: {cause}").format(cause=case.root_cause)
            QListWidgetItem(text, self.linked).setData(_CASE_ROLE, case.case_id)
        shown = self.current_check is InvestigationCheck.SEEN_BEFORE and self.linked.count() > 0
        self.linked_label.setVisible(shown)
        self.linked.setVisible(shown)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def _show_findings(self, key: str | None, text: str) -> None:
        """Show *text* as the findings of the draft *key* (None: still being read)."""
        self.findings.blockSignals(True)
        self.findings.setPlainText(text)
        self.findings.blockSignals(False)
        self.findings.moveCursor(QTextCursor.MoveOperation.End)  # typing goes on after it
        self._autosaver.set_key(key, text)
        self.findings.setReadOnly(not self.record_button.isEnabled())
        if key is None:
            self.save_state.setText(self.tr("Reading…"))
        elif self.save_state.text() == self.tr("Reading…"):
            self.save_state.clear()  # read: nothing to say until something is typed

    def _show_draft(self, key: str, early: str = "") -> None:
        """Show the draft of *key*; what was typed while it was being read (*early*) goes on
        after it, and is saved."""
        stored = self._drafts[key]
        self._show_findings(key, stored)
        if early:  # typed, as the agent types: the draft follows (_on_findings_changed)
            self.findings.setPlainText(f"{stored}\n{early}" if stored else early)
            self.findings.moveCursor(QTextCursor.MoveOperation.End)

    def _forget_findings(self, check: InvestigationCheck) -> None:
        """*check*'s findings were recorded (their draft cleared with them): empty them."""
        key = draft_key(self._case_id, check)
        self._drafts[key] = ""
        if self._autosaver.key == key:
            self._show_findings(key, "")

    def _set_writing(self, writing: bool) -> None:
        """While a finding or a link is being stored, nothing more is typed or recorded."""
        self.record_button.setEnabled(not writing)
        self.findings.setReadOnly(writing)

    def _while_open(self, react: Callable[[T], None]) -> Callable[[T], None]:
        """*react*, unless the dialog has been closed (and deleted) meanwhile."""

        def run(result: T) -> None:
            if shiboken6.isValid(self):
                react(result)

        return run

    def _first_outstanding_row(self) -> int:
        if self._investigation is None:
            return 0
        outstanding = self._investigation.outstanding
        return CHECKLIST.index(outstanding[0]) if outstanding else len(CHECKLIST)

    def _add_check(self, text: str, check: InvestigationCheck) -> None:
        item = QListWidgetItem(text, self.checks)
        item.setData(_CHECK_ROLE, check.value)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Gather the facts before naming a cause. Pick a check, write what you found.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.checks)
        layout.addWidget(self.history)
        layout.addWidget(self.findings, 1)
        row = QHBoxLayout()
        row.addWidget(self.save_state, 1)
        row.addWidget(self.record_button)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.similar_label)
        layout.addWidget(self.similar, 1)
        layout.addWidget(self.linked_label)
        layout.addWidget(self.linked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 620)

    def _connect(self) -> None:
        self.checks.currentRowChanged.connect(lambda _row: self._on_check_changed())
        self.findings.textChanged.connect(self._on_findings_changed)
        self._autosaver.state_changed.connect(self._on_save_state)
        self.record_button.clicked.connect(self.record_finding)
        self.similar.itemActivated.connect(lambda _item: self.link_selected())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.record_finding)
        self.findings.setPlaceholderText(
            worded(
                self.tr("What did you find? ({key} records it)"),
                self.tr("What did you find?"),
                shortcut,
            )
        )
