"""Progress on the issue being edited (status, owner, ETA, roadblocks), recorded on the timeline.

Each change is a fact on the timeline, so it is saved only when the agent has finished with a
field: a choice in a list (after a pause), Enter, or leaving the field — never half-typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from callnotes.domain.issues import IssueRecord
from callnotes.errors import CallnotesError
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.form import IssueForm

CHOICE_COMMIT_MS = 800


class IssueProgressRecorder(QObject):
    """Records what the agent changed in *form*'s progress fields for the issue being edited.

    *current* gives the issue as last saved, *loading* whether the form is being filled in
    (nothing is recorded then), and *before_change* saves the capture fields first, so an entry
    names the title as it is now.
    """

    #: A progress change was recorded; the issue as it now stands (IssueRecord).
    recorded = Signal(object)
    #: Recording failed; the one-sentence message. The form should show what is stored again.
    failed = Signal(str)

    def __init__(
        self,
        form: IssueForm,
        actions: IssueActions,
        current: Callable[[], IssueRecord | None],
        loading: Callable[[], bool],
        before_change: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._form = form
        self._actions = actions
        self._current = current
        self._loading = loading
        self._before_change = before_change
        self._choice_timer = QTimer(self)
        self._choice_timer.setSingleShot(True)
        self._choice_timer.setInterval(CHOICE_COMMIT_MS)
        self._choice_timer.timeout.connect(self.commit_choices)
        form.status.activated.connect(self._on_choice_activated)
        form.owner.activated.connect(self._on_choice_activated)
        form.eta.committed.connect(self.commit_eta)
        form.roadblocks.editingFinished.connect(self.commit_roadblocks)

    @property
    def has_unsaved_changes(self) -> bool:
        """Whether a progress field shows something not recorded yet."""
        return self._choice_timer.isActive() or self._eta_changed() or self._roadblocks_changed()

    def commit_choices(self) -> bool:
        """Record the status and owner chosen, if they changed; False if that failed."""
        self._choice_timer.stop()
        issue = self._current()
        if issue is None or self._loading():
            return True
        saved = True
        status = self._form.chosen_status()
        if status is not issue.status:
            saved = self._progress(lambda issue_id: self._actions.set_status(issue_id, status))
        owner_id = self._form.owner.currentData()
        issue = self._current()
        if issue is not None and owner_id != issue.owner_id:
            saved = (
                self._progress(lambda issue_id: self._actions.set_owner(issue_id, owner_id))
                and saved
            )
        return saved

    def commit_eta(self) -> bool:
        """Record the ETA shown, if it changed; False if that failed."""
        if self._current() is None or self._loading() or not self._eta_changed():
            return True
        eta = self._form.eta.value()
        return self._progress(lambda issue_id: self._actions.set_eta(issue_id, eta))

    def commit_roadblocks(self) -> bool:
        """Record the roadblocks shown, if they changed; False if that failed."""
        if self._current() is None or self._loading() or not self._roadblocks_changed():
            return True
        text = self._form.roadblocks.text().strip()
        return self._progress(lambda issue_id: self._actions.set_roadblocks(issue_id, text))

    def _on_choice_activated(self, _index: int) -> None:
        # Arrowing through a closed list activates every step on the way; only where the agent
        # stops is a fact, so the choice is recorded after a pause (or at the next flush).
        if self._current() is not None and not self._loading():
            self._choice_timer.start()

    def _progress(self, change: Callable[[int], IssueRecord]) -> bool:
        """Save capture fields first (the entry names the current title), then *change*."""
        issue = self._current()
        assert issue is not None
        self._before_change()
        try:
            saved = change(issue.id)
        except CallnotesError as exc:
            self.failed.emit(str(exc))
            return False
        self.recorded.emit(saved)
        return True

    def _eta_changed(self) -> bool:
        issue = self._current()
        if issue is None:
            return False
        return _minute(self._form.eta.value()) != _minute(issue.eta)

    def _roadblocks_changed(self) -> bool:
        issue = self._current()
        if issue is None:
            return False
        return self._form.roadblocks.text().strip() != issue.roadblocks


def _minute(moment: datetime | None) -> datetime | None:
    return moment.replace(second=0, microsecond=0) if moment is not None else None
