"""The team directory: adding, changing and removing colleagues, their absences, CSV import."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.phones import normalise_number
from callnotes.domain.team import MemberDraft, field_problem
from callnotes.domain.team_csv import ImportedMember, TeamCsvError, parse_team_csv
from callnotes.domain.text import single_line
from callnotes.domain.timestamps import Clock, require_aware
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.records import team_member_record
from callnotes.storage import models as m
from callnotes.storage.database import Database

MAX_CSV_BYTES = 2_000_000
_LABELS = {
    "name": "name",
    "role": "role",
    "team": "team",
    "phone": "phone",
    "email": "e-mail",
    "away_reason": "reason",
    "db_login": "database login",
}


@dataclass(frozen=True)
class ImportSummary:
    """What a CSV import did."""

    added: int
    updated: int

    @property
    def total(self) -> int:
        """Members written."""
        return self.added + self.updated


@dataclass(frozen=True)
class ClientLink:
    """A client and who on the team is its usual contact, for choosing in the directory."""

    id: int
    name: str
    usual_contact_id: int | None
    usual_contact_name: str
    # Who covers this client while its usual contact is away (None: the absence's stand-in).
    stand_in_id: int | None = None


class TeamService:
    """Use cases around the team directory."""

    def __init__(self, db: Database, clock: Clock, default_region: str) -> None:
        self._db = db
        self._clock = clock
        self.default_region = default_region

    def members(self) -> list[TeamMemberRecord]:
        """Every team member, by name."""
        with self._db.unit_of_work(read_only=True) as session:
            return list_members(session)

    def add_member(self, draft: MemberDraft) -> TeamMemberRecord:
        """Add a colleague; the details are checked first."""
        values = self._checked(draft)
        with self._db.unit_of_work() as session:
            _check_manager(session, None, draft.manager_id)
            _check_name(session, None, values["name"])
            _check_login(session, None, values["db_login"])
            member = m.TeamMember(**_stored(values), manager_id=draft.manager_id)
            session.add(member)
            session.flush()
            return team_member_record(member)

    def update_member(self, member_id: int, draft: MemberDraft) -> TeamMemberRecord:
        """Change a colleague's details (their availability is kept)."""
        values = self._checked(draft)
        with self._db.unit_of_work() as session:
            member = _get(session, member_id)
            _check_manager(session, member_id, draft.manager_id)
            _check_name(session, member_id, values["name"])
            _check_login(session, member_id, values["db_login"])
            for key, value in _stored(values).items():
                setattr(member, key, value)
            member.manager_id = draft.manager_id
            session.flush()
            return team_member_record(member)

    def remove_member(self, member_id: int) -> None:
        """Remove a colleague; what they did stays on record under their name."""
        with self._db.unit_of_work() as session:
            session.delete(_get(session, member_id))

    def set_away(
        self,
        member_id: int,
        *,
        until: datetime,
        reason: str,
        since: datetime | None = None,
        stand_in_id: int | None = None,
        name_stand_in: bool = False,
        client_stand_ins: Mapping[int, int | None] | None = None,
    ) -> TeamMemberRecord:
        """Mark a colleague away from *since* until *until*, saying why.

        Without *since*, an absence not yet over is being edited and keeps when it started (a
        returning colleague's "since you left" and handover count from then); otherwise a new
        one starts now. With *name_stand_in*, *stand_in_id* is who covers their clients
        meanwhile (None: nobody named); *client_stand_ins* names, by client id, who covers one
        of their clients in particular (None: the absence's stand-in). All in the same unit of
        work.
        """
        reason = single_line(reason)
        if not reason:
            raise InvalidInputError("Say why they are away, for example “annual leave”.")
        problem = field_problem("away_reason", reason)
        if problem:
            raise InvalidInputError(f"The reason {problem}.")
        now = self._clock()
        given = require_aware(since) if since is not None else None
        end = require_aware(until)
        chosen = {stand_in_id} if name_stand_in else set()
        chosen |= set((client_stand_ins or {}).values())
        if member_id in chosen:
            raise InvalidInputError(
                "A colleague cannot stand in for themselves; choose someone else."
            )
        with self._db.unit_of_work() as session:
            member = _get(session, member_id)
            start = absence_start(member, now, given=given, new=now)
            if end <= (start or now):
                raise InvalidInputError("The time they are back must be later than when they left.")
            for named in chosen - {None}:
                if session.get(m.TeamMember, named) is None:
                    raise NotFoundError("That stand-in is no longer in the team directory.")
            if name_stand_in:
                member.stand_in_id = stand_in_id
            for client_id, client_stand_in in (client_stand_ins or {}).items():
                client = session.get(m.Client, client_id)
                if client is None or client.usual_contact_id != member_id:
                    raise NotFoundError(
                        "One of those clients is no longer theirs; reopen the team directory."
                    )
                client.stand_in_id = client_stand_in
            return mark_away(session, member_id, since=start, until=end, reason=reason)

    def set_back(self, member_id: int) -> TeamMemberRecord:
        """Mark a colleague available again."""
        with self._db.unit_of_work() as session:
            return mark_away(session, member_id, since=None, until=None, reason="")

    def clients(self) -> list[ClientLink]:
        """Every client with its usual contact, by name."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.execute(
                select(
                    m.Client.id,
                    m.Client.name,
                    m.Client.usual_contact_id,
                    m.TeamMember.name,
                    m.Client.stand_in_id,
                )
                .outerjoin(m.TeamMember, m.TeamMember.id == m.Client.usual_contact_id)
                .order_by(m.Client.name, m.Client.id)
            ).all()
        links = [
            ClientLink(id, name, usual, member or "", stand_in)
            for id, name, usual, member, stand_in in rows
        ]
        return sorted(links, key=lambda c: (c.name.casefold(), c.id))

    def set_usual_contact_for(self, member_id: int, client_ids: Collection[int]) -> int:
        """Make the colleague the usual contact of exactly *client_ids* among all clients.

        Clients they were the usual contact of and that are not listed are left with nobody;
        returns how many clients changed.
        """
        wanted = set(client_ids)
        changed = 0
        with self._db.unit_of_work() as session:
            _get(session, member_id)
            found = set(session.scalars(select(m.Client.id).where(m.Client.id.in_(wanted))))
            if found != wanted:
                raise NotFoundError("One of those clients is no longer there; reopen the list.")
            for client in session.scalars(
                select(m.Client).where(
                    (m.Client.usual_contact_id == member_id) | m.Client.id.in_(wanted)
                )
            ):
                target = member_id if client.id in wanted else None
                if client.usual_contact_id != target:
                    client.assign_usual_contact(target)
                    changed += 1
            session.flush()
        return changed

    def import_csv_file(self, path: Path, *, zone: tzinfo | None = None) -> ImportSummary:
        """Import a CSV file (UTF-8, header row first); see :meth:`import_csv`."""
        try:
            size = path.stat().st_size
            if size > MAX_CSV_BYTES:
                raise InvalidInputError(f"{path.name} is larger than 2 MB; is it the right file?")
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidInputError(
                f"{path.name} is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8”."
            ) from exc
        except OSError as exc:
            raise InvalidInputError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
        return self.import_csv(text, zone=zone)

    def import_csv(self, text: str, *, zone: tzinfo | None = None) -> ImportSummary:
        """Add or update members from CSV text, all of them or none.

        A row whose name is already in the directory updates that member; managers are
        resolved by name among the file's rows and the directory. Times without an offset are
        read in *zone* (None: the computer's time zone).
        """
        with self._db.unit_of_work() as session:
            existing = {r.name.casefold(): r for r in session.scalars(select(m.TeamMember))}
            try:
                rows = parse_team_csv(
                    text,
                    existing_names=[r.name for r in existing.values()],
                    default_region=self.default_region,
                    zone=zone,
                )
            except TeamCsvError as exc:
                raise InvalidInputError(str(exc)) from exc
            return _write_rows(session, rows, existing)

    def _checked(self, draft: MemberDraft) -> dict[str, str]:
        values = {
            "name": single_line(draft.name),
            "role": single_line(draft.role),
            "team": single_line(draft.team),
            "phone": draft.phone.strip(),
            "email": draft.email.strip(),
            "db_login": draft.db_login.strip(),
        }
        for field, value in values.items():
            problem = field_problem(field, value)
            if problem:
                raise InvalidInputError(f"The {_LABELS[field]} {problem}.")
        if values["phone"]:
            number = normalise_number(values["phone"], self.default_region)
            if number is None:
                raise InvalidInputError(
                    f"{values['phone'][:40]!r} is not a phone number callnotes can use."
                )
            values["phone"] = number
        return values


def list_members(session: Session) -> list[TeamMemberRecord]:
    """Every team member, by name (inside a unit of work)."""
    rows = session.scalars(select(m.TeamMember).order_by(m.TeamMember.name))
    return [team_member_record(r) for r in rows]


def absence_not_over(member: m.TeamMember, now: datetime) -> bool:
    """Whether *member* has an absence on record that has not ended by *now* (under way, or
    still to come): setting them away then edits it rather than starting another."""
    return member.away_until is not None and member.away_until > now


def absence_start(
    member: m.TeamMember, now: datetime, *, given: datetime | None, new: datetime | None
) -> datetime | None:
    """When the absence being set for *member* starts: *given*; else, an absence not over yet
    being edited, the start it has (None when it was never known); else *new*."""
    if given is not None:
        return given
    if absence_not_over(member, now):
        return member.away_since
    return new


def mark_away(
    session: Session,
    member_id: int,
    *,
    since: datetime | None,
    until: datetime | None,
    reason: str,
) -> TeamMemberRecord:
    """Write a colleague's absence (``until=None``: back) inside a unit of work."""
    member = _get(session, member_id)
    if until is None and member.away_until is not None:
        # Back: when they left is kept for "since you left" (services/escalation/cover.py).
        member.last_away_since = member.away_since or member.last_away_since
    member.away_since = require_aware(since) if since is not None and until else None
    member.away_until = require_aware(until) if until is not None else None
    member.away_reason = single_line(reason) if until is not None else ""
    session.flush()
    return team_member_record(member)


def _write_rows(
    session: Session, rows: list[ImportedMember], existing: dict[str, m.TeamMember]
) -> ImportSummary:
    members = dict(existing)
    added = updated = 0
    for row in rows:
        member = members.get(row.name.casefold())
        if member is None:
            member = m.TeamMember(name=row.name)
            session.add(member)
            members[row.name.casefold()] = member
            added += 1
        else:
            updated += 1
        # A column the file does not have leaves what the directory holds alone.
        member.name = row.name
        for column in ("role", "team", "phone", "email"):
            if column in row.columns:
                setattr(member, column, getattr(row, column))
        if "db_login" in row.columns:
            _check_login(session, member.id, row.db_login)
            member.db_login = row.db_login or None
        if row.columns & {"away_since", "away_until", "away_reason"}:
            member.away_since = row.away_since
            member.away_until = row.away_until
            member.away_reason = row.away_reason
    session.flush()
    for row in rows:
        if "manager" in row.columns:
            member = members[row.name.casefold()]
            manager = members[row.manager.casefold()] if row.manager else None
            member.manager_id = manager.id if manager is not None else None
    session.flush()
    return ImportSummary(added, updated)


def _get(session: Session, member_id: int) -> m.TeamMember:
    member = session.get(m.TeamMember, member_id)
    if member is None:
        raise NotFoundError(f"There is no team member with id {member_id}.")
    return member


def _stored(values: dict[str, str]) -> dict[str, str | None]:
    """The checked details as columns: no login is NULL (a login is unique, "" is not)."""
    return {**values, "db_login": values["db_login"] or None}


def _check_name(session: Session, member_id: int | None, name: str) -> None:
    """A name names one colleague: the directory's import, an imported case's people and
    every list of colleagues tell them apart by it."""
    wanted = name.casefold()
    for holder_id, holder_name in session.execute(select(m.TeamMember.id, m.TeamMember.name)):
        if holder_id != member_id and holder_name.casefold() == wanted:
            raise InvalidInputError(
                f"{holder_name} is in the team directory already; to add someone else of "
                f"that name, tell them apart (for example “{name} (Berlin)”)."
            )


def _check_login(session: Session, member_id: int | None, login: str) -> None:
    """A login names one colleague: the author of what it writes."""
    if not login:
        return
    holder = session.scalar(select(m.TeamMember).where(m.TeamMember.db_login == login))
    if holder is not None and holder.id != member_id:
        raise InvalidInputError(
            f"{holder.name} already logs in as {login!r}: a login belongs to one colleague."
        )


def _check_manager(session: Session, member_id: int | None, manager_id: int | None) -> None:
    if manager_id is None:
        return
    if manager_id == member_id:
        raise InvalidInputError("Someone cannot be their own manager.")
    if session.get(m.TeamMember, manager_id) is None:
        raise NotFoundError(f"There is no team member with id {manager_id}.")
