"""The selected issue's details, saved as the agent types, with “seen before?” matches.

What the client said and how much it hurts (title, words, impact, deadline…) is saved quietly
by the window's one draft autosave (a short debounce, a one-second maximum wait), in line on the
window's write queue and retried there until stored: the fields the agent changed are the
draft, so moving on to another issue never loses a word. Progress (status, owner, ETA,
roadblocks) is a fact on the timeline, so it is recorded only when the agent has finished with
a field: a choice in a list (after a pause), Enter, or leaving the field — never half-typed.
Both go through the panel's :class:`~callnotes.ui.issues.writes.IssueWrites`, in the order made:
the entry for a status change names the title as it is now.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from callnotes.domain.issues import IssueRecord, matrix_priority
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.seen_before import SeenBeforeMatch
from callnotes.errors import CallnotesError, InvalidInputError, NotFoundError
from callnotes.ui.common.autosave import DraftAutosaver, SaveState
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.form import IssueForm
from callnotes.ui.issues.labels import (
    impact_phrase,
    priority_label,
    priority_tooltip,
    urgency_phrase,
)
from callnotes.ui.issues.writes import IssueWrites

SAVE_DEBOUNCE_MS = 400
SAVE_MAX_WAIT_MS = 1000
RETRY_MS = 2000
SEARCH_DEBOUNCE_MS = 300
CHOICE_COMMIT_MS = 800

Fields = dict[str, Any]
_PROGRESS = ("status", "owner_id", "eta", "roadblocks")


class IssueEditor(QWidget):
    """Edits one issue at a time; :meth:`flush` puts everything typed in line."""

    #: The database returned a changed issue (IssueRecord).
    issue_saved = Signal(object)
    #: A progress change was written to the timeline.
    timeline_written = Signal()
    #: A save failed; the one-sentence message. What was typed stays.
    problem = Signal(str)
    #: The agent opened a “seen before” match (SeenBeforeMatch).
    seen_before_activated = Signal(object)

    def __init__(
        self,
        actions: IssueActions,
        runner: TaskRunner,
        writes: IssueWrites,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._runner = runner
        self._writes = writes
        self._issue: IssueRecord | None = None  # as last stored
        self._case_id: int | None = None
        # The capture fields the agent changed on the issue shown: the draft the autosave keeps.
        self._touched: Fields = {}
        # Changes to issues no longer shown that are in line and not stored yet, by issue id:
        # shown again if the agent comes back before they are.
        self._in_line: dict[int, Fields] = {}
        # Each changed field as it was when the agent began changing it (then as last stored),
        # by issue: a save starts from it, so a colleague's change meanwhile is never
        # overwritten unseen (IssueService.update_issue keeps both).
        self._began: dict[int, Fields] = {}
        # Progress as last put in line (or stored): what the fields are compared with.
        self._progress: Fields = {}
        self._progress_on_the_way = 0
        # What each capture save stored (or why not), in the order they ran.
        self._stored: deque[IssueRecord | CallnotesError] = deque()
        self._loading = False
        self._search_key = ("seen-before", id(self))
        self.form = IssueForm(self, tz=tz)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self._autosaver = DraftAutosaver(
            self._store_fields,
            self,
            debounce_ms=SAVE_DEBOUNCE_MS,
            max_wait_ms=SAVE_MAX_WAIT_MS,
            retry_ms=RETRY_MS,
            queue=writes.queue,
        )
        self._choice_timer = self._timer(CHOICE_COMMIT_MS, self._commit_choices)
        self._search_timer = self._timer(SEARCH_DEBOUNCE_MS, self._search_now)
        self._connect()
        self.set_issue(None, None)

    # Public ----------------------------------------------------------------------------------

    @property
    def issue(self) -> IssueRecord | None:
        """The issue being edited, as last stored."""
        return self._issue

    @property
    def saving(self) -> bool:
        """Whether a save of the form is typed or in line and not stored yet."""
        return (
            self._autosaver.state is not SaveState.SAVED
            or bool(self._in_line)
            or self._progress_on_the_way > 0
        )

    @property
    def has_unsaved_changes(self) -> bool:
        """Whether something typed has not reached the database yet."""
        return self.saving or self._progress_changed()

    def set_issue(self, issue: IssueRecord | None, case_id: int | None) -> None:
        """Edit *issue* (None: nothing selected); changes to the previous one are put in line.

        A fresher record of the issue shown fills the fields the agent has not changed: what is
        being typed stays as it is, cursor and all.
        """
        previous = self._issue
        self._case_id = case_id
        if issue is not None and previous is not None and issue.id == previous.id:
            self._refresh(issue)
            return
        if previous is not None:
            self._commit_progress()
            if self._autosaver.state is not SaveState.SAVED and self._touched:
                self._in_line[previous.id] = dict(self._touched)
        self._issue = issue
        self._touched = dict(self._in_line.get(issue.id, {})) if issue is not None else {}
        self._autosaver.set_key(_key(issue.id) if issue is not None else None, self._draft())
        self._progress = _progress_of(issue)
        self._load()
        self._search_timer.stop()
        self._search_now()

    def set_team(self, members: Sequence[TeamMemberRecord]) -> None:
        """The colleagues an issue can be given to."""
        self._loading = True
        try:
            self.form.set_team(members, self._progress.get("owner_id"))
        finally:
            self._loading = False

    def flush(self) -> bool:
        """Put everything typed in line now; True when it is all stored already."""
        self._autosaver.flush()
        self._commit_progress()
        return not self.has_unsaved_changes

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

    def _timer(self, interval: int, slot: Callable[[], object]) -> QTimer:
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
        f.status.activated.connect(self._on_choice_activated)
        f.owner.activated.connect(self._on_choice_activated)
        f.eta.committed.connect(self._commit_eta)
        f.roadblocks.editingFinished.connect(self._commit_roadblocks)
        self._autosaver.saved.connect(self._on_autosaver_saved)
        self._autosaver.state_changed.connect(self._on_autosaver_state_changed)

    # Capture fields: the draft the autosave keeps ----------------------------------------------

    def _change(self, field: str, value: Any, *, now: bool = False) -> None:
        if self._loading or self._issue is None:
            return
        self._began.setdefault(self._issue.id, {}).setdefault(field, getattr(self._issue, field))
        self._touched[field] = value
        self._autosaver.text_changed(self._draft())
        if now:
            self._autosaver.flush()

    def _draft(self) -> Fields:
        if not self._touched or self._issue is None:
            return dict(self._touched)
        began = self._began.get(self._issue.id, {})
        return {**self._touched, _STARTED_FROM: {f: began[f] for f in self._touched if f in began}}

    def _store_fields(self, key: str, fields: Fields) -> None:
        """On the write queue's thread: store *fields*; a problem the next try cannot fix (the
        issue removed meanwhile, a field refused) is kept as the answer instead of retried."""
        try:
            self._stored.append(self._actions.update_issue(_issue_id(key), **fields))
        except (NotFoundError, InvalidInputError) as exc:
            self._stored.append(exc)

    def _on_autosaver_saved(self, key: str, fields: Fields) -> None:
        issue_id = _issue_id(key)
        typed = {name: value for name, value in fields.items() if name != _STARTED_FROM}
        if self._in_line.get(issue_id) == typed:
            del self._in_line[issue_id]
        stored = self._stored.popleft() if self._stored else None
        if isinstance(stored, CallnotesError):
            self.problem.emit(str(stored))
        elif stored is not None:
            self._writes.landed()
            # From now on the agent builds on what is stored (their words, or a colleague's).
            began = self._began.get(issue_id, {})
            for field in began:
                began[field] = getattr(stored, field)
            self._stored_record(stored)
            if stored.kept_beside:  # said after the save's own news, which clears problems
                self._show_kept_beside(stored, fields)

    def _show_kept_beside(self, stored: IssueRecord, sent: Fields) -> None:
        """A colleague had changed a field the agent was changing: theirs is shown, the
        agent's is on the timeline — unless the agent typed on since (then that stays)."""
        shown = self._issue is not None and self._issue.id == stored.id
        for field, _sentence in stored.kept_beside:
            if shown and self._touched.get(field) == sent.get(field):
                self._touched.pop(field, None)
        self.problem.emit(" ".join(sentence for _field, sentence in stored.kept_beside))
        if shown:
            self._issue = stored
            self._load()

    def _on_autosaver_state_changed(self, state: SaveState, message: str) -> None:
        if state is SaveState.FAILED and message:
            self.problem.emit(message)  # the queue tries again; the words stay

    def _on_title_text_edited(self, text: str) -> None:
        if text.strip():  # an issue cannot lose its title
            self._change("title", text)
        self._search_timer.start()

    def _on_title_editing_finished(self) -> None:
        if self._issue is not None and not self.form.title.text().strip():
            self._loading = True
            self.form.title.setText(self._touched.get("title", self._issue.title))
            self._loading = False
        self._autosaver.flush()

    def _on_client_words_text_changed(self) -> None:
        self._change("client_words", self.form.client_words.toPlainText())
        self._search_timer.start()

    def _on_fixed_looks_like_text_changed(self) -> None:
        self._change("fixed_looks_like", self.form.fixed_looks_like.toPlainText().splitlines())

    def _on_impact_activated(self, _index: int) -> None:
        self._change("impact", self.form.chosen_impact(), now=True)
        self._show_priority()

    def _on_urgency_activated(self, _index: int) -> None:
        self._change("urgency", self.form.chosen_urgency(), now=True)
        self._show_priority()

    def _on_time_sensitive_toggled(self, checked: bool) -> None:
        self._change("time_sensitive", checked, now=True)

    def _on_business_critical_toggled(self, checked: bool) -> None:
        self._change("business_critical", checked, now=True)
        self._show_priority()

    def _on_timeframe_text_edited(self, text: str) -> None:
        self._change("timeframe", text)

    def _on_deadline_value_changed(self) -> None:
        self._change("deadline", self.form.deadline.value())

    def _on_first_noticed_value_changed(self) -> None:
        self._change("first_noticed_at", self.form.first_noticed.value())

    def _on_root_cause_text_changed(self) -> None:
        self._change("root_cause", self.form.root_cause.toPlainText())

    # Progress: recorded on the timeline ------------------------------------------------------

    def _on_choice_activated(self, _index: int) -> None:
        # Arrowing through a closed list activates every step on the way; only where the agent
        # stops is a fact, so the choice is recorded after a pause (or at the next flush).
        if self._issue is not None and not self._loading:
            self._choice_timer.start()

    def _commit_progress(self) -> None:
        self._commit_choices()
        self._commit_eta()
        self._commit_roadblocks()

    def _commit_choices(self) -> None:
        self._choice_timer.stop()
        if self._issue is None or self._loading:
            return
        actions = self._actions
        status = self.form.chosen_status()
        if status is not self._progress["status"]:
            self._record("status", status, lambda issue_id: actions.set_status(issue_id, status))
        owner_id = self.form.owner.currentData()
        if owner_id != self._progress["owner_id"]:
            self._record("owner_id", owner_id, lambda i: actions.set_owner(i, owner_id))

    def _commit_eta(self) -> None:
        if self._issue is None or self._loading or not self._eta_changed():
            return
        eta, actions = self.form.eta.value(), self._actions
        self._record("eta", eta, lambda issue_id: actions.set_eta(issue_id, eta))

    def _commit_roadblocks(self) -> None:
        if self._issue is None or self._loading or not self._roadblocks_changed():
            return
        text, actions = self.form.roadblocks.text().strip(), self._actions
        self._record("roadblocks", text, lambda issue_id: actions.set_roadblocks(issue_id, text))

    def _record(self, field: str, value: Any, change: Callable[[int], IssueRecord]) -> None:
        """Put *change* in line after the capture fields (the entry names the current title)."""
        assert self._issue is not None
        issue_id, before = self._issue.id, self._progress[field]
        self._autosaver.flush()
        self._progress[field] = value
        self._progress_on_the_way += 1
        self._writes.put(
            lambda: change(issue_id),
            on_done=self._on_progress_recorded,
            on_failed=lambda exc: self._on_progress_failed(issue_id, field, before, exc),
        )

    def _on_progress_recorded(self, issue: IssueRecord) -> None:
        self._progress_on_the_way -= 1
        self._stored_record(issue)
        self.timeline_written.emit()

    def _on_progress_failed(
        self, issue_id: int, field: str, before: Any, error: CallnotesError
    ) -> None:
        self._progress_on_the_way -= 1
        self.problem.emit(str(error))
        if self._issue is not None and self._issue.id == issue_id:
            self._progress[field] = before
            self._show_progress()  # what is really stored

    def _progress_changed(self) -> bool:
        return self._issue is not None and (
            self._choice_timer.isActive() or self._eta_changed() or self._roadblocks_changed()
        )

    def _eta_changed(self) -> bool:
        return _minute(self.form.eta.value()) != _minute(self._progress.get("eta"))

    def _roadblocks_changed(self) -> bool:
        return self.form.roadblocks.text().strip() != self._progress.get("roadblocks")

    # Showing ---------------------------------------------------------------------------------

    def _stored_record(self, issue: IssueRecord) -> None:
        if self._issue is not None and self._issue.id == issue.id:
            self._issue = issue
            self._show_priority()
        self.issue_saved.emit(issue)

    def _refresh(self, issue: IssueRecord) -> None:
        """A fresher record of the issue shown: what the agent has not changed follows it.

        Progress chosen but not put in line yet (a status being stepped through with the
        arrow keys, a roadblock being typed) stays as the form shows it.
        """
        typed = self._typed_progress() if self._progress_changed() else {}
        progress_typed = self._progress_on_the_way > 0 or bool(typed)
        self._issue = issue
        if not progress_typed:
            self._progress = _progress_of(issue)
        self._load(typed)

    def _typed_progress(self) -> Fields:
        """The progress as the form shows it now (chosen or typed, maybe not in line yet)."""
        return {
            "status": self.form.chosen_status(),
            "owner_id": self.form.owner.currentData(),
            "eta": self.form.eta.value(),
            "roadblocks": self.form.roadblocks.text(),
        }

    def _load(self, typed: Fields | None = None) -> None:
        shown = self._issue
        if shown is not None:
            # Words typed that are not stored yet are shown, not the stored ones; so is the
            # progress put in line, and the progress chosen but not in line yet.
            overlay = {**self._touched, **self._progress, **(typed or {})}
            if "fixed_looks_like" in overlay:
                overlay["fixed_looks_like"] = tuple(overlay["fixed_looks_like"])
            shown = replace(shown, **overlay)
        self._loading = True
        try:
            self.form.show_issue(shown)
        finally:
            self._loading = False
        self._show_priority()

    def _show_progress(self) -> None:
        if self._issue is None:
            return
        self._loading = True
        try:
            self.form.show_progress(replace(self._issue, **self._progress))
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


_STARTED_FROM = "started_from"  # in a saved draft: the fields as the agent found them


def _key(issue_id: int) -> str:
    return f"issue-fields:{issue_id}"


def _issue_id(key: str) -> int:
    return int(key.rsplit(":", 1)[1])


def _progress_of(issue: IssueRecord | None) -> Fields:
    return {} if issue is None else {field: getattr(issue, field) for field in _PROGRESS}


def _minute(moment: datetime | None) -> datetime | None:
    return moment.replace(second=0, microsecond=0) if moment is not None else None
