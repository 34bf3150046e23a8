"""Full-text search over timeline entries and issues, behind one interface.

SQLite uses FTS5 external-content tables kept current by triggers (``search_schema``);
PostgreSQL generated ``tsvector`` columns with GIN indexes (``search_schema_pg``); other databases
fall back to a portable ``LIKE`` search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import (
    Float,
    Integer,
    String,
    and_,
    column,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from callnotes.storage.models import Case, Client, Issue, TimelineEntry
from callnotes.storage.models.base import UTCDateTime
from callnotes.storage.search_schema import ENTRY_FTS, ISSUE_FTS
from callnotes.storage.search_schema_pg import SEARCH_COLUMN, SEARCH_CONFIG

MAX_QUERY_CHARS = 500
MAX_TERMS = 20
# How many of the newest matches an unscoped search ranks (see Fts5SearchIndex).
RANKED_WINDOW = 10_000


def search_terms(query: str) -> list[str]:
    """Split user input into at most ``MAX_TERMS`` words; operators are just words here."""
    words = re.findall(r"\w[\w'’-]*", query[:MAX_QUERY_CHARS])
    return words[:MAX_TERMS]


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


@dataclass(frozen=True)
class SearchScope:
    """Which rows a search may return, beyond matching the query."""

    client_id: int | None = None
    exclude_client_id: int | None = None
    exclude_case_id: int | None = None

    def where_sql(self) -> str:
        """SQL conditions on the aliases ``c`` (case) and ``cl`` (client) used below."""
        parts = []
        if self.client_id is not None:
            parts.append(" AND cl.id = :client")
        if self.exclude_client_id is not None:
            parts.append(" AND cl.id != :exclude_client")
        if self.exclude_case_id is not None:
            parts.append(" AND c.id != :exclude_case")
        return "".join(parts)

    def params(self) -> dict[str, int | None]:
        """Bound values for :meth:`where_sql`."""
        return {
            "client": self.client_id,
            "exclude_client": self.exclude_client_id,
            "exclude_case": self.exclude_case_id,
        }


@dataclass(frozen=True)
class Below:
    """Where the matches older than a ranked window start, per kind of row: a search given it
    ranks the next window of older matches (0: no older match of that kind)."""

    entries: int
    issues: int


NO_BOUND = 2**62  # above every row id: the newest window


@dataclass(frozen=True)
class SearchRow:
    """One raw hit, before the service turns it into a result."""

    source: str  # "entry" or "issue"
    id: int
    case_id: int
    case_title: str
    client_id: int
    client_name: str
    at: datetime
    text: str
    score: float
    entry_kind: str | None = None  # a timeline entry's kind ("note", "decision"…)


class SearchIndex(Protocol):
    """Finds timeline entries and issues matching a query."""

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
        """Return at most *limit* rows, best first.

        *client_id* is shorthand for ``SearchScope(client_id=...)``; *any_term* accepts rows
        matching one term or more instead of all of them; *below* (an unscoped search) ranks
        the window of matches older than the one :meth:`older` described.
        """
        ...

    def older(self, session: Session, query: str, below: Below | None = None) -> Below | None:
        """Whether an unscoped search of *query* (below *below*) left older matches out of its
        ranked window, and where they start; None when it ranked every match."""
        ...

    def page(
        self,
        session: Session,
        query: str,
        *,
        limit: int,
        client_id: int | None = None,
        below: Below | None = None,
    ) -> tuple[list[SearchRow], Below | None]:
        """:meth:`search` and, for a search of everything, :meth:`older` (None for one
        client's), which an index may answer together."""
        ...


def _page(
    index: SearchIndex,
    session: Session,
    query: str,
    limit: int,
    client_id: int | None,
    below: Below | None,
) -> tuple[list[SearchRow], Below | None]:
    """A page as two questions: the ranked rows, then where the older matches start."""
    rows = index.search(session, query, limit=limit, client_id=client_id, below=below)
    older = index.older(session, query, below) if client_id is None else None
    return rows, older


def _plan(
    client_id: int | None, scope: SearchScope | None, below: Below | None, window: int
) -> tuple[SearchScope, int | None, Below]:
    """The rows a ranked search may return, the window of newest matches it ranks (None: all,
    for a scoped search) and the bound that window lies under."""
    where = _scope(client_id, scope)
    ranked = None if where.where_sql() else window
    bound = below if below is not None and ranked is not None else Below(NO_BOUND, NO_BOUND)
    return where, ranked, bound


def _best(entries: list[SearchRow], issues: list[SearchRow], limit: int) -> list[SearchRow]:
    """Entries and issues together, best score first, then newest first."""
    rows = sorted(entries + issues, key=lambda row: (row.score, -row.at.timestamp()))
    return rows[:limit]


def _scope(client_id: int | None, scope: SearchScope | None) -> SearchScope:
    if scope is None:
        return SearchScope(client_id=client_id)
    if client_id is not None:
        return SearchScope(client_id, scope.exclude_client_id, scope.exclude_case_id)
    return scope


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
        where, window, bound = _plan(client_id, scope, below, self._window)
        entries = _entry_rows(session, expression, limit, where, window, bound.entries)
        issues = _issue_rows(session, expression, limit, where, window, bound.issues)
        return _best(entries, issues, limit)

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
        return _page(self, session, query, limit, client_id, below)


_ROW_COLUMNS = (
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
    return _run("entry", session, sql, expression, limit, scope, since, below)


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
    return _run("issue", session, sql, expression, limit, scope, since, below)


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


def _run(
    source: str,
    session: Session,
    sql: str,
    expression: str,
    limit: int,
    scope: SearchScope,
    since: int,
    below: int = NO_BOUND,
) -> list[SearchRow]:
    statement = text(sql).columns(*_ROW_COLUMNS)
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


class LikeSearchIndex:
    """Portable fallback: every term must appear (case-insensitively) in the text."""

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
        """Entries and issues containing the terms, newest first."""
        terms = search_terms(query)
        if not terms:
            return []
        where = _scope(client_id, scope)
        combine = or_ if any_term else and_
        rows: list[SearchRow] = []
        entry_query = (
            select(TimelineEntry, Case, Client)
            .join(Case, Case.id == TimelineEntry.case_id)
            .join(Client, Client.id == Case.client_id)
            .where(combine(*(func.lower(TimelineEntry.text).contains(t.lower()) for t in terms)))
        )
        issue_query = (
            select(Issue, Case, Client)
            .join(Case, Case.id == Issue.case_id)
            .join(Client, Client.id == Case.client_id)
            .where(
                combine(
                    *(
                        or_(
                            func.lower(Issue.title).contains(t.lower()),
                            func.lower(Issue.client_words).contains(t.lower()),
                        )
                        for t in terms
                    )
                )
            )
        )
        if where.client_id is not None:
            entry_query = entry_query.where(Client.id == where.client_id)
            issue_query = issue_query.where(Client.id == where.client_id)
        if where.exclude_client_id is not None:
            entry_query = entry_query.where(Client.id != where.exclude_client_id)
            issue_query = issue_query.where(Client.id != where.exclude_client_id)
        if where.exclude_case_id is not None:
            entry_query = entry_query.where(Case.id != where.exclude_case_id)
            issue_query = issue_query.where(Case.id != where.exclude_case_id)
        for entry, case, client in session.execute(entry_query.limit(limit)):
            rows.append(
                SearchRow(
                    "entry",
                    entry.id,
                    case.id,
                    case.title,
                    client.id,
                    client.name,
                    entry.at,
                    entry.text,
                    0.0,
                    entry.kind,
                )
            )
        for issue, case, client in session.execute(issue_query.limit(limit)):
            rows.append(
                SearchRow(
                    "issue",
                    issue.id,
                    case.id,
                    case.title,
                    client.id,
                    client.name,
                    issue.created_at,
                    issue.title,
                    0.0,
                )
            )
        rows.sort(key=lambda row: -row.at.timestamp())
        return rows[:limit]

    def older(self, session: Session, query: str, below: Below | None = None) -> Below | None:
        """Nothing: this index returns the newest matches, with no window."""
        return None

    def page(
        self,
        session: Session,
        query: str,
        *,
        limit: int,
        client_id: int | None = None,
        below: Below | None = None,
    ) -> tuple[list[SearchRow], Below | None]:
        """The newest rows; never an older page."""
        return _page(self, session, query, limit, client_id, below)


def tsquery_expression(query: str, *, any_term: bool = False) -> str | None:
    """A safe ``to_tsquery`` text: every word a prefix, all required unless *any_term*.

    Only letters and digits reach the query (a term such as ``e-mail`` or ``client's`` becomes
    its words, as the server's parser splits the text itself), so no operator can be typed.
    """
    terms = []
    for term in search_terms(query):
        words = re.findall(r"[^\W_]+", term)
        if words:
            terms.append(" & ".join(f"'{word}':*" for word in words))
    if not terms:
        return None
    if any_term:
        return " | ".join(f"({term})" for term in terms)
    return " & ".join(terms)


# ts_rank's weights, in its order {D, C, B, A}: a timeline entry (D, its only field), an
# issue's other fields (C), its client's words (B) and its title (A). 1, 1, 2 and 4, as FTS5's
# bm25 weighs an issue's columns on SQLite (``_issue_rows``); ts_rank's own {0.1, 0.2, 0.4, 1.0}
# put a title match ten times above a note's, and a common word found issues alone.
TS_RANK_WEIGHTS = "{0.25, 0.25, 0.5, 1.0}"
# The rank divided by the length of the row's vector, as bm25 prefers the shorter of two rows
# with the word: among a common word's thousands of matches the short notes and issues come
# first, mixed as on SQLite (without it every match of the word once scores the same, and the
# weights alone put all issues first or all notes first).
TS_RANK_NORMALIZATION = 2
_ENTRY_COLUMNS = (
    "e.id AS id, e.case_id AS case_id, c.title AS case_title, cl.id AS client_id, "
    "cl.name AS client_name, e.at AS at, e.text AS text, e.kind AS entry_kind"
)
_ISSUE_COLUMNS = (
    "i.id AS id, i.case_id AS case_id, c.title AS case_title, cl.id AS client_id, "
    "cl.name AS client_name, i.created_at AS at, i.title AS text, NULL AS entry_kind"
)
_WINDOW_COLUMNS = (column("found", Integer), column("since", Integer), *_ROW_COLUMNS)


class TsvectorSearchIndex:
    """PostgreSQL full-text search ranked by ``ts_rank``, over the newest *ranked_window*
    matches when the search is not scoped (see ``Fts5SearchIndex`` for why).

    A search of everything asks one statement per kind of row: the newest matches under the
    bound, one more than the window (whether older matches exist), ranked, with where the
    window starts: the page's older bound comes from the same scan as its rows. Finding the
    window is what a search costs here (a GIN index knows which rows match, not which are the
    newest): asking for it once, not three times, is most of the gain.
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
        """Entries and issues matching the terms, best first (then newest first)."""
        return self._ranked(session, query, limit, client_id, scope, any_term, below)[0]

    def older(self, session: Session, query: str, below: Below | None = None) -> Below | None:
        """Where the matches older than the ranked window start (see :class:`Below`)."""
        return self._ranked(session, query, 0, None, None, False, below)[1]

    def page(
        self,
        session: Session,
        query: str,
        *,
        limit: int,
        client_id: int | None = None,
        below: Below | None = None,
    ) -> tuple[list[SearchRow], Below | None]:
        """The ranked rows and where the older matches start, from one scan of each table."""
        return self._ranked(session, query, limit, client_id, None, False, below)

    def _ranked(
        self,
        session: Session,
        query: str,
        limit: int,
        client_id: int | None,
        scope: SearchScope | None,
        any_term: bool,
        below: Below | None,
    ) -> tuple[list[SearchRow], Below | None]:
        expression = tsquery_expression(query, any_term=any_term)
        if expression is None:
            return [], None
        where, window, bound = _plan(client_id, scope, below, self._window)
        # A plan for the words asked: how many rows match decides between walking the newest
        # rows back (a common word) and the GIN index (a rare one). The driver prepares a
        # statement run often, and the server may then plan it once for any words: a plan
        # for common words walked the whole table back for a rare one.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        if window is None:
            entries = _scoped_rows("entry", session, expression, limit, where)
            issues = _scoped_rows("issue", session, expression, limit, where)
            return _best(entries, issues, limit), None
        entries, entries_older = _window_rows("entry", session, expression, limit, window, bound)
        issues, issues_older = _window_rows("issue", session, expression, limit, window, bound)
        older = Below(entries_older, issues_older) if entries_older or issues_older else None
        return _best(entries, issues, limit), older


def _rank(alias: str, query: str) -> str:
    # Lower scores sort first, as bm25's do on SQLite.
    return (
        f"-ts_rank('{TS_RANK_WEIGHTS}', {alias}.{SEARCH_COLUMN}, {query}, {TS_RANK_NORMALIZATION})"
    )


def _source_sql(source: str) -> tuple[str, str, str]:
    """The table, its alias and the result's columns of a kind of row."""
    if source == "entry":
        return "timeline_entries", "e", _ENTRY_COLUMNS
    return "issues", "i", _ISSUE_COLUMNS


def _scoped_rows(
    source: str, session: Session, expression: str, limit: int, scope: SearchScope
) -> list[SearchRow]:
    """The best *limit* rows of every match within *scope* (no window)."""
    table, alias, columns = _source_sql(source)
    query = f"to_tsquery('{SEARCH_CONFIG}', :q)"
    sql = (
        f"SELECT {columns}, {_rank(alias, query)} AS score FROM {table} {alias} "
        f"JOIN cases c ON c.id = {alias}.case_id JOIN clients cl ON cl.id = c.client_id "
        f"WHERE {alias}.{SEARCH_COLUMN} @@ {query}{scope.where_sql()} "
        f"ORDER BY score, {alias}.id DESC LIMIT :limit"
    )
    return _run(source, session, sql, expression, limit, scope, 0)


def _window_rows(
    source: str, session: Session, expression: str, limit: int, window: int, bound: Below
) -> tuple[list[SearchRow], int]:
    """The best *limit* rows among the newest *window* matches under the bound, and where the
    older matches start (0: none)."""
    below = bound.entries if source == "entry" else bound.issues
    if below <= 0:
        return [], 0
    table, alias, columns = _source_sql(source)
    query = f"to_tsquery('{SEARCH_CONFIG}', :q)"
    # ``newest`` takes one match more than the window: if it is there, older matches exist,
    # and the window starts at the smallest id but that one. ``edge`` is always one row, so
    # the statement says where the window starts even when no row is asked for (limit 0).
    sql = (
        "WITH newest AS MATERIALIZED ("
        f"SELECT t.id, {_rank('t', query)} AS score FROM {table} t "
        f"WHERE t.{SEARCH_COLUMN} @@ {query} AND t.id < :below "
        f"ORDER BY t.id DESC LIMIT {int(window) + 1}), "
        "edge AS MATERIALIZED (SELECT count(*) AS found, min(id) AS least FROM newest), "
        "ranked AS MATERIALIZED (SELECT newest.id, newest.score FROM newest, edge "
        f"WHERE edge.found <= {int(window)} OR newest.id > edge.least), "
        f"hit AS (SELECT {columns}, best.score FROM "
        "(SELECT id, score FROM ranked ORDER BY score, id DESC LIMIT :limit) AS best "
        f"JOIN {table} {alias} ON {alias}.id = best.id "
        f"JOIN cases c ON c.id = {alias}.case_id JOIN clients cl ON cl.id = c.client_id) "
        "SELECT edge.found, (SELECT min(id) FROM ranked), hit.id, hit.case_id, "
        "hit.case_title, hit.client_id, hit.client_name, hit.at, hit.text, hit.entry_kind, "
        "hit.score FROM edge LEFT JOIN hit ON true ORDER BY hit.score, hit.id DESC"
    )
    statement = text(sql).columns(*_WINDOW_COLUMNS)
    rows = []
    older = 0
    for found, since, *fields in session.execute(
        statement, {"q": expression, "below": below, "limit": limit}
    ):
        if found > window and since is not None:
            older = int(since)
        if fields[0] is None:  # no match: the edge alone
            continue
        row_id, case_id, case_title, client_id, client_name, at, text_, kind, score = fields
        rows.append(
            SearchRow(
                source, row_id, case_id, case_title, client_id, client_name, at, text_, score, kind
            )
        )
    return rows, older


def search_index_for(dialect_name: str) -> SearchIndex:
    """The best search implementation for a database dialect."""
    if dialect_name == "sqlite":
        return Fts5SearchIndex()
    if dialect_name == "postgresql":
        return TsvectorSearchIndex()
    return LikeSearchIndex()
