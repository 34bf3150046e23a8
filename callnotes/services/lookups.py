"""Fetching a row by id inside a unit of work, or saying clearly that it does not exist."""

from __future__ import annotations

from sqlalchemy.orm import Session

from callnotes.errors import NotFoundError
from callnotes.storage import models as m


def case_row(session: Session, case_id: int) -> m.Case:
    """The case *case_id*, or NotFoundError."""
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case with id {case_id}.")
    return case


def issue_row(session: Session, issue_id: int) -> m.Issue:
    """The issue *issue_id*, or NotFoundError."""
    issue = session.get(m.Issue, issue_id)
    if issue is None:
        raise NotFoundError(f"There is no issue with id {issue_id}.")
    return issue
