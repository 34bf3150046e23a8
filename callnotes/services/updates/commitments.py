"""The commitments ledger: every promise made, when it is due, who keeps it, and what became of it.

A COMMITMENT timeline entry creates its commitment in the same transaction (see
:func:`sync_commitment`, called by the timeline service), so a promise on the timeline is never
missing from the ledger. The due time is read from the text in the client's time zone (rules in
:mod:`callnotes.domain.due_text`); the owner is whoever wrote the entry. Every later change
(due time, owner, text, kept, cancelled) is written to the timeline too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.cadence import local_clock
from callnotes.domain.commitments import CommitmentRecord, CommitmentState
from callnotes.domain.due_text import parse_due
from callnotes.domain.reminders import (
    CommitmentReminder,
    TrackedCommitment,
    commitment_reminders,
    ledger_order,
)
from callnotes.domain.text import clean_text, single_line
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock, require_aware
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.entries import write_entry
from callnotes.services.records import commitment_record
from callnotes.services.updates.plan import client_clock
from callnotes.storage import models as m
from callnotes.storage.database import Database

_UNSET = object()


class CommitmentService:
    """Use cases around the commitments ledger."""

    def __init__(self, db: Database, clock: Clock, author: Callable[[], str]) -> None:
        self._db = db
        self._clock = clock
        self._author = author

    def ledger(self, case_id: int) -> list[TrackedCommitment]:
        """Every commitment of the case: open ones first, soonest due first."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.scalars(select(m.Commitment).where(m.Commitment.case_id == case_id))
            return ledger_order(_tracked(r) for r in rows)

    def open_commitments(self, case_id: int) -> list[CommitmentRecord]:
        """Promises of the case still to keep, soonest due first (undated ones last)."""
        return [c.record for c in self.ledger(case_id) if c.is_open]

    def reminders(self, case_id: int, now: datetime | None = None) -> list[CommitmentReminder]:
        """Open commitments due or overdue now (snoozed ones left out), most overdue first."""
        moment = now or self._clock()
        return commitment_reminders(self.ledger(case_id), moment)

    def edit(
        self,
        commitment_id: int,
        *,
        text: str | None = None,
        due_at: datetime | object | None = _UNSET,
        owner: str | None = None,
    ) -> TrackedCommitment:
        """Change a commitment's text, due time (None: no due time) or owner; say so on the
        timeline."""
        with self._db.unit_of_work() as session:
            row = _load(session, commitment_id)
            now = self._clock()
            changes = []
            if text is not None:
                cleaned = clean_text(text).text.strip()
                if not cleaned:
                    raise InvalidInputError("A promise needs a few words saying what it is.")
                if cleaned != row.text:
                    changes.append(f"now reads “{cleaned}”")
                    row.text = cleaned
            if due_at is not _UNSET:
                due = require_aware(due_at, "due time") if isinstance(due_at, datetime) else None
                if due != row.due_at:
                    zone = client_clock(row_case(session, row).client).zone
                    changes.append(f"due {local_clock(due, now, zone)}" if due else "no due time")
                    row.due_at = due
                    row.snoozed_until = None
            if owner is not None:
                name = single_line(owner)
                if not name:
                    raise InvalidInputError("A promise needs someone to keep it.")
                if name != row.owner:
                    changes.append(f"kept by {name}")
                    row.owner = name
            if changes:
                write_entry(
                    session, row.case_id, EntryKind.NOTE,
                    f"Promise changed: {', '.join(changes)} ({_short(row.text)}).",
                    at=now, author=self._author(),
                )  # fmt: skip
            return _tracked(row)

    def mark_kept(self, commitment_id: int) -> TrackedCommitment:
        """The promise was kept."""
        return self._close(commitment_id, CommitmentState.DONE, "Kept the promise")

    def cancel(self, commitment_id: int, reason: str = "") -> TrackedCommitment:
        """The promise no longer holds (say why when there is a reason)."""
        why = single_line(reason)
        return self._close(commitment_id, CommitmentState.CANCELLED, "Cancelled the promise", why)

    def snooze(self, commitment_id: int, until: datetime) -> TrackedCommitment:
        """Do not remind about this promise again before *until*."""
        until = require_aware(until, "snooze")
        with self._db.unit_of_work() as session:
            row = _load(session, commitment_id)
            if until <= self._clock():
                raise InvalidInputError("A snooze must end after now.")
            row.snoozed_until = until
            return _tracked(row)

    def _close(
        self, commitment_id: int, state: CommitmentState, verb: str, why: str = ""
    ) -> TrackedCommitment:
        with self._db.unit_of_work() as session:
            row = _load(session, commitment_id)
            if row.state != CommitmentState.OPEN:
                raise InvalidInputError("That promise is already closed.")
            now = self._clock()
            row.state = state.value
            row.closed_at = now
            text = f"{verb}: {_short(row.text)}"
            text += f" ({why})." if why else "."
            write_entry(session, row.case_id, EntryKind.ACTION, text, at=now, author=self._author())
            return _tracked(row)


def sync_commitment(
    session: Session, entry: m.TimelineEntry, now: datetime, *, amended: bool = False
) -> None:
    """Keep the ledger in step with a timeline entry just added or amended (same transaction).

    A COMMITMENT entry gets its commitment (due time read from the text, owned by the entry's
    author); an amended one updates the text and, when the new text states one, the due time.
    An entry amended away from COMMITMENT cancels its still-open commitment.
    """
    if not amended and entry.kind != EntryKind.COMMITMENT.value:
        return  # a new entry of another kind has no commitment: no query on the typing path
    row = session.scalar(select(m.Commitment).where(m.Commitment.entry_id == entry.id))
    if entry.kind != EntryKind.COMMITMENT.value:
        if row is not None and row.state == CommitmentState.OPEN:
            row.state = CommitmentState.CANCELLED.value
            row.closed_at = now
        return
    case = session.get(m.Case, entry.case_id)
    assert case is not None
    clock = client_clock(case.client)
    due = parse_due(entry.text, entry.at, clock.zone, clock.hours)
    if row is None:
        session.add(
            m.Commitment(
                case_id=entry.case_id,
                entry_id=entry.id,
                text=entry.text,
                due_at=due,
                owner=entry.author,
                state=CommitmentState.OPEN.value,
                created_at=entry.at,
            )
        )
    elif row.state == CommitmentState.OPEN:
        row.text = entry.text
        if due is not None:
            row.due_at = due
    session.flush()


def row_case(session: Session, row: m.Commitment) -> m.Case:
    """The case a commitment belongs to."""
    case = session.get(m.Case, row.case_id)
    assert case is not None
    return case


def _load(session: Session, commitment_id: int) -> m.Commitment:
    row = session.get(m.Commitment, commitment_id)
    if row is None:
        raise NotFoundError(f"There is no promise with id {commitment_id}.")
    return row


def _tracked(row: m.Commitment) -> TrackedCommitment:
    return TrackedCommitment(
        record=commitment_record(row),
        entry_id=row.entry_id,
        snoozed_until=row.snoozed_until,
        closed_at=row.closed_at,
    )


def _short(text: str, limit: int = 120) -> str:
    line = single_line(text).rstrip(".")  # the sentence around it ends it
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
