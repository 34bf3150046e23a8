"""The demo's clock: the sample call happened just before the demo was loaded, at any hour.

The story ("back by 11:30", "trucks leave at 16:00") was written for a call at 09:05 in London.
Loaded at another hour, every time is moved with the call, and every clock time the notes
mention is read from the moved times, so the notes, the promises and the countdowns agree:
freshly loaded, nothing is overdue and the next update is still to come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: The demo client's time zone: the times in the notes are read on this clock.
ZONE = ZoneInfo("Europe/London")
#: When the demo is loaded, the call began this long ago (the story's last note is at +45 min).
SINCE_CALL = timedelta(minutes=50)


def demo_call_start(now: datetime) -> datetime:
    """When the demo call began, for a demo loaded at *now*: 50 minutes before, on a 5-minute
    mark."""
    start = (now - SINCE_CALL).astimezone(UTC)
    return start.replace(minute=start.minute - start.minute % 5, second=0, microsecond=0)


def weekday_morning(day: date) -> datetime:
    """09:05 London time on *day*, or on the last weekday before it: a past story's start."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(9, 5), ZONE).astimezone(UTC)


@dataclass(frozen=True)
class Story:
    """The times of the main demo case, all from the call's start."""

    start: datetime

    def at(self, minutes: int) -> datetime:
        """*minutes* after the call began."""
        return self.start + timedelta(minutes=minutes)

    @property
    def driver_pushed(self) -> datetime:
        """The printer driver update that broke the labels (22:40 the night before)."""
        return self.start - timedelta(hours=10, minutes=25)

    @property
    def first_noticed(self) -> datetime:
        """When the warehouse first saw nothing print (06:05)."""
        return self.start - timedelta(hours=3)

    @property
    def dispatch(self) -> datetime:
        """The trucks' departure (16:00)."""
        return self.start + timedelta(hours=6, minutes=55)

    @property
    def priya_back(self) -> datetime:
        """The end of Priya's off-site meeting (15:00)."""
        return self.start + timedelta(hours=5, minutes=55)

    @property
    def opens(self) -> int:
        """The hour the client's day starts (08:00): the full hour before the call, less one."""
        return (self.start - timedelta(minutes=65)).astimezone(ZONE).hour

    def clock(self, moment: datetime) -> str:
        """``11:30``: *moment* on the client's clock."""
        return moment.astimezone(ZONE).strftime("%H:%M")

    def hours(self, length: int) -> str:
        """``08:00-18:00``: *length* hours from the start of the client's day."""
        return f"{self.opens:02d}:00-{(self.opens + length) % 24:02d}:00"

    def days(self) -> str:
        """``weekday``, or ``day`` when the call happens at a weekend."""
        return "weekday" if self.start.astimezone(ZONE).weekday() < 5 else "day"

    def business_hours(self) -> str:
        """``08:00-18:00`` (Monday to Friday), or every day when the call is at a weekend."""
        hours = self.hours(10)
        return hours if self.days() == "weekday" else f"daily {hours}"

    def day_of(self, moment: datetime) -> str:
        """``today`` when *moment* falls on the day of the call, else ``tomorrow``."""
        same = moment.astimezone(ZONE).date() == self.start.astimezone(ZONE).date()
        return "today" if same else "tomorrow"

    def since(self, moment: datetime) -> str:
        """``this morning``, ``last night``…: *moment*, earlier than the call, in words."""
        local = moment.astimezone(ZONE)
        days = (self.start.astimezone(ZONE).date() - local.date()).days
        if days == 0:
            if local.hour < 12:
                return "this morning"
            return "this afternoon" if local.hour < 18 else "this evening"
        if days == 1:
            return "last night" if local.hour >= 18 else "yesterday"
        return "on " + local.strftime("%A")
