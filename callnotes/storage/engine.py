"""Creating the one engine per process, with the SQLite settings durability depends on."""

from __future__ import annotations

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


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    """Whether *url* names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


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
    """
    try:
        make_private_dirs(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise os_storage_error(exc, path) from exc


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, full sync, foreign keys and a busy timeout."""
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    path = sqlite_path(url)
    if path is not None:
        prepare_sqlite_file(path)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    _install_sqlite_hooks(engine)
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
