"""The case over time as chart marks: noticed, known, updates against the cadence, escalation
attempts, issues fixed; and the team's view across open cases (pure functions, times in UTC).

An update is due one cadence after the one before it (the first one cadence after we knew),
unless the update before promised a time: then that promise is what it is measured against.
An update given at or before its due time is on time; after it, late.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class MarkKind(StrEnum):
    """What a mark on the case's chart stands for."""

    NOTICED = "noticed"
    KNEW = "knew"
    UPDATE_ON_TIME = "update_on_time"
    UPDATE_LATE = "update_late"
    UPDATE_DUE = "update_due"
    ESCALATION = "escalation"
    FIXED = "fixed"

    @property
    def lane(self) -> str:
        """The row of the chart the mark is drawn on."""
        return _LANES[self]

    @property
    def label(self) -> str:
        """What the mark is, in a few words (the legend's and the table's)."""
        return _LABELS[self]


LANES = ("The problem", "Updates to the client", "Escalation attempts", "Issues fixed")
_LANES = {
    MarkKind.NOTICED: LANES[0],
    MarkKind.KNEW: LANES[0],
    MarkKind.UPDATE_ON_TIME: LANES[1],
    MarkKind.UPDATE_LATE: LANES[1],
    MarkKind.UPDATE_DUE: LANES[1],
    MarkKind.ESCALATION: LANES[2],
    MarkKind.FIXED: LANES[3],
}
_LABELS = {
    MarkKind.NOTICED: "Client noticed",
    MarkKind.KNEW: "We knew",
    MarkKind.UPDATE_ON_TIME: "Update given on time",
    MarkKind.UPDATE_LATE: "Update given late",
    MarkKind.UPDATE_DUE: "Update due",
    MarkKind.ESCALATION: "Escalation attempt",
    MarkKind.FIXED: "Issue fixed",
}


@dataclass(frozen=True)
class ChartMark:
    """One fact on the chart: its kind, when, and a short text (an issue's title, say)."""

    kind: MarkKind
    at: datetime
    text: str = ""
    #: For an update: when it was due (None: no cadence nor promise to measure it against).
    due_at: datetime | None = None

    @property
    def late_by(self) -> timedelta | None:
        """How late an update was given (None when on time or not measured)."""
        if self.due_at is None or self.at <= self.due_at:
            return None
        return self.at - self.due_at


@dataclass(frozen=True)
class CaseChart:
    """The marks of one case, oldest first, and the span of time the chart covers."""

    start: datetime
    end: datetime
    marks: tuple[ChartMark, ...]

    @property
    def updates_on_time(self) -> int:
        """Updates given by their due time."""
        return sum(1 for m in self.marks if m.kind is MarkKind.UPDATE_ON_TIME)

    @property
    def updates_late(self) -> int:
        """Updates given after their due time."""
        return sum(1 for m in self.marks if m.kind is MarkKind.UPDATE_LATE)


@dataclass(frozen=True)
class GivenUpdate:
    """An update given to the client, and the next one it promised."""

    at: datetime
    next_promised_at: datetime | None = None


def update_marks(
    updates: Iterable[GivenUpdate],
    *,
    knew_at: datetime,
    cadence_minutes: int | None,
    next_due_at: datetime | None = None,
) -> tuple[ChartMark, ...]:
    """Each update measured against its due time, and the next one still due (if given)."""
    cadence = timedelta(minutes=cadence_minutes) if cadence_minutes else None
    marks: list[ChartMark] = []
    previous_at, promised = knew_at, None
    for update in sorted(updates, key=lambda u: u.at):
        due = promised or (previous_at + cadence if cadence else None)
        late = due is not None and update.at > due
        kind = MarkKind.UPDATE_LATE if late else MarkKind.UPDATE_ON_TIME
        marks.append(ChartMark(kind, update.at, due_at=due))
        previous_at, promised = update.at, update.next_promised_at
    if next_due_at is not None:
        marks.append(ChartMark(MarkKind.UPDATE_DUE, next_due_at, due_at=next_due_at))
    return tuple(marks)


def case_chart(
    *,
    noticed_at: datetime | None,
    knew_at: datetime,
    updates: Iterable[GivenUpdate],
    cadence_minutes: int | None,
    next_due_at: datetime | None,
    escalations: Iterable[tuple[datetime, str]],
    fixed: Iterable[tuple[datetime, str]],
    now: datetime,
) -> CaseChart:
    """The chart of one case from its facts; it spans from the first fact to *now* (or the last
    fact, if later: a next update due tomorrow)."""
    marks: list[ChartMark] = []
    if noticed_at is not None:
        marks.append(ChartMark(MarkKind.NOTICED, noticed_at))
    marks.append(ChartMark(MarkKind.KNEW, knew_at))
    marks.extend(
        update_marks(
            updates, knew_at=knew_at, cadence_minutes=cadence_minutes, next_due_at=next_due_at
        )
    )
    marks.extend(ChartMark(MarkKind.ESCALATION, at, text) for at, text in escalations)
    marks.extend(ChartMark(MarkKind.FIXED, at, text) for at, text in fixed)
    marks.sort(key=lambda m: m.at)
    start = marks[0].at
    end = max(now, marks[-1].at)
    if end - start < timedelta(hours=1):
        end = start + timedelta(hours=1)
    return CaseChart(start=start, end=end, marks=tuple(marks))


# The team's view ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseUpdates:
    """One open case's updates to the client: how many were on time, how many late."""

    case_id: int
    title: str
    on_time: int
    late: int


@dataclass(frozen=True)
class Bucket:
    """One bar of a chart that counts things: its label and how many."""

    label: str
    count: int


@dataclass(frozen=True)
class TeamView:
    """Across all open cases: updates on time vs late, promises by due time, cases by age."""

    updates: tuple[CaseUpdates, ...]
    promises: tuple[Bucket, ...]
    ages: tuple[Bucket, ...]

    @property
    def empty(self) -> bool:
        """Whether there is no open case at all."""
        return not self.updates and not any(b.count for b in self.ages)


PROMISE_BUCKETS = ("Overdue", "Within 2 hours", "Later today", "Later", "No due time")
AGE_BUCKETS = ("Under a day", "1–3 days", "3–7 days", "Over a week")


def promises_by_due(due_times: Sequence[datetime | None], now: datetime) -> tuple[Bucket, ...]:
    """Open promises counted by when they fall due, seen from *now* (the day ends 24 h on)."""
    counts = dict.fromkeys(PROMISE_BUCKETS, 0)
    for due in due_times:
        if due is None:
            counts["No due time"] += 1
        elif due < now:
            counts["Overdue"] += 1
        elif due <= now + timedelta(hours=2):
            counts["Within 2 hours"] += 1
        elif due <= now + timedelta(hours=24):
            counts["Later today"] += 1
        else:
            counts["Later"] += 1
    return tuple(Bucket(label, n) for label, n in counts.items())


def cases_by_age(opened: Sequence[datetime], now: datetime) -> tuple[Bucket, ...]:
    """Open cases counted by how long they have been open."""
    counts = dict.fromkeys(AGE_BUCKETS, 0)
    for at in opened:
        age = now - at
        if age < timedelta(days=1):
            counts[AGE_BUCKETS[0]] += 1
        elif age < timedelta(days=3):
            counts[AGE_BUCKETS[1]] += 1
        elif age < timedelta(days=7):
            counts[AGE_BUCKETS[2]] += 1
        else:
            counts[AGE_BUCKETS[3]] += 1
    return tuple(Bucket(label, n) for label, n in counts.items())
