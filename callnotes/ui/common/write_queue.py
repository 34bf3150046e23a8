"""Writes that land in the order they were made, off the GUI thread, each retried until it does.

    queue.put(lambda: add_entry(entry), on_done=show, on_failed=say)

The writes run one at a time on a one-thread :class:`~callnotes.ui.common.task_runner.TaskRunner`
(the GUI thread never waits on the database). The next write starts only once the one before has
committed; a write that fails with a known problem (the database locked by another program past
its busy timeout, a full disk) stays first in line and is tried again every ``retry_ms``, so
nothing overtakes it: notes commit in the order typed, each once. A write the services *refuse*
(its input is invalid, what it changes is gone) would be refused again: it leaves the line at
once, its ``on_failed`` told, rather than hold up every write behind it. A draft being typed is
*merged*: a newer save of the same draft replaces one still waiting at the end of the line.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from callnotes.errors import CallnotesError, InvalidInputError, NotFoundError
from callnotes.ui.common.task_runner import TaskRunner

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_MS = 2000
#: How long a flush (before a document, a new call, wrap-up) waits for the writes in line.
FLUSH_WAIT_MS = 2000
#: How long closing the window waits for what is still in line (past the busy timeout).
CLOSE_WAIT_MS = 8000
# Closing, once the writes in line have had CLOSE_WAIT_MS: how long a write still under way (a
# team database that does not answer) may take before its connection is hung up.
HANG_UP_AFTER_MS = 1000


class WriteDroppedError(CallnotesError):
    """A write failed on a fault in callnotes itself (reported in the crash dialog) and left
    the line, so that the writes behind it go on."""


class WriteWithdrawnError(CallnotesError):
    """A write withdrawn while it was being tried failed that try: it is not tried again."""


def is_refusal(error: CallnotesError) -> bool:
    """Whether *error* ends the write for good (trying again would be refused again)."""
    return isinstance(
        error, (InvalidInputError, NotFoundError, WriteDroppedError, WriteWithdrawnError)
    )


@dataclass
class _Write:
    fn: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_failed: Callable[[CallnotesError], None] | None
    merge: Hashable | None


class WriteQueue(QObject):
    """A first-in-first-out line of writes, run one at a time on a one-thread runner."""

    #: The write first in line failed (the one-sentence reason); it is retried.
    failed = Signal(str)
    #: Nothing is left in line (everything put has committed).
    drained = Signal()
    #: How many writes are in line changed (the running one included).
    pending_changed = Signal(int)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        runner: TaskRunner | None = None,
        retry_ms: int = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner if runner is not None else TaskRunner(self, max_threads=1)
        self._line: deque[_Write] = deque()
        self._running: _Write | None = None
        self._withdrawn_running = False  # withdrawn while being tried: no other try
        self._ticket = 0
        self._failing = False
        self._closed = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(retry_ms)
        self._retry.timeout.connect(self._next)
        self._runner.task_failed.connect(self._on_runner_task_failed)

    @property
    def pending(self) -> int:
        """Writes not committed yet (the one running included)."""
        return len(self._line)

    @property
    def failing(self) -> bool:
        """Whether the write first in line failed and waits to be tried again."""
        return self._failing

    def put(
        self,
        fn: Callable[[], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[CallnotesError], None] | None = None,
        merge: Hashable | None = None,
    ) -> object | None:
        """Write *fn* after everything already in line; *on_done* gets its result.

        *on_failed* hears each failure (the write is retried; a refusal, see
        :func:`is_refusal`, ends it). With *merge*, a write under the same key waiting last in
        line (not yet running) is replaced by this one. Returns a handle for :meth:`withdraw`
        (None once the line is shut).
        """
        if self._closed:
            return None
        tail = self._line[-1] if self._line else None
        if (
            merge is not None
            and tail is not None
            and tail is not self._running
            and tail.merge == merge
        ):
            tail.fn, tail.on_done, tail.on_failed = fn, on_done, on_failed
            return tail
        write = _Write(fn, on_done, on_failed, merge)
        self._line.append(write)
        self.pending_changed.emit(len(self._line))
        if not self._retry.isActive():
            self._next()
        return write

    def withdraw(self, handle: object | None) -> bool:
        """Take the write *handle* out of line unless it is being written at this moment
        (then it goes on); True if it was taken out and will never be written."""
        if handle is not None and handle is self._running:
            self._withdrawn_running = True  # stored if this try succeeds; if not, it goes
            return False
        if handle is None or handle not in self._line:
            return False
        first = self._line[0] is handle
        self._line.remove(handle)  # type: ignore[arg-type]  # a _Write, as put returned it
        self.pending_changed.emit(len(self._line))
        if first and self._retry.isActive():  # it was failing: the rest need not wait
            self._retry.stop()
            self._failing = False
            self._next()
        if not self._line:
            self.drained.emit()
        return True

    def drain(self, timeout_ms: int) -> bool:
        """Wait (at most *timeout_ms*) until everything in line has committed; True if it has.

        The event loop keeps turning meanwhile (paint, timers, results) but user input waits:
        nothing the agent does can start while the window waits for its own writes.
        """
        if not self._line or self._closed:
            return not self._line  # shut down: nothing in line moves any more
        if self._retry.isActive():  # a failed write: try it again now rather than later
            self._retry.stop()
            self._next()
        if not self._line:
            return True
        loop = QEventLoop()
        self.drained.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        self.drained.disconnect(loop.quit)
        return not self._line

    def shutdown(self, wait_ms: int = -1) -> bool:
        """Refuse new writes and stop the runner (after :meth:`drain`, when closing), waiting at
        most *wait_ms* for a write under way; False if it is still under way."""
        self._closed = True
        self._retry.stop()
        return self._runner.shutdown(wait_ms)

    def _next(self) -> None:
        if self._running is not None or not self._line or self._closed:
            return
        write = self._running = self._line[0]
        self._ticket = self._runner.submit(
            write.fn,
            on_result=lambda result: self._on_done(write, result),
            on_error=lambda error: self._on_failed(write, error),
        )

    def _on_done(self, write: _Write, result: object) -> None:
        self._running = None
        self._withdrawn_running = False
        self._failing = False
        self._line.popleft()
        self.pending_changed.emit(len(self._line))
        if write.on_done is not None:
            write.on_done(result)
        if self._line:
            self._next()
        else:
            self.drained.emit()

    def _on_failed(self, write: _Write, error: CallnotesError) -> None:
        self._running = None
        if self._withdrawn_running:
            self._withdrawn_running = False
            error = WriteWithdrawnError(str(error))
        if is_refusal(error):
            self._line.popleft()
            self.pending_changed.emit(len(self._line))
            if write.on_failed is not None:
                write.on_failed(error)
            if self._line:
                self._next()
            else:
                self.drained.emit()
            return
        if not self._failing:  # once per stretch of failures: the kind, never the text typed
            log.warning("a write waits and will be tried again: %s", type(error).__name__)
        self._failing = True
        self._retry.start()
        if write.on_failed is not None:
            write.on_failed(error)
        self.failed.emit(str(error))

    def _on_runner_task_failed(self, ticket: int, error: object) -> None:
        # A bug (not a known problem) in a write: it goes to the excepthook; the line moves on
        # rather than jamming every note behind it.
        if ticket == self._ticket and not isinstance(error, CallnotesError) and self._line:
            self._running = None
            self._withdrawn_running = False
            write = self._line.popleft()
            self.pending_changed.emit(len(self._line))
            if write.on_failed is not None:  # whoever waits for it must not wait for ever
                write.on_failed(
                    WriteDroppedError("That could not be saved because of a fault in callnotes.")
                )
            QTimer.singleShot(0, self, self._next)
