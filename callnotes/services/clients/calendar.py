"""The client's calendar: whose public holidays close them, and closures from their .ics file.

A change of either recounts the next update of the client's open cases (those whose update
clock is not paused), in the same unit of work, so the countdowns follow at once; a time
promised to the client, or an update already due, stays as it is (``recount_next_update``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.clients.closed_days import closures_of
from callnotes.services.updates.plan import recount_next_updates
from callnotes.storage import models as m
from callnotes.storage.database import Database
from callnotes.storage.models.limits import column_length

#: The largest calendar file read, and the most closures in it.
MAX_FILE_BYTES = 1024 * 1024
MAX_CLOSURES = 2000
_SUMMARY_CHARS = column_length(m.ClientClosure.summary)


@dataclass(frozen=True)
class ClosureRecord:
    """One closure of a client (aware UTC times)."""

    id: int
    starts_at: datetime
    ends_at: datetime
    summary: str


@dataclass(frozen=True)
class ClientCalendar:
    """Whose public holidays close the client, and their closures."""

    client_id: int
    timezone: str
    holiday_country: str
    holiday_subdivision: str
    closures: tuple[ClosureRecord, ...]


@dataclass(frozen=True)
class ClosureImport:
    """What an import added: how many closures, and how many the client already had."""

    added: int
    already_there: int


def holiday_country_codes() -> list[str]:
    """The codes of the countries whose public holidays are known (``GB``, ``DE``…)."""
    import holidays

    return sorted(holidays.list_supported_countries())


class ClientCalendarService:
    """Use cases around a client's calendar."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def countries(self) -> list[str]:
        """The countries whose public holidays can be chosen (see :func:`holiday_country_codes`)."""
        return holiday_country_codes()

    def calendar(self, client_id: int) -> ClientCalendar:
        """The client's calendar as it stands."""
        with self._db.unit_of_work(read_only=True) as session:
            return _calendar(session, _client(session, client_id))

    def set_holidays(self, client_id: int, country: str, subdivision: str = "") -> ClientCalendar:
        """Close the client on the public holidays of *country* (ISO code, empty for none) and
        *subdivision*; a clear error for a country or subdivision not known."""
        import holidays

        country, subdivision = country.strip().upper(), subdivision.strip().upper()
        if subdivision and not country:
            raise InvalidInputError("Choose the country before its region.")
        if country:
            supported = holidays.list_supported_countries()
            if country not in supported:
                raise InvalidInputError(
                    f"{country!r} is not a country whose public holidays are known; "
                    "use its two-letter code, such as GB, DE or AU."
                )
            if subdivision and subdivision not in supported[country]:
                known = ", ".join(supported[country][:12])
                raise InvalidInputError(
                    f"{subdivision!r} is not a region of {country} with its own holidays"
                    + (f" (known: {known}…)." if known else "; this country has none.")
                )
        with self._db.unit_of_work() as session:
            client = _client(session, client_id)
            client.holiday_country = country
            client.holiday_subdivision = subdivision
            recount_next_updates(session, client, self._clock())
            return _calendar(session, client)

    def import_closures(self, client_id: int, data: bytes, name: str = "") -> ClosureImport:
        """Add the events of an .ics file as closures: all or nothing, a clear error for a file
        that is not a calendar, has no events, is too large or holds an event that can't be
        read. An event already held (same start, end and summary) is not added twice."""
        shown = f"“{name}”" if name else "The file"
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInputError(
                f"{shown} is larger than {MAX_FILE_BYTES // 1024} KB; "
                "export only the client's closures from their calendar."
            )
        with self._db.unit_of_work() as session:
            client = _client(session, client_id)
            spans = read_closures(data, _zone(client.timezone), shown)
            held = {(c.starts_at, c.ends_at, c.summary) for c in closures_of(session, client.id)}
            now = self._clock()
            added = 0
            for start, end, summary in spans:
                if (start, end, summary) in held:
                    continue
                held.add((start, end, summary))
                session.add(
                    m.ClientClosure(
                        client_id=client.id,
                        starts_at=start,
                        ends_at=end,
                        summary=summary,
                        imported_at=now,
                    )
                )
                added += 1
            session.flush()
            recount_next_updates(session, client, now)
            return ClosureImport(added, len(spans) - added)

    def import_closures_from(self, client_id: int, path: Path) -> ClosureImport:
        """:meth:`import_closures` of the file at *path* (never read past the size allowed)."""
        try:
            with path.open("rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InvalidInputError(
                f"“{path.name}” could not be read ({exc.strerror or exc}); nothing was imported."
            ) from exc
        return self.import_closures(client_id, data, path.name)

    def remove_closure(self, closure_id: int) -> None:
        """Remove one closure."""
        with self._db.unit_of_work() as session:
            row = session.get(m.ClientClosure, closure_id)
            if row is None:
                raise NotFoundError("That closure was removed meanwhile.")
            client = _client(session, row.client_id)
            session.delete(row)
            session.flush()
            recount_next_updates(session, client, self._clock())


