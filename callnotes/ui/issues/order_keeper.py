"""The issue order shown, kept in step with the database and with what the client agreed.

Moves (drag and drop, Alt+arrows, “By priority”) change only the list at first; they are
stored after a short pause, and before anything that needs them, so walking an issue up three
places records one change, not three. Once the client has agreed an order, a move says so at
once (“changed since … confirm again”), before it is even stored.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from callnotes.domain.issues import OrderState, by_suggested_priority
from callnotes.domain.timeline import EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.list_model import IssueListModel
from callnotes.ui.issues.order_state_label import OrderStateLabel

ORDER_SAVE_DELAY_MS = 700


class IssueOrderKeeper(QObject):
    """Stores moves of *model*'s rows, confirms the order, and says where it stands in *label*."""

    #: Storing or confirming failed; the one-sentence message. The order shown stays.
    problem = Signal(str)
    #: Fresher records of the issues shown (their stored ranks), nothing moved (a sequence).
    records_stored = Signal(object)
    #: A change to the agreed order was written to the timeline.
    timeline_written = Signal()
    #: The order moved or its state changed (what may be moved or confirmed changed with it).
    changed = Signal()

    def __init__(
        self,
        actions: IssueActions,
        model: IssueListModel,
        label: OrderStateLabel,
        case_id: Callable[[], int | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._model = model
        self._label = label
        self._case_id = case_id
        self._dirty = False
        self._state = OrderState(confirmed_at=None, changed_since=False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ORDER_SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        model.rowsMoved.connect(lambda *_: self.moved())

    @property
    def ordered_by_hand(self) -> bool:
        """Whether someone set the order (until then, suggested priority is the order)."""
        return self._dirty or any(i.agreed_rank is not None for i in self._model.issues())

    def moved(self) -> None:
        """The agent moved an issue: store it after the pause."""
        self._dirty = True
        self._timer.start()
        self.changed.emit()
        if self._state.confirmed_at is not None:
            self._show_text(changed=True)

    def sort_by_priority(self) -> None:
        """Put the issues in suggested-priority order; stored like any other move."""
        if self._model.set_order([i.id for i in by_suggested_priority(self._model.issues())]):
            self.moved()

    def save(self) -> bool:
        """Store a pending move now; False (and :attr:`problem`) if it could not be."""
        self._timer.stop()
        case_id = self._case_id()
        if not self._dirty or case_id is None:
            return True
        shown = self._model.issue_ids()
        try:
            stored = self._actions.reorder(case_id, shown)
            state = self._actions.order_state(case_id)
        except CallnotesError as exc:
            self.problem.emit(str(exc))
            return False
        self._dirty = False
        self.records_stored.emit(stored)
        if state.confirmed_at is not None:
            self.timeline_written.emit()  # the change after agreement was recorded
        self.show_state(state)
        return True

    def confirm(self) -> EntryRecord | None:
        """Record that the client agreed the order shown (already stored); None if it failed."""
        case_id = self._case_id()
        if case_id is None:
            return None
        try:
            entry = self._actions.confirm_order(case_id)
            issues = self._actions.list_issues(case_id)
            state = self._actions.order_state(case_id)
        except CallnotesError as exc:
            self.problem.emit(str(exc))
            return None
        self.records_stored.emit(issues)
        self.show_state(state)
        return entry

    def show_state(self, state: OrderState) -> None:
        """Show *state*, as the service just read it (a pending move still counts as a change)."""
        self._state = state
        self._show_text(changed=state.changed_since or self._dirty)
        self.changed.emit()

    def _show_text(self, *, changed: bool) -> None:
        shown = self._case_id() is not None and self._model.rowCount() > 0
        self._label.show_state(self._state if shown else None, changed=changed)
