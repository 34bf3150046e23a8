"""The words of the updates area: plan, countdown, promises, log lines and reminders, translated.

Times are shown on the client's clock (their time zone), as the agent reads them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication

from callnotes.domain.business_hours import ClosedSpan
from callnotes.domain.cadence import (
    CommunicationPlan,
    DueState,
    describe_cadence,
    due_state,
    format_duration,
    local_clock,
)
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.communications import (
    Audience,
    Channel,
    CommunicationKind,
    CommunicationRecord,
)
from callnotes.domain.reminders import CommitmentReminder, TrackedCommitment
from callnotes.domain.sentences import join_sentences
from callnotes.domain.team_notices import TeamNoticeRecord


def _tr(text: str) -> str:
    return QCoreApplication.translate("UpdateTexts", text)


def audience_label(value: Audience) -> str:
    """``Client``, ``Team``, ``Manager``."""
    return {
        Audience.CLIENT: _tr("Client"),
        Audience.TEAM: _tr("Team"),
        Audience.MANAGER: _tr("Manager"),
    }[value]


def channel_label(value: Channel | str) -> str:
    """``Phone``, ``E-mail``, ``SMS``, ``Chat``, ``Meeting``."""
    return {
        Channel.PHONE: _tr("Phone"),
        Channel.EMAIL: _tr("E-mail"),
        Channel.SMS: _tr("SMS"),
        Channel.CHAT: _tr("Chat"),
        Channel.MEETING: _tr("Meeting"),
    }[Channel(value)]


def kind_label(value: CommunicationKind) -> str:
    """``Routine``, ``Cause identified``, …"""
    return {
        CommunicationKind.ROUTINE: _tr("Routine"),
        CommunicationKind.CAUSE_IDENTIFIED: _tr("Cause identified"),
        CommunicationKind.PLAN: _tr("Plan"),
        CommunicationKind.ETA: _tr("ETA"),
        CommunicationKind.ROADBLOCK: _tr("Roadblock"),
        CommunicationKind.NEW_INFORMATION: _tr("New information"),
    }[value]


def cadence_label(minutes: int | None) -> str:
    """``every 2 h``, ``daily``, ``on change``."""
    return _tr(describe_cadence(minutes))


def plan_line(plan: CommunicationPlan, now: datetime, zone: tzinfo, *, plan_key: str = "") -> str:
    """``Updates every 2 h by phone, in business hours · agreed 09:25``.

    *plan_key*: the key that opens the plan, named when the plan is not agreed yet.
    """
    text = _tr("Updates {cadence}").format(cadence=cadence_label(plan.cadence_minutes))
    if plan.channel:
        text += _tr(" by {channel}").format(channel=channel_label(plan.channel).lower())
    if plan.cadence_minutes and plan.business_hours_only:
        text += _tr(", in business hours")
    if plan.agreed_at is not None:
        text += _tr(" · agreed {when}").format(when=local_clock(plan.agreed_at, now, zone))
    else:
        text += (
            _tr(" · not agreed with the client yet ({key})").format(key=plan_key)
            if plan_key
            else _tr(" · not agreed with the client yet")
        )
    return text


def paused_text(plan: CommunicationPlan, now: datetime, zone: tzinfo) -> str:
    """``paused since 10:42 — waiting on the client`` (client time)."""
    assert plan.paused_since is not None
    return _tr("paused since {when} — waiting on the client").format(
        when=local_clock(plan.paused_since, now, zone)
    )


def closed_text(plan: CommunicationPlan, limit: int = 3) -> str:
    """``the client is closed for Christmas Day, Boxing Day`` (empty when nothing is closed)."""
    names = list(dict.fromkeys(span.name for span in plan.closed_before_due))
    if not names:
        return ""
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += _tr(" and {n} more").format(n=len(names) - limit)
    return _tr("the client is closed for {names}").format(names=shown)


def closed_day_text(spans: Sequence[ClosedSpan], due: datetime, zone: tzinfo) -> str:
    """What the client's closures that day mean for a time *due* on it (client time).

    ``the client is closed that day: Christmas Day``, ``the client is closed then: Fire drill
    (14:00–16:00)``, or, a closure that day at another time, ``the client is open then; closed
    only 14:00–16:00 for Fire drill that day`` (a few hours, never worded as the whole day);
    empty when nothing is closed that day.
    """
    day = due.astimezone(zone).date()
    whole: list[str] = []
    during: list[str] = []
    other: list[str] = []
    for span in spans:
        start, end = span.starts_at.astimezone(zone), span.ends_at.astimezone(zone)
        from_midnight = start.date() < day or (start.hour, start.minute) == (0, 0)
        if from_midnight and end.date() > day:
            whole.append(span.name)
            continue
        opens = "00:00" if start.date() < day else f"{start:%H:%M}"
        closes = "24:00" if end.date() > day else f"{end:%H:%M}"
        hours = f"{opens}–{closes}"
        if span.starts_at <= due < span.ends_at:
            during.append(f"{span.name} ({hours})")
        else:
            other.append(_tr("{hours} for {name}").format(hours=hours, name=span.name))
    if whole:
        names = ", ".join(dict.fromkeys(whole))
        return _tr("the client is closed that day: {names}").format(names=names)
    if during:
        names = ", ".join(dict.fromkeys(during))
        return _tr("the client is closed then: {names}").format(names=names)
    if other:
        return _tr("the client is open then; closed only {closures} that day").format(
            closures=", ".join(dict.fromkeys(other))
        )
    return ""


def countdown(plan: CommunicationPlan, now: datetime, zone: tzinfo) -> str:
    """``Next update due 14:00 (client time), in 1 h 20 min`` or ``… overdue by 25 min``;
    ``Next update paused since 10:42 — waiting on the client``; the client's holidays and
    closures before the due time on a second line. The time is the next update as every
    document names it (``CommunicationPlan.next_update``)."""
    text = _countdown(plan, now, zone)
    closed = closed_text(plan)
    if closed and not plan.paused:
        text += "\n" + _tr("Moved on: {closed}.").format(closed=closed)
    return text


def _countdown(plan: CommunicationPlan, now: datetime, zone: tzinfo) -> str:
    # The next update the documents name too: a promise to call the client sooner counts.
    due = plan.next_update(now).at
    if plan.paused:
        return _tr("Next update {paused}").format(paused=paused_text(plan, now, zone))
    if due is None:
        return _tr("No update time agreed yet.")
    when = local_clock(due, now, zone)
    state = due_state(due, now)
    if state is DueState.OVERDUE:
        return _tr("Next update overdue by {late} (was due {when}, client time)").format(
            late=format_duration(now - due), when=when
        )
    if state is DueState.DUE:
        return _tr("Next update due now ({when}, client time)").format(when=when)
    return _tr("Next update due {when} (client time), in {left}").format(
        when=when, left=format_duration(due - now)
    )


def client_time_line(plan: CommunicationPlan, now: datetime, zone: tzinfo) -> str:
    """``Client time 10:12 · Mon–Fri 08:00–18:00 · Europe/London``."""
    hours = plan.business_hours if plan.business_hours != "always" else _tr("no set hours")
    text = _tr("Client time {now} · {hours} · {zone}").format(
        now=now.astimezone(zone).strftime("%H:%M"), hours=hours, zone=plan.timezone
    )
    if plan.hours_problem:
        text += "\n" + _tr("Business hours not understood: {problem}").format(
            problem=plan.hours_problem
        )
    return text


def due_bar_text(plan: CommunicationPlan, now: datetime, zone: tzinfo) -> str:
    """``Update to Dana Whitfield due now`` / ``… overdue by 12 min`` / ``… paused since 10:42 —
    waiting on the client``; after a holiday: ``… (the client was closed for Christmas Day)``."""
    who = plan.contact_name or plan.client_name
    due = plan.next_update_due_at
    if plan.paused:
        return _tr("Update to {who} {paused}").format(who=who, paused=paused_text(plan, now, zone))
    if due is None or due_state(due, now) is not DueState.OVERDUE:
        text = _tr("Update to {who} due now").format(who=who)
    else:
        text = _tr("Update to {who} overdue by {late}").format(
            who=who, late=format_duration(now - due)
        )
    names = list(dict.fromkeys(span.name for span in plan.closed_before_due))
    if names:
        text += _tr(" (the client was closed for {names})").format(names=", ".join(names[:3]))
    return text


def pause_command_text(plan: CommunicationPlan | None) -> str:
    """The pause command as it stands: pause, or resume a paused clock."""
    if plan is not None and plan.paused:
        return _tr("Resume: the clie&nt answered")
    return _tr("Waiting on the clie&nt")


def commitment_line(item: TrackedCommitment, now: datetime, zone: tzinfo) -> str:
    """``11:30 · Call Dana back — Vinh Nguyen · overdue 15 min``."""
    record = item.record
    when = local_clock(record.due_at, now, zone) if record.due_at else _tr("no time")
    text = f"{when} · {record.text}"
    if record.owner:
        text += f" — {record.owner}"
    if record.state is CommitmentState.DONE:
        return text + _tr(" · kept")
    if record.state is not CommitmentState.OPEN:
        return text + _tr(" · cancelled")
    state = item.state_at(now)
    if state is DueState.OVERDUE:
        assert record.due_at is not None
        text += _tr(" · overdue {late}").format(late=format_duration(now - record.due_at))
    elif state is DueState.DUE:
        text += _tr(" · due now")
    if item.snoozed_at(now) and item.snoozed_until is not None:
        text += _tr(" · snoozed to {when}").format(when=local_clock(item.snoozed_until, now, zone))
    return text


def reminder_text(reminder: CommitmentReminder) -> str:
    """``Promise overdue by 15 min: Call Dana back (Vinh Nguyen)``."""
    record = reminder.commitment.record
    what = record.text if len(record.text) <= 90 else record.text[:89] + "…"
    if reminder.state is DueState.OVERDUE:
        text = _tr("Promise overdue by {late}: {what}").format(
            late=format_duration(reminder.late_by), what=what
        )
    else:
        text = _tr("Promise due now: {what}").format(what=what)
    return text + (f" ({record.owner})" if record.owner else "")


def update_line(update: CommunicationRecord, now: datetime, zone: tzinfo) -> str:
    """``10:05 · Client · phone · plan — Called Dana … Next by 12:00.``

    The summary is the agent's words: it is ended with a full stop when it has no end mark, so
    it never runs into the sentence added after it.
    """
    parts = (
        local_clock(update.at, now, zone),
        audience_label(update.audience),
        channel_label(update.channel).lower(),
        kind_label(update.kind).lower(),
    )
    next_by = ""
    if update.next_update_at is not None:
        next_by = _tr("Next by {when}.").format(when=local_clock(update.next_update_at, now, zone))
    return f"{' · '.join(parts)} — {join_sentences(update.summary, next_by)}"


def notice_line(notice: TeamNoticeRecord, now: datetime, zone: tzinfo) -> str:
    """``Marco Rossi · chat · told 09:45 · waiting``."""
    text = _tr("{who} · {channel} · told {when}").format(
        who=notice.who,
        channel=channel_label(notice.channel).lower() if notice.channel else "—",
        when=local_clock(notice.told_at, now, zone),
    )
    if notice.acknowledged_at is not None:
        return text + _tr(" · acknowledged {when}").format(
            when=local_clock(notice.acknowledged_at, now, zone)
        )
    return text + _tr(" · waiting for acknowledgement")


def wrap_up_lines(
    plan: CommunicationPlan,
    commitments: list[TrackedCommitment],
    notices: list[TeamNoticeRecord],
    now: datetime,
    zone: tzinfo,
) -> list[str]:
    """What is still open before wrap-up: open promises, an overdue update, unacknowledged news."""
    lines = []
    for item in commitments:
        if not item.is_open:
            continue
        state = item.state_at(now)
        if state is DueState.OVERDUE:
            lines.append(_tr("{what} — overdue").format(what=item.record.text))
        elif item.record.due_at is not None:
            lines.append(
                _tr("{what} — due {when}").format(
                    what=item.record.text, when=local_clock(item.record.due_at, now, zone)
                )
            )
        else:
            lines.append(_tr("{what} — no due time").format(what=item.record.text))
    if not plan.paused and due_state(plan.next_update_due_at, now).needs_attention:
        lines.append(due_bar_text(plan, now, zone))
    for notice in notices:
        if not notice.acknowledged:
            lines.append(
                _tr("{who} has not acknowledged the new information yet").format(who=notice.who)
            )
    return lines
