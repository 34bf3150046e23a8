"""Covering for an absent colleague: who stands in, the cover brief, "since you left".

Each read is one read-only unit of work (one snapshot: the brief never mixes two moments), each
write one short unit of work whose rows announce what changed (the team directory's part).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.business_hours import parse_business_hours
from callnotes.domain.cover import (
    Absence,
    CaseFacts,
    ClientCover,
    ClientFacts,
    CoverBrief,
    EntryFact,
    IssueFact,
    PromiseFact,
    SinceYouLeft,
    UpdateFact,
    cover_brief,
    since_you_left,
)
from callnotes.domain.issues import IssueStatus
from callnotes.domain.next_update import NextUpdate, next_update
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.local_zone import local_zone_name
from callnotes.reports.cover_brief import CoverBriefDocument
from callnotes.services.records import team_member_record
from callnotes.services.updates.plan import client_contact_promises
from callnotes.storage import models as m
from callnotes.storage.database import Database


class CoverService:
    """Stand-ins, the stand-in's brief, and the returning colleague's digest."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        templates: Path,
        agent_zone: Callable[[], str] = local_zone_name,
    ) -> None:
        self._db = db
        self._clock = clock
        self._templates = templates  # the built-in templates (the brief's are under team/)
        self._agent_zone = agent_zone  # the brief is the team's: times in the agent's zone

    # Writes -----------------------------------------------------------------------------

    def set_stand_in(self, member_id: int, stand_in_id: int | None) -> TeamMemberRecord:
        """Who covers *member_id*'s clients while they are away (None: nobody named)."""
        with self._db.unit_of_work() as session:
            member = _member(session, member_id)
            if stand_in_id is not None:
                _check_stand_in(session, member_id, stand_in_id)
            member.stand_in_id = stand_in_id
            session.flush()
            return team_member_record(member)

    def set_client_stand_in(self, client_id: int, stand_in_id: int | None) -> None:
        """Who covers one client while its usual contact is away, over the absence's stand-in."""
        with self._db.unit_of_work() as session:
            client = session.get(m.Client, client_id)
            if client is None:
                raise NotFoundError("That client is no longer there; reopen the list.")
            if stand_in_id is not None:
                _check_stand_in(session, client.usual_contact_id, stand_in_id)
            client.stand_in_id = stand_in_id

    def acknowledge(self, member_id: int, item_key: str, client_id: int) -> None:
        """The returning colleague has read one item of "since you left" (idempotent)."""
        with self._db.unit_of_work() as session:
            member = _member(session, member_id)
            since = member.absence_began
            if since is None:
                raise InvalidInputError(f"{member.name} has not been away: nothing to acknowledge.")
            found = session.scalar(
                select(m.CoverAcknowledgement.id).where(
                    m.CoverAcknowledgement.member_id == member_id,
                    m.CoverAcknowledgement.away_since == since,
                    m.CoverAcknowledgement.item_key == item_key,
                )
            )
            if found is None:
                session.add(
                    m.CoverAcknowledgement(
                        member_id=member_id,
                        client_id=client_id,
                        away_since=since,
                        item_key=item_key[:64],
                        acknowledged_at=self._clock(),
                    )
                )

    # Reads ------------------------------------------------------------------------------

    def stand_ins(self) -> dict[int, int | None]:
        """Each colleague's stand-in, by colleague id."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.execute(select(m.TeamMember.id, m.TeamMember.stand_in_id)).all()
        return {member_id: stand_in for member_id, stand_in in rows}

    def brief(self, member_id: int) -> CoverBrief:
        """The stand-in's brief for *member_id*'s absence (now, or the one recorded)."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            member = _member(session, member_id)
            absence = _absence(member)
            if absence is None:
                raise InvalidInputError(
                    f"{member.name} is not marked away: set an absence in the team directory "
                    "first (Ctrl+Shift+T)."
                )
            return cover_brief(absence, _client_facts(session, member_id, None, now=now), now)

    def brief_document(self, member_id: int) -> CoverBriefDocument:
        """The brief rendered for screen, print and PDF (internal: for the team only)."""
        # Imported here: Jinja2 loads when a document is first wanted, never at start-up.
        from callnotes.reports.cover_brief import render_cover_brief

        return render_cover_brief(self.brief(member_id), self._templates, self._agent_zone())

    def away_now(self) -> list[TeamMemberRecord]:
        """Colleagues away now or later (with an absence still ahead of its end), by name."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.scalars(
                select(m.TeamMember)
                .where(m.TeamMember.away_until > now)
                .order_by(m.TeamMember.name)
            )
            return [team_member_record(r) for r in rows]

    def back_from_absence(self) -> list[int]:
        """Colleagues with an absence behind them, the most recently gone first (their ids)."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            found = [
                (since, member.id)
                for member in session.scalars(select(m.TeamMember))
                if _back(member, now) and (since := member.absence_began) is not None
            ]
        return [member_id for _since, member_id in sorted(found, reverse=True)]

    def for_client(self, client_id: int) -> ClientCover | None:
        """The brief's part for a client whose usual contact is away now (else None)."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            client = session.get(m.Client, client_id)
            member = client.usual_contact if client is not None else None
            if member is None or not team_member_record(member).is_away(now):
                return None
            absence = _absence(member)
            assert absence is not None  # away now
            brief = cover_brief(absence, _client_facts(session, member.id, client_id, now=now), now)
            part = brief.for_client(client_id)
            return ClientCover(absence, part) if part is not None else None

    def since_you_left(self, member_id: int) -> SinceYouLeft:
        """Everything across *member_id*'s clients since their last absence began."""
        now = self._clock()
        with self._db.unit_of_work(read_only=True) as session:
            member = _member(session, member_id)
            since = member.absence_began
            if since is None:
                raise InvalidInputError(
                    f"{member.name} has no absence on record: nothing happened while away."
                )
            acknowledged = set(
                session.scalars(
                    select(m.CoverAcknowledgement.item_key).where(
                        m.CoverAcknowledgement.member_id == member_id,
                        m.CoverAcknowledgement.away_since == since,
                    )
                )
            )
            facts = _client_facts(session, member_id, None, now=now, since=since)
            return since_you_left(member.id, member.name, since, facts, acknowledged)


