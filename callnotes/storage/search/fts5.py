"""The SQLite index: FTS5's ``MATCH`` ranked by bm25, over the newest matches."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from callnotes.storage.search.fts5_schema import ENTRY_FTS, ISSUE_FTS
from callnotes.storage.search.interface import (
    NO_BOUND,
    RANKED_WINDOW,
    Below,
    SearchRow,
    SearchScope,
    search_page,
    search_terms,
)
from callnotes.storage.search.ranked import best_rows, plan_search, read_rows


def fts5_match_expression(query: str, *, any_term: bool = False) -> str | None:
    """Build a safe FTS5 MATCH expression: every term quoted and a prefix.

    All terms are required, unless *any_term* is set: then one is enough and bm25 ranks rows
    with more of them first (how "seen before" finds similar, not identical, wording).
    """
    terms = search_terms(query)
    if not terms:
        return None
    quoted = ['"' + term.replace('"', '""') + '"*' for term in terms]
    return (" OR " if any_term else " ").join(quoted)


class Fts5SearchIndex:
    """SQLite FTS5 search with bm25 ranking, over the newest *ranked_window* matches.

    bm25 costs about a microsecond per matching row, and a common word matches a few percent
    of all notes: some 40,000 of a million, which took 35 ms to rank, whole, where finding
    the matches took 2. So when a query matches more than *ranked_window* rows, only the
    newest that many (by rowid, the order rows were written in) are ranked; older matches
    come back once another word narrows the query. For an agent looking for a past issue
    the recent notes are the likelier ones, and a common word alone ranks mostly by note
    length anyway. Scoped searches (one client, excluding a case) rank every match: their
    filter applies after ranking, and a window of everyone's newest notes could hide all of
    one client's.
    """

    def __init__(self, ranked_window: int = RANKED_WINDOW) -> None:
        self._window = ranked_window

    def search(
        self,
        session: Session,
        query: str,
        *,
        limit: int,
        client_id: int | None = None,
        scope: SearchScope | None = None,
        any_term: bool = False,
        below: Below | None = None,
    ) -> list[SearchRow]:
        """Entries and issues matching the terms, by bm25 rank."""
        expression = fts5_match_expression(query, any_term=any_term)
        if expression is None:
            return []
        where, window, bound = plan_search(client_id, scope, below, self._window)
        entries = _entry_rows(session, expression, limit, where, window, bound.entries)
        issues = _issue_rows(session, expression, limit, where, window, bound.issues)
        return best_rows(entries, issues, limit)

    def older(self, session: Session, query: str, below: Below | None = None) -> Below | None:
        """Where the matches older than the ranked window start (see :class:`Below`)."""
        expression = fts5_match_expression(query)
        if expression is None:
            return None
        bound = below or Below(NO_BOUND, NO_BOUND)
        entries = _older_start(session, ENTRY_FTS, expression, self._window, bound.entries)
        issues = _older_start(session, ISSUE_FTS, expression, self._window, bound.issues)
        return Below(entries, issues) if entries or issues else None

    def page(
        self,
        session: Session,
        query: str,
        *,
        limit: int,
        client_id: int | None = None,
        below: Below | None = None,
    ) -> tuple[list[SearchRow], Below | None]:
        """The ranked rows and where the older matches start (see :meth:`SearchIndex.page`)."""
        return search_page(self, session, query, limit, client_id, below)


def _entry_rows(
    session: Session,
    expression: str,
    limit: int,
    scope: SearchScope,
    window: int | None,
    below: int = NO_BOUND,
) -> list[SearchRow]:
    columns = "e.id, e.case_id, c.title, cl.id, cl.name, e.at, e.text, e.kind"
    sql = _ranked_sql(ENTRY_FTS, f"bm25({ENTRY_FTS})", columns, "timeline_entries e", scope)
    since = _window_start(session, ENTRY_FTS, expression, window, below)
    return read_rows("entry", session, sql, expression, limit, scope, since, below)


def _issue_rows(
    session: Session,
    expression: str,
    limit: int,
    scope: SearchScope,
    window: int | None,
    below: int = NO_BOUND,
) -> list[SearchRow]:
    # Title matches weigh more than matches in the longer fields.
    weights = f"bm25({ISSUE_FTS}, 4.0, 2.0, 1.0, 1.0, 1.0)"
    columns = "i.id, i.case_id, c.title, cl.id, cl.name, i.created_at, i.title, NULL"
    sql = _ranked_sql(ISSUE_FTS, weights, columns, "issues i", scope)
    since = _window_start(session, ISSUE_FTS, expression, window, below)
    return read_rows("issue", session, sql, expression, limit, scope, since, below)


def _window_start(
    session: Session, fts: str, expression: str, window: int | None, below: int = NO_BOUND
) -> int:
    """The smallest rowid among the newest *window* matches under *below*; 0 when there are
    no more than that."""
    if window is None:
        return 0
    sql = (
        f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q AND rowid < :below "
        "ORDER BY rowid DESC LIMIT 1 OFFSET :skip"
    )
    params = {"q": expression, "skip": window - 1, "below": below}
    since = session.execute(text(sql), params).scalar()
    return int(since) if since is not None else 0


def _older_start(session: Session, fts: str, expression: str, window: int, below: int) -> int:
    """Where the matches older than the window under *below* start (their bound); 0: none."""
    if below <= 0:
        return 0
    since = _window_start(session, fts, expression, window, below)
    if not since:
        return 0
    sql = f"SELECT 1 FROM {fts} WHERE {fts} MATCH :q AND rowid < :since LIMIT 1"
    found = session.execute(text(sql), {"q": expression, "since": since}).scalar()
    return since if found else 0


def _ranked_sql(fts: str, rank: str, columns: str, table: str, scope: SearchScope) -> str:
    """The best *limit* rows of *table* (``name alias``) matching ``:q``, with case and client.

    Equal scores are common (a word once in a short note); among them the newest rows win,
    as in the order the results are shown in, rather than whichever the sorter kept first
    (the oldest).
    """
    alias = table.split()[-1]
    joins = f"JOIN cases c ON c.id = {alias}.case_id JOIN clients cl ON cl.id = c.client_id"
    conditions = scope.where_sql()
    if conditions:
        return (
            f"SELECT {columns}, {rank} FROM {fts} JOIN {table} ON {alias}.id = {fts}.rowid "
            f"{joins} WHERE {fts} MATCH :q{conditions} "
            f"ORDER BY {rank}, {fts}.rowid DESC LIMIT :limit"
        )
    # Nothing to filter on: rank inside the index and join only the rows returned. Joining
    # first looks up the row, case and client of every match, tens of thousands for a common
    # word in a large database, and nearly doubled the time of such a search.
    return (
        f"SELECT {columns}, hit.score FROM (SELECT rowid AS id, {rank} AS score FROM {fts} "
        f"WHERE {fts} MATCH :q AND rowid >= :since AND rowid < :below "
        f"ORDER BY {rank}, rowid DESC LIMIT :limit) "
        "AS hit "
        f"JOIN {table} ON {alias}.id = hit.id {joins} ORDER BY hit.score"
    )
