"""Clients, contacts and team members: creating them and finding a caller by number."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from callnotes.domain.business_hours import parse_business_hours
from callnotes.domain.emails import EXAMPLE as EMAIL_EXAMPLE
from callnotes.domain.emails import MAX_EMAIL_CHARS, email_address
from callnotes.domain.merge import Kept, merge
from callnotes.domain.people import ClientRecord, ContactMethod, ContactRecord, TeamMemberRecord
from callnotes.domain.phones import normalise_number
from callnotes.domain.text import single_line
from callnotes.domain.time_zones import is_zone, zone_named
from callnotes.domain.timestamps import Clock, require_aware, utc_now
from callnotes.errors import InvalidFieldError, InvalidInputError, NotFoundError
from callnotes.services.escalation.team import absence_start, list_members, mark_away
from callnotes.services.kept_beside import Notices, keep_beside
from callnotes.services.records import client_record, contact_record, team_member_record
from callnotes.services.updates.plan import recount_next_updates
from callnotes.storage import models as m
from callnotes.storage.database import Database
from callnotes.storage.models.limits import column_length

_NAME_CHARS = column_length(m.Client.name)
_HOURS_CHARS = column_length(m.Client.business_hours)

#: How a notice names each detail of a client card kept beside a colleague's.
_LABELS = {
    "name": "name",
    "role": "role",
    "phones": "phone numbers",
    "email": "e-mail",
    "preferred_method": "preferred contact method",
    "best_times": "best times",
    "usual_contact_id": "usual contact",
    "timezone": "time zone",
    "business_hours": "business hours",
}


@dataclass(frozen=True)
class ClientSummary:
    """One line of the client list: who, and how many cases they have."""

    id: int
    name: str
    case_count: int


@dataclass(frozen=True)
class CallerMatch:
    """A contact whose number matched a ringing or typed number."""

    contact: ContactRecord
    client_id: int
    client_name: str


class ClientService:
    """Use cases around clients, their contacts and the team."""

    def __init__(
        self,
        db: Database,
        default_region: str,
        clock: Clock = utc_now,
        author: Callable[[], str] = str,
    ) -> None:
        self._db = db
        self.default_region = default_region
        self._clock = clock
        self._author = author

    def create_team_member(
        self,
        name: str,
        *,
        role: str = "",
        team: str = "",
        manager_id: int | None = None,
        phone: str = "",
        email: str = "",
        away_until: datetime | None = None,
        away_reason: str = "",
    ) -> TeamMemberRecord:
        """Add a colleague."""
        name = _required(name, "A team member needs a name.")
        with self._db.unit_of_work() as session:
            member = m.TeamMember(
                name=name,
                role=single_line(role),
                team=single_line(team),
                manager_id=manager_id,
                phone=single_line(phone),
                email=single_line(email),
                away_until=require_aware(away_until) if away_until else None,
                away_reason=single_line(away_reason),
            )
            session.add(member)
            session.flush()
            return team_member_record(member)

    def create_client(
        self,
        name: str,
        *,
        timezone: str = "UTC",
        business_hours: str = "",
        notes: str = "",
        usual_contact_id: int | None = None,
    ) -> ClientRecord:
        """Add a client; the time zone must be an IANA name such as ``Europe/Berlin``."""
        name = _required(name, "A client needs a name.")
        timezone = _zone(timezone)
        business_hours = _business_hours(business_hours)
        with self._db.unit_of_work() as session:
            if usual_contact_id is not None and session.get(m.TeamMember, usual_contact_id) is None:
                raise NotFoundError(f"There is no team member with id {usual_contact_id}.")
            client = m.Client(
                name=name,
                timezone=timezone,
                business_hours=business_hours,
                notes=notes,
                usual_contact_id=usual_contact_id,
            )
            session.add(client)
            session.flush()
            return client_record(_load_client(session, client.id))

    def add_contact(
        self,
        client_id: int,
        name: str,
        *,
        role: str = "",
        phones: Sequence[str] = (),
        email: str = "",
        preferred_method: ContactMethod | None = None,
        best_times: str = "",
    ) -> ContactRecord:
        """Add a person at a client; phone numbers are stored in E.164."""
        name = _required(name, "A contact needs a name.", field="name")
        numbers = self._normalised(phones)
        email = _email(email)
        with self._db.unit_of_work() as session:
            if session.get(m.Client, client_id) is None:
                raise NotFoundError(f"There is no client with id {client_id}.")
            contact = m.Contact(client_id=client_id, phones=[])
            _write_contact(
                contact, _contact_values(name, role, numbers, email, preferred_method, best_times)
            )
            session.add(contact)
            session.flush()
            return contact_record(contact)

    def update_contact(
        self,
        contact_id: int,
        *,
        name: str,
        role: str = "",
        phones: Sequence[str] = (),
        email: str = "",
        preferred_method: ContactMethod | None = None,
        best_times: str = "",
        started_from: ContactRecord | None = None,
        case_id: int | None = None,
    ) -> ContactRecord:
        """Change a contact's details; numbers are checked before anything is written.

        With *started_from* (the contact as the agent saw it when they began) and the *case_id*
        they are working on, no edit is lost unseen: a detail a colleague changed meanwhile
        keeps their version, and the agent's is kept on that case's timeline beside it and
        named in ``kept_beside``.
        """
        name = _required(name, "A contact needs a name.", field="name")
        numbers = self._normalised(phones)
        mine = _contact_values(name, role, numbers, _email(email), preferred_method, best_times)
        began = {} if started_from is None else _contact_values_of(started_from)
        with self._db.unit_of_work() as session:
            contact = session.scalar(
                select(m.Contact)
                .where(m.Contact.id == contact_id)
                .options(selectinload(m.Contact.phones))
                .with_for_update(of=m.Contact)
            )
            if contact is None:
                raise NotFoundError(f"There is no contact with id {contact_id}.")
            merged = merge(_contact_values_of(contact_record(contact)), mine, began)
            _write_contact(contact, merged.changes)
            notices = self._keep_beside(
                session,
                merged.kept,
                case_id,
                ("contacts", contact.id),
                f"of {contact.name}'s contact details",
            )
            session.flush()
            return replace(contact_record(contact), kept_beside=notices)

    def set_away(
        self, member_id: int, *, away_until: datetime | None, reason: str = ""
    ) -> TeamMemberRecord:
        """Mark a colleague away until a time (with why), or back (``away_until=None``).

        The team directory (:class:`callnotes.services.escalation.team.TeamService`) also
        records since when; here an absence not yet over keeps the start it has.
        """
        with self._db.unit_of_work() as session:
            member = session.get(m.TeamMember, member_id)
            since = (
                absence_start(member, self._clock(), given=None, new=None)
                if member is not None
                else None  # refused below, as the directory refuses it
            )
            return mark_away(session, member_id, since=since, until=away_until, reason=reason)

    def get_client(self, client_id: int) -> ClientRecord:
        """One client with its contacts."""
        with self._db.unit_of_work(read_only=True) as session:
            return client_record(_load_client(session, client_id))

    def list_clients(self) -> list[ClientSummary]:
        """Every client with its number of cases, by name."""
        with self._db.unit_of_work(read_only=True) as session:
            counts = (
                select(m.Case.client_id, func.count(m.Case.id).label("cases"))
                .group_by(m.Case.client_id)
                .subquery()
            )
            rows = session.execute(
                select(m.Client.id, m.Client.name, func.coalesce(counts.c.cases, 0))
                .outerjoin(counts, counts.c.client_id == m.Client.id)
                .order_by(m.Client.name, m.Client.id)
            ).all()
        summaries = [ClientSummary(id, name, cases) for id, name, cases in rows]
        return sorted(summaries, key=lambda c: (c.name.casefold(), c.id))

    def update_client(
        self,
        client_id: int,
        *,
        name: str,
        timezone: str,
        business_hours: str | None = None,
        started_from: ClientRecord | None = None,
        case_id: int | None = None,
    ) -> ClientRecord:
        """Correct a client's name, time zone or business hours (a typo, a move, new opening
        times; None leaves the hours as they are); other clients keep theirs. A new time zone
        or new hours recount the next update of the client's open cases on their clock, save a
        time promised to the client or already due (``recount_next_update``).

        The name may not be empty nor be another client's name (ignoring case), so the two
        can still be told apart in the case list and in search results. With *started_from*
        and *case_id*, what a colleague changed meanwhile stays (see :meth:`update_contact`).
        """
        name = _required(name, "A client needs a name.", max_chars=_NAME_CHARS)
        timezone = _zone(timezone)
        mine: dict[str, object] = {"name": name, "timezone": timezone}
        if business_hours is not None:
            mine["business_hours"] = _business_hours(business_hours)
        began: dict[str, object] = (
            {}
            if started_from is None
            else {
                "name": started_from.name,
                "timezone": started_from.timezone,
                "business_hours": started_from.business_hours,
            }
        )
        with self._db.unit_of_work() as session:
            client = _load_client(session, client_id, for_update=bool(began))
            folded = name.casefold()
            for other_id, other_name in session.execute(select(m.Client.id, m.Client.name)):
                if other_id != client_id and other_name.casefold() == folded:
                    raise InvalidInputError(
                        f"Another client is already called {other_name}; choose a name that "
                        "tells them apart."
                    )
            current = {
                "name": client.name,
                "timezone": client.timezone,
                "business_hours": client.business_hours,
            }
            merged = merge(current, mine, {k: v for k, v in began.items() if k in mine})
            for field, value in merged.changes.items():
                setattr(client, field, value)
            if "timezone" in merged.changes or "business_hours" in merged.changes:
                recount_next_updates(session, client, self._clock())
            notices = self._keep_beside(
                session, merged.kept, case_id, ("clients", client.id), f"of {client.name}"
            )
            session.flush()
            return replace(client_record(client), kept_beside=notices)

    def set_usual_contact(
        self,
        client_id: int,
        member_id: int | None,
        *,
        timezone: str | None = None,
        started_from: ClientRecord | None = None,
        case_id: int | None = None,
    ) -> ClientRecord:
        """Say who on the team usually deals with the client (None: nobody), and, with
        *timezone*, the client's time zone too (an IANA name such as ``Europe/Berlin``; a new
        one recounts the next update of the client's open cases, save a time promised to the
        client or already due).

        With *started_from* (the client as the agent saw it) and the *case_id* they are working
        on, a choice a colleague changed meanwhile keeps theirs; the agent's is kept on the
        case's timeline beside it (see :meth:`update_contact`).
        """
        mine: dict[str, object] = {"usual_contact_id": member_id}
        if timezone is not None:
            mine["timezone"] = _zone(timezone)
        began: dict[str, object] = {}
        if started_from is not None:
            usual = started_from.usual_contact
            began = {
                "usual_contact_id": usual.id if usual else None,
                "timezone": started_from.timezone,
            }
        with self._db.unit_of_work() as session:
            client = _load_client(session, client_id, for_update=bool(began))
            if member_id is not None and session.get(m.TeamMember, member_id) is None:
                raise NotFoundError("That team member is no longer in the team directory.")
            current = {"usual_contact_id": client.usual_contact_id, "timezone": client.timezone}
            merged = merge(current, mine, began)
            if "usual_contact_id" in merged.changes:
                client.assign_usual_contact(cast("int | None", merged.changes["usual_contact_id"]))
            if "timezone" in merged.changes:
                client.timezone = cast(str, merged.changes["timezone"])
            if "timezone" in merged.changes:
                recount_next_updates(session, client, self._clock())
            kept = tuple(
                replace(item, mine=_member_name(session, item.mine))
                if item.field == "usual_contact_id"
                else item
                for item in merged.kept
            )
            notices = self._keep_beside(
                session, kept, case_id, ("clients", client.id), f"of {client.name}"
            )
            session.flush()
            session.refresh(client, ["usual_contact"])
            return replace(client_record(client), kept_beside=notices)

    def _keep_beside(
        self,
        session: Session,
        kept: tuple[Kept, ...],
        case_id: int | None,
        row: tuple[str, int],
        subject: str,
    ) -> Notices:
        if kept and case_id is None:
            raise ValueError("A save that says where it started says on which case to keep.")
        if not kept or case_id is None:
            return ()
        return keep_beside(
            session,
            kept,
            case_id=case_id,
            row=row,
            subject=subject,
            labels=_LABELS,
            at=self._clock(),
            author=self._author(),
        )

    def find_callers(self, raw_number: str) -> list[CallerMatch]:
        """Contacts whose number equals *raw_number* once both are normalised."""
        number = normalise_number(raw_number, self.default_region)
        if number is None:
            return []
        with self._db.unit_of_work(read_only=True) as session:
            contacts = session.scalars(
                select(m.Contact)
                .join(m.ContactPhone)
                .where(m.ContactPhone.number == number)
                # One statement, not three: on a team database each is a round trip.
                .options(joinedload(m.Contact.phones), joinedload(m.Contact.client))
                .order_by(m.Contact.id)
            ).unique()
            return [CallerMatch(contact_record(c), c.client_id, c.client.name) for c in contacts]

    def _normalised(self, phones: Sequence[str]) -> list[str]:
        numbers: list[str] = []
        for raw in phones:
            if not raw.strip():
                continue
            number = normalise_number(raw, self.default_region)
            if number is None:
                raise InvalidFieldError(
                    f"{raw[:40]!r} is not a phone number callnotes can use.", "phones"
                )
            if number not in numbers:
                numbers.append(number)
        return numbers

    def team(self) -> list[TeamMemberRecord]:
        """Every team member, by name."""
        with self._db.unit_of_work(read_only=True) as session:
            return list_members(session)


def _contact_values(
    name: str,
    role: str,
    numbers: list[str],
    email: str,
    preferred_method: ContactMethod | None,
    best_times: str,
) -> dict[str, object]:
    """A contact's fields as its row holds them (numbers already normalised)."""
    return {
        "name": name,
        "role": single_line(role),
        "phones": tuple(numbers),
        "email": single_line(email),
        "preferred_method": ContactMethod(preferred_method).value if preferred_method else None,
        "best_times": single_line(best_times),
    }


