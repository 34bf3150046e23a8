"""Fetching a row by id inside a unit of work, or saying clearly that it does not exist."""

from __future__ import annotations

from sqlalchemy.orm import Session

from callnotes.errors import NotFoundError
from callnotes.storage import models as m


def case_row(session: Session, case_id: int, *, for_update: bool = False) -> m.Case:
    """The case *case_id*, or NotFoundError.

    *for_update* locks the case's row until the transaction ends (on a team database; SQLite
    writes one at a time anyway): a writer that creates one of a case's one-of rows (its review)
    takes it first, so two desktops, or two threads, never both create it.
    """
    case = session.get(m.Case, case_id, with_for_update=for_update)
    if case is None:
        raise NotFoundError(f"There is no case with id {case_id}.")
    return case


def issue_row(session: Session, issue_id: int, *, for_update: bool = False) -> m.Issue:
    """The issue *issue_id*, or NotFoundError; *for_update* locks its row until the
    transaction ends (a save compared with what it started from)."""
    issue = session.get(m.Issue, issue_id, with_for_update=for_update)
    if issue is None:
        raise NotFoundError(f"There is no issue with id {issue_id}.")
    return issue
