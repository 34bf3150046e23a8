"""Plain sqlite3 with the app's own pragmas: the side of the baselines."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from callnotes.storage.engine import SQLITE_PRAGMAS


def raw_connection(database: Path) -> sqlite3.Connection:
    """A plain connection in autocommit mode with WAL, synchronous=FULL and the rest."""
    connection = sqlite3.connect(database, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    return connection


def fetch_all(connection: sqlite3.Connection, sql: str, *params: Any) -> list[Any]:
    """Every row of one query."""
    return connection.execute(sql, params).fetchall()
