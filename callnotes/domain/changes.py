"""What a write changed: the one change notice every view of the data redraws from.

A unit of work that commits reports the parts of the record it touched (:class:`Part`) and the
cases they belong to. A view asks :meth:`Changes.touches` whether the notice concerns what it
shows, and redraws only then: no caller refreshes other views by hand.

Each changed part is tied to its case; :data:`ANY_CASE` marks a change that may concern any case
(a bulk statement, a colleague's absence, a client's name shown on all their cases).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

ANY_CASE = 0  # case ids start at 1


class Part(StrEnum):
    """A part of the record a view may show."""

    CASE = "case"  # a case's title, status, plan, handback
    CASE_LIST = "case_list"  # what the case list shows: a case opened, its counts, its status
    CALLS = "calls"  # calls started, ended, their guide state
    CALL_BACKS = "call_backs"  # the call-back queue: calls that slipped, and done
    TIMELINE = "timeline"  # entries and their amendments
    ISSUES = "issues"  # issues, their fields, progress and order
    PROMISES = "promises"  # commitments
    UPDATES = "updates"  # the update log
    TEAM_NOTICES = "team_notices"  # telling the team and acknowledgements
    ESCALATION = "escalation"  # attempts to reach someone
    TEAM = "team"  # the team directory and absences
    CLIENTS = "clients"  # clients, contacts, numbers
    INVESTIGATION = "investigation"  # checks and linked cases
    FOLLOW_UP = "follow_up"  # the follow-up call's answers
    REVIEW = "review"  # the review and its prevention actions
    DRAFTS = "drafts"  # text being typed, saved as it is typed
    PRESENCE = "presence"  # who else has the case open (a team database)
    CONNECTION = "connection"  # the team database answers again after it could not be reached


@dataclass(frozen=True)
class Changes:
    """The parts of the record a commit (or several, merged) changed, each with its case."""

    items: frozenset[tuple[Part, int]] = field(default_factory=frozenset)

    @classmethod
    def of(cls, parts: Iterable[Part], case_ids: Iterable[int] = (ANY_CASE,)) -> Changes:
        """Changes to each of *parts* of each of *case_ids* (by default: of any case)."""
        cases = list(case_ids)
        return cls(frozenset((part, case) for part in parts for case in cases))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.items | other.items)

    @property
    def parts(self) -> frozenset[Part]:
        """The parts changed, whichever case."""
        return frozenset(part for part, _case in self.items)

    @property
    def case_ids(self) -> frozenset[int]:
        """The cases changed (:data:`ANY_CASE` among them: maybe any)."""
        return frozenset(case for _part, case in self.items)

    def touches(self, *parts: Part, case_id: int | None = None) -> bool:
        """Whether any of *parts* changed, for *case_id* when one is given.

        A change marked :data:`ANY_CASE` (a colleague's absence, a bulk statement) concerns
        every case.
        """
        wanted = set(parts)
        return any(
            part in wanted and (case_id is None or case in (case_id, ANY_CASE))
            for part, case in self.items
        )

    @property
    def only_drafts(self) -> bool:
        """Whether nothing but a draft being typed changed (views showing data ignore it)."""
        return self.parts <= {Part.DRAFTS}

    def describe(self) -> str:
        """A short, stable description (for logs and tests): ``part@case`` sorted."""
        return " ".join(sorted(f"{part}@{case}" for part, case in self.items))


NO_CHANGES = Changes()
