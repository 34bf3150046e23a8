"""The communication plan: how often and how the client hears from us, agreed and kept on record.

Each change of the plan lands on the timeline in the same transaction as the change itself.
The helpers at the bottom (the client's clock, the next due time, writing an entry) are shared
with the update log, the commitments ledger and the team notices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.business_hours import BusinessHours, parse_business_hours
from callnotes.domain.cadence import (
    CadenceSuggestion,
    CommunicationPlan,
    describe_cadence,
    format_duration,
    next_update_due,
    recounted_due,
    resume_due,
    suggest_cadence,
)
from callnotes.domain.cases import CaseStatus
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.communications import Audience
from callnotes.domain.next_update import names_next_update
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind, client_may_read
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError
from callnotes.services.cases.entries import write_entry
from callnotes.services.clients.closed_days import closed_spans
from callnotes.services.lookups import case_row
from callnotes.services.records import entry_record, issue_record
from callnotes.storage import models as m
from callnotes.storage.database import Database

#: Shortest and longest cadence the plan accepts, in minutes.
MIN_CADENCE, MAX_CADENCE = 15, 31 * 24 * 60
_CHANNEL_WORDS = {
    ContactMethod.PHONE: "by phone",
    ContactMethod.EMAIL: "by e-mail",
    ContactMethod.SMS: "by text message",
    ContactMethod.CHAT: "by chat",
}


@dataclass(frozen=True)
class ClientClock:
    """The client's time zone and business hours, and what was wrong with them, if anything."""

    zone: ZoneInfo
    hours: BusinessHours
    problem: str


class CommunicationPlanService:
    """Use cases around a case's communication plan."""

    def __init__(self, db: Database, clock: Clock, author: Callable[[], str]) -> None:
        self._db = db
        self._clock = clock
        self._author = author

    def plan(self, case_id: int) -> CommunicationPlan:
        """The plan of *case_id* as it stands."""
        with self._db.unit_of_work(read_only=True) as session:
            return plan_of(session, case_row(session, case_id))

    def suggest(self, case_id: int) -> CadenceSuggestion:
        """A cadence from the open issues' priorities, and the caller's preferred channel."""
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            issues = [issue_record(i) for i in case.issues]
            suggestion = suggest_cadence(i.priority for i in issues if i.status.is_open)
            contact = _caller(session, case)
            preferred = contact.preferred_method if contact is not None else None
            channel = preferred or ContactMethod.PHONE.value
            return replace(suggestion, channel=channel)

    def save_plan(
        self,
        case_id: int,
        *,
        cadence_minutes: int | None,
        channel: ContactMethod | str | None,
        business_hours_only: bool = True,
        agreed: bool = True,
        call_id: int | None = None,
    ) -> CommunicationPlan:
        """Set the plan; *agreed* says the client agreed to it. The change goes on the timeline.

        The next update is recounted from the last client update (or from now when there was
        none) with the new cadence, unless it was promised to the client or is already due
        (:func:`recount_next_update`).
        """
        if cadence_minutes is not None and not MIN_CADENCE <= cadence_minutes <= MAX_CADENCE:
            raise InvalidInputError(
                "Choose a cadence between 15 minutes and 31 days, or updates on change."
            )
        method = _channel(channel)
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            before = plan_sentence(case)
            had_plan = case.plan_agreed_at is not None or case.update_cadence_minutes is not None
            now = self._clock()
            case.update_cadence_minutes = cadence_minutes
            case.update_channel = method.value if method else None
            case.plan_business_hours_only = business_hours_only
            case.plan_agreed_at = now if agreed else None
            recount_next_update(session, case, last_client_update(session, case_id) or now, now)
            after = plan_sentence(case)
            if agreed:
                text = f"Agreed with the client: {after}."
            else:
                text = f"Update plan (not yet agreed with the client): {after}."
            if had_plan and before != after:
                text += f" Before: {before}."
            write_entry(
                session, case_id, EntryKind.DECISION if agreed else EntryKind.NOTE, text,
                at=now, author=self._author(), call_id=call_id,
            )  # fmt: skip
            return plan_of(session, case)

    def pause(self, case_id: int, *, call_id: int | None = None) -> CommunicationPlan:
        """Pause the update clock while we wait on the client (noted on the timeline,
        internal)."""
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            clock = client_clock(case.client)
            if case.update_paused_at is not None:
                raise InvalidInputError(
                    "The update clock is already paused, since "
                    f"{case.update_paused_at.astimezone(clock.zone):%H:%M} (client time)."
                )
            now = self._clock()
            case.update_paused_at = now
            write_entry(
                session, case_id, EntryKind.NOTE,
                "Update clock paused: waiting on the client.",
                at=now, author=self._author(), internal=True, call_id=call_id,
            )  # fmt: skip
            return plan_of(session, case)

    def resume(self, case_id: int, *, call_id: int | None = None) -> CommunicationPlan:
        """Restart the update clock: the next update due moves later by the time paused."""
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            paused_at = case.update_paused_at
            if paused_at is None:
                raise InvalidInputError("The update clock is running; there is nothing to resume.")
            now = self._clock()
            clock = client_clock(case.client, now)
            case.next_update_due_at = resume_due(
                case.next_update_due_at, paused_at, now,
                business_hours_only=case.plan_business_hours_only,
                hours=clock.hours, zone=clock.zone,
            )  # fmt: skip
            case.update_paused_at = None
            text = (
                "Update clock resumed after "
                f"{format_duration(now - paused_at)} waiting on the client"
            )
            if case.next_update_due_at is not None:
                due = case.next_update_due_at.astimezone(clock.zone)
                text += f"; next update now due {due:%a %d %b %H:%M} (client time)"
            write_entry(
                session, case_id, EntryKind.NOTE, text + ".",
                at=now, author=self._author(), internal=True, call_id=call_id,
            )  # fmt: skip
            return plan_of(session, case)


