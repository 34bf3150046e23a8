"""Live on a team database: what other desktops commit reaches this one within a second.

Triggers on every table of the record send a PostgreSQL notification on :data:`CHANNEL` for
each row changed: ``table:case`` (the case's id, or nothing for a client, a colleague or a
number, which may show on any case) — ids only, never text, so nothing typed travels outside
the tables' own rights. PostgreSQL delivers them when the writer commits, once per distinct
payload and transaction.

:class:`LiveChanges` listens on a connection of its own, on a thread of its own, and turns what
arrives into the :class:`~callnotes.domain.changes.Changes` the database announces after its
own commits — the one change notice the window already redraws from. What this desktop wrote
itself (its pool's connections, known by their server process ids) is left out: it was
announced when it committed. A lost connection is opened again; since notifications sent in
the gap are gone, the first thing said after it is "everything may have changed", and the
window reads again what it shows.

On SQLite there is one desktop per file: nothing to listen to.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, event

from callnotes.domain.changes import ANY_CASE, Changes, Part
from callnotes.storage.change_log import CASE_OF, TABLE_PARTS
from callnotes.storage.pg_ddl import run_pg_ddl

if TYPE_CHECKING:
    from callnotes.storage.unanswered import AnswerWatch

log = logging.getLogger(__name__)

CHANNEL = "callnotes_changes"
# Where each table finds its case: the audit log's tables, and those whose rows may show on
# any case (""). Drafts are the typing agent's own: never announced to the others.
_CASE_OF = {
    **CASE_OF,
    "team_members": "",
    "clients": "",
    "contacts": "",
    "contact_phones": "",
}
# Tables given their notifying trigger by a later revision than 0008's (which creates the
# triggers of the tables above), each with the column naming its case ("" for none): heard the
# same way. 0009: the call-back queue ("call_backs:" for a number no case knows); 0010: what a
# colleague back from an absence has acknowledged; 0011: a client's closures.
LATER_TABLES = {"call_backs": "case_id", "cover_acknowledgements": "", "client_closures": ""}
# Who has which case open: each desktop says so on this channel when its agent opens a case,
# again every HEARTBEAT_S, and "none" when it closes; the server adds the login (the payload
# is ``case:login``: an id and a login name, nothing typed). Unheard for PRESENT_FOR_S: gone.
PRESENCE_CHANNEL = "callnotes_presence"
HEARTBEAT_S = 20.0
PRESENT_FOR_S = 50.0
# Notices arriving this close together are told as one change (a call's end writes several).
GATHER_S = 0.05
# How long to wait before opening a lost connection again, growing to the last.
RECONNECT_AFTER_S = (0.5, 1.0, 2.0, 5.0)
EVERYTHING = Changes.of(tuple(Part))

PG_LIVE_DDL = (
    f"""
    CREATE FUNCTION notify_change() RETURNS trigger
    LANGUAGE plpgsql AS $fn$
    DECLARE
        v_row jsonb;
        v_case text;
    BEGIN
        IF TG_OP = 'DELETE' THEN
            v_row := to_jsonb(OLD);
        ELSE
            v_row := to_jsonb(NEW);
        END IF;
        IF TG_ARGV[0] = 'id' THEN
            v_case := v_row ->> 'id';
        ELSIF TG_ARGV[0] = 'case_id' THEN
            v_case := v_row ->> 'case_id';
        ELSIF TG_ARGV[0] = 'entry' THEN
            SELECT e.case_id::text INTO v_case FROM timeline_entries e
            WHERE e.id = (v_row ->> 'entry_id')::integer;
        ELSIF TG_ARGV[0] = 'review' THEN
            SELECT r.case_id::text INTO v_case FROM reviews r
            WHERE r.id = (v_row ->> 'review_id')::integer;
        END IF;
        PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME || ':' || coalesce(v_case, ''));
        RETURN NULL;
    END
    $fn$
    """,
    *(
        f"CREATE TRIGGER live_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION notify_change('{case_of}')"
        for table, case_of in _CASE_OF.items()
    ),
)
PG_LIVE_DROP = (
    *(f"DROP TRIGGER IF EXISTS live_{table} ON {table}" for table in _CASE_OF),
    "DROP FUNCTION IF EXISTS notify_change()",
)


def create_pg_live(connection: Connection) -> None:
    """Create the notifying triggers (PostgreSQL only; nothing elsewhere)."""
    run_pg_ddl(connection, PG_LIVE_DDL)


def drop_pg_live(connection: Connection) -> None:
    """Remove the notifying triggers (PostgreSQL only)."""
    run_pg_ddl(connection, PG_LIVE_DROP)


def create_pg_live_on(connection: Connection, table: str) -> None:
    """Notify the changes of one of :data:`LATER_TABLES` (PostgreSQL only)."""
    run_pg_ddl(
        connection,
        (
            f"CREATE TRIGGER live_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION notify_change('{LATER_TABLES[table]}')",
        ),
    )


def drop_pg_live_on(connection: Connection, table: str) -> None:
    """Stop notifying the changes of *table* (PostgreSQL only)."""
    run_pg_ddl(connection, (f"DROP TRIGGER IF EXISTS live_{table} ON {table}",))


def changes_of_notices(payloads: Iterable[str]) -> Changes:
    """The change notice for notifications' payloads (``table:case``); unknown ones ignored."""
    items: set[tuple[Part, int]] = set()
    for payload in payloads:
        table, _sep, case = payload.partition(":")
        parts = TABLE_PARTS.get(table) if table in _CASE_OF or table in LATER_TABLES else None
        if not parts:
            continue
        case_id = int(case) if case.isdigit() else ANY_CASE
        items.update((part, case_id) for part in parts)
    return Changes(frozenset(items))