def _contact_values_of(contact: ContactRecord) -> dict[str, object]:
    return _contact_values(
        contact.name,
        contact.role,
        list(contact.phones),
        contact.email,
        contact.preferred_method,
        contact.best_times,
    )


def _write_contact(contact: m.Contact, values: dict[str, object]) -> None:
    """Write a contact's fields given in *values*; known numbers keep their labels."""
    for field, value in values.items():
        if field == "phones":
            labels = {p.number: p.label for p in contact.phones}
            contact.phones = [
                m.ContactPhone(number=n, label=labels.get(n, ""))
                for n in cast(tuple[str, ...], value)
            ]
        else:
            setattr(contact, field, value)


def _member_name(session: Session, member_id: object) -> str:
    member = session.get(m.TeamMember, member_id) if isinstance(member_id, int) else None
    return member.name if member is not None else "nobody yet"


def _load_client(session: Session, client_id: int, *, for_update: bool = False) -> m.Client:
    query = (
        select(m.Client)
        .where(m.Client.id == client_id)
        .options(
            selectinload(m.Client.contacts).selectinload(m.Contact.phones),
            selectinload(m.Client.usual_contact),
        )
    )
    client = session.scalar(query.with_for_update(of=m.Client) if for_update else query)
    if client is None:
        raise NotFoundError(f"There is no client with id {client_id}.")
    return client


