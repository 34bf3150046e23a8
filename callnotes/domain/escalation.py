"""Escalation: the ladder from the client's usual contact upwards, and when to try the next rung.

The ladder is the usual contact, then the rest of their team, then the team lead (the usual
contact's manager, or failing that the team member whose role says lead), then the lead's
manager. Nobody appears twice. If nobody has acknowledged a set time after the last attempt,
the next rung that can be reached is prompted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import Availability, availability_at, says_lead


class Outcome(StrEnum):
    """How one attempt to reach someone went; each has a number key, 1 to 5."""

    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    MESSAGE_LEFT = "message_left"
    REACHED = "reached"
    ACKNOWLEDGED = "acknowledged"

    @property
    def label(self) -> str:
        """As written on the timeline: ``no answer``."""
        return self.value.replace("_", " ")

    @property
    def key(self) -> int:
        """The number key that picks this outcome (1–5)."""
        return list(Outcome).index(self) + 1

    @property
    def answered(self) -> bool:
        """Whether the person was actually spoken to."""
        return self in (Outcome.REACHED, Outcome.ACKNOWLEDGED)


def outcome_for_key(key: int) -> Outcome | None:
    """The outcome number *key* picks, or None."""
    return next((o for o in Outcome if o.key == key), None)


class RungKind(StrEnum):
    """Why a person is on the ladder."""

    USUAL_CONTACT = "usual_contact"
    TEAM = "team"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"

    @property
    def label(self) -> str:
        """``usual contact``, ``team``, ``team lead``, ``manager``."""
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class Rung:
    """One person on the ladder, with whether they could be reached when it was built."""

    position: int
    kind: RungKind
    member: TeamMemberRecord
    availability: Availability

    @property
    def available(self) -> bool:
        """Whether the person could be reached when the ladder was built."""
        return self.availability.available

    @property
    def title(self) -> str:
        """``Marco Ruiz (team lead)``."""
        return f"{self.member.name} ({self.kind.label})"


@dataclass(frozen=True)
class AttemptRecord:
    """One try at reaching someone, and how it went."""

    id: int
    case_id: int
    member_id: int | None
    who: str
    rung: int
    at: datetime
    outcome: Outcome
    note: str
    entry_id: int | None


@dataclass(frozen=True)
class EscalationPrompt:
    """Nobody has acknowledged yet: who to try next (None when everyone has been tried)."""

    rung: Rung | None
    waiting_since: datetime
    waited: timedelta
    # The attempt the prompt follows; a prompt dismissed for it stays away until the next one.
    after_attempt_id: int


def build_ladder(
    usual: TeamMemberRecord | None, members: Sequence[TeamMemberRecord], now: datetime
) -> list[Rung]:
    """The ladder for a client whose usual contact is *usual*, from the whole team."""
    if usual is None:
        return []
    by_id = {m.id: m for m in members}
    usual = by_id.get(usual.id, usual)
    lead = by_id.get(usual.manager_id) if usual.manager_id is not None else None
    teammates = [m for m in members if usual.team and m.team == usual.team and m.id != usual.id]
    if lead is None:
        lead = next((m for m in sorted(teammates, key=_by_name) if says_lead(m.role)), None)
    manager = by_id.get(lead.manager_id) if lead is not None and lead.manager_id else None
    people: list[tuple[RungKind, TeamMemberRecord]] = [(RungKind.USUAL_CONTACT, usual)]
    skip = {p.id for p in (usual, lead, manager) if p is not None}
    team = [m for m in teammates if m.id not in skip]
    # Within the team, those who can be reached now come first.
    team.sort(key=lambda m: (not availability_at(m, now).available, _by_name(m)))
    people += [(RungKind.TEAM, m) for m in team]
    if lead is not None and lead.id != usual.id:
        people.append((RungKind.TEAM_LEAD, lead))
    if manager is not None and manager.id not in {usual.id} | {p.id for _, p in people}:
        people.append((RungKind.MANAGER, manager))
    return [
        Rung(position, kind, member, availability_at(member, now))
        for position, (kind, member) in enumerate(people)
    ]


def attempt_text(who: str, rung_label: str | None, outcome: Outcome, note: str = "") -> str:
    """The timeline entry for an attempt: ``Called Helen Park (usual contact): no answer``."""
    text = f"Called {who}"
    if rung_label:
        text += f" ({rung_label})"
    text += f": {outcome.label}"
    if note.strip():
        text += f" — {note.strip()}"
    return text


def acknowledgement(attempts: Sequence[AttemptRecord]) -> AttemptRecord | None:
    """The first attempt whose person acknowledged the escalation, if any."""
    return next(
        (a for a in sorted(attempts, key=_by_time) if a.outcome is Outcome.ACKNOWLEDGED), None
    )


def next_prompt(
    ladder: Sequence[Rung],
    attempts: Sequence[AttemptRecord],
    now: datetime,
    after: timedelta,
) -> EscalationPrompt | None:
    """Who to try next once *after* has passed since the last attempt with no acknowledgement.

    Nothing is prompted before the first attempt, once someone has acknowledged, or while the
    last attempt is more recent than *after*. The next rung is the first one past the highest
    rung tried that can be reached now (someone away is passed over unless nobody else is left).
    """
    if not attempts or acknowledgement(attempts) is not None:
        return None
    ordered = sorted(attempts, key=_by_time)
    last = ordered[-1]
    if now - last.at < after:
        return None
    position = {rung.member.id: rung.position for rung in ladder}
    tried = [position.get(a.member_id, a.rung) if a.member_id else a.rung for a in ordered]
    highest = max(tried)
    remaining = [rung for rung in ladder if rung.position > highest]
    reachable = [rung for rung in remaining if rung.available]
    candidates = reachable or remaining
    chosen = candidates[0] if candidates else None
    return EscalationPrompt(
        rung=chosen,
        waiting_since=ordered[0].at,
        waited=now - ordered[0].at,
        after_attempt_id=last.id,
    )


def waited_phrase(waited: timedelta) -> str:
    """``15 min`` or ``1 h 05 min``."""
    minutes = max(0, int(waited.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _by_name(member: TeamMemberRecord) -> str:
    return member.name.casefold()


def _by_time(attempt: AttemptRecord) -> tuple[datetime, int]:
    return (attempt.at, attempt.id)
