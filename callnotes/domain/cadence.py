"""The update cadence: how often the client hears from us, when the next update is due, and how
long is left.

Rules (plain Python, times in aware UTC, the client's zone passed in):

- The cadence is suggested from the highest priority among the case's open issues:
  P1 every 2 hours, P2 every 4 hours, P3 daily, P4 weekly, P5 (or nothing rated) on change.
- The next update is due one cadence after the last update. When the plan counts business
  hours only, a cadence shorter than a day counts only open time (an update at 16:30 on Friday
  with a 2-hour cadence and Mon–Fri 09:00–17:30 hours is due at 10:00 on Monday); a cadence of
  a day or more is counted on the calendar and, if it ends while the client is closed, moves to
  when they next open (a daily update from Friday 15:00 is due on Monday at opening).
- The client's public holidays and closures are closed like weekends: a daily update from
  Thursday 15:00 before a Friday holiday is due on Monday at opening.
- While we wait on the client the update clock is paused: on resuming, the update due moves
  later by the time paused (:func:`resume_due`). An update given to the client ends the pause:
  the clock restarts from that update.
- A next update told to the client (the time logged with an update to them, typed or filled in
  from the plan: their record says "Next update by …") is a promise. A change of their calendar,
  time zone, hours or of the plan keeps it as promised; only a time never told to the client
  (counted from the cadence) is recounted, and never one already due: late is late until an
  update is logged (:func:`recounted_due`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from callnotes.domain.business_hours import BusinessHours, ClosedSpan, add_open_time
from callnotes.domain.next_update import NextUpdate, next_update

HOUR = 60
DAY = 24 * HOUR
WEEK = 7 * DAY
#: Suggested minutes between updates per priority; None: update when something changes.
CADENCE_BY_PRIORITY: dict[int, int | None] = {1: 2 * HOUR, 2: 4 * HOUR, 3: DAY, 4: WEEK, 5: None}
#: How long before the due time an update counts as due soon.
DUE_SOON = timedelta(minutes=15)
_WHY = {
    1: "production is affected, so the client hears from us every 2 hours",
    2: "it hurts a department now, so the client hears from us every 4 hours",
    3: "it matters but can wait a little, so one update a day keeps the client informed",
    4: "it is minor, so a weekly update is enough",
    5: "it is minor, so we update the client when something changes",
}


@dataclass(frozen=True)
class CadenceSuggestion:
    """A cadence to propose to the client, and why in one sentence."""

    minutes: int | None
    priority: int | None
    business_hours_only: bool
    reason: str
    #: How the client prefers to hear from us (a ``ContactMethod`` value), when known.
    channel: str | None = None


@dataclass(frozen=True)
class CommunicationPlan:
    """How a case's client is kept informed, with what is needed to count down to the next update.

    ``cadence_minutes`` None means "on change"; ``agreed_at`` None means not agreed yet.
    """

    case_id: int
    cadence_minutes: int | None
    channel: str | None
    agreed_at: datetime | None
    business_hours_only: bool
    next_update_due_at: datetime | None
    client_name: str
    contact_name: str
    timezone: str
    business_hours: str
    last_client_update_at: datetime | None
    #: Why the client's business hours could not be read (then they count as always open).
    hours_problem: str = ""
    #: Since when the update clock is paused, waiting on the client (None: running).
    paused_since: datetime | None = None
    #: The client's holidays and closures between now and the next update due.
    closed_before_due: tuple[ClosedSpan, ...] = ()
    #: All the client's holidays and closures known (what a promised time may land on).
    closed_days: tuple[ClosedSpan, ...] = ()
    #: The due times of the open promises to contact the client (the client may read them).
    client_promises: tuple[datetime, ...] = ()

    def next_update(self, now: datetime) -> NextUpdate:
        """The next update at *now* as every document names it
        (:func:`callnotes.domain.next_update.next_update`)."""
        return next_update(
            self.next_update_due_at, self.client_promises, now, paused_since=self.paused_since
        )

    @property
    def paused(self) -> bool:
        """The update clock is paused while we wait on the client."""
        return self.paused_since is not None

    @property
    def agreed(self) -> bool:
        """The client agreed to this plan."""
        return self.agreed_at is not None


class DueState(StrEnum):
    """Where a due time stands at a moment."""

    NONE = "none"
    LATER = "later"
    SOON = "soon"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def needs_attention(self) -> bool:
        """Due now or overdue: the agent should act."""
        return self in (DueState.DUE, DueState.OVERDUE)


def suggest_cadence(priorities: Iterable[int | None]) -> CadenceSuggestion:
    """A cadence from the priorities of the open issues (None: not rated yet)."""
    rated = [p for p in priorities if p is not None]
    if not rated:
        return CadenceSuggestion(
            None, None, True, "No open issue is rated yet, so update the client when something "
            "changes; rate the issues for a regular plan."
        )  # fmt: skip
    top = min(rated)
    minutes = CADENCE_BY_PRIORITY[top]
    return CadenceSuggestion(
        minutes,
        top,
        True,
        f"The most urgent open issue is P{top}: {_WHY[top]}, in the client's business hours.",
    )


def describe_cadence(minutes: int | None) -> str:
    """``every 2 h``, ``every 45 min``, ``daily``, ``weekly`` or ``on change``."""
    if not minutes:
        return "on change"
    if minutes % WEEK == 0:
        weeks = minutes // WEEK
        return "weekly" if weeks == 1 else f"every {weeks} weeks"
    if minutes % DAY == 0:
        days = minutes // DAY
        return "daily" if days == 1 else f"every {days} days"
    return f"every {format_duration(timedelta(minutes=minutes))}"


def next_update_due(
    last: datetime,
    cadence_minutes: int | None,
    *,
    business_hours_only: bool,
    hours: BusinessHours,
    zone: tzinfo,
) -> datetime | None:
    """When the update after one given at *last* is due (UTC); None for "on change"."""
    if not cadence_minutes:
        return None
    last = last.astimezone(UTC)
    step = timedelta(minutes=cadence_minutes)
    if not business_hours_only or hours.never_closed:
        return last + step
    if cadence_minutes < DAY:
        return add_open_time(last, step, hours, zone)
    return hours.next_open(last + step, zone)


def recounted_due(
    current: datetime | None, recounted: datetime | None, *, promised: bool, now: datetime
) -> datetime | None:
    """The next update due after a change of the client's clock or of the plan.

    *current* is the next update due now, *recounted* the one counted afresh from the last
    update; *promised* says *current* was told to the client. A promise stays as promised, and
    an update already due (late included) stays due: a recount never hides a late update.
    """
    if current is None:
        return recounted
    if promised or current <= now:
        return current
    return recounted


def resume_due(
    due: datetime | None,
    paused_since: datetime,
    now: datetime,
    *,
    business_hours_only: bool,
    hours: BusinessHours,
    zone: tzinfo,
) -> datetime | None:
    """The update due after a pause from *paused_since* to *now*: later by the time paused,
    then (in business hours) at the client's next open moment if that lands while closed."""
    if due is None:
        return None
    paused = max(now - paused_since, timedelta(0))
    moved = due.astimezone(UTC) + paused
    if not business_hours_only or hours.never_closed:
        return moved
    return hours.next_open(moved, zone)


