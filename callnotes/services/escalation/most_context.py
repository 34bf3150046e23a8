"""“Who has the most context?”: the facts about each colleague that bear on a case, gathered
from the client's cases, their escalations and a full-text search for similar issues, then
ranked by :mod:`callnotes.domain.context_ranking`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.context_ranking import MemberFacts, RankedMember, SimilarIssue, rank
from callnotes.domain.escalation import Outcome
from callnotes.domain.seen_before import similarity_query
from callnotes.domain.timestamps import Clock
from callnotes.errors import NotFoundError
from callnotes.services.records import team_member_record
from callnotes.storage import models as m
from callnotes.storage.database import Database
from callnotes.storage.search import SearchIndex, SearchScope, search_index_for

# Issues of the shown case searched for (a case rarely has more), and hits fetched per issue.
MAX_ISSUES_SEARCHED = 10
HITS_PER_ISSUE = 40
_ANSWERED = [Outcome.REACHED.value, Outcome.ACKNOWLEDGED.value]


class MostContextService:
    """Ranks the team for one case."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._index: SearchIndex = search_index_for(db.engine.dialect.name)

    def rank(self, case_id: int, *, zone: tzinfo | None = None) -> list[RankedMember]:
        """Colleagues with any context on *case_id*, most first, those away last.

        *zone* is where the reader is, for "away until Mon 09:00" (None: the computer's).
        """
        now = self._clock()
        with self._db.unit_of_work() as session:
            facts = gather_facts(session, self._index, case_id)
        return rank(facts, now, zone)


@dataclass
class _Facts:
    """One colleague's facts while they are being collected."""

    owns_here: list[str] = field(default_factory=list)
    client_cases: dict[int, datetime] = field(default_factory=dict)
    handed_over: list[datetime] = field(default_factory=list)
    answered: list[datetime] = field(default_factory=list)
    similar_owned: dict[int, SimilarIssue] = field(default_factory=dict)
    # By case: one review covers every similar issue of its case.
    similar_reviewed: dict[int, SimilarIssue] = field(default_factory=dict)
    other_activity: list[datetime] = field(default_factory=list)


def gather_facts(session: Session, index: SearchIndex, case_id: int) -> list[MemberFacts]:
    """Every colleague's facts for *case_id* (inside a unit of work)."""
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case with id {case_id}.")
    client_id = case.client_id
    members = {row.id: team_member_record(row) for row in session.scalars(select(m.TeamMember))}
    facts: dict[int, _Facts] = defaultdict(_Facts)
    issues = list(
        session.scalars(select(m.Issue).where(m.Issue.case_id == case_id).order_by(m.Issue.id))
    )
    for issue in issues:
        if issue.owner_id is not None:
            facts[issue.owner_id].owns_here.append(issue.title)
            facts[issue.owner_id].other_activity.append(issue.created_at)
    _client_history(session, client_id, case_id, facts)
    for similar, owner_id, review in _similar_issues(session, index, case, issues):
        if owner_id is not None:
            facts[owner_id].similar_owned.setdefault(similar.issue_id, similar)
        if review is not None and review.author_id is not None:
            written = SimilarIssue(
                similar.issue_id,
                similar.title,
                similar.case_id,
                similar.client_name,
                similar.same_client,
                review.written_at or similar.at,
                similar.similarity,
            )
            facts[review.author_id].similar_reviewed.setdefault(similar.case_id, written)
    usual_id = case.client.usual_contact_id
    if usual_id is not None:
        facts.setdefault(usual_id, _Facts())  # being the usual contact counts on its own
    return [
        MemberFacts(
            member=members[member_id],
            usual_contact=member_id == usual_id,
            owns_here=tuple(found.owns_here),
            client_cases=tuple(found.client_cases.values()),
            handed_over=tuple(found.handed_over),
            answered=tuple(found.answered),
            similar_owned=tuple(found.similar_owned.values()),
            similar_reviewed=tuple(found.similar_reviewed.values()),
            other_activity=tuple(found.other_activity),
        )
        for member_id, found in facts.items()
        if member_id in members
    ]


def _client_history(
    session: Session, client_id: int, case_id: int, facts: dict[int, _Facts]
) -> None:
    """Earlier cases of the client each colleague owned an issue in, handovers, answers."""
    cases = {
        row.id: row for row in session.scalars(select(m.Case).where(m.Case.client_id == client_id))
    }
    earlier = [cid for cid in cases if cid != case_id]
    if earlier:
        owned = session.scalars(
            select(m.Issue).where(m.Issue.case_id.in_(earlier), m.Issue.owner_id.is_not(None))
        )
        for issue in owned:
            assert issue.owner_id is not None
            closed = cases[issue.case_id].closed_at
            worked = max(issue.created_at, closed) if closed is not None else issue.created_at
            seen = facts[issue.owner_id].client_cases
            seen[issue.case_id] = max(seen.get(issue.case_id, worked), worked)
    for case in cases.values():
        if case.handed_over_to_id is not None:
            facts[case.handed_over_to_id].handed_over.append(case.handed_over_at or case.opened_at)
    answers = session.scalars(
        select(m.EscalationAttempt).where(
            m.EscalationAttempt.case_id.in_(list(cases)),
            m.EscalationAttempt.outcome.in_(_ANSWERED),
            m.EscalationAttempt.member_id.is_not(None),
        )
    )
    for attempt in answers:
        assert attempt.member_id is not None
        facts[attempt.member_id].answered.append(attempt.at)


def _similar_issues(
    session: Session, index: SearchIndex, case: m.Case, issues: list[m.Issue]
) -> list[tuple[SimilarIssue, int | None, m.Review | None]]:
    """Issues of other cases whose wording resembles this case's issue titles."""
    scores: dict[int, float] = {}
    for issue in issues[:MAX_ISSUES_SEARCHED]:
        wanted = similarity_query(issue.title)
        if not wanted.terms:
            continue
        rows = index.search(
            session,
            " ".join(wanted.terms),
            limit=HITS_PER_ISSUE,
            scope=SearchScope(exclude_case_id=case.id),
            any_term=True,
        )
        ids = [row.id for row in rows if row.source == "issue"]
        if not ids:
            continue
        for found in session.scalars(select(m.Issue).where(m.Issue.id.in_(ids))):
            score = wanted.score(" ".join((found.title, found.client_words, found.root_cause)))
            if score > 0:
                scores[found.id] = max(score, scores.get(found.id, 0.0))
    if not scores:
        return []
    found_issues = list(session.scalars(select(m.Issue).where(m.Issue.id.in_(list(scores)))))
    case_ids = {issue.case_id for issue in found_issues}
    other_cases = {
        row.id: row
        for row in session.scalars(
            select(m.Case)
            .where(m.Case.id.in_(case_ids))
            .options(selectinload(m.Case.client), selectinload(m.Case.review))
        )
    }
    result = []
    for issue in sorted(found_issues, key=lambda i: -scores[i.id]):
        other = other_cases[issue.case_id]
        result.append(
            (
                SimilarIssue(
                    issue_id=issue.id,
                    title=issue.title,
                    case_id=other.id,
                    client_name=other.client.name,
                    same_client=other.client_id == case.client_id,
                    at=issue.created_at,
                    similarity=scores[issue.id],
                ),
                issue.owner_id,
                other.review,
            )
        )
    return result
