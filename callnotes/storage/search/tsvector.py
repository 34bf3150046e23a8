"""The PostgreSQL index: the ``tsvector`` match ranked by ``ts_rank``, over the newest matches."""

from __future__ import annotations

import re

from sqlalchemy import Integer, column, text
from sqlalchemy.orm import Session

from callnotes.storage.search.interface import (
    RANKED_WINDOW,
    Below,
    SearchRow,
    SearchScope,
    search_terms,
)
from callnotes.storage.search.postings import (
    PLAN_SETTINGS,
    READ_BUDGET,
    Newest,
    Terms,
    newest_matches_sql,
    term_words,
)
from callnotes.storage.search.ranked import ROW_COLUMNS, best_rows, plan_search, read_rows
from callnotes.storage.search.tsvector_schema import (
    SEARCH_COLUMN,
    SEARCH_CONFIG,
    TS_RANK_NORMALIZATION,
    TS_RANK_WEIGHTS,
)


def tsquery_expression(query: str, *, any_term: bool = False) -> str | None:
    """A safe ``to_tsquery`` text: every word a prefix, all required unless *any_term*.

    Only letters and digits reach the query (a term such as ``e-mail`` or ``client's`` becomes
    its words, as the server's parser splits the text itself), so no operator can be typed.
    """
    terms = [" & ".join(f"'{word}':*" for word in words) for words in _term_words(query)]
    if not terms:
        return None
    if any_term:
        return " | ".join(f"({term})" for term in terms)
    return " & ".join(terms)


def _term_words(query: str) -> list[list[str]]:
    """The letters and digits of each term of *query*, the words ``to_tsquery`` is given."""
    terms = (re.findall(r"[^\W_]+", term) for term in search_terms(query))
    return [words for words in terms if words]


_ENTRY_COLUMNS = (
    "e.id AS id, e.case_id AS case_id, c.title AS case_title, cl.id AS client_id, "
    "cl.name AS client_name, e.at AS at, e.text AS text, e.kind AS entry_kind"
)
_ISSUE_COLUMNS = (
    "i.id AS id, i.case_id AS case_id, c.title AS case_title, cl.id AS client_id, "
    "cl.name AS client_name, i.created_at AS at, i.title AS text, NULL AS entry_kind"
)
_WINDOW_COLUMNS = (
    column("found", Integer),
    column("since", Integer),
    column("cut", Integer),
    *ROW_COLUMNS,
)


class TsvectorSearchIndex:
    """PostgreSQL full-text search ranked by ``ts_rank``, over the newest *ranked_window*
    matches when the search is not scoped (see ``fts5.Fts5SearchIndex`` for why).

    A search of everything asks one statement per kind of row: the newest matches under the
    bound, one more than the window (whether older matches exist), ranked, with where the
    window starts: the page's older bound comes from the same scan as its rows. Finding the
    window is what a search costs here: a GIN index knows which rows match, not which are the
    newest, so the window is read from the postings (``postings``), which hand each word's
    rows newest first; a search within a scope ranks every match, found with the GIN index.
    A search of several words reads each word's newest *read_budget* rows at most, and ranks
    the matches among them: the older ones are the next page's.
    """

    def __init__(self, ranked_window: int = RANKED_WINDOW, read_budget: int = READ_BUDGET):
        self._window = ranked_window
        self._budget = read_budget

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
        where, window, bound = plan_search(client_id, scope, below, self._window)
        # A plan for the words asked (see PLAN_SETTINGS): with the GIN index, how many rows
        # match decides between walking the newest rows back and the index.
        session.execute(text(PLAN_SETTINGS))
        if window is None:
            entries = _scoped_rows("entry", session, expression, limit, where)
            issues = _scoped_rows("issue", session, expression, limit, where)
            return best_rows(entries, issues, limit), None
        words = term_words(session, [word for words in _term_words(query) for word in words])
        found = {
            source: _newest_rows(
                source, session, words[source], expression, limit, (window, self._budget), bound
            )
            for source in ("entry", "issue")
        }
        (entries, entries_older), (issues, issues_older) = found["entry"], found["issue"]
        older = Below(entries_older, issues_older) if entries_older or issues_older else None
        return best_rows(entries, issues, limit), older


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
    return read_rows(source, session, sql, expression, limit, scope, 0)


