"""The timeline entries issue actions write, and how they are read back.

These sentences are part of the case record (reports print them, the client may hear them), so
they are plain English written here rather than UI strings. History is read back from an
entry's *original* text, so an agent amending the wording later never breaks it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

from callnotes.domain.issues import IssueRecord, IssueStatus
from callnotes.domain.timeline import EntryRecord
from callnotes.domain.timestamps import DAY_NAMES, day_and_month

ORDER_AGREED = "Order agreed with the client"
ORDER_CHANGED = "Order changed after it was agreed"

_STATUS_BY_LABEL = {status.label: status for status in IssueStatus}
# Greedy title: a title may itself contain "”: ", the last one is ours.
_STATUS_TEXT = re.compile(r"^Status of “.*”: (?P<old>.+?) → (?P<new>.+)$", re.DOTALL)


def original_text(entry: EntryRecord) -> str:
    """What the entry said when it was written, before any amendment."""
    return entry.revisions[0].previous_text if entry.revisions else entry.text


def clock_time(moment: datetime, zone: tzinfo) -> str:
    """``10:42 GMT``: a time of day in *zone*, with the zone's abbreviation."""
    local = moment.astimezone(zone)
    return f"{local:%H:%M} {local.tzname() or ''}".strip()


def day_and_time(moment: datetime, zone: tzinfo) -> str:
    """``Tue 3 Mar 14:00 GMT``, with English names whatever the process locale."""
    local = moment.astimezone(zone)
    return f"{DAY_NAMES[local.weekday()]} {day_and_month(local)} " + clock_time(moment, zone)


def order_line(position: int, issue: IssueRecord) -> str:
    """``1. Delivery labels do not print — P1``: how one issue is read back to the client."""
    priority = f"P{issue.priority}" if issue.priority is not None else "no priority yet"
    return f"{position}. {issue.title} — {priority}"


def order_agreed_text(
    ordered: Sequence[IssueRecord], at: datetime, zone: tzinfo, previous_at: datetime | None
) -> str:
    """The DECISION written when the client confirms the order."""
    head = f"{ORDER_AGREED} at {_when(at, zone, at)}"
    if previous_at is not None:
        head += f" (replaces the order agreed at {_when(previous_at, zone, at)})"
    lines = [order_line(n, issue) for n, issue in enumerate(ordered, 1)]
    return head + ":\n" + "\n".join(lines)


def order_changed_text(
    ordered: Sequence[IssueRecord],
    before: Mapping[int, int | None],
    agreed_at: datetime,
    at: datetime,
    zone: tzinfo,
) -> str:
    """The DECISION written when the order moves after the client agreed to it.

    *before* maps issue ids to their previous position; None marks an issue added since.
    """
    lines = []
    for position, issue in enumerate(ordered, 1):
        line = order_line(position, issue)
        was = before.get(issue.id)
        if was is None:
            line += " (added since)"
        elif was != position:
            line += f" (was {was})"
        lines.append(line)
    head = (
        f"{ORDER_CHANGED} at {_when(agreed_at, zone, at)}; not yet confirmed with the client. Now:"
    )
    return head + "\n" + "\n".join(lines)


def is_order_agreed(entry: EntryRecord) -> bool:
    """Whether *entry* records the client confirming the order."""
    return original_text(entry).startswith(ORDER_AGREED)


def is_order_changed(entry: EntryRecord) -> bool:
    """Whether *entry* records the order changing after it was agreed."""
    return original_text(entry).startswith(ORDER_CHANGED)


def status_text(title: str, old: IssueStatus, new: IssueStatus) -> str:
    """``Status of “Labels do not print”: New → Investigating``."""
    return f"Status of “{title}”: {old.label} → {new.label}"


def parse_status(entry: EntryRecord) -> tuple[IssueStatus, IssueStatus] | None:
    """The (old, new) statuses a status entry records, or None for other progress entries."""
    found = _STATUS_TEXT.match(original_text(entry))
    if found is None:
        return None
    old = _STATUS_BY_LABEL.get(found["old"])
    new = _STATUS_BY_LABEL.get(found["new"])
    return (old, new) if old is not None and new is not None else None


def owner_text(title: str, owner: str | None, previous: str | None) -> str:
    """``Owner of “…”: Marco Rossi (was Priya Shah)``."""
    text = f"Owner of “{title}”: {owner or 'nobody'}"
    return text + (f" (was {previous})" if previous else "")


def eta_text(title: str, eta: datetime | None, previous: datetime | None, zone: tzinfo) -> str:
    """``ETA for “…”: Tue 3 Mar 14:00 GMT (was …)`` or ``ETA for “…” removed (was …)``."""
    was = f" (was {day_and_time(previous, zone)})" if previous is not None else ""
    if eta is None:
        return f"ETA for “{title}” removed{was}"
    return f"ETA for “{title}”: {day_and_time(eta, zone)}{was}"


def roadblocks_text(title: str, roadblocks: str) -> str:
    """``Roadblock on “…”: waiting for the vendor`` or ``Roadblocks on “…” cleared``."""
    if not roadblocks:
        return f"Roadblocks on “{title}” cleared"
    return f"Roadblock on “{title}”: {roadblocks}"


def _when(moment: datetime, zone: tzinfo, now: datetime) -> str:
    # The time of day is enough on the same day; an older agreement needs its date.
    if moment.astimezone(zone).date() == now.astimezone(zone).date():
        return clock_time(moment, zone)
    return day_and_time(moment, zone)
