"""The issue panel's writes: in line on the window's write queue, each tried once, counted.

Every write of the panel (a new issue, a field saved as the agent types, a move, progress, the
agreed order, a removal) goes through the window's one
:class:`~callnotes.ui.common.write_queue.WriteQueue`, so the GUI thread never waits on the
database and the writes land in the order they were made (a title saved, then the status
change that names it). A write put here is tried once: its problem goes to *on_failed* and
the panel shows it (the field it came from keeps what was typed, or shows what is stored
again). Only the fields typed into the form are retried until stored, by the draft autosave.

The panel also learns here whether a change notice is news: a notice that follows writes of
its own, and says no more than they changed, is not (the panel shows their result already).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from callnotes.domain.changes import ANY_CASE, Changes, Part
from callnotes.errors import CallnotesError
from callnotes.ui.common.write_queue import WriteQueue

T = TypeVar("T")

#: What the panel's own writes change, for the case they are about.
OWN_PARTS = frozenset({Part.ISSUES, Part.TIMELINE, Part.CASE, Part.CASE_LIST})


class IssueWrites(QObject):
    """The panel's line of writes, and how many of them are still on their way."""

    #: No write of the panel is on its way any more.
    settled = Signal()

    def __init__(self, queue: WriteQueue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self._on_the_way = 0
        self._landed = 0  # own writes stored since the last notice heard
        self._generation = 0  # writes put in line or landed so far, for stale reads

    @property
    def generation(self) -> int:
        """A number that grows with every write of the panel: a read made under an older
        number may show the list as it was before that write."""
        return self._generation

    @property
    def on_the_way(self) -> int:
        """Writes put in line and not stored (nor refused) yet."""
        return self._on_the_way

    def put(
        self,
        fn: Callable[[], T],
        *,
        on_done: Callable[[T], None],
        on_failed: Callable[[CallnotesError], None],
    ) -> None:
        """Write *fn* after everything already in line; tried once."""
        self._on_the_way += 1
        self._generation += 1

        def attempt() -> Any:
            try:
                return _Done(fn())
            except CallnotesError as exc:
                return _Failed(exc)

        self.queue.put(attempt, on_done=lambda outcome: self._arrived(outcome, on_done, on_failed))

    def landed(self) -> None:
        """A write of the panel made another way (the form's autosave) was stored."""
        self._landed += 1
        self._generation += 1

    def is_own(self, changes: Changes, case_id: int) -> bool:
        """Whether *changes* is the notice of the panel's own writes to *case_id* (and is then
        taken as heard)."""
        if self._landed == 0:
            return False
        own = all(part in OWN_PARTS and case == case_id for part, case in changes.items)
        self._landed = 0
        return own and ANY_CASE not in changes.case_ids

    def drain(self, wait_ms: int) -> bool:
        """Wait (at most *wait_ms*) until everything in line is stored; True if it is."""
        return self.queue.drain(wait_ms) if wait_ms > 0 else self.queue.pending == 0

    def _arrived(
        self,
        outcome: _Done | _Failed,
        on_done: Callable[[Any], None],
        on_failed: Callable[[CallnotesError], None],
    ) -> None:
        self._on_the_way -= 1
        if isinstance(outcome, _Done):
            self._landed += 1
            on_done(outcome.value)
        else:
            on_failed(outcome.error)
        if self._on_the_way == 0:
            self.settled.emit()


class _Done:
    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: CallnotesError) -> None:
        self.error = error
