"""The database handle the services use: one engine, one short unit of work per action."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from callnotes.domain.changes import Changes, Part
from callnotes.errors import (
    CorruptDatabaseError,
    InvalidInputError,
    ServerUnreachableError,
    StorageError,
)
from callnotes.storage.change_log import ChangeAnnouncer, Listener, changes_of, record_changes
from callnotes.storage.engine import (
    ANSWER_GRACE_S,
    PG_CONNECT_TIMEOUT_S,
    PG_STATEMENT_TIMEOUT_MS,
    READ_ONLY_OPTION,
    make_engine,
    sqlite_path,
)
from callnotes.storage.failures import as_storage_error
from callnotes.storage.search.fts5_schema import (
    damaged_search_tables,
    rebuild_search_tables,
    tidy_recent_search_index,
)
from callnotes.storage.write_gate import WriteGate

if TYPE_CHECKING:
    from callnotes.storage.live import LiveChanges
    from callnotes.storage.unanswered import AnswerWatch

log = logging.getLogger(__name__)

INDEX_REBUILT = (
    "The search index was damaged and has been rebuilt from your notes; nothing was lost, "
    "try again."
)


def open_database(url: str) -> Database:
    """A :class:`Database` for *url*; an address SQLAlchemy cannot read, or one whose driver is
    not installed, is said in one sentence (never echoing the address: it may hold a password).
    """
    try:
        return Database(url)
    except ArgumentError as exc:
        raise InvalidInputError("That is not a database address callnotes understands.") from exc
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise InvalidInputError(
            f"No database driver is installed for {url.split(':')[0]!r}."
        ) from exc


def reach(url: str) -> None:
    """Connect to the database at *url* once and let go; a server that cannot be reached, a
    login refused or a database missing raises its one-sentence error (as opening would)."""
    db = open_database(url)
    try:
        with db.unit_of_work(read_only=True) as session:
            session.execute(text("SELECT 1"))
    finally:
        db.dispose()


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine if engine is not None else make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        record_changes(self._sessions)
        self._announcer = ChangeAnnouncer()
        # The server could not be reached by the last unit of work that tried: the next one
        # through says it answers again (Part.CONNECTION).
        self._unreachable = False
        # Full-text tables rebuilt since the database was opened, whoever met the damage first.
        self.rebuilt_search_tables: set[str] = set()
        # Set while the file's check still runs: writes wait for its verdict (write_gate.py).
        self.write_gate: WriteGate | None = None
        # On a team database: other desktops' commits, announced here once listening starts
        # (storage/live.py); made now so that every pooled connection is known as this one's.
        self.live: LiveChanges | None = None
        # On a team database: a connection waiting for an answer that will not come (the
        # network drops every packet) is hung up rather than waited on forever.
        self.answers: AnswerWatch | None = None
        if not self.is_sqlite:
            from callnotes.storage.live import LiveChanges
            from callnotes.storage.unanswered import AnswerWatch

            self.answers = AnswerWatch(
                PG_STATEMENT_TIMEOUT_MS / 1000 + ANSWER_GRACE_S, PG_CONNECT_TIMEOUT_S
            )
            self.answers.install(self.engine)
            self.live = LiveChanges(self.engine, self.announce, self.answers)

    def listen(self) -> None:
        """Announce what other desktops commit, as they commit it (a team database; nothing
        to hear on SQLite)."""
        if self.live is not None:
            self.live.start()

    def hold_writes(self, gate: WriteGate) -> None:
        """Let no statement write to the file before *gate* has its verdict."""
        gate.install(self.engine)
        self.write_gate = gate

    @property
    def is_sqlite(self) -> bool:
        """Whether the store is the embedded SQLite database."""
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> str | None:
        """The database file, for SQLite files; None otherwise."""
        path = sqlite_path(self.url)
        return str(path) if path is not None else None

    @contextmanager
    def unit_of_work(self, *, read_only: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        On SQLite a unit of work takes the write lock when it begins, so that it waits for
        another writer (within the busy timeout) instead of failing; a *read_only* one, which
        must not write, never waits: it reads the last committed state beside any writer.
        Known storage failures (locked, full, read-only) surface as user-facing errors. Once a
        unit of work has committed, what it changed is announced (see :meth:`subscribe`).
        """
        session = self._sessions()
        try:
            with session.begin():
                if read_only:
                    session.connection(execution_options={READ_ONLY_OPTION: True})
                yield session
            committed = changes_of(session)
        except Exception as exc:
            known = as_storage_error(exc, self._folder, writing=not read_only)
            if _may_be_search_index(exc, known) and self.is_sqlite:
                session.close()
                if self._repaired_search_index():
                    raise StorageError(INDEX_REBUILT) from exc
            if isinstance(known, ServerUnreachableError):
                self._unreachable = True
            if known is not None:
                raise known from exc
            raise
        finally:
            session.close()
        if self._unreachable:  # the first unit of work through since the server went away
            self._unreachable = False
            committed = committed | Changes.of([Part.CONNECTION])
        self._announcer.announce(committed)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Tell *listener* what each committed unit of work changed; return how to stop.

        The listener runs on the thread that committed, after the commit: it must be quick and
        must not write (the GUI passes the notice to its own thread, see ``ui/common``).
        """
        return self._announcer.subscribe(listener)

    def announce(self, changes: Changes) -> None:
        """Announce *changes* made outside a unit of work (a restore, a raw rebuild)."""
        self._announcer.announce(changes)

    @property
    def _folder(self) -> Path | None:
        path = self.path
        return Path(path).parent if path is not None else None

    def check_search_index(self) -> list[str]:
        """Check the full-text index and rebuild what is damaged or missing; return its names.

        The check only reads, but SQLite holds the write lock while it runs (see
        :func:`damaged_search_tables`); a rebuild, which is rare, is a write of its own. A
        database another program holds locked fails the check (it is not taken for damage).
        """
        if not self.is_sqlite:
            return []
        try:
            with self.engine.connect() as connection:
                reading = connection.execution_options(**{READ_ONLY_OPTION: True})
                damaged = damaged_search_tables(reading)
                reading.rollback()
            if damaged:
                self._rebuild(damaged)
        except SQLAlchemyError as exc:
            known = as_storage_error(exc, self._folder)
            raise known or StorageError("The search index could not be checked.") from exc
        return damaged

    def tidy_search_index(self) -> None:
        """Merge the indexes of the newest rows (see :func:`tidy_recent_search_index`): about a
        second holding the write lock, done at a quiet moment."""
        if not self.is_sqlite:
            return
        try:
            with self.engine.begin() as connection:
                tidy_recent_search_index(connection)
        except SQLAlchemyError as exc:
            known = as_storage_error(exc, self._folder)
            raise known or StorageError("The search index could not be tidied.") from exc

    def _repaired_search_index(self) -> bool:
        """After an unexplained or "damaged" failure: whether a broken index was the cause and
        has now been rebuilt. Any failure of the check itself leaves the first error standing."""
        try:
            return bool(self.check_search_index())
        except StorageError:
            return False

    def _rebuild(self, tables: list[str]) -> None:
        with self.engine.begin() as connection:
            rebuild_search_tables(connection, tables)
        self.rebuilt_search_tables.update(tables)
        log.warning("the full-text index was damaged and has been rebuilt: %s", ", ".join(tables))

    def hang_up(self) -> None:
        """The desktop is quitting: every connection still waiting for the team database's
        answer is hung up (the waiting threads end at once; what they were writing is kept on
        this computer), and any that begins to wait. Nothing on SQLite."""
        if self.answers is not None:
            self.answers.hang_up_all()

    def dispose(self) -> None:
        """Stop listening, close every pooled connection (checkpointing the WAL on SQLite)."""
        if self.live is not None:
            self.live.stop()  # saying this desktop leaves, within a few seconds at most
        self.hang_up()  # nothing should be waiting by now; what is would never end
        self.engine.dispose()
        if self.answers is not None:
            self.answers.stop()


def _may_be_search_index(exc: Exception, known: StorageError | None) -> bool:
    """Whether a failure may come from a damaged or missing full-text index: SQLite reports a
    damaged index as a damaged file, a dropped one as a missing table named ``…_fts``."""
    if isinstance(known, CorruptDatabaseError):
        return True
    return isinstance(exc, DBAPIError) and "_fts" in str(exc.orig)
