"""The issue order shown, kept in step with the database and with what the client agreed.

Moves (drag and drop, Alt+arrows, “By priority”) change only the list at first; they are
stored after a short pause, and before anything that needs them, so walking an issue up three
places records one change, not three. Once the client has agreed an order, a move says so at
once (“changed since … confirm again”), before it is even stored. Storing and confirming go in
line with the panel's other writes (:mod:`callnotes.ui.issues.writes`), off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from callnotes.domain.issues import IssueRecord, OrderState, by_suggested_priority
from callnotes.domain.timeline import EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.issues.actions import IssueActions
from callnotes.ui.issues.list_model import IssueListModel
from callnotes.ui.issues.order_state_label import OrderStateLabel
from callnotes.ui.issues.writes import IssueWrites

ORDER_SAVE_DELAY_MS = 700


class IssueOrderKeeper(QObject):
    """Stores moves of *model*'s rows, confirms the order, and says where it stands in *label*."""

    #: Storing or confirming failed; the one-sentence message. The order shown stays.
    problem = Signal(str)
    #: Fresher records of the issues shown (their stored ranks), nothing moved (a sequence).
    records_stored = Signal(object)
    #: A change to the agreed order was written to the timeline.
    timeline_written = Signal()
    #: The client's agreement was recorded; the DECISION entry (EntryRecord).
    confirmed = Signal(object)
    #: The order moved or its state changed (what may be moved or confirmed changed with it).
    changed = Signal()

    def __init__(
        self,
        actions: IssueActions,
        model: IssueListModel,
        label: OrderStateLabel,
        writes: IssueWrites,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._model = model
        self._label = label
        self._writes = writes
        self._case_id: int | None = None
        self._dirty = False
        self._moves = 0  # moves made; a store answers for those made before it
        self._storing = 0  # stores and confirmations on their way
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

    @property
    def unsettled(self) -> bool:
        """Whether the order shown is not stored yet (a move waits or is on its way)."""
        return self._dirty or self._storing > 0

    def show_case(self, case_id: int | None) -> None:
        """Keep the order of *case_id*'s issues (a move of the case before is put in line)."""
        self.save()
        self._case_id = case_id

    def moved(self) -> None:
        """The agent moved an issue: store it after the pause."""
        self._dirty = True
        self._moves += 1
        self._timer.start()
        self.changed.emit()
        if self._state.confirmed_at is not None:
            self._show_text(changed=True)

    def sort_by_priority(self) -> None:
        """Put the issues in suggested-priority order; stored like any other move."""
        if self._model.set_order([i.id for i in by_suggested_priority(self._model.issues())]):
            self.moved()

    def save(self) -> None:
        """Put a pending move in line now (a problem is said through :attr:`problem`, and the
        move is tried again at the next save)."""
        self._timer.stop()
        case_id = self._case_id
        if not self._dirty or case_id is None:
            return
        shown, moves, actions = self._model.issue_ids(), self._moves, self._actions
        self._dirty = False
        self._storing += 1

        def store() -> tuple[Sequence[IssueRecord], OrderState]:
            return actions.reorder(case_id, shown), actions.order_state(case_id)

        self._writes.put(
            store,
            on_done=lambda stored: self._on_stored(case_id, moves, *stored),
            on_failed=lambda exc: self._on_failed(case_id, exc, dirty=True),
        )

    def confirm(self) -> None:
        """Record that the client agreed the order shown (a pending move is stored first);
        :attr:`confirmed` says when it is."""
        self.save()
        case_id, actions = self._case_id, self._actions
        if case_id is None:
            return
        self._storing += 1

        def confirm() -> tuple[EntryRecord, Sequence[IssueRecord], OrderState]:
            entry = actions.confirm_order(case_id)
            return entry, actions.list_issues(case_id), actions.order_state(case_id)

        self._writes.put(
            confirm,
            on_done=lambda done: self._on_confirmed(case_id, *done),
            on_failed=lambda exc: self._on_failed(case_id, exc, dirty=False),
        )

    def show_state(self, state: OrderState) -> None:
        """Show *state*, as the service just read it (a pending move still counts as a change)."""
        self._state = state
        self._show_text(changed=state.changed_since or self.unsettled)
        self.changed.emit()

    def _on_stored(
        self, case_id: int, moves: int, stored: Sequence[IssueRecord], state: OrderState
    ) -> None:
        self._storing -= 1
        if case_id != self._case_id:
            return
        self.records_stored.emit(stored)
        if state.confirmed_at is not None:
            self.timeline_written.emit()  # the change after agreement was recorded
        if moves == self._moves or not self._dirty:
            self.show_state(state)

    def _on_confirmed(
        self, case_id: int, entry: EntryRecord, issues: Sequence[IssueRecord], state: OrderState
    ) -> None:
        self._storing -= 1
        if case_id != self._case_id:
            return
        self.records_stored.emit(issues)
        self.show_state(state)
        self.confirmed.emit(entry)

    def _on_failed(self, case_id: int, error: CallnotesError, *, dirty: bool) -> None:
        self._storing -= 1
        if case_id == self._case_id:
            self._dirty = self._dirty or dirty  # the order shown is tried again next time
            self.problem.emit(str(error))

    def _show_text(self, *, changed: bool) -> None:
        shown = self._case_id is not None and self._model.rowCount() > 0
        self._label.show_state(self._state if shown else None, changed=changed)
