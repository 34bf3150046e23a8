"""Cases: opening one and listing them with what the agent needs at a glance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy import case as when
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
            return _summaries(session, m.Case.id == case.id)[0]

    def list_cases(self, status: CaseStatus | None = None) -> list[CaseSummary]:
        """Cases, most recently active first."""
        with self._db.unit_of_work(read_only=True) as session:
            where = m.Case.status == status.value if status is not None else None
            summaries = _summaries(session, where)
        return sorted(summaries, key=lambda c: (c.last_activity_at, c.id), reverse=True)

    def recent_cases(self, limit: int) -> list[CaseSummary]:
        """The *limit* most recently active cases, most recent first (what a window shows
        first: the order is found in the database, so only these few are read)."""
        with self._db.unit_of_work(read_only=True) as session:
            recent = select(m.Case.id, m.Case.opened_at, _last_entry_at().label("last")).subquery()
            activity = when(
                (recent.c.last > recent.c.opened_at, recent.c.last), else_=recent.c.opened_at
            )
            ids = session.scalars(
                select(recent.c.id).order_by(activity.desc(), recent.c.id.desc()).limit(limit)
            ).all()
            summaries = _summaries(session, m.Case.id.in_(ids))
        return sorted(summaries, key=lambda c: (c.last_activity_at, c.id), reverse=True)

    def active_cases_of(self, client_id: int) -> list[CaseSummary]:
        """A client's open and monitored cases, most recently active first."""
        active = [CaseStatus.OPEN.value, CaseStatus.MONITORING.value]
        with self._db.unit_of_work(read_only=True) as session:
            where = (m.Case.client_id == client_id) & m.Case.status.in_(active)
            summaries = _summaries(session, where)
        return sorted(summaries, key=lambda c: (c.last_activity_at, c.id), reverse=True)

    def get_case(self, case_id: int) -> CaseSummary:
        """One case; a clear error if it does not exist."""
        with self._db.unit_of_work(read_only=True) as session:
            return case_summary(session, case_id)


def case_summary(session: Session, case_id: int) -> CaseSummary:
    """One case as *session* sees it (for a reader that needs it in its own unit of work)."""
    found = _summaries(session, m.Case.id == case_id)
    if not found:
        raise NotFoundError(f"There is no case with id {case_id}.")
    return found[0]


def _last_entry_at() -> ScalarSelect[datetime]:
    """When the case's newest entry was written: one seek in the (case_id, at) index."""
    return (
        select(func.max(m.TimelineEntry.at))
        .where(m.TimelineEntry.case_id == m.Case.id)
        .correlate(m.Case)
        .scalar_subquery()
    )


def _summaries(session: Session, where: ColumnElement[bool] | None) -> list[CaseSummary]:
    # Correlated subqueries rather than GROUP BY over every entry: each case costs one seek in
    # the (case_id, at) index, so one case is cheap and the whole list grows with the number
    # of cases, not of entries. Plain columns, not ORM objects: nothing here is modified.
    last_at = _last_entry_at()
    open_count = (
        select(func.count())
        .where(m.Issue.case_id == m.Case.id, m.Issue.status.in_(_OPEN_ISSUE_STATES))
        .correlate(m.Case)
        .scalar_subquery()
    )
    query = select(
        m.Case.id,
        m.Case.title,
        m.Case.status,
        m.Case.client_id,
        m.Client.name,
        m.Case.opened_at,
        m.Case.next_update_due_at,
        last_at,
        open_count,
    ).join(m.Client, m.Client.id == m.Case.client_id)
    if where is not None:
        query = query.where(where)
    rows = session.execute(query)
    result = []
    for case_id, title, status, client_id, client_name, opened_at, next_due, last, count in rows:
        result.append(
            CaseSummary(
                id=case_id,
                title=title,
                status=CaseStatus(status),
                client_id=client_id,
                client_name=client_name,
                opened_at=opened_at,
                last_activity_at=max(last, opened_at) if last is not None else opened_at,
                open_issue_count=count or 0,
                next_update_due_at=next_due,
            )
        )
    return result