def due_state(due: datetime | None, now: datetime, soon: timedelta = DUE_SOON) -> DueState:
    """Whether *due* is later, soon, now (within its minute) or overdue at *now*."""
    if due is None:
        return DueState.NONE
    late = now - due
    if late >= timedelta(minutes=1):
        return DueState.OVERDUE
    if late >= timedelta(0):
        return DueState.DUE
    return DueState.SOON if -late <= soon else DueState.LATER


def format_duration(delta: timedelta) -> str:
    """``1 h 20 min``, ``25 min``, ``2 d 3 h``, ``less than a minute``: rounded down."""
    minutes = int(abs(delta).total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, DAY)
    hours, mins = divmod(rest, HOUR)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def local_clock(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """``14:00`` today in *zone*, ``Mon 09:00`` within a week, else ``3 Mar 09:00``."""
    local, today = moment.astimezone(zone), now.astimezone(zone)
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if abs((local.date() - today.date()).days) < 7:
        return local.strftime("%a %H:%M")
    return f"{local.day} {local.strftime('%b %H:%M')}"


def format_countdown(
    due: datetime | None, now: datetime, zone: tzinfo, what: str = "next update"
) -> str:
    """``next update due 14:00 (client time), in 1 h 20 min`` or ``… overdue by 25 min``."""
    if due is None:
        return f"no {what} due"
    state = due_state(due, now)
    when = local_clock(due, now, zone)
    if state is DueState.OVERDUE:
        return f"{what} was due {when} (client time), overdue by {format_duration(now - due)}"
    if state is DueState.DUE:
        return f"{what} due now ({when} client time)"
    return f"{what} due {when} (client time), in {format_duration(due - now)}"
