"""The read-back before hanging up: what was agreed on the call, in words to read aloud.

Built from plain records of what the call captured — the issues in the order agreed with the
client, what happens next on each and by when, when and how the client hears from us next, and
the promises made — so the agent reads it aloud, the client confirms it, and the same lines go
out as a short text (SMS, chat) or an e-mail. Every time is shown in the client's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from callnotes.domain.cadence import describe_cadence
from callnotes.domain.people import ContactMethod
from callnotes.domain.time_zones import times_note

_BY = {
    ContactMethod.PHONE: "by phone",
    ContactMethod.EMAIL: "by e-mail",
    ContactMethod.SMS: "by text message",
    ContactMethod.CHAT: "by chat",
}


@dataclass(frozen=True)
class RecapIssue:
    """One issue as the recap reads it: its place in the agreed order and what comes next."""

    position: int
    title: str
    next_step: str = ""  # the latest step of the plan the client may read ("" when none yet)
    eta: datetime | None = None  # when we expect it fixed
    timeframe: str = ""  # the client's own timeframe ("by Friday's dispatch")
    done: bool = False


@dataclass(frozen=True)
class RecapPromise:
    """A promise made to the client that is still open."""

    text: str
    due_at: datetime | None


@dataclass(frozen=True)
class RecapFacts:
    """What the recap is built from (only what the client may read)."""

    client_name: str
    timezone: str  # the client's time zone (IANA name)
    now: datetime
    issues: tuple[RecapIssue, ...] = ()
    #: The next update (``callnotes.domain.next_update``): late once it has passed.
    next_update_at: datetime | None = None
    #: The update clock is paused, waiting on the client: no time is said.
    update_paused: bool = False
    cadence_minutes: int | None = None
    channel: ContactMethod | None = None
    contact_name: str = ""
    reach_on: str = ""  # the number or address the client is reached on
    promises: tuple[RecapPromise, ...] = ()
    agent_name: str = ""
    company: str = ""


@dataclass(frozen=True)
class RecapSection:
    """A heading and its lines."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ReadBack:
    """The recap: sections to read aloud, and the same as a short text."""

    case_id: int
    subject: str
    greeting: str
    sections: tuple[RecapSection, ...]
    closing: str
    zone_note: str  # "Times are Europe/Paris time."

    @property
    def lines(self) -> tuple[str, ...]:
        """Every line of every section, in order (headings left out)."""
        return tuple(line for section in self.sections for line in section.lines)

    def text(self) -> str:
        """Plain text for SMS, chat or the body of an e-mail."""
        parts = [self.greeting, ""]
        for section in self.sections:
            parts.append(f"{section.heading}:")
            parts.extend(section.lines)
            parts.append("")
        parts.extend([self.zone_note, self.closing])
        return "\n".join(parts).strip() + "\n"

    def confirmation(self) -> str:
        """The timeline entry recording that the client confirmed the recap: what they heard
        (the issues in order, when they hear from us next, what we promised), as one entry."""
        sentences = []
        for heading, lead in _CONFIRMED:
            section = next((s for s in self.sections if s.heading == heading), None)
            if section is None or not section.lines:
                continue
            if heading == NEXT_HEADING:  # the next update; "sooner if…" is said every time
                sentences.append(section.lines[0])
            else:
                sentences.append(lead + "; ".join(section.lines))
        said = "Confirmed the recap read back to them"
        if sentences:
            said += ": " + " ".join(_sentence(s) for s in sentences)
        return _sentence(said)


def _sentence(text: str) -> str:
    """*text* ended with a full stop (once)."""
    return text if text.endswith(".") else text + "."


ISSUES_HEADING = "Your issues, in the order we agreed"
NEXT_HEADING = "When you will hear from us"
PROMISES_HEADING = "What we promised"
# What the confirmation repeats, in the recap's order, and how each part is introduced.
_CONFIRMED = ((ISSUES_HEADING, ""), (NEXT_HEADING, ""), (PROMISES_HEADING, "We promised: "))


def build_read_back(case_id: int, facts: RecapFacts) -> ReadBack:
    """The recap of *facts*, its times in the client's zone."""
    zone = _zone(facts.timezone)

    def when(moment: datetime) -> str:
        local, today = moment.astimezone(zone), facts.now.astimezone(zone)
        clock = local.strftime("%H:%M %Z")
        if local.date() == today.date():
            return f"today {clock}"
        if (local.date() - today.date()).days == 1:
            return f"tomorrow {clock}"
        return local.strftime("%a %d %b, ") + clock

    issues = []
    for issue in facts.issues:
        line = f"{issue.position}. {issue.title}"
        if issue.done:
            line += " — done"
        else:
            if issue.next_step:
                line += f" — next: {issue.next_step.rstrip('.')}"
            if issue.eta is not None:
                line += f" — expected fixed by {when(issue.eta)}"
            elif issue.timeframe:
                line += f" — your timeframe: {issue.timeframe.rstrip('.')}"
        issues.append(line)
    if not issues:
        issues.append("No issues recorded yet.")

    channel = _BY.get(facts.channel, "") if facts.channel is not None else ""
    hear = []
    then = f", then {describe_cadence(facts.cadence_minutes)}" if facts.cadence_minutes else ""
    if facts.update_paused:
        hear.append(
            "Next update"
            + (f" {channel}" if channel else "")
            + " when we have what we are waiting for from you"
            + (f"{then} until this is resolved" if then else "")
            + "."
        )
    elif facts.next_update_at is not None and facts.next_update_at < facts.now:
        hear.append(
            f"Next update {when(facts.next_update_at)}, late: you will hear from us as soon "
            "as we can" + (f" {channel}" if channel else "") + "."
        )
    elif facts.next_update_at is not None:
        line = f"Next update {when(facts.next_update_at)}"
        if channel:
            line += f" {channel}"
        if facts.reach_on:
            line += f" on {facts.reach_on}"
        if facts.cadence_minutes:
            line += f", then {describe_cadence(facts.cadence_minutes)} until this is resolved"
        hear.append(line + ".")
    else:
        hear.append(
            "We will agree a time for the next update with you"
            + (f", {channel}" if channel else "")
            + (f" on {facts.reach_on}" if facts.reach_on else "")
            + "."
        )
    hear.append("Sooner if we find the cause, have a time for the fix, or hit a roadblock.")

    promises = tuple(
        f"{p.text.rstrip('.')}" + (f" (by {when(p.due_at)})" if p.due_at is not None else "")
        for p in facts.promises
    )
    sections = [
        RecapSection(ISSUES_HEADING, tuple(issues)),
        RecapSection(NEXT_HEADING, tuple(hear)),
    ]
    if promises:
        sections.append(RecapSection(PROMISES_HEADING, promises))
    greeting = f"{facts.contact_name}, here" if facts.contact_name else "Here"
    greeting += " is what we agreed on the call"
    greeting += f" about {facts.client_name}." if facts.client_name else "."
    sign = facts.agent_name or "The support team"
    if facts.company:
        sign += f", {facts.company}"
    return ReadBack(
        case_id=case_id,
        subject=f"What we agreed on the call — {facts.client_name}".rstrip(" —"),
        greeting=greeting,
        sections=tuple(sections),
        closing=f"— {sign}",
        zone_note=f"{times_note(zone.key)}.",
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
