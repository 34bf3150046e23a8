"""Issues: capturing what the client wants fixed, in the order agreed with them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from callnotes.domain.issues import Impact, IssueRecord, Urgency
from callnotes.domain.text import clean_text, single_line
from callnotes.domain.timestamps import Clock, require_aware
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.records import issue_record
from callnotes.storage import models as m
from callnotes.storage.database import Database


class IssueService:
    """Use cases around issues."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add_issue(
        self,
        case_id: int,
        title: str,
        *,
        client_words: str = "",
        fixed_looks_like: tuple[str, ...] = (),
        impact: Impact | None = None,
        urgency: Urgency | None = None,
        time_sensitive: bool = False,
        business_critical: bool = False,
        timeframe: str = "",
        deadline: datetime | None = None,
        first_noticed_at: datetime | None = None,
    ) -> IssueRecord:
        """Add an issue; only the title is required, the rest can follow during the call."""
        title = single_line(title, max_chars=300)
        if not title:
            raise InvalidInputError("An issue needs a title.")
        criteria = [single_line(c) for c in fixed_looks_like]
        with self._db.unit_of_work() as session:
            if session.get(m.Case, case_id) is None:
                raise NotFoundError(f"There is no case with id {case_id}.")
            issue = m.Issue(
                case_id=case_id,
                title=title,
                client_words=clean_text(client_words).text.strip(),
                fixed_looks_like="\n".join(c for c in criteria if c),
                impact=impact.value if impact else None,
                urgency=urgency.value if urgency else None,
                time_sensitive=time_sensitive,
                business_critical=business_critical,
                timeframe=single_line(timeframe),
                deadline=require_aware(deadline, "deadline") if deadline else None,
                first_noticed_at=(
                    require_aware(first_noticed_at, "first noticed") if first_noticed_at else None
                ),
                created_at=self._clock(),
            )
            session.add(issue)
            session.flush()
            return issue_record(issue)

    def issues(self, case_id: int) -> list[IssueRecord]:
        """A case's issues: agreed order first, then suggested priority, then as raised."""
        with self._db.unit_of_work() as session:
            rows = session.scalars(
                select(m.Issue).where(m.Issue.case_id == case_id).order_by(m.Issue.id)
            )
            return sort_for_display([issue_record(r) for r in rows])


def sort_for_display(issues: list[IssueRecord]) -> list[IssueRecord]:
    """Agreed order first, then suggested priority, then the order they were raised."""
    return sorted(issues, key=_display_order)


def _display_order(issue: IssueRecord) -> tuple[int, int, int]:
    rank = issue.agreed_rank if issue.agreed_rank is not None else 1_000_000
    priority = issue.priority if issue.priority is not None else 6
    return (rank, priority, issue.id)
