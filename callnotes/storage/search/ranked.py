"""What the two ranked indexes (FTS5, tsvector) share: the window, the rows read, the merge."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String, column, text
from sqlalchemy.orm import Session

from callnotes.storage.models.base import UTCDateTime
from callnotes.storage.search.interface import (
    NO_BOUND,
    Below,
    SearchRow,
    SearchScope,
    scope_for,
)


def plan_search(
    client_id: int | None, scope: SearchScope | None, below: Below | None, window: int
) -> tuple[SearchScope, int | None, Below]:
    """The rows a ranked search may return, the window of newest matches it ranks (None: all,
    for a scoped search) and the bound that window lies under."""
    where = scope_for(client_id, scope)
    ranked = None if where.where_sql() else window
    bound = below if below is not None and ranked is not None else Below(NO_BOUND, NO_BOUND)
    return where, ranked, bound


def best_rows(entries: list[SearchRow], issues: list[SearchRow], limit: int) -> list[SearchRow]:
    """Entries and issues together, best score first, then newest first."""
    rows = sorted(entries + issues, key=lambda row: (row.score, -row.at.timestamp()))
    return rows[:limit]


ROW_COLUMNS = (
    column("id", Integer),
    column("case_id", Integer),
    column("case_title", String),
    column("client_id", Integer),
    column("client_name", String),
    column("at", UTCDateTime()),
    column("text", String),
    column("entry_kind", String),
    column("score", Float),
)


def read_rows(
    source: str,
    session: Session,
    sql: str,
    expression: str,
    limit: int,
    scope: SearchScope,
    since: int,
    below: int = NO_BOUND,
) -> list[SearchRow]:
    """Run a ranked statement (its columns as :data:`ROW_COLUMNS`) and read its rows."""
    statement = text(sql).columns(*ROW_COLUMNS)
    params = {"q": expression, "limit": limit, "since": since, "below": below, **scope.params()}
    # By position: the joined tables' own column names repeat ("id").
    rows = []
    for found in session.execute(statement, params):
        row_id, case_id, case_title, client_id, client_name, at, text_, kind, score = found
        rows.append(
            SearchRow(
                source, row_id, case_id, case_title, client_id, client_name, at, text_, score, kind
            )
        )
    return rows
