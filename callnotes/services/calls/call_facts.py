"""What a call has captured so far, for the guided rail and the wrap-up check."""

from __future__ import annotations

import json
from dataclasses import replace

from sqlalchemy import func, select

from callnotes.domain.rail import CallFacts, IssueGap
from callnotes.domain.timeline import EntryKind
from callnotes.errors import NotFoundError
from callnotes.services.issues.issues import IssueService
from callnotes.storage import models as m
from callnotes.storage.database import Database

ANYTHING_ELSE_KEY = "asked_anything_else"
READ_BACK_KEY = "read_back_confirmed"


class CallFactsService:
    """Reads the facts the rail conditions are checked against."""

    def __init__(self, db: Database, issues: IssueService) -> None:
        self._db = db
        self._issues = issues

    def facts(self, call_id: int) -> CallFacts:
        """Entries, issues, order, contact method and questions asked, for one call."""
        with self._db.unit_of_work(read_only=True) as session:
            call = session.get(m.Call, call_id)
            if call is None:
                raise NotFoundError(f"There is no call with id {call_id}.")
            rows = session.execute(
                select(m.TimelineEntry.kind, func.count())
                .where(m.TimelineEntry.call_id == call_id)
                .group_by(m.TimelineEntry.kind)
            )
            counts: dict[str, int] = {kind: count for kind, count in rows}
            issues = session.scalars(select(m.Issue).where(m.Issue.case_id == call.case_id)).all()
            case_id = call.case_id
            contact = session.get(m.Contact, call.contact_id) if call.contact_id else None
            rail = json.loads(call.rail_state or "{}")
            facts = CallFacts(
                entries=sum(counts.values()),
                client_said=counts.get(EntryKind.CLIENT_SAID.value, 0),
                issues=len(issues),
                issue_gaps=tuple(gap for gap in (_gap(i) for i in issues) if gap is not None),
                order_agreed=False,
                contact_method=bool(contact is not None and contact.preferred_method),
                anything_else_asked=bool(rail.get(ANYTHING_ELSE_KEY)),
                read_back_confirmed=bool(rail.get(READ_BACK_KEY)),
            )
        # The order counts as agreed once confirmed with the client and unchanged since.
        agreed = bool(facts.issues) and self._issues.order_state(case_id).agreed
        return replace(facts, order_agreed=agreed)


def _gap(issue: m.Issue) -> IssueGap | None:
    missing = []
    if not issue.impact:
        missing.append("impact")
    if not issue.urgency:
        missing.append("urgency")
    if not (issue.timeframe or issue.deadline):
        missing.append("timeframe")
    return IssueGap(issue.title, tuple(missing)) if missing else None
