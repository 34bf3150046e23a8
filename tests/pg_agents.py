"""Agents' login roles on the test PostgreSQL server, and plain statements run as one of them.

The ``agents`` fixture (in ``conftest.py``) makes two login roles in a group granted what the
README's recipe grants an agent; these helpers talk to the server with psycopg directly, as a
person at ``psql`` would, outside callnotes.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import Any

import psycopg
from pg_server import PgServer
from sqlalchemy.engine import make_url

from callnotes.storage.models.people import TeamMember

AGENT_PASSWORD = "agent-test"
_ROLES = itertools.count(1)


def pg_rows(url: str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        return list(connection.execute(sql, params).fetchall())  # type: ignore[arg-type]


def pg_exec(url: str, sql: str, *params: object) -> None:
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        connection.execute(sql, params or None)  # type: ignore[arg-type]


def conninfo(url: str) -> str:
    parsed = make_url(url)
    return (
        f"host={parsed.host} port={parsed.port} dbname={parsed.database} "
        f"user={parsed.username} password={parsed.password}"
    )


def as_login(url: str, user: str, password: str = AGENT_PASSWORD) -> str:
    return make_url(url).set(username=user, password=password).render_as_string(False)


def agent_roles(pg_server: PgServer, pg_url: str) -> Iterator[tuple[str, str]]:
    """Make the two roles, yield their names, drop them (the `agents` fixture)."""
    suffix = f"{os.getpid()}_{next(_ROLES)}"
    group, names = f"callnotes_agent_{suffix}", (f"alice_{suffix}", f"bob_{suffix}")
    database = make_url(pg_url).database
    pg_server.execute(
        f"CREATE ROLE {group} NOLOGIN",
        *(
            f"CREATE ROLE {name} LOGIN PASSWORD '{AGENT_PASSWORD}' IN ROLE {group}"
            for name in names
        ),
    )
    pg_server.execute(
        f"GRANT CONNECT ON DATABASE {database} TO {group}",
        f"GRANT USAGE ON SCHEMA public TO {group}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {group}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {group}",
        # As the recipe: the audit log stays read-only to the group (the triggers write it).
        f"REVOKE INSERT, UPDATE, DELETE ON audit_log FROM {group}",
        f"REVOKE USAGE, SELECT ON SEQUENCE audit_log_id_seq FROM {group}",
        f"REVOKE INSERT, UPDATE, DELETE ON audit_erasures FROM {group}",
        # The directory names authors: the leads keep it; agents mark colleagues away.
        f"REVOKE INSERT, UPDATE, DELETE ON team_members FROM {group}",
        f"GRANT UPDATE ({', '.join(TeamMember.ABSENCE_COLUMNS)}) ON team_members TO {group}",
        database=database,
    )
    yield names
    pg_server.execute(f"DROP OWNED BY {group}, {', '.join(names)}", database=database)
    pg_server.execute(*(f"DROP ROLE {name}" for name in (*names, group)))