def _member(session: Session, member_id: int) -> m.TeamMember:
    member = session.get(m.TeamMember, member_id)
    if member is None:
        raise NotFoundError("That colleague is no longer in the team directory.")
    return member


def _check_stand_in(session: Session, member_id: int | None, stand_in_id: int) -> None:
    if stand_in_id == member_id:
        raise InvalidInputError("A colleague cannot stand in for themselves; choose someone else.")
    if session.get(m.TeamMember, stand_in_id) is None:
        raise NotFoundError("That stand-in is no longer in the team directory.")


def _back(member: m.TeamMember, now: datetime) -> bool:
    """Whether the colleague's last absence is over (marked back, or its end has passed)."""
    return member.away_until is None or member.away_until <= now


def _absence(member: m.TeamMember) -> Absence | None:
    if member.away_until is None:
        return None
    return Absence(
        member_id=member.id,
        member_name=member.name,
        since=member.away_since,
        until=member.away_until,
        reason=member.away_reason,
        stand_in=member.stand_in.name if member.stand_in is not None else "",
    )


def _client_facts(
    session: Session,
    member_id: int,
    client_id: int | None,
    *,
    now: datetime,
    since: datetime | None = None,
) -> list[ClientFacts]:
    """The colleague's clients (or one of them) and their cases, read in *session*; each
    case's next update as every document names it at *now*."""
    query = (
        select(m.Client)
        .where(m.Client.usual_contact_id == member_id)
        .options(
            selectinload(m.Client.contacts),
            selectinload(m.Client.stand_in),
        )
        .order_by(m.Client.name, m.Client.id)
    )
    if client_id is not None:
        query = query.where(m.Client.id == client_id)
    clients = list(session.scalars(query))
    cases = list(
        session.scalars(
            select(m.Case)
            .where(m.Case.client_id.in_([c.id for c in clients]))
            .options(
                selectinload(m.Case.commitments),
                selectinload(m.Case.communications),
                selectinload(m.Case.issues),
            )
            .order_by(m.Case.id)
        )
    )
    entries: dict[int, list[EntryFact]] = {}
    if since is not None and cases:
        for e in session.scalars(
            select(m.TimelineEntry)
            .where(m.TimelineEntry.case_id.in_([c.id for c in cases]), m.TimelineEntry.at >= since)
            .order_by(m.TimelineEntry.at, m.TimelineEntry.id)
        ):
            entries.setdefault(e.case_id, []).append(
                EntryFact(e.id, e.case_id, e.at, e.kind, e.text, e.author)
            )
    by_client: dict[int, list[CaseFacts]] = {}
    for case in cases:
        by_client.setdefault(case.client_id, []).append(
            CaseFacts(
                id=case.id,
                title=case.title,
                status=case.status,
                next_update_due_at=(coming := _coming_update(session, case, now)).at,
                next_update_paused=coming.paused,
                promises=tuple(
                    PromiseFact(
                        p.id, case.id, p.text, p.owner, p.due_at, p.state == "open", p.created_at
                    )
                    for p in case.commitments
                ),
                updates=tuple(
                    UpdateFact(u.id, case.id, u.at, u.audience, u.channel, u.summary)
                    for u in case.communications
                ),
                entries=tuple(entries.get(case.id, ())),
                issues=tuple(
                    IssueFact(i.id, case.id, i.title, i.status, IssueStatus(i.status).is_open)
                    for i in case.issues
                ),
            )
        )
    return [_client(c, tuple(by_client.get(c.id, ()))) for c in clients]


def _coming_update(session: Session, case: m.Case, now: datetime) -> NextUpdate:
    """The case's next update at *now* by the rule of :mod:`callnotes.domain.next_update`."""
    return next_update(
        case.next_update_due_at,
        client_contact_promises(session, case),
        now,
        paused_since=case.update_paused_at,
    )


def _client(client: m.Client, cases: tuple[CaseFacts, ...]) -> ClientFacts:
    contact = next((c for c in client.contacts if c.preferred_method), None)
    contact = contact or (client.contacts[0] if client.contacts else None)
    try:
        hours = parse_business_hours(client.business_hours).describe()
    except ValueError:
        hours = client.business_hours  # as typed: the brief shows it rather than nothing
    return ClientFacts(
        id=client.id,
        name=client.name,
        timezone=client.timezone,
        hours=hours if client.business_hours.strip() else "",
        contact_name=contact.name if contact else "",
        contact_method=(contact.preferred_method or "") if contact else "",
        best_times=contact.best_times if contact else "",
        stand_in=client.stand_in.name if client.stand_in is not None else "",
        cases=cases,
    )
