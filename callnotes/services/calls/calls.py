"""Calls: starting and ending a phone conversation within a case."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.calls import CallDirection, CallOutcome, CallRecord
from callnotes.domain.phones import normalise_number
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.calls.call_backs import clear_by_call
from callnotes.services.records import call_record
from callnotes.storage import models as m
from callnotes.storage.database import Database


class CallService:
    """Use cases around calls."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        default_region: str,
        author: Callable[[], str] = lambda: "",
    ) -> None:
        self._db = db
        self._clock = clock
        self.default_region = default_region
        self._author = author

    def start_call(
        self,
        case_id: int,
        *,
        number: str = "",
        contact_id: int | None = None,
        direction: CallDirection = CallDirection.INBOUND,
    ) -> CallRecord:
        """Start a call on a case; the number is stored in E.164 when it can be read."""
        stored_number = ""
        if number.strip():
            normalised = normalise_number(number, self.default_region)
            if normalised is None:
                raise InvalidInputError(f"{number[:40]!r} is not a phone number callnotes can use.")
            stored_number = normalised
        with self._db.unit_of_work() as session:
            if session.get(m.Case, case_id) is None:
                raise NotFoundError(f"There is no case with id {case_id}.")
            if contact_id is not None and session.get(m.Contact, contact_id) is None:
                raise NotFoundError(f"There is no contact with id {contact_id}.")
            call = m.Call(
                case_id=case_id,
                number=stored_number,
                contact_id=contact_id,
                direction=direction.value,
                started_at=self._clock(),
            )
            session.add(call)
            session.flush()
            clear_by_call(session, call)  # the client waiting for this call has it now
            return call_record(call)

    def end_call(self, call_id: int, *, talk_seconds: int, hold_seconds: int = 0) -> CallRecord:
        """Record the end of a call with its talk and hold time.

        A call the phone has already ended (see :meth:`hang_up`) keeps the end and the times
        recorded then: the wrap-up that follows is the agent's work, not the caller's time.
        """
        _check_times(talk_seconds, hold_seconds)
        with self._db.unit_of_work() as session:
            call = _call_row(session, call_id)
            if call.ended_at is None:
                call.ended_at = self._clock()
                call.talk_seconds = talk_seconds
                call.hold_seconds = hold_seconds
                call.held_since = None
            return call_record(call)

    def keep_hold(
        self, call_id: int, *, hold_seconds: int, held_since: datetime | None
    ) -> CallRecord:
        """Keep the hold of a call in progress as the agent puts the caller on hold or takes
        them off it: the holds ended so far and, while on hold, since when.

        The talk time survives a crash by the call's start; with this, the hold does too (a
        call picked up after a restart goes on with both). A call already ended keeps the
        times its end recorded.
        """
        _check_times(0, hold_seconds)
        with self._db.unit_of_work() as session:
            call = _call_row(session, call_id)
            if call.ended_at is None:
                call.hold_seconds = hold_seconds
                call.held_since = held_since
            return call_record(call)

    def hang_up(self, call_id: int, *, talk_seconds: int, hold_seconds: int = 0) -> CallRecord:
        """The phone says the call ended: its end and talk time are kept now, before wrap-up.

        Told twice (both sides of a call report the release), the first end stands.
        """
        return self.end_call(call_id, talk_seconds=talk_seconds, hold_seconds=hold_seconds)

    def set_contact(self, call_id: int, contact_id: int) -> CallRecord:
        """Say who was on the line (known after the call started)."""
        with self._db.unit_of_work() as session:
            call = session.get(m.Call, call_id)
            if call is None:
                raise NotFoundError(f"There is no call with id {call_id}.")
            if session.get(m.Contact, contact_id) is None:
                raise NotFoundError(f"There is no contact with id {contact_id}.")
            call.contact_id = contact_id
            return call_record(call)

    def rail_state(self, call_id: int) -> dict[str, Any]:
        """The guided rail's saved progress for a call."""
        with self._db.unit_of_work(read_only=True) as session:
            call = session.get(m.Call, call_id)
            if call is None:
                raise NotFoundError(f"There is no call with id {call_id}.")
            state = json.loads(call.rail_state or "{}")
            return state if isinstance(state, dict) else {}

    def save_rail_state(self, call_id: int, state: dict[str, Any]) -> None:
        """Store the guided rail's progress (a small JSON object)."""
        with self._db.unit_of_work() as session:
            call = session.get(m.Call, call_id)
            if call is None:
                raise NotFoundError(f"There is no call with id {call_id}.")
            call.rail_state = json.dumps(state, sort_keys=True)

    def wrap_up(
        self, call_id: int, *, talk_seconds: int, hold_seconds: int, missing: list[str]
    ) -> CallRecord:
        """End a call; when the agent wraps up with items missing, the timeline says which.

        The after-call work is measured: from the call's end (the hang-up, when the phone said
        it) to now, when the wrap-up is stored; a call wrapped up twice keeps the first.
        """
        with self._db.unit_of_work() as session:
            call = _call_row(session, call_id)
            _check_times(talk_seconds, hold_seconds)
            now = self._clock()
            if call.ended_at is None:
                call.ended_at = now
                call.talk_seconds = talk_seconds
                call.hold_seconds = hold_seconds
                call.held_since = None
            if call.after_call_seconds is None:
                call.after_call_seconds = max(0, round((now - call.ended_at).total_seconds()))
            record = call_record(call)
        if missing:
            with self._db.unit_of_work() as session:
                session.add(
                    m.TimelineEntry(
                        case_id=record.case_id,
                        call_id=call_id,
                        at=self._clock(),
                        kind=EntryKind.NOTE.value,
                        text="Call wrapped up with items missing: " + " ".join(missing),
                        author=self._author(),
                        internal=True,
                    )
                )
        return record

    def set_outcome(self, call_id: int, outcome: CallOutcome | None) -> CallRecord:
        """Say how the call ended (None: not said); may be said during the call or after."""
        with self._db.unit_of_work() as session:
            call = _call_row(session, call_id)
            call.outcome = outcome.value if outcome is not None else None
            return call_record(call)

    def open_call(self, case_id: int) -> CallRecord | None:
        """The case's call still in progress (started, not ended), if any."""
        with self._db.unit_of_work(read_only=True) as session:
            call = session.scalar(
                select(m.Call)
                .where(m.Call.case_id == case_id, m.Call.ended_at.is_(None))
                .order_by(m.Call.id.desc())
            )
            return call_record(call) if call is not None else None

    def calls(self, case_id: int) -> list[CallRecord]:
        """The calls of a case, oldest first."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.scalars(
                select(m.Call).where(m.Call.case_id == case_id).order_by(m.Call.id)
            )
            return [call_record(r) for r in rows]


def _check_times(talk_seconds: int, hold_seconds: int) -> None:
    if talk_seconds < 0 or hold_seconds < 0:
        raise InvalidInputError("Talk and hold time cannot be negative.")


def _call_row(session: Session, call_id: int) -> m.Call:
    call = session.get(m.Call, call_id)
    if call is None:
        raise NotFoundError(f"There is no call with id {call_id}.")
    return call
