"""Starting a call: who is calling, which case it belongs to, or a new client and case."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from callnotes.domain.calls import CallDirection, CallRecord
from callnotes.domain.cases import CaseSummary
from callnotes.domain.people import ClientRecord, ContactRecord
from callnotes.domain.phones import normalise_number, zone_of_number
from callnotes.domain.text import single_line
from callnotes.domain.timeline import EntryRecord
from callnotes.domain.unnamed import NEW_CASE_TITLE, is_unnamed, unnamed_caller
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.local_zone import FALLBACK_ZONE, local_zone_name
from callnotes.services.calls.calls import CallService
from callnotes.services.cases.cases import CaseService
from callnotes.services.clients.clients import ClientService
from callnotes.services.records import client_record, contact_record, entry_record
from callnotes.storage import models as m
from callnotes.storage.database import Database
from callnotes.storage.models.limits import column_length

_CLIENT_NAME_CHARS = column_length(m.Client.name)


@dataclass(frozen=True)
class CallerOption:
    """A known caller and the open cases of their client."""

    contact: ContactRecord
    client_id: int
    client_name: str
    open_cases: tuple[CaseSummary, ...]


@dataclass(frozen=True)
class CallerCard:
    """Who is on the line, for the client card."""

    case_id: int
    client: ClientRecord
    contact: ContactRecord | None
    number: str
    # After a save that met a colleague's: what to tell the agent (their version is shown,
    # the agent's kept on the case's timeline).
    kept_beside: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CaseNews:
    """The last word on an open case, for the card shown while the phone rings."""

    case_id: int
    latest: EntryRecord | None
    handed_over_to: str
    handed_over_at: datetime | None


@dataclass(frozen=True)
class StartedCall:
    """A call that has just started, and its case."""

    call: CallRecord
    case: CaseSummary


def _known_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return FALLBACK_ZONE
    return name


class IntakeService:
    """Matches a number to a caller and starts the call on the right case."""

    def __init__(
        self,
        db: Database,
        clients: ClientService,
        cases: CaseService,
        calls: CallService,
        agent_zone: Callable[[], str] = local_zone_name,
    ) -> None:
        """*agent_zone* names the agent's own time zone (this computer's, by default)."""
        self._db = db
        self._clients = clients
        self._cases = cases
        self._calls = calls
        self._agent_zone = agent_zone

    def lookup(self, raw_number: str) -> list[CallerOption]:
        """Known callers with this number (however written) and their open cases."""
        matches = self._clients.find_callers(raw_number)
        cases: dict[int, tuple[CaseSummary, ...]] = {}
        for match in matches:
            if match.client_id not in cases:
                cases[match.client_id] = tuple(self._cases.active_cases_of(match.client_id))
        return [
            CallerOption(
                contact=match.contact,
                client_id=match.client_id,
                client_name=match.client_name,
                open_cases=cases[match.client_id],
            )
            for match in matches
        ]

    def start_on_case(
        self,
        case_id: int,
        *,
        contact_id: int | None,
        number: str,
        direction: CallDirection = CallDirection.INBOUND,
        phone_name: str = "",
    ) -> StartedCall:
        """Start a call on an existing case.

        *phone_name* is the name the softphone showed: a caller kept so far under their number
        alone ("Caller +49 30 1234567") takes it, and so does their client if it was named
        after them the same way.
        """
        if contact_id is not None and single_line(phone_name):
            self._name_unnamed_caller(contact_id, single_line(phone_name))
        call = self._calls.start_call(
            case_id, number=number, contact_id=contact_id, direction=direction
        )
        return StartedCall(call, self._cases.get_case(case_id))

    def start_new_case(
        self,
        *,
        case_title: str,
        number: str = "",
        contact_name: str = "",
        client_id: int | None = None,
        client_name: str = "",
        contact_id: int | None = None,
        direction: CallDirection = CallDirection.INBOUND,
        phone_name: str = "",
    ) -> StartedCall:
        """Open a case (for a known client, or a new one) and start a call on it.

        Nothing but the number is needed, nor even that: names come later. The caller becomes
        a contact of the client with the number they called from (named after the number
        until someone gives a name), so their next call finds them. A number some contact
        already has never makes a second client: the call goes to that contact's client. A
        new client gets the time zone of the number where the number tells it, else the
        agent's own.
        """
        e164: str | None = None
        if number.strip():
            e164 = normalise_number(number, self._clients.default_region)
            if e164 is None:
                raise InvalidInputError(f"{number[:40]!r} is not a phone number callnotes can use.")
        caller = single_line(contact_name)
        company = single_line(client_name)
        if client_id is None and contact_id is None and not company and e164 is not None:
            client_id, contact_id = self._known_caller(e164, caller)
        if client_id is None:
            name = company or caller or unnamed_caller(e164)
            zone = (zone_of_number(e164) if e164 else None) or self._agent_zone()
            client_id = self._clients.create_client(name, timezone=_known_zone(zone)).id
        if contact_id is None and (caller or e164):
            phones = [e164] if e164 else []
            contact_id = self._clients.add_contact(
                client_id, caller or unnamed_caller(e164), phones=phones
            ).id
        case = self._cases.open_case(client_id, case_title or NEW_CASE_TITLE)
        return self.start_on_case(
            case.id,
            contact_id=contact_id,
            number=number,
            direction=direction,
            phone_name=phone_name,
        )

    def _known_caller(self, e164: str, caller: str) -> tuple[int | None, int | None]:
        """The client and contact a number already belongs to, if any.

        A different name from the same number is another person at that client: a contact of
        its own, added by the caller (the contact id is None then).
        """
        matches = self._clients.find_callers(e164)
        if not matches:
            return None, None
        folded = caller.casefold()
        for match in matches:
            name = match.contact.name
            if not caller or name.casefold() == folded or name == unnamed_caller(e164):
                if caller:
                    self._name_unnamed_caller(match.contact.id, caller)
                return match.client_id, match.contact.id
        return matches[0].client_id, None

    def _name_unnamed_caller(self, contact_id: int, name: str) -> None:
        with self._db.unit_of_work() as session:
            contact = session.get(m.Contact, contact_id)
            if contact is None:
                return
            numbers = [p.number for p in contact.phones]
            if not is_unnamed(contact.name, numbers):
                return
            client = session.get(m.Client, contact.client_id)
            if client is not None and client.name == contact.name:
                client.name = name[:_CLIENT_NAME_CHARS]
            contact.name = name

    def news(self, case_ids: Iterable[int]) -> dict[int, CaseNews]:
        """For each case: its latest timeline entry and to whom it was handed over, if anyone."""
        news: dict[int, CaseNews] = {}
        with self._db.unit_of_work(read_only=True) as session:
            for case_id in case_ids:
                case = session.get(m.Case, case_id)
                if case is None:
                    continue
                latest = session.scalar(
                    select(m.TimelineEntry)
                    .where(m.TimelineEntry.case_id == case_id)
                    .order_by(m.TimelineEntry.id.desc())
                    .limit(1)
                )
                member = case.handed_over_to
                news[case_id] = CaseNews(
                    case_id=case_id,
                    latest=entry_record(latest) if latest is not None else None,
                    handed_over_to=member.name if member is not None else "",
                    handed_over_at=case.handed_over_at,
                )
        return news

    def card(self, call_id: int) -> CallerCard:
        """The client card of a call."""
        with self._db.unit_of_work(read_only=True) as session:
            call = session.get(m.Call, call_id)
            if call is None:
                raise NotFoundError(f"There is no call with id {call_id}.")
            case = session.get(m.Case, call.case_id)
            assert case is not None
            client = session.scalar(
                select(m.Client)
                .where(m.Client.id == case.client_id)
                .options(
                    selectinload(m.Client.contacts).selectinload(m.Contact.phones),
                    selectinload(m.Client.usual_contact),
                )
            )
            assert client is not None
            contact = next((c for c in client.contacts if c.id == call.contact_id), None)
            return CallerCard(
                case_id=case.id,
                client=client_record(client),
                contact=contact_record(contact) if contact is not None else None,
                number=call.number,
            )
