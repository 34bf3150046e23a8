"""Calls that slip: a ring nobody answered, a voicemail, a "please call me back".

Each waits in the call-back queue with a due time: the promise made to the client if one falls
due first, else the client's business hours (within :data:`CALL_BACK_WITHIN` while they are
open, else when they next open, in their own zone). Starting any call to the number clears it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from callnotes.domain.business_hours import BusinessHours
from callnotes.domain.timestamps import require_aware

#: How soon a call-back is due when the client is open at the time of the missed call.
CALL_BACK_WITHIN = timedelta(minutes=30)


class CallBackReason(StrEnum):
    """Why the client waits for a call."""

    MISSED = "missed"  # it rang out unanswered
    VOICEMAIL = "voicemail"  # they left a message
    ASKED = "asked"  # "please call me back"


@dataclass(frozen=True)
class CallBackRecord:
    """One call the agent owes a client, as the queue shows it."""

    id: int
    number: str  # E.164
    caller_name: str  # the contact's name, the softphone's, or empty
    client_id: int | None
    client_name: str
    client_timezone: str
    case_id: int | None
    reason: CallBackReason
    created_at: datetime
    due_at: datetime
    done_at: datetime | None
    call_id: int | None  # the call that cleared it
    note: str = ""  # what the agent wrote down with it (internal)
    contact_id: int | None = None  # the caller, when the number was known

    @property
    def done(self) -> bool:
        """Whether the call has been made (or the agent marked it done)."""
        return self.done_at is not None

    def is_due(self, now: datetime) -> bool:
        """Whether it is due (or overdue) at *now*."""
        return self.due_at <= now


@dataclass(frozen=True)
class CallBackDraft:
    """A call-back the agent is about to record by hand, as the dialog proposes it."""

    number: str  # E.164
    caller_name: str
    client_name: str
    client_timezone: str
    business_hours: str  # as the client's card says them
    due_at: datetime  # by :func:`call_back_due`, the agent may change it


def call_back_due(
    since: datetime,
    hours: BusinessHours,
    zone: tzinfo,
    promise_due: datetime | None = None,
    within: timedelta = CALL_BACK_WITHIN,
) -> datetime:
    """When a call-back asked for (or missed) at *since* is due, in UTC.

    Within *within* if the client is open at *since*, else when they next open; a promise to
    the client falling due before that (and not already past) is the deadline instead.
    """
    since = require_aware(since)
    opening = hours.next_open(since, zone)
    by_hours = since + within if opening <= since else opening
    if promise_due is not None and since <= require_aware(promise_due) < by_hours:
        return promise_due
    return by_hours


def due_first(call_backs: list[CallBackRecord]) -> list[CallBackRecord]:
    """The open call-backs, the one due first at the top (then the oldest)."""
    waiting = [c for c in call_backs if not c.done]
    return sorted(waiting, key=lambda c: (c.due_at, c.created_at, c.id))
