"""Creating the one engine per process: SQLite's durability settings, PostgreSQL's network ones."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from callnotes.paths import make_private_dirs
from callnotes.storage.failures import os_storage_error

BUSY_TIMEOUT_MS = 5000
READ_ONLY_OPTION = "sqlite_read_only"
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)

# A team database (PostgreSQL) is reached over a network that can drop or stall; these keep the
# desktop from hanging on it. Each is documented in the README ("Team database").
PG_DRIVER = "postgresql+psycopg"
# How long opening a connection may take before the server counts as unreachable.
PG_CONNECT_TIMEOUT_S = 5
# TCP keepalives: a connection whose server went silent is known dead within about a minute
# (idle 30 s, then 3 probes 10 s apart), instead of the operating system's two hours.
PG_KEEPALIVES_IDLE_S = 30
PG_KEEPALIVES_INTERVAL_S = 10
PG_KEEPALIVES_COUNT = 3
# No statement of a desktop runs longer than this; a runaway query is cancelled by the server.
PG_STATEMENT_TIMEOUT_MS = 30_000
# Data sent and not acknowledged for this long (packets silently dropped mid-statement): the
# operating system closes the connection (Linux), where it would otherwise retransmit for
# about 15 minutes.
PG_TCP_USER_TIMEOUT_MS = 20_000
# A statement unanswered this long past the statement timeout is waiting on a dead line (an
# answer would have come, if only the server's error): the desktop hangs it up
# (storage/unanswered.py).
ANSWER_GRACE_S = 5
# Waiting for a row another desktop is writing: as long as SQLite's busy timeout.
PG_LOCK_TIMEOUT_MS = BUSY_TIMEOUT_MS
# A transaction left open (a desktop frozen mid-write) releases its locks after this.
PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000
# Timestamps are stored and compared in UTC whatever the server's own zone.
PG_TIME_ZONE = "UTC"
PG_POOL_SIZE = 4
PG_MAX_OVERFLOW = 4
PG_SETTINGS = {
    "statement_timeout": PG_STATEMENT_TIMEOUT_MS,
    "lock_timeout": PG_LOCK_TIMEOUT_MS,
    "idle_in_transaction_session_timeout": PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    "timezone": PG_TIME_ZONE,
}


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    """Whether *url* names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def is_postgresql(url: str) -> bool:
    """Whether *url* names a PostgreSQL database."""
    return make_url(url).get_backend_name() == "postgresql"


def postgresql_url(url: str) -> str:
    """*url* with the psycopg 3 driver when it names PostgreSQL without a driver.

    ``postgresql://…`` (as libpq and psql write it) means psycopg2 to SQLAlchemy, which
    callnotes does not ship; the driver it ships is meant.
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername=PG_DRIVER)
    return parsed.render_as_string(hide_password=False)


def pg_connect_args() -> dict[str, Any]:
    """The libpq settings of every connection to a team database (see the constants above)."""
    options = " ".join(f"-c {name}={value}" for name, value in PG_SETTINGS.items())
    return {
        "connect_timeout": PG_CONNECT_TIMEOUT_S,
        "keepalives": 1,
        "keepalives_idle": PG_KEEPALIVES_IDLE_S,
        "keepalives_interval": PG_KEEPALIVES_INTERVAL_S,
        "keepalives_count": PG_KEEPALIVES_COUNT,
        "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
        "application_name": "callnotes",
        "options": options,
    }


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for memory databases and other backends."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def prepare_sqlite_file(path: Path) -> None:
    """Create the folder 0700 and the database file 0600 before SQLite opens it.

    SQLite creates the ``-wal`` and ``-shm`` files with the database file's permissions, so
    creating the main file privately keeps all three private.

    A file that exists is never opened here: SQLite may hold it open in this process (a check
    still reading it), and closing a descriptor of it would drop SQLite's locks on it
    (``storage/integrity.py`` says what follows).
    """
    try:
        make_private_dirs(path.parent)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if path.is_dir():
                error = errno.EISDIR
                raise IsADirectoryError(error, os.strerror(error), str(path)) from None
        else:
            os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise os_storage_error(exc, path) from exc


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, full sync, foreign keys and a busy timeout,
    PostgreSQL the network settings above and a small pool that checks a connection before
    handing it out."""
    if is_postgresql(url):
        return make_postgresql_engine(url)
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None:
        prepare_sqlite_file(path)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    _install_sqlite_hooks(engine)
    return engine


def make_postgresql_engine(url: str) -> Engine:
    """An engine for a team database: psycopg 3 and the network settings above."""
    from psycopg import IsolationLevel  # only a team database needs the driver

    engine = create_engine(
        postgresql_url(url),
        connect_args=pg_connect_args(),
        pool_pre_ping=True,
        pool_size=PG_POOL_SIZE,
        max_overflow=PG_MAX_OVERFLOW,
    )

    # A read-only unit of work reads one snapshot (a report agrees with itself on every fact,
    # as a SQLite read transaction does) and cannot write by mistake. Said on the driver's
    # connection, not with a statement of its own: psycopg puts it in the BEGIN it sends with
    # the first statement, so a read costs no round trip to the server for it. Every unit
    # says what it is, so a pooled connection never carries a reader's mode into a writer.
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return
        reading = bool(options.get(READ_ONLY_OPTION))
        driver = connection.connection.dbapi_connection
        driver.isolation_level = IsolationLevel.REPEATABLE_READ if reading else None
        driver.read_only = True if reading else None

    return engine


def _install_sqlite_hooks(engine: Engine) -> None:
    # PRAGMAs are ignored inside a transaction, and the sqlite3 driver's own transaction
    # handling breaks SAVEPOINTs; so the driver is put in autocommit mode and SQLAlchemy emits
    # BEGIN itself (the recipe from SQLAlchemy's SQLite dialect documentation).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    # A deferred BEGIN that reads and then writes gets SQLITE_BUSY at once when another
    # connection holds the write lock: SQLite cannot wait there without risking a deadlock, so
    # the busy timeout never applies. Units of work take the write lock when they begin
    # (BEGIN IMMEDIATE), where the busy timeout does apply; a connection marked
    # ``sqlite_read_only`` begins deferred and never waits for writers.
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # each statement is its own transaction (a WAL checkpoint needs that)
        if options.get(READ_ONLY_OPTION):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
