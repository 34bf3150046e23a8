"""The team's view across open cases: updates on time vs late, promises by due time, case ages."""

from __future__ import annotations

from sqlalchemy import select

from callnotes.domain.case_chart import (
    CaseUpdates,
    GivenUpdate,
    MarkKind,
    TeamView,
    cases_by_age,
    promises_by_due,
    update_marks,
)
from callnotes.domain.cases import CaseStatus
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.communications import Audience
from callnotes.domain.next_update import next_update
from callnotes.domain.timestamps import Clock
from callnotes.services.updates.plan import client_contact_promises
from callnotes.storage import models as m
from callnotes.storage.database import Database

#: Cases the team still works on (monitoring included: a fix is being watched).
_OPEN = (CaseStatus.OPEN.value, CaseStatus.MONITORING.value)


class TeamViewService:
    """Reads the team's view in one read-only unit of work."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def team_view(self) -> TeamView:
        """Every open case's updates measured against its cadence (the update owed and late
        now counts as late), its open promises by when they fall due, and how long each case
        has been open."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            cases = session.scalars(
                select(m.Case).where(m.Case.status.in_(_OPEN)).order_by(m.Case.opened_at)
            ).all()
            ids = [c.id for c in cases]
            updates: dict[int, list[GivenUpdate]] = {i: [] for i in ids}
            for case_id, given_at, promised in session.execute(
                select(m.Communication.case_id, m.Communication.at, m.Communication.next_update_at)
                .where(m.Communication.case_id.in_(ids))
                .where(m.Communication.audience == Audience.CLIENT.value)
            ):
                updates[case_id].append(GivenUpdate(given_at, promised))
            due_times = session.scalars(
                select(m.Commitment.due_at)
                .where(m.Commitment.case_id.in_(ids))
                .where(m.Commitment.state == CommitmentState.OPEN.value)
            ).all()
            per_case = []
            for case in cases:
                marks = update_marks(
                    updates[case.id],
                    knew_at=case.opened_at,
                    cadence_minutes=case.update_cadence_minutes,
                )
                # The update owed now, when late, is late too: the same next update every
                # document names (a promise to the client kept as promised, late is late).
                owed = next_update(
                    case.next_update_due_at,
                    client_contact_promises(session, case),
                    now,
                    paused_since=case.update_paused_at,
                )
                per_case.append(
                    CaseUpdates(
                        case_id=case.id,
                        title=case.title,
                        on_time=sum(1 for x in marks if x.kind is MarkKind.UPDATE_ON_TIME),
                        late=sum(1 for x in marks if x.kind is MarkKind.UPDATE_LATE)
                        + owed.late_at(now),
                    )
                )
            return TeamView(
                updates=tuple(per_case),
                promises=promises_by_due(list(due_times), now),
                ages=cases_by_age([c.opened_at for c in cases], now),
            )
