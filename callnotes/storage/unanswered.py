"""Connections to a team database waiting for an answer that will not come: hung up.

A server behind a network that silently drops every packet never answers, and nothing tells the
desktop: TCP retransmits for minutes (keepalives only probe idle connections; the connection's
``tcp_user_timeout`` bounds that where the operating system supports it), and anything that
acknowledges on the server's behalf (a local proxy, a VPN client, pgbouncer) hides even that.
A thread waiting on such a connection would wait forever, and the window could not close.

Every statement of a desktop ends within the server's statement timeout, and a check of a
pooled connection within the connect timeout; a wait much longer than that is a dead line. The
watch hangs it up (shuts the connection's socket): the waiting thread gets an error at once —
the server counts as unreachable, what was being written stays on the agent's computer and is
tried again on a new connection. Quitting hangs up every waiting connection, and any that starts
waiting from then on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

# How often the watch looks at the waiting connections.
LOOK_EVERY_S = 0.25


class AnswerWatch:
    """Watches the connections of one PostgreSQL engine (and any other the desktop opens)."""

    def __init__(self, statement_limit_s: float, ping_limit_s: float) -> None:
        self.statement_limit_s = statement_limit_s
        self.ping_limit_s = ping_limit_s
        self._lock = threading.Lock()
        # id(connection) → (connection, when it began waiting, how long it may)
        self._waiting: dict[int, tuple[Any, float, float]] = {}
        self._quitting = False
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self.hung_up = 0  # how many connections were hung up (for the log and the tests)

    def install(self, engine: Engine) -> None:
        """Watch every round trip *engine* makes: statements, commits, rollbacks and the check
        of a pooled connection before it is handed out."""
        dialect: Any = engine.dialect
        for name in ("do_execute", "do_execute_no_params", "do_executemany"):
            setattr(dialect, name, self._watched(getattr(dialect, name), _of_cursor, "statement"))
        for name in ("do_commit", "do_rollback"):
            setattr(dialect, name, self._watched(getattr(dialect, name), _itself, "statement"))
        dialect.do_ping = self._watched(dialect.do_ping, _itself, "ping")
        event.listen(engine, "do_connect", self._refuse_when_quitting)

    def _refuse_when_quitting(self, *_args: Any) -> None:
        """Quitting: no new connection either (one through a silent network would wait for
        the whole connect timeout)."""
        if self._quitting:
            raise psycopg.OperationalError("connection is closed: the desktop is quitting")

    @contextlib.contextmanager
    def waiting(self, connection: Any, limit_s: float | None = None) -> Iterator[None]:
        """While inside, *connection* (a psycopg connection) waits for the server; hung up
        after *limit_s* (by default the statement limit), or at once when quitting."""
        key = id(connection)
        with self._lock:
            quitting = self._quitting
            self._waiting[key] = (
                connection,
                time.monotonic(),
                self.statement_limit_s if limit_s is None else limit_s,
            )
            self._start()
        if quitting:
            self._hang_up(connection)
        try:
            yield
        finally:
            with self._lock:
                self._waiting.pop(key, None)

    def hang_up_all(self) -> int:
        """Quitting: hang up every connection waiting now, and every one that begins to; how
        many were waiting."""
        with self._lock:
            self._quitting = True
            waiting = [connection for connection, _since, _limit in self._waiting.values()]
        for connection in waiting:
            self._hang_up(connection)
        return len(waiting)

    def _watched(
        self, call: Callable[..., Any], connection_of: Callable[[Any], Any], kind: str
    ) -> Callable[..., Any]:
        def watched(first: Any, *args: Any, **kwargs: Any) -> Any:
            limit = self.ping_limit_s if kind == "ping" else self.statement_limit_s
            with self.waiting(connection_of(first), limit):
                return call(first, *args, **kwargs)

        return watched

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._look, name="answer-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """The engine is disposed of: the watching thread ends (one was left per database
        opened and closed, each waking four times a second)."""
        self._stopped.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2 * LOOK_EVERY_S)

    def _look(self) -> None:
        while not self._stopped.wait(LOOK_EVERY_S):
            now = time.monotonic()
            with self._lock:
                late = [
                    (connection, now - since)
                    for connection, since, limit in self._waiting.values()
                    if now - since > limit
                ]
                for connection, _waited in late:
                    self._waiting.pop(id(connection), None)
            for connection, waited in late:
                log.warning("no answer from the team database for %.0f s: hanging up", waited)
                self._hang_up(connection)

    def _hang_up(self, connection: Any) -> None:
        """Shut the connection's socket: whoever waits on it hears the line is dead at once."""
        try:
            fd = int(connection.pgconn.socket)
        except Exception:  # closed already, or not a psycopg connection: nothing waits on it
            return
        with contextlib.suppress(OSError):
            line = socket.socket(fileno=os.dup(fd))
            try:
                line.shutdown(socket.SHUT_RDWR)
            finally:
                line.close()
            self.hung_up += 1


def _of_cursor(cursor: Any) -> Any:
    return cursor.connection


def _itself(connection: Any) -> Any:
    return connection
