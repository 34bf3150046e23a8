"""Reading a promised time as typed, and the next update by the plan, without the database.

The Log update and Edit promise dialogs read the time the agent types at each keystroke (the
preview under the field). They read it from the case's plan as the updates area last read it
(the client's time zone and business hours, the cadence), in memory, with the same domain rules
the update service applies when the update is stored (both read typed times with
:func:`callnotes.domain.due_text.read_promised_time`): the service checks it again then, so a
plan changed meanwhile is caught. The client's holidays and closures come with the plan, so the
next update by the plan skips them here as it does there, and a time typed on a day the client
is closed can be said so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callnotes.domain.business_hours import BusinessHours, ClosedSpan, parse_business_hours
from callnotes.domain.cadence import CommunicationPlan, next_update_due
from callnotes.domain.due_text import read_promised_time
from callnotes.errors import InvalidInputError


@dataclass(frozen=True)
class PromiseClock:
    """The client's clock and the case's cadence, as the plan says."""

    zone: ZoneInfo
    hours: BusinessHours
    cadence_minutes: int | None
    business_hours_only: bool

    @classmethod
    def of(cls, plan: CommunicationPlan) -> PromiseClock:
        """The clock of *plan* (its hours as described, with the client's holidays and closures;
        unreadable hours count as always open, as the service counts them)."""
        try:
            zone = ZoneInfo(plan.timezone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        try:
            hours = parse_business_hours(plan.business_hours)
        except ValueError:
            hours = BusinessHours()
        hours = hours.with_closed(plan.closed_days)
        return cls(zone, hours, plan.cadence_minutes, plan.business_hours_only)

    def read(self, text: str, now: datetime) -> datetime | None:
        """The time *text* promises ("14:00", "tomorrow 9am", "in 2 hours"), in UTC.

        Empty text: None. Text that states no time: a clear error.
        """
        try:
            return read_promised_time(text, now, self.zone, self.hours)
        except ValueError as exc:
            raise InvalidInputError(str(exc)) from exc

    def by_cadence(self, now: datetime) -> datetime | None:
        """When the next client update would be due if one were given at *now*."""
        return next_update_due(
            now,
            self.cadence_minutes,
            business_hours_only=self.business_hours_only,
            hours=self.hours,
            zone=self.zone,
        )

    def closed_on(self, moment: datetime) -> tuple[ClosedSpan, ...]:
        """The client's holidays and closures on the local day of *moment* (client time)."""
        day = moment.astimezone(self.zone).date()
        start = datetime.combine(day, time(0), self.zone)
        end = datetime.combine(day + timedelta(days=1), time(0), self.zone)
        return self.hours.closed_between(start, end)
