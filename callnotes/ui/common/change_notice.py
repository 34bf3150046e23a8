"""The one change notice of the window: what a commit changed, delivered on the GUI thread.

Every committed unit of work announces the parts of the record it changed (see
:mod:`callnotes.domain.changes`); this object passes the announcement to the GUI thread as one
``changed`` signal. Each view connects to it and redraws only when
``changes.touches(<its parts>, case_id=<its case>)`` — a writer never refreshes other views by
hand.

A commit made on the GUI thread is announced at once, before the write returns; one made on a
worker thread (the task runner) is queued to the GUI thread and announced on its next turn,
several merged into one. Drafts being typed change nothing any view shows and are not announced.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from callnotes.domain.changes import NO_CHANGES, Changes

Subscribe = Callable[[Callable[[Changes], None]], Callable[[], None]]


class ChangeNotice(QObject):
    """Hears every commit and tells the views, on the GUI thread."""

    #: What changed (a :class:`~callnotes.domain.changes.Changes`); emitted on the GUI thread.
    changed = Signal(object)
    # From a worker thread to this object's thread (queued: the threads differ).
    _arrived = Signal(object)

    def __init__(self, subscribe: Subscribe, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending = NO_CHANGES
        self._arrived.connect(self._merge)
        self._unsubscribe: Callable[[], None] | None = subscribe(self._hear)

    def close(self) -> None:
        """Stop listening (the window is closing)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def announce(self, changes: Changes) -> None:
        """Tell the views about *changes* now (they were made elsewhere, or a reload is due)."""
        if changes:
            self.changed.emit(changes)

    def _hear(self, changes: Changes) -> None:
        if changes.only_drafts:
            return
        if QThread.currentThread() is self.thread():
            self.announce(changes)
        else:
            self._arrived.emit(changes)

    @Slot(object)
    def _merge(self, changes: Changes) -> None:
        first = not self._pending
        self._pending = self._pending | changes
        if first:
            QTimer.singleShot(0, self, self._deliver)

    def _deliver(self) -> None:
        changes, self._pending = self._pending, NO_CHANGES
        self.announce(changes)
