"""The words of the call-back queue and of a call's outcome."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication

from callnotes.domain.call_backs import CallBackReason, CallBackRecord
from callnotes.domain.calls import CallOutcome
from callnotes.domain.phones import display_number
from callnotes.domain.team import short_when


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


def due_words(record: CallBackRecord, now: datetime) -> str:
    """ "due 09:00 (client's time)", "overdue since 14:10": in the client's zone."""
    try:
        zone = ZoneInfo(record.client_timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = ZoneInfo("UTC")
    when = short_when(record.due_at, now, zone)
    if record.due_at <= now:
        return _tr("due since {when}").format(when=when)
    return _tr("due {when}").format(when=when)


def row_text(record: CallBackRecord, now: datetime) -> str:
    """One line of the queue."""
    return _tr("{who} · {number} · {reason} · {due} (their time)").format(
        who=who(record),
        number=display_number(record.number),
        reason=reason_label(record.reason),
        due=due_words(record, now),
    )


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
