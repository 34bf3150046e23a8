"""The one way the UI runs slow work: off the GUI thread, results back on it through a signal.

    runner.submit(lambda: search(case_id, text), on_result=show, key="seen-before")

The callable runs on a worker thread and must not touch widgets; services are safe to call
because each call opens its own unit of work (sessions never cross threads). ``on_result`` and
``on_error`` run on the GUI thread. A *key* makes the latest submission win: results of older
tasks with the same key are dropped, and those not started yet are skipped. Known problems
(:class:`CallnotesError`) go to ``on_error``; anything else is a bug and is raised on the GUI
thread, where the excepthook shows it.

:class:`SynchronousTaskRunner` has the same interface and signals and runs everything at once,
for tests and headless use.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from callnotes.errors import CallnotesError

T = TypeVar("T")
OnResult = Callable[[Any], None]
OnError = Callable[[CallnotesError], None]


@dataclass
class _Ticket:
    key: Hashable | None
    on_result: OnResult | None
    on_error: OnError | None
    owner: QObject | None


class TaskRunner(QObject):
    """Runs callables on a private thread pool and reports back on the GUI thread."""

    #: A task finished (ticket, result); emitted on the GUI thread, stale results excluded.
    task_finished = Signal(int, object)
    #: A task raised (ticket, exception); emitted on the GUI thread, stale tasks excluded.
    task_failed = Signal(int, object)
    #: Whether any task is still pending.
    busy_changed = Signal(bool)
    # Crosses from the worker to the GUI thread (a queued connection: different threads).
    _delivered = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tickets: dict[int, _Ticket] = {}
        self._latest: dict[Hashable, int] = {}
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._closed = False
        self._announced_busy = False
        self._delivered.connect(self._on_delivered)

    @property
    def busy(self) -> bool:
        """Whether a task was submitted and has not reported back yet."""
        return bool(self._tickets)

    def submit(
        self,
        fn: Callable[[], T],
        *,
        on_result: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
        key: Hashable | None = None,
        owner: QObject | None = None,
    ) -> int:
        """Run *fn* off the GUI thread; return its ticket number.

        With a *key*, an earlier task under the same key is superseded. With an *owner*, the
        callbacks are dropped if the owner has been deleted by the time the result arrives.
        After :meth:`shutdown` nothing runs and 0 is returned: a debounce timer of a closing
        window (a search as the agent typed, say) may still fire, and must find the app quiet.
        """
        if self._closed:
            return 0
        ticket = next(self._numbers)
        with self._lock:
            if key is not None:
                superseded = self._latest.get(key)
                if superseded is not None:
                    self._tickets.pop(superseded, None)
                self._latest[key] = ticket
            self._tickets[ticket] = _Ticket(key, on_result, on_error, owner)
        self._announce_busy()
        self._start(ticket, fn)
        return ticket

    def cancel(self, key: Hashable) -> None:
        """Forget the task under *key*: its result will be dropped."""
        with self._lock:
            ticket = self._latest.pop(key, None)
            if ticket is not None:
                self._tickets.pop(ticket, None)
        self._announce_busy()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (results still arrive through the loop)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, wait_ms: int = -1) -> bool:
        """Drop queued tasks, wait (at most *wait_ms*; -1: for as long as it takes) for running
        ones and refuse new ones (call before quitting); False if one is still running."""
        self._closed = True
        self._pool.clear()
        ended = self._pool.waitForDone(wait_ms)
        with self._lock:
            self._tickets.clear()
            self._latest.clear()
        self._announce_busy()
        return ended

    def _start(self, ticket: int, fn: Callable[[], Any]) -> None:
        self._pool.start(_Job(self, ticket, fn))

    def _is_current(self, ticket: int) -> bool:
        with self._lock:
            return ticket in self._tickets

    @Slot(int, object, object)
    def _on_delivered(self, ticket: int, result: object, error: object) -> None:
        self._deliver(ticket, result, error)

    def _deliver(self, ticket: int, result: object, error: object) -> None:
        with self._lock:
            found = self._tickets.pop(ticket, None)
            if found is not None and self._latest.get(found.key) == ticket:
                del self._latest[found.key]
        self._announce_busy()
        if found is None:
            return  # superseded or cancelled: the newer task speaks for this key
        alive = found.owner is None or shiboken6.isValid(found.owner)
        if isinstance(error, BaseException):
            self.task_failed.emit(ticket, error)
            if isinstance(error, CallnotesError):
                if found.on_error is not None and alive:
                    found.on_error(error)
                return
            raise error
        self.task_finished.emit(ticket, result)
        if found.on_result is not None and alive:
            found.on_result(result)

    def _announce_busy(self) -> None:
        busy = self.busy
        if busy != self._announced_busy:
            self._announced_busy = busy
            self.busy_changed.emit(busy)


class SynchronousTaskRunner(TaskRunner):
    """Runs each task at once, inside :meth:`submit`, with the same callbacks and signals."""

    def _start(self, ticket: int, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except Exception as exc:
            self._deliver(ticket, None, exc)
        else:
            self._deliver(ticket, result, None)


class _Job(QRunnable):
    """One task on a worker thread; reports through the runner's queued signal."""

    def __init__(self, runner: TaskRunner, ticket: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._ticket = ticket
        self._fn = fn

    def run(self) -> None:
        """Run the task unless a newer one under the same key made it pointless."""
        if not self._runner._is_current(self._ticket):
            return
        result: object = None
        error: BaseException | None = None
        try:
            result = self._fn()
        except Exception as exc:
            error = exc
        # RuntimeError: the runner was deleted while the task ran; nobody is waiting for it.
        with contextlib.suppress(RuntimeError):
            self._runner._delivered.emit(self._ticket, result, error)
