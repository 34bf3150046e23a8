"""“Has this happened before?”: earlier issues and facts like the one the client describes.

The client's own history comes first, then everyone else's; the current case is left out.
Within each group the closest wording wins, then the most recent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.cases import CaseStatus
from callnotes.domain.issues import IssueStatus
from callnotes.domain.reviews import Recurrence
from callnotes.domain.seen_before import SeenBeforeMatch, SimilarityQuery
from callnotes.domain.timeline import EntryKind
from callnotes.errors import NotFoundError
from callnotes.services.issues.entries import parse_status
from callnotes.services.records import entry_record
from callnotes.storage import models as m
from callnotes.storage.search import SearchIndex, SearchRow, SearchScope

# Candidates fetched per group before filtering and folding; generous, the index is fast.
_FETCH_FACTOR = 5


def find_seen_before(
    session: Session,
    index: SearchIndex,
    case_id: int,
    wanted: SimilarityQuery,
    *,
    limit: int = 8,
) -> list[SeenBeforeMatch]:
    """Up to *limit* earlier matches for *wanted*, this case's client first."""
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case with id {case_id}.")
    if not wanted.terms or limit <= 0:
        return []
    query = " ".join(wanted.terms)
    fetch = limit * _FETCH_FACTOR
    own = index.search(
        session,
        query,
        limit=fetch,
        scope=SearchScope(client_id=case.client_id, exclude_case_id=case_id),
        any_term=True,
    )
    others = index.search(
        session,
        query,
        limit=fetch,
        scope=SearchScope(exclude_client_id=case.client_id, exclude_case_id=case_id),
        any_term=True,
    )
    matches = _Builder(session, wanted, case.client_id).build(own + others)
    for_count = _occurrences(matches)
    counted = [
        replace(
            match,
            occurrences=for_count[match.client_id],
            recurred=match.recurred or for_count[match.client_id] > 1,
        )
        for match in matches
    ]
    counted.sort(key=lambda x: (not x.same_client, -x.coverage, -x.at.timestamp()))
    return counted[:limit]


def _occurrences(matches: Iterable[SeenBeforeMatch]) -> dict[int, int]:
    cases: dict[int, set[int]] = defaultdict(set)
    for match in matches:
        cases[match.client_id].add(match.case_id)
    return {client: len(ids) for client, ids in cases.items()}


