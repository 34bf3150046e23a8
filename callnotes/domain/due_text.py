"""Reading a due time out of a promise as it was typed: "Call Dana back by 14:00".

The rule, in the client's time zone and relative to when the promise was made (*now*):

- a time after ``by``, ``before``, ``until``, ``till``, ``no later than`` or ``at``
  (``by 14:00``, ``by 2pm``, ``at 2:30 pm``, ``by noon``) is the next time the clock shows it:
  today if still ahead, otherwise tomorrow;
- a day (``today``, ``tomorrow``, a weekday such as ``Friday``/``Fri``) followed by a time
  (``tomorrow 9:00``, ``Friday at 10am``), or a time followed by a day (``by 16:00 tomorrow``),
  is that time on that day; a weekday means the next one, today included while the time is ahead;
- a day alone (``by Friday``, ``tomorrow``), or ``end of day`` / ``EOD`` / ``close of
  business``, means the client's closing time that day (17:00 when their hours are not known);
- ``in 2 hours``, ``within 30 min`` count from *now*;
- anything else: no due time (the agent can set one).

Bare numbers (``by 2``) are not read as times: too easily a quantity.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from callnotes.domain.business_hours import BusinessHours

DEFAULT_CLOSE = time(17, 0)
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_TIME = (
    r"(?P<h>\d{1,2})(?::|\.|h)(?P<m>\d{2})(?:\s*(?P<ap>am|pm|a\.m\.|p\.m\.))?"
    r"|(?P<h2>\d{1,2})\s*(?P<ap2>am|pm|a\.m\.|p\.m\.)"
    r"|(?P<word>noon|midday)"
)
_DAY = (
    r"(?P<day>today|tonight|tomorrow|" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\b"
)
_DAY_THEN_TIME = re.compile(rf"\b{_DAY}\s*(?:,\s*)?(?:at\s+|by\s+)?(?:{_TIME})", re.IGNORECASE)
_BY_TIME = re.compile(
    rf"\b(?:by|before|until|till|no later than)\s+(?:{_TIME})(?:\s+(?:on\s+)?{_DAY})?", re.I
)
_AT_TIME = re.compile(rf"\bat\s+(?:{_TIME})(?:\s+(?:on\s+)?{_DAY})?", re.IGNORECASE)
_LEAD_DAY = re.compile(rf"\b(?:by|before|until|till|on|no later than)\s+(?:the\s+)?{_DAY}", re.I)
_BARE_DAY = re.compile(r"\b(?P<day>today|tonight|tomorrow)\b", re.IGNORECASE)
_END_OF_DAY = re.compile(
    r"\b(?:end of (?:the )?(?:business )?day|eod|close of business|cob)\b", re.IGNORECASE
)
_WITHIN = re.compile(
    r"\b(?:in|within)\s+(?P<n>\d{1,3})\s*(?P<unit>hours?|hrs?|h|minutes?|mins?|m)\b", re.I
)


def parse_due(
    text: str, now: datetime, zone: tzinfo, hours: BusinessHours | None = None
) -> datetime | None:
    """The due time *text* states (UTC), read in *zone* from *now*; None when it states none."""
    within = _WITHIN.search(text)
    if within is not None:
        amount = int(within.group("n"))
        unit = within.group("unit").lower()
        return (now + (timedelta(hours=amount) if unit.startswith("h") else
                       timedelta(minutes=amount))).astimezone(UTC)  # fmt: skip
    local_now = now.astimezone(zone)
    for pattern in (_DAY_THEN_TIME, _BY_TIME, _AT_TIME):
        match = pattern.search(text)
        clock = _time_of(match) if match is not None else None
        if match is not None and clock is not None:
            day = match.group("day")
            if day is None:
                return _next_at(local_now, clock, zone)
            return _on_day(local_now, day.lower(), clock, zone)
    for pattern in (_LEAD_DAY, _BARE_DAY):
        match = pattern.search(text)
        if match is not None:
            return _on_day(local_now, match.group("day").lower(), None, zone, hours)
    if _END_OF_DAY.search(text):
        return _at(local_now.date(), _closing(local_now.date(), hours), zone)
    return None


def _time_of(match: re.Match[str]) -> time | None:
    """The time a match names; None when it names none (``by 25:00``, ``13pm``)."""
    if match.group("word"):
        return time(12, 0)
    hour = int(match.group("h") or match.group("h2"))
    minute = int(match.group("m") or 0)
    suffix = (match.group("ap") or match.group("ap2") or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _next_at(local_now: datetime, clock: time, zone: tzinfo) -> datetime:
    today = _at(local_now.date(), clock, zone)
    if today > local_now:
        return today
    return _at(local_now.date() + timedelta(days=1), clock, zone)


def _on_day(
    local_now: datetime,
    word: str,
    clock: time | None,
    zone: tzinfo,
    hours: BusinessHours | None = None,
) -> datetime:
    today = local_now.date()
    if word in ("today", "tonight"):
        day = today
    elif word == "tomorrow":
        day = today + timedelta(days=1)
    else:
        day = today + timedelta(days=(_WEEKDAYS[word] - today.weekday()) % 7)
    moment = _at(day, clock or _closing(day, hours), zone)
    if word in _WEEKDAYS and moment <= local_now:
        moment = _at(day + timedelta(days=7), clock or _closing(day, hours), zone)
    return moment


def _closing(day: date, hours: BusinessHours | None) -> time:
    closing = hours.closing_time(day) if hours is not None else None
    return closing or DEFAULT_CLOSE


def _at(day: date, clock: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def read_promised_time(
    text: str, now: datetime, zone: tzinfo, hours: BusinessHours | None = None
) -> datetime | None:
    """A promised time as the agent types it ("14:00", "tomorrow 9am", "in 2 hours"), in UTC.

    Empty text: None. A bare time or day reads as a deadline ("14:00" means "by 14:00"). Text
    that states no time raises :class:`ValueError` with the sentence to show.
    """
    words = text.strip()
    if not words:
        return None
    due = parse_due(words, now, zone, hours) or parse_due(f"by {words}", now, zone, hours)
    if due is None:
        raise ValueError(
            f"{words[:40]!r} is not a time callnotes can read (try 14:00, 2pm, "
            "tomorrow 9:00 or in 2 hours)."
        )
    return due
