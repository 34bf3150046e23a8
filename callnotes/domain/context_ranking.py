"""“Who has the most context?”: ranking colleagues by what they have done for this client and on
similar issues, how recently, and whether they can be reached, with the reasons in plain words.

The facts are gathered by :mod:`callnotes.services.escalation.most_context`; everything here
is arithmetic and wording, so the ranking can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import availability_at, away_phrase, days_ago_phrase

# Points per fact; a fact repeated counts up to MAX_REPEATS times.
OWNS_HERE = 5
USUAL_CONTACT = 3
CLIENT_CASE = 3
HANDED_OVER = 2
ANSWERED = 1
SIMILAR_OWNED = 4
SIMILAR_REVIEWED = 3
SAME_CLIENT_BONUS = 1
MAX_REPEATS = 3
# Recency: points for the latest involvement being at most this old.
RECENCY = ((timedelta(days=14), 3), (timedelta(days=60), 2), (timedelta(days=180), 1))
TITLE_CHARS = 60


@dataclass(frozen=True)
class SimilarIssue:
    """An issue in an earlier case that resembles one in the case shown."""

    issue_id: int
    title: str
    case_id: int
    client_name: str
    same_client: bool
    at: datetime
    # How close the wording is, 0–1 (see :mod:`callnotes.domain.seen_before`).
    similarity: float = 0.0


@dataclass(frozen=True)
class MemberFacts:
    """What one colleague has done that bears on the case shown."""

    member: TeamMemberRecord
    usual_contact: bool = False
    # Titles of this case's issues they own.
    owns_here: tuple[str, ...] = ()
    # When they last worked on each earlier case of this client where they own an issue.
    client_cases: tuple[datetime, ...] = ()
    # When each case of this client was handed over to them.
    handed_over: tuple[datetime, ...] = ()
    # When they were reached, or acknowledged, on an escalation for this client.
    answered: tuple[datetime, ...] = ()
    similar_owned: tuple[SimilarIssue, ...] = ()
    # Similar issues whose case review they wrote (``at`` is when the review was written).
    similar_reviewed: tuple[SimilarIssue, ...] = ()
    # Anything else that counts as involvement (for recency), such as owning an issue here.
    other_activity: tuple[datetime, ...] = field(default_factory=tuple)

    @property
    def latest(self) -> datetime | None:
        """Their most recent involvement, if any."""
        times = [
            *self.client_cases,
            *self.handed_over,
            *self.answered,
            *(s.at for s in self.similar_owned),
            *(s.at for s in self.similar_reviewed),
            *self.other_activity,
        ]
        return max(times) if times else None


@dataclass(frozen=True)
class RankedMember:
    """A colleague, how much context they have, and why."""

    member: TeamMemberRecord
    score: int
    reasons: tuple[str, ...]
    available: bool
    # ``away until Mon 09:00`` for someone away, else empty.
    away: str

    @property
    def text(self) -> str:
        """Every reason on one line, ending with the absence when there is one."""
        line = "; ".join(self.reasons)
        return f"{line} ({self.away})" if self.away else line


def rank(
    facts: Sequence[MemberFacts], now: datetime, zone: tzinfo | None = None
) -> list[RankedMember]:
    """Colleagues with any context, most first; those away come after everyone available."""
    ranked = []
    for fact in facts:
        score = _score(fact, now)
        if score <= 0:
            continue
        availability = availability_at(fact.member, now)
        ranked.append(
            RankedMember(
                member=fact.member,
                score=score,
                reasons=tuple(_reasons(fact, now)),
                available=availability.available,
                away=away_phrase(availability, now, zone),
            )
        )
    ranked.sort(key=lambda r: (not r.available, -r.score, r.member.name.casefold()))
    return ranked


def _score(fact: MemberFacts, now: datetime) -> int:
    score = OWNS_HERE if fact.owns_here else 0
    score += USUAL_CONTACT if fact.usual_contact else 0
    score += CLIENT_CASE * min(len(fact.client_cases), MAX_REPEATS)
    score += HANDED_OVER * min(len(fact.handed_over), MAX_REPEATS)
    score += ANSWERED * min(len(fact.answered), MAX_REPEATS)
    for similar, points in (
        (fact.similar_owned, SIMILAR_OWNED),
        (fact.similar_reviewed, SIMILAR_REVIEWED),
    ):
        counted = sorted(similar, key=lambda s: (not s.same_client, -s.at.timestamp()))
        score += sum(
            points + (SAME_CLIENT_BONUS if s.same_client else 0) for s in counted[:MAX_REPEATS]
        )
    if score == 0:
        return 0
    latest = fact.latest
    if latest is not None:
        age = now - latest
        score += next((points for limit, points in RECENCY if age <= limit), 0)
    return score


def _reasons(fact: MemberFacts, now: datetime) -> list[str]:
    reasons: list[str] = []
    if len(fact.owns_here) == 1:
        reasons.append(f"owns {_title(fact.owns_here[0])} in this case")
    elif fact.owns_here:
        reasons.append(f"owns {len(fact.owns_here)} issues in this case")
    reasons += _counted(fact.client_cases, now, "handled", "case", "for this client")
    reasons += _counted(fact.handed_over, now, "was handed", "case", "for this client")
    reasons += _counted(fact.answered, now, "answered", "escalation", "for this client")
    reasons += _similar("owned", "a similar issue", "similar issues", fact.similar_owned)
    reasons += _similar(
        "wrote the review of", "a similar issue", "similar issues", fact.similar_reviewed
    )
    if fact.usual_contact:
        reasons.append("usual contact")
    return reasons


def _counted(
    times: Sequence[datetime], now: datetime, verb: str, noun: str, tail: str
) -> list[str]:
    """``handled 3 cases for this client, last 12 days ago`` / ``handled a case … 2 days ago``."""
    if not times:
        return []
    when = days_ago_phrase(max(times), now)
    if len(times) == 1:
        article = "an" if noun[0] in "aeiou" else "a"
        return [f"{verb} {article} {noun} {tail} {when}"]
    return [f"{verb} {len(times)} {noun}s {tail}, last {when}"]


def _similar(verb: str, one: str, many: str, issues: Sequence[SimilarIssue]) -> list[str]:
    """``owned a similar issue (“Invoices stuck in queue”, case 4)``; of several, the closest."""
    if not issues:
        return []
    best = max(issues, key=lambda s: (s.same_client, s.similarity, s.at))
    where = f"case {best.case_id}"
    if not best.same_client:
        where = f"{best.client_name}, {where}"
    if len(issues) == 1:
        return [f"{verb} {one} ({_title(best.title)}, {where})"]
    return [f"{verb} {len(issues)} {many}, such as {_title(best.title)} ({where})"]


def _title(title: str) -> str:
    short = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip() + "…"
    return f"“{short}”"
