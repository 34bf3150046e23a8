"""Cases: opening one and listing them with what the agent needs at a glance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, func, literal, select, tuple_
from sqlalchemy.orm import Session

from callnotes.domain.cases import CaseStatus, CaseSummary, ListPosition
from callnotes.domain.issues import IssueStatus
from callnotes.domain.text import single_line
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.storage import models as m
from callnotes.storage.database import Database
from callnotes.storage.models.base import UTCDateTime

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
        """Every case, most recently active first (the command line's listing; the window
        reads :meth:`case_page` as the list is scrolled)."""
        with self._db.unit_of_work(read_only=True) as session:
            where = m.Case.status == status.value if status is not None else None
            return _summaries(session, where, in_order=True)

    def case_page(self, after: ListPosition | None, limit: int) -> list[CaseSummary]:
        """The *limit* cases that come after *after* in the case list (from the top when
        None), most recently active first: one range of the (last activity, id) index, so a
        page costs the same at the end of a long history as at its start."""
        with self._db.unit_of_work(read_only=True) as session:
            where = None
            if after is not None:
                at = literal(after[0], UTCDateTime())
                where = tuple_(_ACTIVITY.last_activity_at, _ACTIVITY.case_id) < tuple_(
                    at, literal(after[1])
                )
            return _summaries(session, where, in_order=True, limit=limit)

    def cases_by_id(self, case_ids: Iterable[int]) -> list[CaseSummary]:
        """The cases of *case_ids* that exist (an erased one is left out), in list order."""
        wanted = sorted(set(case_ids))
        if not wanted:
            return []
        with self._db.unit_of_work(read_only=True) as session:
            return _summaries(session, m.Case.id.in_(wanted), in_order=True)

    def cases_with_words(
        self, words: Sequence[str], *, client_id: int | None = None, limit: int
    ) -> list[CaseSummary]:
        """The *limit* most recently active cases whose title or client name holds each of
        *words* (lower case) somewhere, most recent first: what a search matches among the
        cases not read into the window's list. A plain, case-insensitive comparison (an accent
        in the name and not in the word is a difference): the caller keeps the exact matches."""
        conditions: list[ColumnElement[bool]] = []
        for word in words:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions.append(
                func.lower(m.Case.title).like(pattern, escape="\\")
                | func.lower(m.Client.name).like(pattern, escape="\\")
            )
        if not conditions:
            return []
        if client_id is not None:
            conditions.append(m.Case.client_id == client_id)
        with self._db.unit_of_work(read_only=True) as session:
            return _summaries(session, and_(*conditions), in_order=True, limit=limit)

    def cases_of_clients(self, client_ids: Iterable[int], *, limit: int) -> list[CaseSummary]:
        """The *limit* most recently active cases of the clients of *client_ids*, most recent
        first: what a search names when it matched a contact of theirs."""
        wanted = sorted(set(client_ids))
        if not wanted:
            return []
        with self._db.unit_of_work(read_only=True) as session:
            return _summaries(session, m.Case.client_id.in_(wanted), in_order=True, limit=limit)

    def active_cases_of(self, client_id: int) -> list[CaseSummary]:
        """A client's open and monitored cases, most recently active first."""
        active = [CaseStatus.OPEN.value, CaseStatus.MONITORING.value]
        with self._db.unit_of_work(read_only=True) as session:
            where = (m.Case.client_id == client_id) & m.Case.status.in_(active)
            return _summaries(session, where, in_order=True)

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


_ACTIVITY = m.CaseActivity


def _summaries(
    session: Session,
    where: ColumnElement[bool] | None,
    *,
    in_order: bool = False,
    limit: int | None = None,
) -> list[CaseSummary]:
    # The last activity is stored (storage/activity.py) and indexed with the id: in order and
    # with a limit, the rows come off that index and the open issues are counted for those
    # rows alone. Plain columns, not ORM objects: nothing here is modified.
    open_count = (
        select(func.count())
        .where(m.Issue.case_id == m.Case.id, m.Issue.status.in_(_OPEN_ISSUE_STATES))
        .correlate(m.Case)
        .scalar_subquery()
    )
    query = (
        select(
            m.Case.id,
            m.Case.title,
            m.Case.status,
            m.Case.client_id,
            m.Client.name,
            m.Case.opened_at,
            m.Case.next_update_due_at,
            _ACTIVITY.last_activity_at,
            open_count,
        )
        .select_from(_ACTIVITY)
        .join(m.Case, m.Case.id == _ACTIVITY.case_id)
        .join(m.Client, m.Client.id == m.Case.client_id)
    )
    if where is not None:
        query = query.where(where)
    if in_order:
        query = query.order_by(_ACTIVITY.last_activity_at.desc(), _ACTIVITY.case_id.desc())
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query)
    return [
        CaseSummary(
            id=case_id,
            title=title,
            status=CaseStatus(status),
            client_id=client_id,
            client_name=client_name,
            opened_at=opened_at,
            last_activity_at=last,
            open_issue_count=count or 0,
            next_update_due_at=next_due,
        )
        for case_id, title, status, client_id, client_name, opened_at, next_due, last, count in rows
    ]
