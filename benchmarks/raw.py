"""Plain connections beside the app's: the side of the baselines, on either backend.

A baseline runs the bare statement the app's service is built on, through the database's own
driver: ``sqlite3`` with the app's pragmas for a SQLite file, ``psycopg`` for a PostgreSQL URL.
The benchmarks write their SQL once with ``?`` placeholders (and no literal ``?`` or ``%``);
on PostgreSQL they become psycopg's ``%s``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from callnotes.storage.engine import SQLITE_PRAGMAS

SQLITE, POSTGRESQL = "sqlite", "postgresql"


def on_postgres(name: str) -> str:
    """The name of a figure's row measured on PostgreSQL, beside the SQLite row *name*."""
    return f"{name}, PostgreSQL"


class RawConnection:
    """One plain connection in autocommit mode to a SQLite file or a PostgreSQL database."""

    def __init__(self, database: Path | str) -> None:
        self.dialect = POSTGRESQL if isinstance(database, str) else SQLITE
        self._sqlite: sqlite3.Connection | None = None
        self._pg: psycopg.Connection[Any] | None = None
        if isinstance(database, str):
            self._pg = pg_connect(database)
        else:
            # WAL, synchronous=FULL and the rest, as the app sets them.
            self._sqlite = sqlite3.connect(database, isolation_level=None)
            for pragma in SQLITE_PRAGMAS:
                self._sqlite.execute(pragma)

    def sql(self, statement: str) -> str:
        """*statement* with this driver's placeholders (see the module's docstring)."""
        return statement if self._sqlite is not None else statement.replace("?", "%s")

    def fetch_all(self, statement: str, *params: Any) -> list[Any]:
        """Every row of one query (*statement* already through :meth:`sql`)."""
        if self._sqlite is not None:
            return self._sqlite.execute(statement, params).fetchall()
        assert self._pg is not None
        return self._pg.execute(statement, params).fetchall()

    def commit_one(self, statement: str, *params: Any) -> None:
        """One statement in a transaction of its own, committed (a durable write)."""
        if self._sqlite is not None:
            self._sqlite.execute("BEGIN")
            self._sqlite.execute(statement, params)
            self._sqlite.execute("COMMIT")
            return
        assert self._pg is not None
        with self._pg.transaction():
            self._pg.execute(statement, params)

    def setting(self, name: str) -> str:
        """A server setting as PostgreSQL shows it (``SHOW``); a pragma's value on SQLite."""
        if self._sqlite is not None:
            return str(self._sqlite.execute(f"PRAGMA {name}").fetchone()[0])
        assert self._pg is not None
        row = self._pg.execute(f"SHOW {name}").fetchone()
        return str(row[0] if row else "")

    def close(self) -> None:
        """Close the connection."""
        if self._sqlite is not None:
            self._sqlite.close()
        if self._pg is not None:
            self._pg.close()


def pg_connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    """A plain psycopg connection to the database of a SQLAlchemy PostgreSQL *url*."""
    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host,
        port=parsed.port,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database,
        autocommit=autocommit,
    )