def _newest_rows(
    source: str,
    session: Session,
    terms: Terms | None,
    expression: str,
    limit: int,
    reading: tuple[int, int],
    bound: Below,
) -> tuple[list[SearchRow], int]:
    """The best *limit* rows of *source* among the newest matches, *reading* ``(window,
    budget)``: found in the postings (see ``postings``), each term's newest *budget* rows
    read at most; through the GIN index when a term starts too many words."""
    window, budget = reading
    if terms is None:
        newest = Newest("", _gin_newest(source, window), "0", {"q": expression})
    elif not terms or not all(terms):
        return [], 0
    else:
        newest = newest_matches_sql(source, terms, window, budget)
    return _window_rows(source, session, newest, limit, window, bound)


def _gin_newest(source: str, window: int) -> str:
    """The newest ``window + 1`` matches of ``:q`` under ``:below`` from the GIN index, as
    ``(id, score)``."""
    table, _alias, _columns = _source_sql(source)
    query = f"to_tsquery('{SEARCH_CONFIG}', :q)"
    return (
        f"SELECT t.id, {_rank('t', query)} AS score FROM {table} t "
        f"WHERE t.{SEARCH_COLUMN} @@ {query} AND t.id < :below "
        f"ORDER BY t.id DESC LIMIT {int(window) + 1}"
    )


def _window_rows(
    source: str,
    session: Session,
    newest: Newest,
    limit: int,
    window: int,
    bound: Below,
) -> tuple[list[SearchRow], int]:
    """The best *limit* rows among the matches *newest* selects (``window + 1`` of them, as
    ``(id, score)``) under the bound, and where the older matches start (0: none): under the
    window when it is full, else under the cut *newest* stopped looking at, if any."""
    below = bound.entries if source == "entry" else bound.issues
    if below <= 0:
        return [], 0
    table, alias, columns = _source_sql(source)
    # ``newest`` takes one match more than the window: if it is there, older matches exist,
    # and the window starts at the smallest id but that one. ``edge`` is always one row, so
    # the statement says where the window starts even when no row is asked for (limit 0),
    # or no row matched above the cut.
    ctes = f"{newest.ctes}, " if newest.ctes else ""
    sql = (
        f"WITH {ctes}newest AS MATERIALIZED ({newest.select}), "
        "edge AS MATERIALIZED (SELECT count(*) AS found, min(id) AS least, "
        f"{newest.cut} AS cut FROM newest), "
        "ranked AS MATERIALIZED (SELECT newest.id, newest.score FROM newest, edge "
        f"WHERE edge.found <= {int(window)} OR newest.id > edge.least), "
        f"hit AS (SELECT {columns}, best.score FROM "
        "(SELECT id, score FROM ranked ORDER BY score, id DESC LIMIT :limit) AS best "
        f"JOIN {table} {alias} ON {alias}.id = best.id "
        f"JOIN cases c ON c.id = {alias}.case_id JOIN clients cl ON cl.id = c.client_id) "
        "SELECT edge.found, (SELECT min(id) FROM ranked), edge.cut, hit.id, hit.case_id, "
        "hit.case_title, hit.client_id, hit.client_name, hit.at, hit.text, hit.entry_kind, "
        "hit.score FROM edge LEFT JOIN hit ON true ORDER BY hit.score, hit.id DESC"
    )
    statement = text(sql).columns(*_WINDOW_COLUMNS)
    rows = []
    older = 0
    for found, since, cut, *fields in session.execute(
        statement, {**newest.params, "below": below, "limit": limit}
    ):
        if found > window and since is not None:
            older = int(since)
        elif cut:
            older = int(cut)
        if fields[0] is None:  # no match: the edge alone
            continue
        row_id, case_id, case_title, client_id, client_name, at, text_, kind, score = fields
        rows.append(
            SearchRow(
                source, row_id, case_id, case_title, client_id, client_name, at, text_, score, kind
            )
        )
    return rows, older
