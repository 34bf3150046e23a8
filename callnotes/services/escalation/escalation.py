"""Escalation: a case's ladder, the attempts to reach each person, and who to try next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.escalation import (
    AttemptRecord,
    EscalationPrompt,
    Outcome,
    Rung,
    acknowledgement,
    attempt_text,
    build_ladder,
    next_prompt,
)
from callnotes.domain.text import clean_text
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.timeline import TimelineService
from callnotes.services.escalation.team import list_members
from callnotes.services.lookups import case_row
from callnotes.storage import models as m
from callnotes.storage.database import Database

MAX_NOTE_CHARS = 2_000
# The rung stored for someone called who is not on the ladder (found under "most context").
OFF_LADDER = -1


@dataclass(frozen=True)
class EscalationOverview:
    """Everything the escalation view shows for one case, read at one moment."""

    case_id: int
    now: datetime
    has_usual_contact: bool
    ladder: tuple[Rung, ...]
    # Newest first.
    attempts: tuple[AttemptRecord, ...]
    prompt: EscalationPrompt | None
    acknowledged: AttemptRecord | None

    def rung_of(self, member_id: int | None) -> Rung | None:
        """The ladder rung of *member_id*, if they are on it."""
        return next((r for r in self.ladder if r.member.id == member_id), None)


class EscalationService:
    """Use cases around escalating a case."""

    def __init__(self, db: Database, clock: Clock, timeline: TimelineService) -> None:
        self._db = db
        self._clock = clock
        self._timeline = timeline

    def overview(self, case_id: int, escalate_after: timedelta) -> EscalationOverview:
        """The ladder, the attempts (newest first) and the prompt, if one is due."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            ladder, has_usual = _ladder(session, case_id, now)
            attempts = _attempts(session, case_id)
        return EscalationOverview(
            case_id=case_id,
            now=now,
            has_usual_contact=has_usual,
            ladder=tuple(ladder),
            attempts=tuple(reversed(attempts)),
            prompt=next_prompt(ladder, attempts, now, escalate_after),
            acknowledged=acknowledgement(attempts),
        )

    def ladder(self, case_id: int) -> list[Rung]:
        """Who to try, in order, with whether each can be reached now."""
        now = self._clock()
        with self._db.unit_of_work() as session:
            return _ladder(session, case_id, now)[0]

    def attempts(self, case_id: int) -> list[AttemptRecord]:
        """Every attempt on a case, newest first."""
        with self._db.unit_of_work() as session:
            case_row(session, case_id)
            return list(reversed(_attempts(session, case_id)))

    def log_attempt(
        self, case_id: int, member_id: int, outcome: Outcome, note: str = ""
    ) -> AttemptRecord:
        """Record one try at reaching *member_id*, and put it on the case's timeline.

        The attempt and its timeline entry are written in one transaction: both or neither.
        """
        outcome = Outcome(outcome)
        cleaned = clean_text(note, max_chars=MAX_NOTE_CHARS + 1).text.strip()
        if len(cleaned) > MAX_NOTE_CHARS:
            raise InvalidInputError(f"The note is longer than {MAX_NOTE_CHARS} characters.")
        now = self._clock()
        with self._db.unit_of_work() as session:
            ladder, _ = _ladder(session, case_id, now)
            member = session.get(m.TeamMember, member_id)
            if member is None:
                raise NotFoundError(f"There is no team member with id {member_id}.")
            rung = next((r for r in ladder if r.member.id == member_id), None)
            text = attempt_text(member.name, rung.kind.label if rung else None, outcome, cleaned)
            entry = self._timeline.append(
                session, case_id, text, EntryKind.ESCALATION, internal=True
            )
            row = m.EscalationAttempt(
                case_id=case_id,
                member_id=member_id,
                who=member.name,
                rung=rung.position if rung else OFF_LADDER,
                at=entry.at,
                outcome=outcome.value,
                note=cleaned,
                entry_id=entry.id,
            )
            session.add(row)
            session.flush()
            return attempt_record(row)


def attempt_record(row: m.EscalationAttempt) -> AttemptRecord:
    """An attempt row as a record."""
    return AttemptRecord(
        id=row.id,
        case_id=row.case_id,
        member_id=row.member_id,
        who=row.who,
        rung=row.rung,
        at=row.at,
        outcome=Outcome(row.outcome),
        note=row.note,
        entry_id=row.entry_id,
    )


def _ladder(session: Session, case_id: int, now: datetime) -> tuple[list[Rung], bool]:
    case = case_row(session, case_id)
    usual_id = case.client.usual_contact_id
    members = list_members(session)
    usual = next((member for member in members if member.id == usual_id), None)
    return build_ladder(usual, members, now), usual is not None


def _attempts(session: Session, case_id: int) -> list[AttemptRecord]:
    """A case's attempts, oldest first."""
    rows = session.scalars(
        select(m.EscalationAttempt)
        .where(m.EscalationAttempt.case_id == case_id)
        .order_by(m.EscalationAttempt.at, m.EscalationAttempt.id)
    )
    return [attempt_record(row) for row in rows]