class _Builder:
    """Turns raw search rows into matches: one per earlier issue, or one fact per case."""

    def __init__(self, session: Session, wanted: SimilarityQuery, client_id: int) -> None:
        self._session = session
        self._wanted = wanted
        self._client_id = client_id
        self._cases: dict[int, m.Case] = {}

    def build(self, rows: list[SearchRow]) -> list[SeenBeforeMatch]:
        """Fold *rows* into matches close enough to show (in no particular order)."""
        entries = _by_id(
            self._session, m.TimelineEntry, {r.id for r in rows if r.source == "entry"}
        )
        issue_ids = {r.id for r in rows if r.source == "issue"}
        issue_ids |= {e.issue_id for e in entries.values() if e.issue_id is not None}
        issues = _by_id(self._session, m.Issue, issue_ids)
        self._cases = self._load_cases({r.case_id for r in rows})
        resolved = self._resolved_at(set(issues))
        best_issue: dict[int, _Best] = {}
        best_fact: dict[int, _Best] = {}
        for row in rows:
            if row.source == "issue" and row.id in issues:
                score = self._wanted.score(_issue_text(issues[row.id]))
                _keep_best(best_issue, row.id, _Best(score, None))
            elif row.source == "entry" and row.id in entries:
                entry = entries[row.id]
                score = self._wanted.score(entry.text)
                if entry.issue_id is not None and entry.issue_id in issues:
                    _keep_best(best_issue, entry.issue_id, _Best(score, entry))
                else:
                    _keep_best(best_fact, row.case_id, _Best(score, entry))
        matches = [
            self._issue_match(issues[issue_id], best.score, best.entry, resolved.get(issue_id))
            for issue_id, best in best_issue.items()
            if best.score > 0
        ]
        cases_with_issues = {match.case_id for match in matches}
        matches += [
            self._fact_match(best.entry, best.score)
            for case_id, best in best_fact.items()
            if best.entry is not None and best.score > 0 and case_id not in cases_with_issues
        ]
        return matches

    def _load_cases(self, ids: set[int]) -> dict[int, m.Case]:
        if not ids:
            return {}
        rows = self._session.scalars(
            select(m.Case)
            .where(m.Case.id.in_(ids))
            .options(selectinload(m.Case.client), selectinload(m.Case.review))
        )
        return {row.id: row for row in rows}

    def _resolved_at(self, issue_ids: set[int]) -> dict[int, datetime]:
        """When each issue first reached Resolved or Confirmed, from its status entries."""
        if not issue_ids:
            return {}
        rows = self._session.scalars(
            select(m.TimelineEntry)
            .where(
                m.TimelineEntry.issue_id.in_(issue_ids),
                m.TimelineEntry.kind == EntryKind.STATUS_CHANGE.value,
            )
            .options(selectinload(m.TimelineEntry.revisions))
            .order_by(m.TimelineEntry.id)
        )
        found: dict[int, datetime] = {}
        for row in rows:
            change = parse_status(entry_record(row))
            if change is not None and not change[1].is_open and row.issue_id is not None:
                found.setdefault(row.issue_id, row.at)
        return found

    def _issue_match(
        self,
        issue: m.Issue,
        score: float,
        entry: m.TimelineEntry | None,
        resolved_at: datetime | None,
    ) -> SeenBeforeMatch:
        case = self._cases[issue.case_id]
        status = IssueStatus(issue.status)
        if resolved_at is None and not status.is_open:
            resolved_at = case.closed_at
        return SeenBeforeMatch(
            issue_id=issue.id,
            entry_id=entry.id if entry is not None else None,
            case_id=case.id,
            case_title=case.title,
            case_status=CaseStatus(case.status),
            client_id=case.client_id,
            client_name=case.client.name,
            same_client=case.client_id == self._client_id,
            at=issue.created_at,
            title=issue.title,
            excerpt=entry.text if entry is not None else issue.client_words,
            issue_status=status,
            root_cause=issue.root_cause or (case.review.root_cause if case.review else ""),
            resolved_at=resolved_at,
            occurrences=1,
            recurred=_review_says_recurring(case),
            coverage=score,
        )

    def _fact_match(self, entry: m.TimelineEntry, score: float) -> SeenBeforeMatch:
        case = self._cases[entry.case_id]
        return SeenBeforeMatch(
            issue_id=None,
            entry_id=entry.id,
            case_id=case.id,
            case_title=case.title,
            case_status=CaseStatus(case.status),
            client_id=case.client_id,
            client_name=case.client.name,
            same_client=case.client_id == self._client_id,
            at=entry.at,
            title=entry.text,
            excerpt=entry.text,
            issue_status=None,
            root_cause=case.review.root_cause if case.review else "",
            resolved_at=case.closed_at,
            occurrences=1,
            recurred=_review_says_recurring(case),
            coverage=score,
        )


_Row = TypeVar("_Row", m.Issue, m.TimelineEntry)


@dataclass(frozen=True)
class _Best:
    score: float
    entry: m.TimelineEntry | None


def _keep_best(best: dict[int, _Best], key: int, found: _Best) -> None:
    # Rows arrive best-ranked first, so a later row replaces an earlier one only when it
    # covers more of the terms.
    if key not in best or found.score > best[key].score:
        best[key] = found


def _by_id(session: Session, model: type[_Row], ids: set[int]) -> dict[int, _Row]:
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}


def _issue_text(issue: m.Issue) -> str:
    return " ".join(
        (
            issue.title,
            issue.client_words,
            issue.fixed_looks_like,
            issue.roadblocks,
            issue.root_cause,
        )
    )


def _review_says_recurring(case: m.Case) -> bool:
    return case.review is not None and case.review.recurrence == Recurrence.RECURRING.value
