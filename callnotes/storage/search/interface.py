"""What every search index answers to: the query's terms, its scope, its rows, the Protocol."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

MAX_QUERY_CHARS = 500
MAX_TERMS = 20
# How many of the newest matches an unscoped search ranks (see fts5.Fts5SearchIndex).
RANKED_WINDOW = 10_000


def search_terms(query: str) -> list[str]:
    """Split user input into at most ``MAX_TERMS`` words; operators are just words here."""
    words = re.findall(r"\w[\w'’-]*", query[:MAX_QUERY_CHARS])
    return words[:MAX_TERMS]


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


def scope_for(client_id: int | None, scope: SearchScope | None) -> SearchScope:
    """The scope of a search given *client_id* (shorthand for one client) and *scope*."""
    if scope is None:
        return SearchScope(client_id=client_id)
    if client_id is not None:
        return SearchScope(client_id, scope.exclude_client_id, scope.exclude_case_id)
    return scope


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


def search_page(
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
