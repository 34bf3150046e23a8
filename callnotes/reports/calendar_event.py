"""The calendar event for the next update promised to the client, as an iCalendar file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from callnotes.domain.phones import display_number
from callnotes.reports.context import ReportContext
from callnotes.reports.filters import client_status

_PRODID = "-//callnotes//Client updates//EN"
_LENGTH = timedelta(minutes=15)
_REMIND_BEFORE = timedelta(minutes=10)


@dataclass(frozen=True)
class CalendarEvent:
    """One appointment with a reminder; times are aware UTC."""

    uid: str
    stamp: datetime
    start: datetime
    duration: timedelta
    summary: str
    description: str
    location: str
    remind_before: timedelta


def next_update_event(r: ReportContext) -> CalendarEvent | None:
    """The next update promised to the client, or None when none has been promised."""
    due = r.next_update_at
    if due is None:
        return None
    zone = ZoneInfo(r.timezone)
    contact = r.caller
    who = contact.name if contact else r.client.name
    # The client beside the person, unless that person is the client ("Rosa Moreau" once).
    client = ""
    if contact is not None and not r.caller_is_client:
        client = f"for {r.client.name}" if r.client_is_person else r.client.name
    channel = r.update_channel
    how = f" by {channel.value}" if channel else ""
    reach = ""
    if contact is not None:
        if channel is not None and channel.value == "email" and contact.email:
            reach = contact.email
        elif contact.phones:
            reach = display_number(contact.phones[0])
        elif contact.email:
            reach = contact.email
    lines = [
        f"Next update promised to {who}"
        + (f" ({contact.role})" if contact and contact.role else "")
        + (f", {client}" if client else "")
        + how
        + (f": {reach}" if reach else "")
        + ".",
        f"Case #{r.case.id}: {r.case.title}",
    ]
    if r.issues:
        lines += ["", "Issues, in the order agreed with the client:"]
        for view in r.issues:
            owner = f" ({view.owner_name})" if view.owner_name else ""
            lines.append(
                f"{view.position}. {view.issue.title} — {client_status(view.issue.status)}{owner}"
            )
    if r.open_commitments:
        lines += ["", "Open promises:"]
        for c in r.open_commitments:
            when = c.due_at.astimezone(zone).strftime(" (due %H:%M %Z)") if c.due_at else ""
            lines.append(f"- {c.text}{when}")
    case_key = r.plan.uid if r.plan else str(r.case.id)
    return CalendarEvent(
        uid=f"next-update-{case_key}-{due:%Y%m%dT%H%M%SZ}@callnotes",
        stamp=r.generated_at,
        start=due,
        duration=_LENGTH,
        summary=f"Update {who}{f' ({client})' if client else ''}{how}: {r.case.title}",
        description="\n".join(lines),
        location=reach,
        remind_before=_REMIND_BEFORE,
    )


def to_ics(event: CalendarEvent) -> bytes:
    """A VCALENDAR holding one VEVENT with a display alarm (CRLF lines, folded, UTC times)."""
    # Imported here: the library takes longer to import than the rest of the reports.
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", _PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", event.stamp)
    vevent.add("dtstart", event.start)
    vevent.add("duration", event.duration)
    vevent.add("summary", event.summary)
    vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.summary)
    alarm.add("trigger", -event.remind_before)
    # The library writes sub-components after the properties, so the VALARM comes last.
    vevent.add_component(alarm)
    calendar.add_component(vevent)
    return bytes(calendar.to_ical())
