"""Recurring issues across cases: every issue of the client compared, alike ones grouped."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.cases import CaseStatus
from callnotes.domain.issues import IssueStatus
from callnotes.domain.recurring import (
    IssueSample,
    RecurringGroup,
    group_recurring,
    groups_containing,
)
from callnotes.errors import NotFoundError
from callnotes.storage import models as m
from callnotes.storage.database import Database


class RecurringService:
    """Finds patterns: the same client with alike issues, in one case or several."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def groups(self, client_id: int | None = None) -> list[RecurringGroup]:
        """Groups of alike issues, of one client or of every client. Safe off the GUI thread."""
        with self._db.unit_of_work(read_only=True) as session:
            return group_recurring(_samples(session, client_id))

    def groups_of_case(self, case_id: int) -> list[RecurringGroup]:
        """The groups an issue of *case_id* belongs to: its similar issues, here and before."""
        with self._db.unit_of_work(read_only=True) as session:
            return self.groups_of_case_in(session, case_id)

    def groups_of_case_in(self, session: Session, case_id: int) -> list[RecurringGroup]:
        """:meth:`groups_of_case` read in *session*: part of a reader's one unit of work."""
        case = session.get(m.Case, case_id)
        if case is None:
            raise NotFoundError(f"There is no case with id {case_id}.")
        samples = _samples(session, case.client_id)
        return groups_containing(samples, {s.issue_id for s in samples if s.case_id == case_id})


def _samples(session: Session, client_id: int | None) -> list[IssueSample]:
    query = (
        select(
            m.Issue.id,
            m.Issue.case_id,
            m.Case.title,
            m.Case.status,
            m.Case.client_id,
            m.Client.name,
            m.Issue.title,
            m.Issue.client_words,
            m.Issue.status,
            m.Issue.created_at,
        )
        .join(m.Case, m.Case.id == m.Issue.case_id)
        .join(m.Client, m.Client.id == m.Case.client_id)
        .order_by(m.Issue.created_at, m.Issue.id)
    )
    if client_id is not None:
        query = query.where(m.Case.client_id == client_id)
    return [
        IssueSample(
            issue_id=issue_id,
            case_id=case_id,
            case_title=case_title,
            case_status=CaseStatus(case_status),
            client_id=owner_id,
            client_name=client_name,
            title=title,
            client_words=words,
            status=IssueStatus(status),
            raised_at=raised_at,
        )
        for (
            issue_id,
            case_id,
            case_title,
            case_status,
            owner_id,
            client_name,
            title,
            words,
            status,
            raised_at,
        ) in session.execute(query)
    ]
