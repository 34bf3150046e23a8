"""The call-back queue: calls owed to clients, recorded, listed, and cleared by a call."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.business_hours import BusinessHours, parse_business_hours
from callnotes.domain.call_backs import (
    CallBackDraft,
    CallBackReason,
    CallBackRecord,
    call_back_due,
    due_first,
)
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.phones import normalise_number
from callnotes.domain.text import single_line
from callnotes.domain.timestamps import Clock, require_aware
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.storage import models as m
from callnotes.storage.database import Database

_NAME_CHARS = 200
_NOTE_CHARS = 2000
#: A due time typed for "now" may be a few seconds behind the clock when it is stored.
_GRACE = timedelta(minutes=1)
_ACTIVE = ("open", "monitoring")


class CallBackService:
    """Use cases of the call-back queue."""

    def __init__(self, db: Database, clock: Clock, default_region: str) -> None:
        self._db = db
        self._clock = clock
        self.default_region = default_region

    def record(
        self,
        number: str,
        reason: CallBackReason,
        *,
        caller_name: str = "",
        due_at: datetime | None = None,
        note: str = "",
    ) -> CallBackRecord:
        """Put *number* in the queue, due at *due_at* or by the client's promise or hours.

        The client, contact and case are those the number is known by (its newest open case).
        A number already waiting stays in the queue once: a missed ring leaves it as it is; a
        call-back asked for by hand (voicemail, "please call me back") takes the new reason,
        due time and note.
        """
        e164 = self._number(number)
        now = self._clock()
        if due_at is not None and require_aware(due_at) < now - _GRACE:
            raise InvalidInputError("A call-back cannot be due in the past: give a later time.")
        note = note.strip()[:_NOTE_CHARS]
        with self._db.unit_of_work() as session:
            waiting = session.scalar(
                select(m.CallBack)
                .where(m.CallBack.number == e164, m.CallBack.done_at.is_(None))
                .order_by(m.CallBack.id)
            )
            if waiting is not None:
                if reason is not CallBackReason.MISSED:
                    waiting.reason = reason.value
                    if due_at is not None:
                        waiting.due_at = due_at
                    if note:
                        waiting.note = note
                return _record(waiting)
            contact, client = _known_by(session, e164)
            case_id = _newest_active_case(session, client.id) if client is not None else None
            row = m.CallBack(
                number=e164,
                caller_name=(contact.name if contact is not None else single_line(caller_name))[
                    :_NAME_CHARS
                ],
                client_id=client.id if client is not None else None,
                contact_id=contact.id if contact is not None else None,
                case_id=case_id,
                reason=reason.value,
                created_at=now,
                due_at=due_at if due_at is not None else _due(session, client, now),
                note=note,
            )
            session.add(row)
            session.flush()
            row.client = client
            return _record(row)

    def draft(self, number: str | None, case_id: int | None) -> CallBackDraft:
        """What a call-back recorded by hand would be: for *number* (the caller on screen), or
        else the first contact with a phone of *case_id*'s client; due by the usual rule."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            if number:
                e164 = self._number(number)
                contact, client = _known_by(session, e164)
            elif case_id is not None:
                case = session.get(m.Case, case_id)
                phone = None
                if case is not None:
                    phone = session.scalar(
                        select(m.ContactPhone)
                        .join(m.Contact)
                        .where(m.Contact.client_id == case.client_id)
                        .order_by(m.Contact.id, m.ContactPhone.id)
                        .limit(1)
                    )
                if phone is None:
                    raise InvalidInputError(
                        "Nobody of this case's client has a phone number to call back: "
                        "add one to the client card first."
                    )
                e164 = phone.number
                contact, client = _known_by(session, e164)
            else:
                raise InvalidInputError("There is no caller on screen and no case shown.")
            return CallBackDraft(
                number=e164,
                caller_name=contact.name if contact is not None else "",
                client_name=client.name if client is not None else "",
                client_timezone=client.timezone if client is not None else "UTC",
                business_hours=client.business_hours if client is not None else "",
                due_at=_due(session, client, now),
            )

    def caller_of(self, call_id: int) -> tuple[str, str]:
        """Who was on *call_id*: (the contact's name or "", the client's name)."""
        with self._db.unit_of_work(read_only=True) as session:
            call = session.get(m.Call, call_id)
            if call is None:
                raise NotFoundError(f"There is no call with id {call_id}.")
            contact = session.get(m.Contact, call.contact_id) if call.contact_id else None
            if contact is None and call.number:
                contact, _client = _known_by(session, call.number)
            case = session.get(m.Case, call.case_id)
            client = session.get(m.Client, case.client_id) if case is not None else None
            return (contact.name if contact is not None else "", client.name if client else "")

    def _number(self, number: str) -> str:
        e164 = normalise_number(number, self.default_region) if number.strip() else None
        if e164 is None:
            raise InvalidInputError(
                f"{number[:40]!r} is not a phone number callnotes can call back."
            )
        return e164

    def waiting(self) -> list[CallBackRecord]:
        """The open call-backs, the one due first at the top."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.scalars(
                select(m.CallBack)
                .where(m.CallBack.done_at.is_(None))
                .options(selectinload(m.CallBack.client))
            )
            return due_first([_record(r) for r in rows])

    def of_client(self, client_id: int) -> list[CallBackRecord]:
        """Every call-back of a client, done or not, oldest first."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.scalars(
                select(m.CallBack)
                .where(m.CallBack.client_id == client_id)
                .options(selectinload(m.CallBack.client))
                .order_by(m.CallBack.id)
            )
            return [_record(r) for r in rows]

    def mark_done(self, call_back_id: int) -> CallBackRecord:
        """The agent says this call-back needs no call (made elsewhere, say)."""
        with self._db.unit_of_work() as session:
            row = session.get(m.CallBack, call_back_id)
            if row is None:
                raise NotFoundError(f"There is no call-back with id {call_back_id}.")
            if row.done_at is None:
                row.done_at = self._clock()
            return _record(row)


