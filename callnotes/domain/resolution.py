"""After resolution: the steps that led to it and when the problem was first known."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from callnotes.domain.timeline import EntryKind, EntryRecord

# What counts as a step towards the fix: something done, decided, or a change of status.
RESOLUTION_KINDS = frozenset({EntryKind.ACTION, EntryKind.DECISION, EntryKind.STATUS_CHANGE})


def steps_to_resolution(entries: Iterable[EntryRecord]) -> tuple[EntryRecord, ...]:
    """The actions, decisions and status changes of a case, in the order they happened."""
    return tuple(e for e in entries if e.kind in RESOLUTION_KINDS)


def client_noticed(first_noticed: Iterable[datetime | None]) -> datetime | None:
    """When the client first noticed: the earliest "first noticed" of the issues, if any."""
    known = [moment for moment in first_noticed if moment is not None]
    return min(known) if known else None


def we_detected(opened_at: datetime, first_entry_at: datetime | None) -> datetime:
    """When we knew: the case being opened, or its first fact if that came earlier."""
    if first_entry_at is None:
        return opened_at
    return min(opened_at, first_entry_at)


def detection_gap(noticed: datetime | None, detected: datetime | None) -> timedelta | None:
    """How long the client knew before we did (negative: we knew first)."""
    if noticed is None or detected is None:
        return None
    return detected - noticed


def changed_since(
    away_since: datetime | None, opened_at: datetime, handed_over_at: datetime | None
) -> datetime:
    """Since when the returning colleague needs the changes: since they went away.

    Without a recorded absence, when it began before the case was opened (the whole case
    happened while they were away), or after the case was handed back (a later absence, not
    the one this case fell into), since the case was opened.
    """
    if (
        away_since is None
        or away_since < opened_at
        or (handed_over_at is not None and away_since > handed_over_at)
    ):
        return opened_at
    return away_since
