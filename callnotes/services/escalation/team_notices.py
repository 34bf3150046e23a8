"""Telling the team: new information from the client passed on, and each acknowledgement.

Who to tell comes in this order: whoever owns the case's open issues (the owner of the issue
first in the agreed order first), the client's usual contact, the usual contact's team, their
manager, then everyone else. People away are listed but not ticked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.communications import CHANNEL_WORDS, Audience, Channel, CommunicationKind
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team_notices import TeamCandidate, TeamNoticeRecord
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.entries import write_entry
from callnotes.services.lookups import case_row
from callnotes.services.records import team_member_record
from callnotes.storage import models as m
from callnotes.storage.database import Database


class TeamNoticeService:
    """Use cases around telling the team."""

    def __init__(self, db: Database, clock: Clock, author: Callable[[], str]) -> None:
        self._db = db
        self._clock = clock
        self._author = author

    def candidates(self, case_id: int) -> list[TeamCandidate]:
        """The team, in the order to tell them, with why each comes where they do."""
        now = self._clock()
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            team = {t.id: team_member_record(t) for t in session.scalars(select(m.TeamMember))}
            issues = sorted(
                (i for i in case.issues if i.status not in ("resolved", "confirmed")),
                key=lambda i: (i.agreed_rank is None, i.agreed_rank or 0, i.id),
            )
            usual_id = case.client.usual_contact_id
        me = self._author()
        ordered: list[TeamCandidate] = []

        def add(member: TeamMemberRecord | None, reason: str, suggest: bool = True) -> None:
            if member is None or any(c.member.id == member.id for c in ordered):
                return
            if me and member.name == me:
                return  # the agent tells others, not themself
            ordered.append(TeamCandidate(member, reason, suggest and not member.is_away(now)))

        for issue in issues:
            if issue.owner_id in team:
                add(team[issue.owner_id], f"owns “{issue.title}”")
        usual = team.get(usual_id) if usual_id is not None else None
        add(usual, "the client's usual contact")
        if usual is not None:
            for member in _by_name(team.values()):
                if member.team and member.team == usual.team:
                    add(member, f"in {usual.name}'s team")
            if usual.manager_id in team:
                # The manager hears at once when the usual contact cannot.
                add(team[usual.manager_id], f"{usual.name}'s manager", usual.is_away(now))
        for member in _by_name(team.values()):
            add(member, "", suggest=False)
        return ordered

    def tell_team(
        self,
        case_id: int,
        member_ids: Sequence[int],
        channel: Channel,
        *,
        entry_id: int | None = None,
        call_id: int | None = None,
    ) -> list[TeamNoticeRecord]:
        """Record that *member_ids* were told the new information of *entry_id* by *channel*."""
        if not member_ids:
            raise InvalidInputError("Choose at least one person to tell.")
        channel = Channel(channel)
        with self._db.unit_of_work() as session:
            case_row(session, case_id)
            about = ""
            if entry_id is not None:
                entry = session.get(m.TimelineEntry, entry_id)
                if entry is None or entry.case_id != case_id:
                    raise NotFoundError(f"There is no timeline entry with id {entry_id}.")
                about = entry.text
            members = [session.get(m.TeamMember, i) for i in member_ids]
            if any(member is None for member in members):
                raise NotFoundError("One of the people chosen is no longer in the team.")
            now = self._clock()
            names = [mb.name for mb in members if mb is not None]
            told = _names(names)
            text = f"Told {told} about the new information {CHANNEL_WORDS[channel]}"
            text += f": {about}" if about else "."
            record = write_entry(
                session, case_id, EntryKind.COMMUNICATION, text,
                at=now, author=self._author(), call_id=call_id, internal=True,
            )  # fmt: skip
            session.add(
                m.Communication(
                    case_id=case_id,
                    at=now,
                    audience=Audience.TEAM.value,
                    channel=channel.value,
                    kind=CommunicationKind.NEW_INFORMATION.value,
                    summary=f"Told {told}" + (f": {about}" if about else "."),
                    entry_id=record.id,
                )
            )
            rows = [
                m.TeamNotice(
                    case_id=case_id,
                    entry_id=entry_id,
                    member_id=mb.id,
                    who=mb.name,
                    channel=channel.value,
                    told_at=now,
                )
                for mb in members
                if mb is not None
            ]
            session.add_all(rows)
            session.flush()
            return [_record(r, about) for r in rows]

    def acknowledge(self, notice_id: int) -> TeamNoticeRecord:
        """The colleague confirmed they have the information."""
        with self._db.unit_of_work() as session:
            row = session.get(m.TeamNotice, notice_id)
            if row is None:
                raise NotFoundError(f"There is no team notice with id {notice_id}.")
            if row.acknowledged_at is not None:
                raise InvalidInputError(f"{row.who} has already acknowledged it.")
            row.acknowledged_at = self._clock()
            write_entry(
                session, row.case_id, EntryKind.NOTE,
                f"{row.who} acknowledged the new information.",
                at=row.acknowledged_at, author=self._author(), internal=True,
            )  # fmt: skip
            return _record(row, _about(session, row))

    def notices(self, case_id: int) -> list[TeamNoticeRecord]:
        """Everyone told on this case, waiting ones first, newest first."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.scalars(select(m.TeamNotice).where(m.TeamNotice.case_id == case_id))
            records = [_record(r, _about(session, r)) for r in rows]
        return sorted(records, key=lambda n: (n.acknowledged, -n.told_at.timestamp(), -n.id))


def _about(session: Session, row: m.TeamNotice) -> str:
    entry = session.get(m.TimelineEntry, row.entry_id) if row.entry_id is not None else None
    return entry.text if entry is not None else ""


def _record(row: m.TeamNotice, about: str) -> TeamNoticeRecord:
    return TeamNoticeRecord(
        id=row.id,
        case_id=row.case_id,
        entry_id=row.entry_id,
        member_id=row.member_id,
        who=row.who,
        channel=row.channel,
        told_at=row.told_at,
        acknowledged_at=row.acknowledged_at,
        about=about,
    )


def _by_name(members: Iterable[TeamMemberRecord]) -> list[TeamMemberRecord]:
    return sorted(members, key=lambda t: t.name)


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