def _required(value: str, message: str, *, max_chars: int = 500, field: str = "") -> str:
    cleaned = single_line(value, max_chars=max_chars)
    if not cleaned:
        raise InvalidFieldError(message, field) if field else InvalidInputError(message)
    return cleaned


def _email(raw: str) -> str:
    """A contact's e-mail address as stored ("" for none), or a refusal naming the field."""
    address = email_address(single_line(raw, max_chars=MAX_EMAIL_CHARS * 2))
    if address is None:
        raise InvalidFieldError(
            f"{raw.strip()[:60]!r} is not an e-mail address callnotes can use; "
            f"write it like {EMAIL_EXAMPLE}.",
            "email",
        )
    return address


def _business_hours(text: str) -> str:
    """Business hours as stored: one line that reads (empty: no set hours), or a clear
    refusal saying how to write them."""
    hours = single_line(text)
    if len(hours) > _HOURS_CHARS:
        raise InvalidInputError(
            f"Business hours are at most {_HOURS_CHARS} characters; write them like "
            "“Mon–Fri 09:00–17:30”."
        )
    try:
        parse_business_hours(hours)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from exc
    return hours


def _zone(typed: str) -> str:
    """The IANA name of the zone *typed* names ("Europe/Berlin", or a city: "New York"), or a
    refusal naming the field."""
    name = typed.strip()
    if is_zone(name):
        return name
    found = zone_named(name)
    if found is None:
        raise InvalidFieldError(
            f"{name[:60]!r} is not a known time zone (try Europe/Berlin).", "timezone"
        )
    return found
