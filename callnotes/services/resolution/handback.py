"""Handing a case back to the client's usual contact when they return, and their acknowledgement.

The handover document itself is the ``handover`` report; this records who it went to and when,
and when they acknowledged it, each on the timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.commitments import CommitmentRecord
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.resolution import changed_since
from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.entries import write_entry
from callnotes.services.lookups import case_row
from callnotes.services.records import commitment_record, entry_record, team_member_record
from callnotes.storage import models as m
from callnotes.storage.database import Database


@dataclass(frozen=True)
class HandbackSheet:
    """Where a case's handback stands, and what the returning colleague needs to know."""

    case_id: int
    case_title: str
    usual_contact: TeamMemberRecord | None
    # Since when the usual contact was away: their away_since, else when the case was opened.
    away_since: datetime
    changes: tuple[EntryRecord, ...]
    open_commitments: tuple[CommitmentRecord, ...]
    handed_over_to_id: int | None
    handed_over_to: str
    handed_over_at: datetime | None
    acknowledged_at: datetime | None

    @property
    def handed_over(self) -> bool:
        """Whether the case was handed back to someone."""
        return self.handed_over_at is not None


class HandbackService:
    """Use cases of the handback."""

    def __init__(self, db: Database, clock: Clock, author: Callable[[], str] = str) -> None:
        self._db = db
        self._clock = clock
        self._author = author

    def sheet(self, case_id: int) -> HandbackSheet:
        """The handback state of *case_id*, with what changed since the usual contact left."""
        with self._db.unit_of_work(read_only=True) as session:
            return _sheet(session, case_id)

    def hand_back(self, case_id: int, member_id: int | None = None) -> HandbackSheet:
        """Hand the case to *member_id* (default: the client's usual contact), on the timeline."""
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            target = member_id if member_id is not None else case.client.usual_contact_id
            if target is None:
                raise InvalidInputError(
                    "The client has no usual contact; choose who the case goes back to."
                )
            member = session.get(m.TeamMember, target)
            if member is None:
                raise NotFoundError(f"There is no team member with id {target}.")
            _refuse_a_second_handback(case, member)
            now = self._clock()
            case.handed_over_to = member
            case.handed_over_at = now
            case.handback_acknowledged_at = None
            self._record(
                session,
                case_id,
                EntryKind.ACTION,
                f"Case handed back to {member.name} with the handover document.",
                now,
            )
            session.flush()
            return _sheet(session, case_id)

    def acknowledge(self, case_id: int) -> HandbackSheet:
        """The returning colleague read the handover and takes the case back: recorded with time."""
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            if case.handed_over_at is None or case.handed_over_to is None:
                raise InvalidInputError("The case has not been handed back yet.")
            if case.handback_acknowledged_at is not None:
                return _sheet(session, case_id)
            now = self._clock()
            case.handback_acknowledged_at = now
            name = case.handed_over_to.name
            self._record(
                session,
                case_id,
                EntryKind.ACTION,
                f"{name} acknowledged the handover and is back on the case.",
                now,
            )
            session.flush()
            return _sheet(session, case_id)

    def _record(
        self, session: Session, case_id: int, kind: EntryKind, text: str, at: datetime
    ) -> None:
        write_entry(session, case_id, kind, text, at=at, author=self._author(), internal=True)


def _refuse_a_second_handback(case: m.Case, member: m.TeamMember) -> None:
    """A handback is recorded once: again to the same colleague it would reset their
    acknowledgement, and after an acknowledgement the case is theirs."""
    previous = case.handed_over_to
    if case.handed_over_at is None or previous is None:
        return
    if case.handback_acknowledged_at is not None:
        raise InvalidInputError(
            f"{previous.name} has already acknowledged the handback and has the case."
        )
    if previous.id == member.id:
        raise InvalidInputError(
            f"The case was already handed back to {member.name}; "
            "it waits for their acknowledgement."
        )


def _sheet(session: Session, case_id: int) -> HandbackSheet:
    case = case_row(session, case_id)
    usual = case.client.usual_contact
    away = usual.absence_began if usual is not None else None
    since = changed_since(away, case.opened_at, case.handed_over_at)
    entries = session.scalars(
        select(m.TimelineEntry)
        .where(m.TimelineEntry.case_id == case_id, m.TimelineEntry.at >= since)
        .options(selectinload(m.TimelineEntry.revisions))
        .order_by(m.TimelineEntry.id)
    )
    commitments = session.scalars(
        select(m.Commitment)
        .where(m.Commitment.case_id == case_id, m.Commitment.state == "open")
        .order_by(m.Commitment.due_at, m.Commitment.id)
    )
    member = case.handed_over_to
    return HandbackSheet(
        case_id=case.id,
        case_title=case.title,
        usual_contact=team_member_record(usual) if usual is not None else None,
        away_since=since,
        changes=tuple(map(entry_record, entries)),
        open_commitments=tuple(commitment_record(c) for c in commitments),
        handed_over_to_id=case.handed_over_to_id,
        handed_over_to=member.name if member is not None else "",
        handed_over_at=case.handed_over_at,
        acknowledged_at=case.handback_acknowledged_at,
    )
