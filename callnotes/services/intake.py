"""Starting a call: who is calling, which case it belongs to, or a new client and case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from callnotes.domain.calls import CallDirection, CallRecord
from callnotes.domain.cases import CaseSummary
from callnotes.domain.people import ClientRecord, ContactRecord
from callnotes.domain.phones import normalise_number
from callnotes.domain.text import single_line
from callnotes.domain.timeline import EntryRecord
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.calls import CallService
from callnotes.services.cases import CaseService
from callnotes.services.clients import ClientService
from callnotes.services.records import client_record, contact_record, entry_record
from callnotes.storage import models as m
from callnotes.storage.database import Database


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


class IntakeService:
    """Matches a number to a caller and starts the call on the right case."""

    def __init__(
        self,
        db: Database,
        clients: ClientService,
        cases: CaseService,
        calls: CallService,
    ) -> None:
        self._db = db
        self._clients = clients
        self._cases = cases
        self._calls = calls

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
    ) -> StartedCall:
        """Start a call on an existing case."""
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
    ) -> StartedCall:
        """Open a case (for a known client, or a new one) and start a call on it.

        A new caller becomes a contact of the client, with the number they called from.
        """
        if number.strip() and normalise_number(number, self._clients.default_region) is None:
            raise InvalidInputError(f"{number[:40]!r} is not a phone number callnotes can use.")
        if client_id is None:
            name = single_line(client_name) or single_line(contact_name)
            if not name:
                raise InvalidInputError("Give the client's name (or the caller's) to start.")
            client_id = self._clients.create_client(name).id
        if contact_id is None and single_line(contact_name):
            phones = [number] if number.strip() else []
            contact_id = self._clients.add_contact(client_id, contact_name, phones=phones).id
        case = self._cases.open_case(client_id, case_title or "New call")
        return self.start_on_case(
            case.id, contact_id=contact_id, number=number, direction=direction
        )

    def news(self, case_ids: Iterable[int]) -> dict[int, CaseNews]:
        """For each case: its latest timeline entry and to whom it was handed over, if anyone."""
        news: dict[int, CaseNews] = {}
        with self._db.unit_of_work() as session:
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
        with self._db.unit_of_work() as session:
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