def plan_sentence(case: m.Case) -> str:
    """``updates every 2 h by phone in business hours``: the plan read aloud."""
    cadence = case.update_cadence_minutes
    words = "updates on change" if not cadence else f"updates {describe_cadence(cadence)}"
    if case.update_channel:
        words += " " + _CHANNEL_WORDS.get(ContactMethod(case.update_channel), "")
    if cadence and case.plan_business_hours_only:
        words += " in business hours"
    return words.strip()


def client_clock(client: m.Client, around: datetime | None = None) -> ClientClock:
    """The client's zone and hours, with their holidays and closures closed (holidays read for
    the years around *around*, else now); unreadable hours count as always open, with the
    reason."""
    try:
        zone = ZoneInfo(client.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    closed = closed_spans(client, zone, around or datetime.now(UTC))
    try:
        hours = parse_business_hours(client.business_hours)
        return ClientClock(zone, hours.with_closed(closed), "")
    except ValueError as exc:
        return ClientClock(zone, BusinessHours().with_closed(closed), str(exc))


def due_after(session: Session, case: m.Case, last: datetime) -> datetime | None:
    """When the update after one given at *last* is due under the case's plan."""
    clock = client_clock(case.client, last)
    return next_update_due(
        last,
        case.update_cadence_minutes,
        business_hours_only=case.plan_business_hours_only,
        hours=clock.hours,
        zone=clock.zone,
    )


def next_update_promised(session: Session, case: m.Case) -> bool:
    """Whether the case's next update due is the time told to the client: the one logged with
    the latest update to them (a resumed pause or a plan counted it afresh otherwise)."""
    due = case.next_update_due_at
    if due is None:
        return False
    told = session.scalar(
        select(m.Communication.next_update_at)
        .where(m.Communication.case_id == case.id, m.Communication.audience == Audience.CLIENT)
        .order_by(m.Communication.at.desc(), m.Communication.id.desc())
        .limit(1)
    )
    return told is not None and told == due


def recount_next_update(session: Session, case: m.Case, since: datetime, now: datetime) -> None:
    """Recount the case's next update from *since* on its plan and the client's clock as they
    now stand: the one place a plan or calendar change moves it, by the rule of
    :func:`callnotes.domain.cadence.recounted_due` (a promise to the client stays, late stays
    late)."""
    due = recounted_due(
        case.next_update_due_at,
        due_after(session, case, since),
        promised=next_update_promised(session, case),
        now=now,
    )
    if due != case.next_update_due_at:
        case.next_update_due_at = due


def recount_next_updates(session: Session, client: m.Client, now: datetime) -> None:
    """Recount the next update of the client's open, running cases with their clock as it now
    stands (their calendar, their time zone): a paused clock is left as it is, and so is a
    time promised to the client or already due (:func:`recount_next_update`)."""
    cases = session.scalars(
        select(m.Case).where(
            m.Case.client_id == client.id,
            m.Case.status != CaseStatus.CLOSED.value,
            m.Case.update_cadence_minutes.is_not(None),
            m.Case.update_paused_at.is_(None),
        )
    )
    for case in cases:
        last = last_client_update(session, case.id) or case.plan_agreed_at or now
        recount_next_update(session, case, last, now)


def last_client_update(session: Session, case_id: int) -> datetime | None:
    """When the client last had an update from us."""
    return session.scalar(
        select(m.Communication.at)
        .where(m.Communication.case_id == case_id, m.Communication.audience == Audience.CLIENT)
        .order_by(m.Communication.at.desc(), m.Communication.id.desc())
        .limit(1)
    )


def plan_of(session: Session, case: m.Case) -> CommunicationPlan:
    """The plan record of a case row."""
    client = case.client
    due = case.next_update_due_at
    clock = client_clock(client, due)
    caller = _caller(session, case)
    last = last_client_update(session, case.id)
    since = last or case.plan_agreed_at
    closed = clock.hours.closed_between(since, due) if due is not None and since else ()
    return CommunicationPlan(
        case_id=case.id,
        cadence_minutes=case.update_cadence_minutes,
        channel=case.update_channel,
        agreed_at=case.plan_agreed_at,
        business_hours_only=case.plan_business_hours_only,
        next_update_due_at=case.next_update_due_at,
        client_name=client.name,
        contact_name=caller.name if caller is not None else "",
        timezone=clock.zone.key,
        business_hours=clock.hours.describe(),
        last_client_update_at=last,
        hours_problem=clock.problem,
        paused_since=case.update_paused_at,
        closed_before_due=closed,
        closed_days=clock.hours.closed,
        client_promises=client_contact_promises(session, case),
    )


def client_contact_promises(session: Session, case: m.Case) -> tuple[datetime, ...]:
    """The due times of the case's open promises to contact the client that the client may
    read (the candidates of the next update besides the plan; rule in
    :mod:`callnotes.domain.next_update`, as the documents apply it)."""
    rows = session.execute(
        select(m.Commitment, m.TimelineEntry)
        .outerjoin(m.TimelineEntry, m.TimelineEntry.id == m.Commitment.entry_id)
        .where(
            m.Commitment.case_id == case.id,
            m.Commitment.state == CommitmentState.OPEN.value,
            m.Commitment.due_at.is_not(None),
        )
    ).all()
    if not rows:
        return ()
    names = [c.name for c in case.client.contacts]
    times = [
        promise.due_at
        for promise, entry in rows
        if promise.due_at is not None
        and names_next_update(
            promise.text,
            promise.due_at,
            client_reads=entry is None or client_may_read(entry_record(entry)),
            client_name=case.client.name,
            contact_names=names,
        )
    ]
    return tuple(sorted(times))


def _caller(session: Session, case: m.Case) -> m.Contact | None:
    """Who the updates go to: the caller of the latest call, else the client's first contact."""
    contact_id = session.scalar(
        select(m.Call.contact_id)
        .where(m.Call.case_id == case.id, m.Call.contact_id.is_not(None))
        .order_by(m.Call.id.desc())
        .limit(1)
    )
    if contact_id is not None:
        return session.get(m.Contact, contact_id)
    return case.client.contacts[0] if case.client.contacts else None


def _channel(value: ContactMethod | str | None) -> ContactMethod | None:
    if value is None or value == "":
        return None
    try:
        return ContactMethod(value)
    except ValueError as exc:
        raise InvalidInputError(
            f"{value!r} is not a way to reach the client (phone, email, sms or chat)."
        ) from exc