def clear_by_call(session: Session, call: m.Call) -> None:
    """A call to or from *call*'s number started: every call-back waiting for it is done."""
    if not call.number:
        return
    session.execute(
        update(m.CallBack)
        .where(m.CallBack.number == call.number, m.CallBack.done_at.is_(None))
        .values(done_at=call.started_at, call_id=call.id)
    )


def _known_by(session: Session, e164: str) -> tuple[m.Contact | None, m.Client | None]:
    """The contact (and their client) a number belongs to, if any."""
    contact = session.scalar(
        select(m.Contact)
        .join(m.ContactPhone)
        .where(m.ContactPhone.number == e164)
        .order_by(m.Contact.id)
    )
    client = session.get(m.Client, contact.client_id) if contact is not None else None
    return contact, client


def _due(session: Session, client: m.Client | None, now: datetime) -> datetime:
    """Due by the first promise to the client falling due sooner, else by their hours."""
    hours, zone = _hours_of(client)
    promise = _first_promise_due(session, client.id, now) if client is not None else None
    return call_back_due(now, hours, zone, promise)


def _newest_active_case(session: Session, client_id: int) -> int | None:
    return session.scalar(
        select(m.Case.id)
        .where(m.Case.client_id == client_id, m.Case.status.in_(_ACTIVE))
        .order_by(m.Case.opened_at.desc(), m.Case.id.desc())
        .limit(1)
    )


def _first_promise_due(session: Session, client_id: int, now: datetime) -> datetime | None:
    """The first open promise to the client still to fall due (the call-back's deadline)."""
    return session.scalar(
        select(m.Commitment.due_at)
        .join(m.Case)
        .where(
            m.Case.client_id == client_id,
            m.Commitment.state == CommitmentState.OPEN.value,
            m.Commitment.due_at >= now,
        )
        .order_by(m.Commitment.due_at)
        .limit(1)
    )


def _hours_of(client: m.Client | None) -> tuple[BusinessHours, ZoneInfo]:
    if client is None:
        return BusinessHours(), ZoneInfo("UTC")
    try:
        zone = ZoneInfo(client.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = ZoneInfo("UTC")
    try:
        hours = parse_business_hours(client.business_hours)
    except ValueError:
        hours = BusinessHours()
    return hours, zone


def _record(row: m.CallBack) -> CallBackRecord:
    client = row.client
    return CallBackRecord(
        id=row.id,
        number=row.number,
        caller_name=row.caller_name,
        client_id=row.client_id,
        client_name=client.name if client is not None else "",
        client_timezone=client.timezone if client is not None else "UTC",
        case_id=row.case_id,
        reason=CallBackReason(row.reason),
        created_at=row.created_at,
        due_at=row.due_at,
        done_at=row.done_at,
        call_id=row.call_id,
        note=row.note or "",
        contact_id=row.contact_id,
    )
