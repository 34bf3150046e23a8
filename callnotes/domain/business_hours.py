"""A client's business hours: reading "Mon–Fri 09:00–17:30" and counting open time in a zone.

The text is what the agent typed on the client's card. Accepted forms, case-insensitive:

- ``Mon–Fri 09:00–17:30`` (any dash, or ``to``), ``Mon-Fri 08:30-18:00; Sat 09:00-12:00``
  (parts separated by ``;`` or a new line), ``Mon, Wed, Fri 9am-5pm``,
  ``Mon–Fri 09:00–12:30, 13:30–17:30`` (several ranges on the same days);
- ``weekdays``, ``daily`` / ``every day`` for the days; ``24/7`` or ``always`` for always open;
- a range without days, such as ``08:00-18:00``, means Monday to Friday;
- an empty text means always open (nothing known, so nothing is held back);
- a range that ends before it starts (``22:00–06:00``) runs past midnight into the next day.

Times are wall-clock times in the client's time zone, so "09:00" stays 09:00 across a
daylight-saving change.

The client's calendar closes spans on top of the weekly hours: a public holiday (a whole local
day, :func:`closed_day`) or a closure imported from their calendar file. A closed span is
skipped like a weekend when open time is counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_WEEKDAYS = (0, 1, 2, 3, 4)
_DASH = r"\s*(?:-|–|—|\bto\b)\s*"
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?"
_RANGE = re.compile(rf"({_TIME}){_DASH}({_TIME})")
_ALWAYS = {"24/7", "always", "24 hours", "24h"}
_EXAMPLE = "Mon–Fri 09:00–17:30"
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Period:
    """Open on *weekday* (0 = Monday) from *start* to *end*, in minutes after local midnight.

    *end* may pass midnight (up to 48 h): the period then closes on the next day.
    """

    weekday: int
    start: int
    end: int


@dataclass(frozen=True)
class ClosedSpan:
    """A span when the client is closed whatever their weekly hours say (aware UTC times)."""

    starts_at: datetime
    ends_at: datetime
    #: What it is: "Christmas Day", "Stocktake".
    name: str


def closed_day(day: date, name: str, zone: tzinfo) -> ClosedSpan:
    """The whole local *day* in *zone* as a closed span (a public holiday)."""
    return ClosedSpan(_local(day, 0, zone), _local(day, DAY_MINUTES, zone), name)


@dataclass(frozen=True)
class BusinessHours:
    """When a client is open each week; no periods means always open.

    *closed*: spans closed whatever the weekly hours say (holidays, closures).
    """

    periods: tuple[Period, ...] = ()
    closed: tuple[ClosedSpan, ...] = ()

    @property
    def always(self) -> bool:
        """Open at every hour of every day of the week (closed spans aside)."""
        return not self.periods

    @property
    def never_closed(self) -> bool:
        """Open at every hour, with no closed span either: open time is calendar time."""
        return self.always and not self.closed

    def with_closed(self, spans: Iterable[ClosedSpan]) -> BusinessHours:
        """These hours with *spans* closed as well (kept in order of their start)."""
        merged = sorted((*self.closed, *spans), key=lambda s: (s.starts_at, s.ends_at))
        return BusinessHours(self.periods, tuple(merged))

    def closed_between(self, start: datetime, end: datetime) -> tuple[ClosedSpan, ...]:
        """The closed spans that overlap *start*–*end*."""
        return tuple(s for s in self.closed if s.starts_at < end and s.ends_at > start)

    def describe(self) -> str:
        """The hours in a short standard form, such as ``Mon–Fri 09:00–17:30``."""
        if self.always:
            return "always"
        groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
        for day in range(7):
            ranges = tuple((p.start, p.end) for p in self.periods if p.weekday == day)
            if ranges:
                groups.setdefault(ranges, []).append(day)
        parts = []
        for ranges, days in groups.items():
            times = ", ".join(f"{_clock(s)}–{_clock(e)}" for s, e in ranges)
            parts.append(f"{_days_text(days)} {times}")
        return "; ".join(parts)

    def intervals(self, start: datetime, zone: tzinfo) -> Iterator[tuple[datetime, datetime]]:
        """Open intervals in UTC, in order, from *start* onwards (clipped to begin at *start*).

        Always-open hours yield one endless interval. Each interval is built from local
        wall-clock times, so daylight-saving changes move it in UTC as they move the clock.
        """
        start = start.astimezone(UTC)
        for begin, end in self._weekly_intervals(start, zone):
            yield from _outside(begin, end, self.closed)

    def _weekly_intervals(
        self, start: datetime, zone: tzinfo
    ) -> Iterator[tuple[datetime, datetime]]:
        if self.always:
            yield start, datetime.max.replace(tzinfo=UTC)
            return
        # Start a day early: a period from yesterday may run past midnight into today.
        day = start.astimezone(zone).date() - timedelta(days=1)
        for _ in range(7 * 60):  # at most sixty weeks ahead; plenty for any cadence
            for begin, end in self._day_intervals(day, zone):
                if end > start:
                    yield max(begin, start), end
            day += timedelta(days=1)

    def next_open(self, moment: datetime, zone: tzinfo) -> datetime:
        """*moment* if the client is open then, otherwise when they next open (UTC)."""
        for begin, _end in self.intervals(moment, zone):
            return begin
        return moment.astimezone(UTC)  # pragma: no cover - hours always recur weekly

    def is_open(self, moment: datetime, zone: tzinfo) -> bool:
        """Whether the client is open at *moment*."""
        return self.next_open(moment, zone) == moment.astimezone(UTC)

    def closing_time(self, day: date) -> time | None:
        """When the client closes on local *day*, or None when closed all that day."""
        ends = [p.end for p in self.periods if p.weekday == day.weekday()]
        if self.always or not ends:
            return None
        return _to_time(min(max(ends), DAY_MINUTES - 1))

    def _day_intervals(self, day: date, zone: tzinfo) -> list[tuple[datetime, datetime]]:
        result = []
        for period in self.periods:
            if period.weekday != day.weekday():
                continue
            begin = _local(day, period.start, zone)
            end = _local(day, period.end, zone)
            if end > begin:  # a period swallowed by a clock change has no length
                result.append((begin, end))
        return sorted(result)


def _outside(
    begin: datetime, end: datetime, closed: tuple[ClosedSpan, ...]
) -> Iterator[tuple[datetime, datetime]]:
    """The parts of *begin*–*end* outside every span of *closed* (sorted by start)."""
    current = begin
    for span in closed:
        if span.ends_at <= current or span.starts_at >= end:
            continue
        if span.starts_at > current:
            yield current, span.starts_at
        current = max(current, span.ends_at)
        if current >= end:
            return
    if current < end:
        yield current, end


def add_open_time(
    start: datetime, amount: timedelta, hours: BusinessHours, zone: tzinfo
) -> datetime:
    """The moment when *amount* of open time has passed after *start* (UTC)."""
    remaining = amount
    for begin, end in hours.intervals(start, zone):
        if end - begin >= remaining:
            return begin + remaining
        remaining -= end - begin
    raise ValueError("The business hours never open.")  # pragma: no cover - guarded by parse


def parse_business_hours(text: str) -> BusinessHours:
    """Read business hours as typed; a clear ``ValueError`` when they cannot be read."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned or cleaned in _ALWAYS:
        return BusinessHours()
    periods: list[Period] = []
    for part in re.split(r"[;\n]", text.lower()):
        part = " ".join(part.split())
        if part:
            periods.extend(_parse_part(part, text))
    return BusinessHours(tuple(sorted(set(periods), key=lambda p: (p.weekday, p.start))))


