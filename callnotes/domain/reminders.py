"""Reminders for promises: which open commitments are due or overdue at a moment, with snooze."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from callnotes.domain.cadence import DueState, due_state
from callnotes.domain.commitments import CommitmentRecord, CommitmentState

#: The snooze the reminder bar offers.
DEFAULT_SNOOZE = timedelta(minutes=15)


@dataclass(frozen=True)
class TrackedCommitment:
    """A commitment as the ledger shows it: the record, its entry, its snooze and when it closed."""

    record: CommitmentRecord
    entry_id: int | None
    snoozed_until: datetime | None
    closed_at: datetime | None

    @property
    def id(self) -> int:
        """The commitment's id."""
        return self.record.id

    @property
    def is_open(self) -> bool:
        """Still to keep."""
        return self.record.state is CommitmentState.OPEN

    def state_at(self, now: datetime) -> DueState:
        """Later, soon, due or overdue at *now*; NONE when closed or without a due time."""
        if not self.is_open:
            return DueState.NONE
        return due_state(self.record.due_at, now)

    def snoozed_at(self, now: datetime) -> bool:
        """The agent asked not to be reminded until after *now*."""
        return self.snoozed_until is not None and self.snoozed_until > now


@dataclass(frozen=True)
class CommitmentReminder:
    """An open commitment that needs the agent now."""

    commitment: TrackedCommitment
    state: DueState
    late_by: timedelta


def commitment_reminders(
    commitments: Iterable[TrackedCommitment], now: datetime, *, include_snoozed: bool = False
) -> list[CommitmentReminder]:
    """Open commitments due or overdue at *now*, most overdue first; snoozed ones left out."""
    result = []
    for item in commitments:
        state = item.state_at(now)
        if not state.needs_attention:
            continue
        if item.snoozed_at(now) and not include_snoozed:
            continue
        assert item.record.due_at is not None
        result.append(CommitmentReminder(item, state, now - item.record.due_at))
    return sorted(result, key=lambda r: (-r.late_by, r.commitment.id))


def ledger_order(commitments: Iterable[TrackedCommitment]) -> list[TrackedCommitment]:
    """Open first, soonest due first (undated after dated), then closed ones, latest first."""
    items = list(commitments)
    open_items = sorted(
        (c for c in items if c.is_open),
        key=lambda c: (c.record.due_at is None, c.record.due_at or c.record.created_at, c.id),
    )
    closed = sorted(
        (c for c in items if not c.is_open),
        key=lambda c: (c.closed_at or c.record.created_at, c.id),
        reverse=True,
    )
    return open_items + closed
