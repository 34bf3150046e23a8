"""Schema objects that exist on a team database only (PostgreSQL): run in the migration's
connection, and nothing at all on SQLite.

Functions that run with their owner's rights name their schema (``{schema}`` in a statement
is replaced by the connection's current schema, quoted) and put the session's temporary
tables last: an agent's temporary table of the same name is never the one they read or write.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection


def run_pg_ddl(connection: Connection, statements: Iterable[str]) -> None:
    """Run *statements* on PostgreSQL, ``{schema}`` filled in; do nothing elsewhere."""
    if connection.dialect.name != "postgresql":
        return
    schema = str(connection.exec_driver_sql("SELECT quote_ident(current_schema())").scalar_one())
    for statement in statements:
        connection.exec_driver_sql(statement.replace("{schema}", schema))
