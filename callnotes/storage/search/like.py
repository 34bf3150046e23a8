"""Any other database's search: every term found by ``LIKE``, newest first, no ranking."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from callnotes.storage.models import Case, Client, Issue, TimelineEntry
from callnotes.storage.search.interface import (
    Below,
    SearchRow,
    SearchScope,
    scope_for,
    search_page,
    search_terms,
)


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
        where = scope_for(client_id, scope)
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
        return search_page(self, session, query, limit, client_id, below)
