"""The SQLite index: FTS5's ``MATCH`` ranked by bm25, over the newest matches."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from callnotes.storage.search.fts5_schema import (
    ENTRY_FTS,
    ISSUE_FTS,
    RECENT_ENTRIES,
    RECENT_ISSUES,
    RECENT_TABLE,
    Recent,
)
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

    The window is looked for among the newest rows first, in their own indexes
    (``fts5_schema``: the newest quarter of a million entries, 25,000 issues), where bm25's
    reading of every match of a word, and finding the newest ones, cost the same at any size
    of history; older matches start under their floor, one "older matches" away.
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
        entries, issues = _windows(session, expression, window, bound)
        return _best(session, expression, limit, where, (entries, issues), bound)

    def older(self, session: Session, query: str, below: Below | None = None) -> Below | None:
        """Where the matches older than the ranked window start (see :class:`Below`)."""
        expression = fts5_match_expression(query)
        if expression is None:
            return None
        bound = below or Below(NO_BOUND, NO_BOUND)
        entries, issues = _windows(session, expression, self._window, bound)
        return _older(session, expression, (entries, issues), bound)

    def page(
        self,
        session: Session,
        query: str,
        *,
        limit: int,
        client_id: int | None = None,
        below: Below | None = None,
    ) -> tuple[list[SearchRow], Below | None]:
        """The ranked rows and where the older matches start (see :meth:`SearchIndex.page`),
        each window found once for both."""
        expression = fts5_match_expression(query)
        if expression is None:
            return [], None
        where, window, bound = plan_search(client_id, None, below, self._window)
        if window is None:  # one client's: every match ranked, none left for later
            return search_page(self, session, query, limit, client_id, below)
        windows = _windows(session, expression, window, bound)
        rows = _best(session, expression, limit, where, windows, bound)
        return rows, _older(session, expression, windows, bound)


@dataclass(frozen=True)
class _Window:
    """Where one kind of row's ranked window lies: the index read, the lowest id it holds
    (the newest rows' floor; 0: every row), the smallest id in the window (0: every match
    above the floor is in it), and the index of every row, where the older matches are."""

    fts: str
    floor: int
    start: int
    every: str

    @property
    def since(self) -> int:
        """The smallest id a ranked row may have."""
        return max(self.start, self.floor)


def _windows(
    session: Session, expression: str, window: int | None, bound: Below
) -> tuple[_Window, _Window]:
    """The windows of entries and of issues under *bound* (*window* None: every match).

    A window is looked for among the newest rows first, in their own index, while the bound
    is above its floor; else, and for a scoped search, in the index of every row."""
    floors: dict[str, int] = {}
    if window is not None:
        floors = {
            str(name): int(floor)
            for name, floor in session.execute(text(f"SELECT name, floor FROM {RECENT_TABLE}"))
        }

    def found(recent: Recent, every: str, below: int) -> _Window:
        floor = floors.get(recent.fts)
        fts, lowest = (every, 0) if floor is None or below <= floor else (recent.fts, floor)
        start = _window_start(session, fts, expression, window, below)
        return _Window(fts, max(lowest, 0), start, every)

    return (
        found(RECENT_ENTRIES, ENTRY_FTS, bound.entries),
        found(RECENT_ISSUES, ISSUE_FTS, bound.issues),
    )


def _best(
    session: Session,
    expression: str,
    limit: int,
    scope: SearchScope,
    windows: tuple[_Window, _Window],
    bound: Below,
) -> list[SearchRow]:
    """The best *limit* entries and issues within their windows."""
    entries, issues = windows
    columns = "e.id, e.case_id, c.title, cl.id, cl.name, e.at, e.text, e.kind"
    sql = _ranked_sql(entries.fts, f"bm25({entries.fts})", columns, "timeline_entries e", scope)
    entry_rows = read_rows(
        "entry", session, sql, expression, limit, scope, entries.since, bound.entries
    )
    # Title matches weigh more than matches in the longer fields.
    weights = f"bm25({issues.fts}, 4.0, 2.0, 1.0, 1.0, 1.0)"
    columns = "i.id, i.case_id, c.title, cl.id, cl.name, i.created_at, i.title, NULL"
    sql = _ranked_sql(issues.fts, weights, columns, "issues i", scope)
    issue_rows = read_rows(
        "issue", session, sql, expression, limit, scope, issues.since, bound.issues
    )
    return best_rows(entry_rows, issue_rows, limit)


def _older(
    session: Session, expression: str, windows: tuple[_Window, _Window], bound: Below
) -> Below | None:
    """Where the matches older than the windows start, per kind (None: no older match)."""
    entries, issues = windows
    older = Below(
        _older_start(session, expression, entries, bound.entries),
        _older_start(session, expression, issues, bound.issues),
    )
    return older if older.entries or older.issues else None


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


def _older_start(session: Session, expression: str, found: _Window, below: int) -> int:
    """Where the matches older than the window *found* under *below* start (their bound);
    0: none. Once the newest rows' matches are all ranked, the older ones start under their
    floor, in the index of every row."""
    if below <= 0:
        return 0
    if found.start and _any_match(session, found.fts, expression, found.start):
        return found.start
    if found.floor > 0 and _any_match(session, found.every, expression, found.floor):
        return found.floor
    return 0


def _any_match(session: Session, fts: str, expression: str, below: int) -> bool:
    """Whether *fts* holds a match of *expression* under *below*."""
    sql = f"SELECT 1 FROM {fts} WHERE {fts} MATCH :q AND rowid < :below LIMIT 1"
    return session.execute(text(sql), {"q": expression, "below": below}).scalar() is not None


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
