"""The update log: what the client, the team or a manager was told, how, and when they hear next.

A client update moves the case's next update to the time promised in it, or, when none was
promised, to one cadence later; given while the update clock is paused (waiting on the client),
it ends the pause, said on the timeline. Each update is a Communication linked to its COMMUNICATION
timeline entry, written in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.cadence import format_duration, local_clock
from callnotes.domain.communications import (
    CHANNEL_WORDS,
    Audience,
    Channel,
    CommunicationKind,
    CommunicationRecord,
)
from callnotes.domain.due_text import read_promised_time
from callnotes.domain.sentences import join_sentences
from callnotes.domain.text import clean_text
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock, require_aware
from callnotes.errors import InvalidInputError
from callnotes.services.cases.entries import write_entry
from callnotes.services.lookups import case_row
from callnotes.services.records import communication_record
from callnotes.services.updates.plan import (
    client_clock,
    due_after,
)
from callnotes.storage import models as m
from callnotes.storage.database import Database

#: How each kind of update reads in a timeline entry.
KIND_WORDS = {
    CommunicationKind.ROUTINE: "routine update",
    CommunicationKind.CAUSE_IDENTIFIED: "cause identified",
    CommunicationKind.PLAN: "the plan",
    CommunicationKind.ETA: "an ETA",
    CommunicationKind.ROADBLOCK: "a roadblock",
    CommunicationKind.NEW_INFORMATION: "new information",
}
_AUDIENCE_WORDS = {Audience.CLIENT: "client", Audience.TEAM: "team", Audience.MANAGER: "manager"}
MAX_SUMMARY = 4000


class UpdateService:
    """Use cases around the update log."""

    def __init__(self, db: Database, clock: Clock, author: Callable[[], str]) -> None:
        self._db = db
        self._clock = clock
        self._author = author

    def log_update(
        self,
        case_id: int,
        *,
        audience: Audience,
        channel: Channel,
        kind: CommunicationKind,
        summary: str,
        next_update_at: datetime | None = None,
        call_id: int | None = None,
    ) -> CommunicationRecord:
        """Record an update that was given; a client update moves the case's next update and
        restarts a paused update clock."""
        text = clean_text(summary).text.strip()
        if not text:
            raise InvalidInputError("Say in a few words what the update said.")
        if len(text) > MAX_SUMMARY:
            raise InvalidInputError("The summary is too long; keep it under 4,000 characters.")
        audience, channel, kind = Audience(audience), Channel(channel), CommunicationKind(kind)
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            now = self._clock()
            promised = require_aware(next_update_at, "next update") if next_update_at else None
            if promised is not None and promised <= now:
                raise InvalidInputError("The next update must be promised for a time after now.")
            if audience is Audience.CLIENT:
                promised = promised or due_after(session, case, now)
                case.next_update_due_at = promised
            zone = client_clock(case.client).zone
            sentence = f"Update to the {_AUDIENCE_WORDS[audience]} {CHANNEL_WORDS[channel]}"
            sentence += f" ({KIND_WORDS[kind]}): {text}"
            if promised is not None:
                next_by = f"Next update by {local_clock(promised, now, zone)}."
                sentence = join_sentences(sentence, next_by)
            entry = write_entry(
                session,
                case_id,
                EntryKind.COMMUNICATION,
                sentence,
                at=now,
                author=self._author(),
                call_id=call_id,
                internal=audience is not Audience.CLIENT,
            )
            if audience is Audience.CLIENT:
                _end_pause(session, case, now, self._author(), call_id)
            row = m.Communication(
                case_id=case_id,
                at=now,
                audience=audience.value,
                channel=channel.value,
                kind=kind.value,
                summary=text,
                next_update_at=promised,
                entry_id=entry.id,
            )
            session.add(row)
            session.flush()
            return communication_record(row)

    def updates(self, case_id: int) -> list[CommunicationRecord]:
        """The case's updates, newest first."""
        with self._db.unit_of_work() as session:
            rows = session.scalars(
                select(m.Communication)
                .where(m.Communication.case_id == case_id)
                .order_by(m.Communication.at.desc(), m.Communication.id.desc())
            )
            return [communication_record(r) for r in rows]

    def read_promise(self, case_id: int, text: str) -> datetime | None:
        """A promised time as typed ("14:00", "tomorrow 9am", "in 2 hours"), in client time.

        Empty text: None. Text that states no time: a clear error.
        """
        if not text.strip():
            return None
        with self._db.unit_of_work(read_only=True) as session:
            clock = client_clock(case_row(session, case_id).client)
        try:
            return read_promised_time(text, self._clock(), clock.zone, clock.hours)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from exc

    def next_by_cadence(self, case_id: int) -> datetime | None:
        """When the next client update would be due if one were given now."""
        with self._db.unit_of_work() as session:
            return due_after(session, case_row(session, case_id), self._clock())


def _end_pause(
    session: Session, case: m.Case, now: datetime, author: str, call_id: int | None
) -> None:
    """The client heard from us: the update clock runs again from this update (the due time
    was just counted from it), and the timeline says so (internal, like the pause)."""
    paused_at = case.update_paused_at
    if paused_at is None:
        return
    case.update_paused_at = None
    text = (
        f"Update clock resumed after {format_duration(now - paused_at)} waiting on the client: "
        "the client had an update."
    )
    write_entry(
        session, case.id, EntryKind.NOTE, text,
        at=now, author=author, internal=True, call_id=call_id,
    )  # fmt: skip
