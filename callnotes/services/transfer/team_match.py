"""Who each team member of a case document is in this database: by uid, else by name.

A case exported on another desktop of the same team names the same colleagues under that
desktop's uids. The team directory is one list of people, and its CSV import already knows a
colleague by name; so a member of the document whose uid is new here is the one colleague of the
same name (letter case and spacing aside), and is added only when there is none. A name that
cannot say who is meant — two colleagues here share it, or two members of the document would be
one colleague here — refuses the document, naming them: never a guess, never a silent merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.errors import InvalidInputError
from callnotes.services.transfer.json_fields import Fields
from callnotes.storage import models as m


@dataclass(frozen=True)
class TeamMatch:
    """The document's members found in the directory, by the uid they have in the document."""

    known: dict[str, m.TeamMember]
    by_name: int  # how many of ``known`` were found by name (the rest by uid)


def folded(name: str) -> str:
    """A name as compared: letter case and runs of spaces aside."""
    return " ".join(name.split()).casefold()


def match_team(
    session: Session, team_fields: list[Fields], team: dict[str, m.TeamMember]
) -> TeamMatch:
    """Find each member of the document (*team*, keyed by uid) among the stored colleagues."""
    by_uid = {
        t.uid: t for t in session.scalars(select(m.TeamMember).where(m.TeamMember.uid.in_(team)))
    }
    named: dict[str, list[m.TeamMember]] = {}
    if len(by_uid) < len(team):
        for member in session.scalars(select(m.TeamMember).order_by(m.TeamMember.id)):
            named.setdefault(folded(member.name), []).append(member)
    known: dict[str, m.TeamMember] = {}
    taken: dict[int, int] = {}  # a stored colleague's id → the document's index naming them
    for n, f in enumerate(team_fields):
        stored = by_uid.get(f.raw("uid"))
        if stored is not None:
            known[stored.uid] = stored
            taken[stored.id] = n
    by_name = 0
    for n, f in enumerate(team_fields):
        uid = f.raw("uid")
        if uid in known:
            continue
        name = team[uid].name
        same = named.get(folded(name), [])
        if not same:
            continue
        if len(same) > 1:
            here = "; ".join(f"{t.name}: {_described(t)}" for t in same)
            raise InvalidInputError(
                f"{f.path}.name: the team directory has {len(same)} colleagues called {name} "
                f"({here}); which of them the file's {name} ({_described(team[uid])}) is cannot "
                "be told: rename the others there (a middle initial will do), then import again."
            )
        stored = same[0]
        if stored.id in taken:
            raise InvalidInputError(
                f"{f.path}.name: {name} would be {stored.name} of the team directory, who is "
                f"already document.team[{taken[stored.id]}]; two people of the file cannot be "
                "one colleague here."
            )
        known[uid] = stored
        taken[stored.id] = n
        by_name += 1
    return TeamMatch(known, by_name)


def _described(member: m.TeamMember) -> str:
    details = [d for d in (member.role, member.team, member.email) if d]
    return ", ".join(details) if details else "no role, team or e-mail given"