class OwnConnections:
    """The server process ids of this desktop's pooled connections: their notices are its own."""

    def __init__(self, engine: Engine) -> None:
        self.pids: set[int] = set()
        event.listen(engine, "connect", self._on_connect)

    def _on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        self.pids.add(int(dbapi_connection.info.backend_pid))


class LiveChanges:
    """Listens for other desktops' commits and announces them (see the module's docstring)."""

    def __init__(
        self,
        engine: Engine,
        announce: Callable[[Changes], None],
        answers: AnswerWatch | None = None,
    ) -> None:
        self._engine = engine
        self._announce = announce
        self._answers = answers  # hangs up a statement the server never answers
        self._own = OwnConnections(engine)
        self._stop = threading.Event()
        # Written to by stop(): the wait for notices watches it beside the server's socket,
        # so the listener leaves at once rather than at the end of its wait.
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._thread: threading.Thread | None = None
        self._connection: Any = None
        self.connected = threading.Event()  # set while listening (for tests and the window)
        # Presence: the case this desktop shows (0: none), and who else shows which.
        self._here = 0
        self._said_here_at = -HEARTBEAT_S
        self._others: dict[str, tuple[int, float]] = {}  # login -> (case, when last heard)
        self._names: dict[str, str] = {}  # login -> the colleague's name in the directory
        self._lock = threading.Lock()
        self._login = ""

    def here(self, case_id: int | None) -> None:
        """This desktop's agent now has *case_id* open (None: none); the others are told."""
        with self._lock:
            if (case_id or 0) != self._here:
                self._here = case_id or 0
                self._said_here_at = -HEARTBEAT_S  # say it at the next turn

    def others_on(self, case_id: int) -> list[str]:
        """The colleagues (their names, else their logins) who have *case_id* open now."""
        now = time.monotonic()
        with self._lock:
            logins = sorted(
                login
                for login, (case, seen) in self._others.items()
                if case == case_id and now - seen < PRESENT_FOR_S and login != self._login
            )
            return [self._names.get(login, login) for login in logins]

    def start(self) -> None:
        """Start listening on a thread of its own (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="live-changes", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop listening and close the connection (at once: the wait for notices is woken)."""
        self._stop.set()
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"\0")
        if self._thread is not None:
            self._thread.join(timeout=3.0)
        for end in (self._wake_reader, self._wake_writer):
            end.close()

    @property
    def backend_pid(self) -> int | None:
        """The server process id of the listening connection, while there is one."""
        connection = self._connection
        return int(connection.info.backend_pid) if connection is not None else None

    def _run(self) -> None:
        attempt = 0
        lost = False
        while not self._stop.is_set():
            try:
                self._listen(announce_gap=lost)
                attempt = 0
            except Exception as exc:  # the server went away, or refused: try again
                if self._stop.is_set():
                    break
                log.info("listening connection lost: %s", type(exc).__name__)
            finally:
                self._close()
            lost = True
            self.connected.clear()
            # Nobody is heard while the connection is down: the colleagues unheard for long
            # enough go from the window as they would connected, not stay on it for good.
            self._forget_the_silent()
            self._stop.wait(RECONNECT_AFTER_S[min(attempt, len(RECONNECT_AFTER_S) - 1)])
            attempt += 1

    def _listen(self, *, announce_gap: bool) -> None:
        raw = self._engine.raw_connection()
        connection = raw.driver_connection
        raw.detach()  # a connection of its own, never handed back to the pool
        if connection is None:
            raise ConnectionError("no connection to listen on")
        self._own.pids.discard(int(connection.info.backend_pid))  # its notices are not ours
        self._connection = connection
        with self._waiting(connection):
            connection.rollback()  # the pool's check may have begun a transaction
        connection.autocommit = True
        self._execute(connection, f"LISTEN {CHANNEL}")
        self._execute(connection, f"LISTEN {PRESENCE_CHANNEL}")
        with self._lock:
            self._said_here_at = -HEARTBEAT_S  # the others may have missed it: say it again
        row = self._execute(connection, "SELECT session_user").fetchone()
        self._login = str(row[0]) if row else ""
        self.connected.set()
        if announce_gap:  # what was sent while the connection was down is lost: read again
            self._announce(EVERYTHING)
        own = self._own.pids
        while not self._stop.is_set():
            self._say_where(connection)
            # A notice that came with an answer is taken at once; else wait a second at most
            # (the presence heartbeat and the forgetting of the silent are checked that often)
            # or until stop(). Then gather what follows closely. A connection the server
            # closed raises here.
            first = list(connection.notifies(timeout=0, stop_after=1))
            if not first:
                if not self._wait_for_server(connection, 1.0):
                    break
                first = list(connection.notifies(timeout=0, stop_after=1))
            if not first:
                self._forget_the_silent()
                continue
            notices = first + list(connection.notifies(timeout=GATHER_S))
            changes = changes_of_notices(
                n.payload for n in notices if n.channel == CHANNEL and n.pid not in own
            )
            changes |= self._heard_presence(
                connection, [n.payload for n in notices if n.channel == PRESENCE_CHANNEL]
            )
            if changes:
                self._announce(changes)
        with contextlib.suppress(Exception):  # leaving: the others stop showing this desktop
            self._execute(
                connection, "SELECT pg_notify(%s, '0:' || session_user)", (PRESENCE_CHANNEL,)
            )

    def _wait_for_server(self, connection: Any, timeout: float) -> bool:
        """Wait until the server says something or *timeout* passes; False once stopped."""
        select.select([connection.fileno(), self._wake_reader], [], [], timeout)
        return not self._stop.is_set()

    def _say_where(self, connection: Any) -> None:
        with self._lock:
            if time.monotonic() - self._said_here_at < HEARTBEAT_S:
                return
            self._said_here_at = time.monotonic()
            here = self._here
        self._execute(
            connection,
            "SELECT pg_notify(%s, %s || ':' || session_user)",
            (PRESENCE_CHANNEL, str(here)),
        )

    def _heard_presence(self, connection: Any, payloads: list[str]) -> Changes:
        """Note who has which case open; the cases whose company changed."""
        changed: set[int] = set()
        now = time.monotonic()
        for payload in payloads:
            case, _sep, login = payload.partition(":")
            if not case.isdigit() or not login or login == self._login:
                continue
            if login not in self._names:
                row = self._execute(
                    connection, "SELECT name FROM team_members WHERE db_login = %s", (login,)
                ).fetchone()
                self._names[login] = str(row[0]) if row else login
            with self._lock:
                before = self._others.get(login, (0, 0.0))[0]
                self._others[login] = (int(case), now)
            changed.update(c for c in (before, int(case)) if c)
        return Changes(frozenset((Part.PRESENCE, c) for c in changed))

    def _execute(self, connection: Any, sql: str, params: tuple[object, ...] = ()) -> Any:
        """One round trip, hung up if the server never answers (then the listening starts
        again on a new connection, and what the gap held is read again)."""
        with self._waiting(connection):
            return connection.execute(sql, params or None)

    def _waiting(self, connection: Any) -> contextlib.AbstractContextManager[None]:
        if self._answers is None:
            return contextlib.nullcontext()
        return self._answers.waiting(connection)

    def _forget_the_silent(self) -> None:
        """Colleagues unheard for PRESENT_FOR_S (their desktop was killed): gone."""
        now = time.monotonic()
        with self._lock:
            gone = [
                who for who, (_case, seen) in self._others.items() if now - seen >= PRESENT_FOR_S
            ]
            cases = {self._others.pop(login)[0] for login in gone}
        cases.discard(0)
        if cases:
            self._announce(Changes(frozenset((Part.PRESENCE, c) for c in cases)))

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()
