"""Cases: opening one and listing them with what the agent needs at a glance."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callnotes.domain.cases import CaseStatus, CaseSummary
from callnotes.domain.issues import IssueStatus
from callnotes.domain.text import single_line
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.storage import models as m
from callnotes.storage.database import Database

_OPEN_ISSUE_STATES = [s.value for s in IssueStatus if s.is_open]


class CaseService:
    """Use cases around cases."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def open_case(self, client_id: int, title: str) -> CaseSummary:
        """Open a new case for a client."""
        title = single_line(title)
        if not title:
            raise InvalidInputError("A case needs a title.")
        with self._db.unit_of_work() as session:
            if session.get(m.Client, client_id) is None:
                raise NotFoundError(f"There is no client with id {client_id}.")
            case = m.Case(client_id=client_id, title=title, opened_at=self._clock())
            session.add(case)
            session.flush()
            return _summaries(session, [case.id])[0]

    def list_cases(self, status: CaseStatus | None = None) -> list[CaseSummary]:
        """Cases, most recently active first."""
        with self._db.unit_of_work() as session:
            query = select(m.Case.id)
            if status is not None:
                query = query.where(m.Case.status == status.value)
            summaries = _summaries(session, list(session.scalars(query)))
        return sorted(summaries, key=lambda c: (c.last_activity_at, c.id), reverse=True)

    def get_case(self, case_id: int) -> CaseSummary:
        """One case; a clear error if it does not exist."""
        with self._db.unit_of_work() as session:
            found = _summaries(session, [case_id])
        if not found:
            raise NotFoundError(f"There is no case with id {case_id}.")
        return found[0]


def _summaries(session: Session, case_ids: list[int]) -> list[CaseSummary]:
    if not case_ids:
        return []
    last_entry = (
        select(m.TimelineEntry.case_id, func.max(m.TimelineEntry.at).label("last_at"))
        .group_by(m.TimelineEntry.case_id)
        .subquery()
    )
    open_issues = (
        select(m.Issue.case_id, func.count().label("n"))
        .where(m.Issue.status.in_(_OPEN_ISSUE_STATES))
        .group_by(m.Issue.case_id)
        .subquery()
    )
    rows = session.execute(
        select(m.Case, m.Client.name, last_entry.c.last_at, open_issues.c.n)
        .join(m.Client, m.Client.id == m.Case.client_id)
        .outerjoin(last_entry, last_entry.c.case_id == m.Case.id)
        .outerjoin(open_issues, open_issues.c.case_id == m.Case.id)
        .where(m.Case.id.in_(case_ids))
    )
    result = []
    for case, client_name, last_at, open_count in rows:
        last = last_at if last_at is not None else case.opened_at
        result.append(
            CaseSummary(
                id=case.id,
                title=case.title,
                status=CaseStatus(case.status),
                client_id=case.client_id,
                client_name=client_name,
                opened_at=case.opened_at,
                last_activity_at=max(last, case.opened_at),
                open_issue_count=open_count or 0,
                next_update_due_at=case.next_update_due_at,
            )
        )
    return result
