"""The team directory's rules: who is available when, and what a member's details must be."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from callnotes.domain.emails import email_address
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.timestamps import DAY_NAMES, day_and_month

# Column widths of the team_members table; longer text is refused, not cut.
FIELD_LIMITS = {
    "name": 200,
    "role": 200,
    "team": 200,
    "manager": 200,
    "phone": 64,
    "email": 320,
    "away_reason": 500,
    "db_login": 63,
}
# A login role's name as a team database knows it: no spaces or control characters.
_LOGIN = re.compile(r"^[^\s\x00-\x1f\x7f]+$")
_LEAD = re.compile(r"\blead\b|\bleader\b", re.IGNORECASE)


@dataclass(frozen=True)
class MemberDraft:
    """A colleague's details as typed or imported, before they are stored."""

    name: str
    role: str = ""
    team: str = ""
    manager_id: int | None = None
    phone: str = ""
    email: str = ""
    # The login role they connect to a team database with ("" for none).
    db_login: str = ""


@dataclass(frozen=True)
class Availability:
    """Whether a colleague can be reached at one moment, and if not, until when and why."""

    available: bool
    since: datetime | None = None
    until: datetime | None = None
    reason: str = ""


def availability_at(member: TeamMemberRecord, at: datetime) -> Availability:
    """Whether *member* can be reached at *at*.

    An absence runs from ``away_since`` (or, when that is unknown, from whenever it was
    recorded) until ``away_until``. Before it starts and from its end the member is available,
    so an absence entered ahead of time, or one whose end has passed, needs no clean-up.
    """
    until = member.away_until
    if until is None or at >= until:
        return Availability(True)
    if member.away_since is not None and at < member.away_since:
        return Availability(True)
    return Availability(False, member.away_since, until, member.away_reason)


def is_available(member: TeamMemberRecord, at: datetime) -> bool:
    """Whether *member* can be reached at *at*."""
    return availability_at(member, at).available


def says_lead(role: str) -> bool:
    """Whether a role names a team lead ("Team lead", "Accounts lead", "Team leader")."""
    return bool(_LEAD.search(role))


def short_when(moment: datetime, now: datetime, zone: tzinfo | None = None) -> str:
    """``15:00`` today, ``Mon 09:00`` within the week ahead, else ``12 Mar 09:00``.

    *zone* is where the reader is (None: the computer's time zone).
    """
    local = moment.astimezone(zone)
    today = now.astimezone(zone).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if today < local.date() <= today + timedelta(days=6):
        return f"{DAY_NAMES[local.weekday()]} {local:%H:%M}"
    return f"{day_and_month(local)} {local:%H:%M}"


def client_clock(
    moment: datetime, now: datetime, client_zone: str | None, zone: tzinfo | None = None
) -> str | None:
    """*moment* on the client's clock (:func:`short_when` there) when it differs from the
    reader's; None when the clocks agree or the zone is unknown."""
    if not client_zone:
        return None
    try:
        there = zoneinfo.ZoneInfo(client_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None
    if moment.astimezone(zone).utcoffset() == moment.astimezone(there).utcoffset():
        return None
    return short_when(moment, now, there)


def short_when_both(
    moment: datetime, now: datetime, client_zone: str | None, zone: tzinfo | None = None
) -> str:
    """:func:`short_when` for the reader, with the client's clock beside it when it differs:
    ``Mon 09:00 (Mon 04:00 client time)``: the agent reads their own time and says the
    client's."""
    here = short_when(moment, now, zone)
    there = client_clock(moment, now, client_zone, zone)
    return f"{here} ({there} client time)" if there else here


def away_phrase(availability: Availability, now: datetime, zone: tzinfo | None = None) -> str:
    """``away until Mon 09:00``, or an empty string for someone available."""
    if availability.available or availability.until is None:
        return ""
    return f"away until {short_when(availability.until, now, zone)}"


def days_ago_phrase(moment: datetime, now: datetime) -> str:
    """``today``, ``yesterday`` or ``12 days ago`` (never in the future)."""
    days = max(0, (now - moment).days)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago"


def field_problem(field: str, value: str) -> str | None:
    """Why *value* cannot go into *field* (one of ``FIELD_LIMITS``), or None when it can."""
    limit = FIELD_LIMITS.get(field)
    if limit is not None and len(value) > limit:
        return f"is longer than {limit} characters"
    if field == "name" and not value.strip():
        return "is empty; every member needs a name"
    if field == "email" and value and email_address(value) is None:
        return f"{_quote(value)} is not an e-mail address"
    if field == "db_login" and value and not _LOGIN.match(value):
        return f"{_quote(value)} is not a login name: a login has no spaces"
    return None


def _quote(value: str) -> str:
    return "'" + (value if len(value) <= 40 else value[:39] + "…") + "'"