def read_closures(data: bytes, zone: tzinfo, shown: str) -> list[tuple[datetime, datetime, str]]:
    """The closed spans of an .ics file's events (UTC start, end, summary), in order.

    All-day events close whole local days in *zone* (the end date excluded, as calendars
    write it); timed events close their span; a time without a zone is the client's.
    """
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError, IndexError, KeyError) as exc:
        raise InvalidInputError(
            f"{shown} is not a calendar file (.ics); nothing was imported."
        ) from exc
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise InvalidInputError(f"{shown} is not a calendar file (.ics); nothing was imported.")
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise InvalidInputError(f"{shown} holds no events; nothing was imported.")
    if len(events) > MAX_CLOSURES:
        raise InvalidInputError(
            f"{shown} holds {len(events)} events, more than {MAX_CLOSURES}; nothing was imported."
        )
    spans = []
    for number, event in enumerate(events, start=1):
        summary = " ".join(str(event.get("SUMMARY", "")).split())[:_SUMMARY_CHARS]
        which = f"Event {number}" + (f" (“{summary}”)" if summary else "")
        if event.get("RRULE") is not None:
            raise InvalidInputError(
                f"{which} in {shown} repeats; callnotes reads each closure as its own event. "
                "Nothing was imported."
            )
        start_prop = event.get("DTSTART")
        if start_prop is None:
            raise InvalidInputError(f"{which} in {shown} has no start; nothing was imported.")
        start_value = start_prop.dt
        end_prop, duration = event.get("DTEND"), event.get("DURATION")
        if end_prop is not None:
            end_value = end_prop.dt
        elif duration is not None:
            end_value = start_value + duration.dt
        elif isinstance(start_value, datetime):
            end_value = start_value
        else:
            end_value = start_value + timedelta(days=1)
        start, end = _moment(start_value, zone), _moment(end_value, zone)
        if end <= start:
            raise InvalidInputError(
                f"{which} in {shown} ends before it starts; nothing was imported."
            )
        spans.append((start, end, summary or "Closed"))
    return sorted(spans)


def _moment(value: date | datetime, zone: tzinfo) -> datetime:
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(UTC)
    return datetime.combine(value, time(0), tzinfo=zone).astimezone(UTC)


def _calendar(session: Session, client: m.Client) -> ClientCalendar:
    return ClientCalendar(
        client_id=client.id,
        timezone=client.timezone,
        holiday_country=client.holiday_country,
        holiday_subdivision=client.holiday_subdivision,
        closures=tuple(
            ClosureRecord(c.id, c.starts_at, c.ends_at, c.summary)
            for c in closures_of(session, client.id)
        ),
    )


def _client(session: Session, client_id: int) -> m.Client:
    client = session.get(m.Client, client_id)
    if client is None:
        raise NotFoundError("That client was erased meanwhile.")
    return client


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
