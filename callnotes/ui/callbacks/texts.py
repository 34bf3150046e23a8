"""The words of the call-back queue and of a call's outcome."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication

from callnotes.domain.cadence import DueState, due_state, format_duration, local_clock
from callnotes.domain.call_backs import CallBackReason, CallBackRecord
from callnotes.domain.calls import CallOutcome
from callnotes.domain.phones import display_number


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallBackTexts", text)


def outcome_label(outcome: CallOutcome) -> str:
    """The outcome as the wrap-up names it."""
    return {
        CallOutcome.RESOLVED: _tr("Resolved on the call"),
        CallOutcome.ESCALATED: _tr("Escalated"),
        CallOutcome.CALL_BACK: _tr("Call-back promised"),
        CallOutcome.INFORMATION: _tr("Information only"),
        CallOutcome.WRONG_NUMBER: _tr("Wrong number"),
    }[outcome]


def reason_label(reason: CallBackReason) -> str:
    """Why the client waits."""
    return {
        CallBackReason.MISSED: _tr("missed call"),
        CallBackReason.VOICEMAIL: _tr("voicemail"),
        CallBackReason.ASKED: _tr("asked to be called back"),
    }[reason]


def who(record: CallBackRecord) -> str:
    """ "Dana Whitfield, Northwind Logistics", or the number alone."""
    names = [n for n in (record.caller_name, record.client_name) if n]
    return ", ".join(dict.fromkeys(names)) or display_number(record.number)


def _zone(record: CallBackRecord) -> ZoneInfo:
    try:
        return ZoneInfo(record.client_timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def due_words(record: CallBackRecord, now: datetime) -> str:
    """``due in 12 min (09:30 client time)``, ``due now (…)``, ``overdue 5 min (was due …)``.

    Said as the promises and the update countdown say it, on the client's clock.
    """
    when = local_clock(record.due_at, now, _zone(record))
    state = due_state(record.due_at, now)
    if state is DueState.OVERDUE:
        return _tr("overdue {late} (was due {when}, client time)").format(
            late=format_duration(now - record.due_at), when=when
        )
    if state is DueState.DUE:
        return _tr("due now ({when}, client time)").format(when=when)
    return _tr("due in {left} ({when}, client time)").format(
        left=format_duration(record.due_at - now), when=when
    )


def row_title(record: CallBackRecord) -> str:
    """The first line of a queue row: who waits."""
    return who(record)


def row_detail(record: CallBackRecord, now: datetime) -> str:
    """The second line: ``+44 20 7946 0321 · missed call · due in 12 min (09:30 client time)``."""
    text = _tr("{number} · {reason} · {due}").format(
        number=display_number(record.number),
        reason=reason_label(record.reason),
        due=due_words(record, now),
    )
    return f"{text} — {record.note}" if record.note else text


def row_text(record: CallBackRecord, now: datetime) -> str:
    """One row of the queue, as a screen reader reads it."""
    return f"{row_title(record)} — {row_detail(record, now)}"


def bar_text(records: list[CallBackRecord], now: datetime) -> str:
    """The reminder bar: how many wait, how many are due, the next one."""
    due = sum(1 for r in records if r.is_due(now))
    first = records[0]
    if len(records) == 1:
        head = _tr("1 call-back waiting")
    else:
        head = _tr("{n} call-backs waiting").format(n=len(records))
    if due:
        head += _tr(", {n} due now").format(n=due)
    return _tr("{head} — next: {who}, {due}").format(
        head=head, who=who(first), due=due_words(first, now)
    )
