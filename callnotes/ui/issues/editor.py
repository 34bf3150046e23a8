"""The selected issue's details, saved as the agent types, with “seen before?” matches.

What the client said and how much it hurts (title, words, impact, deadline…) is saved quietly
with a short debounce and a one-second maximum wait. Progress (status, owner, ETA, roadblocks)
is written to the timeline, so it is saved only when the agent has finished with a field: see
:mod:`callnotes.ui.issues.progress`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from callnotes.domain.issues import IssueRecord, matrix_priority
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.seen_before import SeenBeforeMatch
from callnotes.errors import CallnotesError
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.form import IssueForm
from callnotes.ui.issues.labels import (
    impact_phrase,
    priority_label,
    priority_tooltip,
    urgency_phrase,
)
from callnotes.ui.issues.progress import IssueProgressRecorder

SAVE_DEBOUNCE_MS = 400
SAVE_MAX_WAIT_MS = 1000
RETRY_MS = 2000
SEARCH_DEBOUNCE_MS = 300


class IssueEditor(QWidget):
    """Edits one issue at a time; :meth:`flush` before anything that must see every change."""

    #: The service returned a changed issue (IssueRecord).
    issue_saved = Signal(object)
    #: A progress change was written to the timeline.
    timeline_written = Signal()
    #: A save failed; the one-sentence message. The text stays, and the save is retried.
    problem = Signal(str)
    #: The agent opened a “seen before” match (SeenBeforeMatch).
    seen_before_activated = Signal(object)

    def __init__(
        self,
        actions: IssueActions,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._runner = runner
        self._issue: IssueRecord | None = None
        self._case_id: int | None = None
        self._pending: dict[str, Any] = {}
        # Changes to issues no longer shown that could not be saved yet, by issue id.
        self._orphans: dict[int, dict[str, Any]] = {}
        self._loading = False
        self._search_key = ("seen-before", id(self))
        self.form = IssueForm(self, tz=tz)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self._debounce = self._timer(SAVE_DEBOUNCE_MS, self._flush_capture)
        self._max_wait = self._timer(SAVE_MAX_WAIT_MS, self._flush_capture)
        self._retry = self._timer(RETRY_MS, self.flush)
        self._search_timer = self._timer(SEARCH_DEBOUNCE_MS, self._search_now)
        self._progress = IssueProgressRecorder(
            self.form,
            actions,
            current=lambda: self._issue,
            loading=lambda: self._loading,
            before_change=self._flush_capture,
            parent=self,
        )
        self._connect()
        self.set_issue(None, None)

    # Public ----------------------------------------------------------------------------------

    @property
    def issue(self) -> IssueRecord | None:
        """The issue being edited, as last saved."""
        return self._issue

    @property
    def has_unsaved_changes(self) -> bool:
        """Whether something typed has not reached the database yet."""
        return bool(self._pending) or bool(self._orphans) or self._progress.has_unsaved_changes

    def set_issue(self, issue: IssueRecord | None, case_id: int | None) -> None:
        """Edit *issue* (None: nothing selected); pending changes to the previous one are saved.

        If they cannot be saved (a full disk, say), they are kept and retried in the background,
        and shown again if the agent comes back to that issue: moving on never loses words.
        """
        previous = self._issue
        if previous is not None and (issue is None or issue.id != previous.id):
            self.flush()
            if self._pending:
                self._orphans[previous.id] = {**self._orphans.get(previous.id, {}), **self._pending}
                self._retry.start()
        same = issue is not None and previous is not None and issue.id == previous.id
        unsaved = same and self.has_unsaved_changes
        self._issue = issue
        self._case_id = case_id
        if same and (unsaved or _same_content(issue, previous)):
            # A fresher record of the same issue (a new rank, say): keep the fields as they
            # are, cursor and all, and keep what is being typed.
            return
        self._pending = self._orphans.pop(issue.id, {}) if issue is not None else {}
        self._load()
        self._search_timer.stop()
        self._search_now()

    def set_team(self, members: Sequence[TeamMemberRecord]) -> None:
        """The colleagues an issue can be given to."""
        self._loading = True
        try:
            self.form.set_team(members, self._issue.owner_id if self._issue else None)
        finally:
            self._loading = False

    def flush(self) -> bool:
        """Save everything typed now; return whether it all reached the database."""
        saved = self._flush_orphans()
        saved = self._flush_capture() and saved
        saved = self._progress.commit_choices() and saved
        saved = self._progress.commit_eta() and saved
        return self._progress.commit_roadblocks() and saved

    def focus_title(self) -> None:
        """Put the cursor at the end of the title, ready to add to it; nothing is selected."""
        title = self.form.title
        title.setFocus(Qt.FocusReason.OtherFocusReason)
        title.deselect()
        title.end(False)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Closing or hiding the panel is a transition: save first."""
        self.flush()
        super().hideEvent(event)

    # Wiring ----------------------------------------------------------------------------------

    def _timer(self, interval: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    def _connect(self) -> None:
        f = self.form
        f.title.textEdited.connect(self._on_title_text_edited)
        f.title.editingFinished.connect(self._on_title_editing_finished)
        f.client_words.textChanged.connect(self._on_client_words_text_changed)
        f.fixed_looks_like.textChanged.connect(self._on_fixed_looks_like_text_changed)
        f.impact.activated.connect(self._on_impact_activated)
        f.urgency.activated.connect(self._on_urgency_activated)
        f.time_sensitive.toggled.connect(self._on_time_sensitive_toggled)
        f.business_critical.toggled.connect(self._on_business_critical_toggled)
        f.timeframe.textEdited.connect(self._on_timeframe_text_edited)
        f.deadline.value_changed.connect(self._on_deadline_value_changed)
        f.first_noticed.value_changed.connect(self._on_first_noticed_value_changed)
        f.root_cause.textChanged.connect(self._on_root_cause_text_changed)
        f.seen_before.match_activated.connect(self.seen_before_activated)
        self._progress.recorded.connect(self._on_progress_recorded)
        self._progress.failed.connect(self._on_progress_failed)

    # Capture fields: quiet saves -------------------------------------------------------------

    def _queue(self, field: str, value: Any, *, now: bool = False) -> None:
        if self._loading or self._issue is None:
            return
        self._pending[field] = value
        if now:
            self._flush_capture()
            return
        self._debounce.start()
        if not self._max_wait.isActive() and not self._retry.isActive():
            self._max_wait.start()

    def _flush_capture(self) -> bool:
        if not self._pending or self._issue is None:
            return True
        self._debounce.stop()
        self._max_wait.stop()
        changes = dict(self._pending)
        try:
            saved = self._actions.update_issue(self._issue.id, **changes)
        except CallnotesError as exc:
            self._retry.start()
            self.problem.emit(str(exc))
            return False
        self._pending.clear()
        self._retry.stop()
        self._saved(saved)
        return True

    def _flush_orphans(self) -> bool:
        for issue_id, changes in list(self._orphans.items()):
            try:
                saved = self._actions.update_issue(issue_id, **changes)
            except CallnotesError as exc:
                self._retry.start()
                self.problem.emit(str(exc))
                return False
            del self._orphans[issue_id]
            self.issue_saved.emit(saved)
        return True

    def _on_title_text_edited(self, text: str) -> None:
        if text.strip():
            self._queue("title", text)
        else:
            self._pending.pop("title", None)  # an issue cannot lose its title
        self._search_timer.start()

    def _on_title_editing_finished(self) -> None:
        if self._issue is not None and not self.form.title.text().strip():
            self._loading = True
            self.form.title.setText(self._issue.title)
            self._loading = False
        self._flush_capture()

    def _on_client_words_text_changed(self) -> None:
        self._queue("client_words", self.form.client_words.toPlainText())
        self._search_timer.start()

    def _on_fixed_looks_like_text_changed(self) -> None:
        self._queue("fixed_looks_like", self.form.fixed_looks_like.toPlainText().splitlines())

    def _on_impact_activated(self, _index: int) -> None:
        self._queue("impact", self.form.chosen_impact(), now=True)
        self._show_priority()

    def _on_urgency_activated(self, _index: int) -> None:
        self._queue("urgency", self.form.chosen_urgency(), now=True)
        self._show_priority()

    def _on_time_sensitive_toggled(self, checked: bool) -> None:
        self._queue("time_sensitive", checked, now=True)

    def _on_business_critical_toggled(self, checked: bool) -> None:
        self._queue("business_critical", checked, now=True)
        self._show_priority()

    def _on_timeframe_text_edited(self, text: str) -> None:
        self._queue("timeframe", text)

    def _on_deadline_value_changed(self) -> None:
        self._queue("deadline", self.form.deadline.value())

    def _on_first_noticed_value_changed(self) -> None:
        self._queue("first_noticed_at", self.form.first_noticed.value())

    def _on_root_cause_text_changed(self) -> None:
        self._queue("root_cause", self.form.root_cause.toPlainText())

    # Progress: recorded on the timeline ------------------------------------------------------

    def _on_progress_recorded(self, issue: IssueRecord) -> None:
        self._saved(issue)
        self.timeline_written.emit()

    def _on_progress_failed(self, message: str) -> None:
        self.problem.emit(message)
        self._load_progress()  # show what is really stored

    # Showing ---------------------------------------------------------------------------------

    def _saved(self, issue: IssueRecord) -> None:
        self._issue = issue
        self._show_priority()
        self.issue_saved.emit(issue)

    def _load(self) -> None:
        shown = self._issue
        if shown is not None and self._pending:
            # Words typed earlier that are not stored yet are shown, not the stored ones.
            overlay = dict(self._pending)
            if "fixed_looks_like" in overlay:
                overlay["fixed_looks_like"] = tuple(overlay["fixed_looks_like"])
            shown = replace(shown, **overlay)
        self._loading = True
        try:
            self.form.show_issue(shown)
        finally:
            self._loading = False
        self._show_priority()

    def _load_progress(self) -> None:
        self._loading = True
        try:
            self.form.show_progress(self._issue)
        finally:
            self._loading = False

    def _show_priority(self) -> None:
        if self._issue is None:
            self.form.show_priority("", "")
            return
        shown = replace(
            self._issue,
            impact=self.form.chosen_impact(),
            urgency=self.form.chosen_urgency(),
            business_critical=self.form.business_critical.isChecked(),
        )
        if shown.priority is None or shown.impact is None or shown.urgency is None:
            text = self.tr("Suggested priority: not yet (needs impact and urgency)")
        else:
            text = self.tr("Suggested priority: {p} — {impact}, {urgency}").format(
                p=priority_label(shown.priority),
                impact=impact_phrase(shown.impact),
                urgency=urgency_phrase(shown.urgency),
            )
            if shown.business_critical and shown.priority != matrix_priority(
                shown.impact, shown.urgency
            ):
                text += self.tr(", raised a level as business-critical")
        self.form.show_priority(text, priority_tooltip(shown))

    # Seen before -----------------------------------------------------------------------------

    def _search_now(self) -> None:
        box = self.form.seen_before
        title = self.form.title.text()
        words = self.form.client_words.toPlainText()
        case_id = self._case_id
        if self._issue is None or case_id is None or not (title.strip() or words.strip()):
            self._runner.cancel(self._search_key)
            box.clear()
            return
        box.set_searching()
        search = self._actions.seen_before
        self._runner.submit(
            lambda: search(case_id, title, words),
            on_result=self._on_seen_before_found,
            on_error=self._on_seen_before_failed,
            key=self._search_key,
            owner=self,
        )

    def _on_seen_before_found(self, matches: Sequence[SeenBeforeMatch]) -> None:
        self.form.seen_before.set_matches(matches)

    def _on_seen_before_failed(self, error: CallnotesError) -> None:
        self.form.seen_before.set_problem(str(error))


def _same_content(a: IssueRecord | None, b: IssueRecord | None) -> bool:
    if a is None or b is None:
        return a is b
    return replace(a, agreed_rank=None) == replace(b, agreed_rank=None)