def _parse_part(part: str, original: str) -> list[Period]:
    first = _RANGE.search(part)
    if first is None:
        raise ValueError(
            f"The business hours {original.strip()!r} have no opening times; "
            f"write them like “{_EXAMPLE}”."
        )
    days = _parse_days(part[: first.start()].strip(" ,:"), original)
    ranges = []
    rest = part[first.start() :]
    position = 0
    for match in _RANGE.finditer(rest):
        between = rest[position : match.start()].strip(" ,")
        if between and between != "and":
            raise ValueError(f"{between!r} in the business hours is not a time range.")
        position = match.end()
        start, end = _parse_time(match.group(1)), _parse_time(match.group(2))
        bare = any(re.fullmatch(r"\d{1,2}", g.strip()) for g in match.groups())
        if end < start and bare:
            raise ValueError(
                f"{match.group(0)!r} in the business hours is unclear; "
                "write 24-hour times such as 09:00–17:00."
            )
        ranges.append((start, end))
    if rest[position:].strip(" ,."):
        raise ValueError(f"{rest[position:].strip()!r} in the business hours is not a time range.")
    periods: list[Period] = []
    for start, end in ranges:
        if start == end:
            raise ValueError(
                f"A range in the business hours starts and ends at {_clock(start)}; "
                f"write it like “{_EXAMPLE}”."
            )
        if end < start:
            end += DAY_MINUTES  # runs past midnight
        periods.extend(Period(day, start, end) for day in days)
    return periods


def _parse_days(text: str, original: str) -> tuple[int, ...]:
    if not text:
        return _WEEKDAYS
    if text in ("weekdays", "weekday", "working days"):
        return _WEEKDAYS
    if text in ("daily", "every day", "all week", "mon-sun", "mon–sun"):
        return tuple(range(7))
    if text in ("weekends", "weekend"):
        return (5, 6)
    days: list[int] = []
    for item in re.split(r"\s*(?:,|&|\band\b)\s*", text):
        bounds = re.split(_DASH, item)
        if len(bounds) > 2 or not item:
            raise ValueError(f"{item!r} in the business hours is not a day or range of days.")
        first, last = (_day(b, original) for b in (bounds[0], bounds[-1]))
        day = first
        while True:
            if day not in days:
                days.append(day)
            if day == last:
                break
            day = (day + 1) % 7
    return tuple(days)


def _day(word: str, original: str) -> int:
    key = word.strip().rstrip(".")
    if key not in _DAY_WORDS:
        raise ValueError(
            f"{word.strip()!r} in the business hours {original.strip()!r} is not a day; "
            "use Mon, Tue, Wed, Thu, Fri, Sat or Sun."
        )
    return _DAY_WORDS[key]


def _parse_time(text: str) -> int:
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", text.strip())
    if match is None:  # pragma: no cover - the range pattern only passes times
        raise ValueError(f"{text!r} is not a time.")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text.strip()!r} is not a time of day.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ValueError(f"{text.strip()!r} is not a time of day.")
    return hour * 60 + minute


def _local(day: date, minutes: int, zone: tzinfo) -> datetime:
    """Local wall-clock *minutes* after midnight of *day*, as UTC."""
    days, rest = divmod(minutes, DAY_MINUTES)
    wall = datetime.combine(day + timedelta(days=days), _to_time(rest), tzinfo=zone)
    return wall.astimezone(UTC)


def _to_time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _clock(minutes: int) -> str:
    minutes %= DAY_MINUTES * 2
    if minutes >= DAY_MINUTES and minutes != DAY_MINUTES:
        minutes -= DAY_MINUTES
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days_text(days: list[int]) -> str:
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{DAY_NAMES[days[0]]}–{DAY_NAMES[days[-1]]}"
    return ", ".join(DAY_NAMES[d] for d in days)
