"""Exporting everything held about one client as one JSON document (see docs/client-json.md).

The client's cases are written in the case JSON shape (docs/case-json.md) by the case exporter
itself, so each of them can be imported again on its own with ``callnotes import``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.atomic import write_atomic
from callnotes.domain.drafts import case_of_draft, is_note_draft_key
from callnotes.domain.timeline import NoteDraft
from callnotes.domain.timestamps import Clock, to_iso
from callnotes.errors import NotFoundError
from callnotes.services.cases.drafts import DraftService
from callnotes.services.clients.closed_days import closures_of
from callnotes.services.transfer.case_export import CaseExportService, contact_json
from callnotes.storage import models as m
from callnotes.storage.database import Database

FORMAT_NAME = "callnotes.client"
FORMAT_VERSION = 1

Json = dict[str, Any]


@dataclass(frozen=True)
class ClientExport:
    """A client's data written to a file."""

    path: Path
    client_name: str
    case_count: int


class ClientExportService:
    """Writes a client, its contacts, every one of its cases and its unsent drafts as JSON."""

    def __init__(
        self,
        db: Database,
        cases: CaseExportService,
        clock: Clock,
        drafts_apart: DraftService | None = None,
    ) -> None:
        self._db = db
        self._cases = cases
        self._clock = clock
        self._drafts_apart = drafts_apart  # a team database's drafts, on this computer

    def export_client(self, client_id: int) -> Json:
        """The client's data as a JSON-ready dictionary."""
        with self._db.unit_of_work() as session:
            client = session.scalar(
                select(m.Client)
                .where(m.Client.id == client_id)
                .options(selectinload(m.Client.contacts).selectinload(m.Contact.phones))
            )
            if client is None:
                raise NotFoundError(f"There is no client with id {client_id}.")
            rows = session.execute(
                select(m.Case.id, m.Case.uid)
                .where(m.Case.client_id == client_id)
                .order_by(m.Case.id)
            )
            case_uids = {case_id: uid for case_id, uid in rows}
            head = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "exported_at": to_iso(self._clock()),
                "team": _usual_contact_and_managers(session, client.usual_contact_id),
                "client": _client(session, client),
                "cover": _cover(session, client),
                "calendar": _calendar(session, client),
            }
            drafts = _drafts(session, case_uids)
            call_backs = _call_backs(session, client_id, case_uids)
        if self._drafts_apart is not None:
            drafts += [
                _draft(case_uids[case_of_draft(key) or 0], key, text, updated_at)
                for key, text, updated_at in self._drafts_apart.of_cases(case_uids)
            ]
        cases = [self._cases.export_case(case_id) for case_id in case_uids]
        return {**head, "cases": cases, "drafts": drafts, "call_backs": call_backs}

    def export_client_text(self, client_id: int) -> str:
        """The client's data as JSON text."""
        return json.dumps(self.export_client(client_id), indent=2, ensure_ascii=False) + "\n"

    def suggested_file_name(self, client_name: str) -> str:
        """A file name to offer: ``northwind-logistics-data-2026-03-02.json``."""
        ascii_name = unicodedata.normalize("NFKD", client_name).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "client"
        return f"{slug}-data-{self._clock():%Y-%m-%d}.json"

    def write(self, client_id: int, path: Path) -> ClientExport:
        """Write the client's data to *path*: readable by this user only, never half-written."""
        document = self.export_client(client_id)
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        write_atomic(path, text.encode("utf-8"), mode=0o600)
        return ClientExport(path, document["client"]["name"], len(document["cases"]))


def _client(session: Session, client: m.Client) -> Json:
    """The client in the shape of the case document's ``client`` (docs/case-json.md)."""
    usual = session.get(m.TeamMember, client.usual_contact_id) if client.usual_contact_id else None
    return {
        "uid": client.uid,
        "name": client.name,
        "timezone": client.timezone,
        "business_hours": client.business_hours,
        "notes": client.notes,
        "usual_contact": usual.uid if usual is not None else None,
        "contacts": [contact_json(c) for c in client.contacts],
    }


def _calendar(session: Session, client: m.Client) -> Json:
    """Whose public holidays close the client, and the closures imported from their calendar."""
    return {
        "holiday_country": client.holiday_country,
        "holiday_subdivision": client.holiday_subdivision,
        "closures": [
            {"starts_at": _time(c.starts_at), "ends_at": _time(c.ends_at), "summary": c.summary}
            for c in closures_of(session, client.id)
        ],
    }


def _cover(session: Session, client: m.Client) -> Json:
    """Who covers the client in an absence of its usual contact, and what was acknowledged
    about it on a return ("since you left")."""
    stand_in = session.get(m.TeamMember, client.stand_in_id) if client.stand_in_id else None
    rows = session.execute(
        select(m.CoverAcknowledgement, m.TeamMember.name)
        .join(m.TeamMember, m.TeamMember.id == m.CoverAcknowledgement.member_id)
        .where(m.CoverAcknowledgement.client_id == client.id)
        .order_by(m.CoverAcknowledgement.id)
    )
    return {
        "stand_in": stand_in.name if stand_in is not None else None,
        "acknowledged": [
            {
                "by": name,
                "away_since": _time(ack.away_since),
                "item": ack.item_key,
                "at": _time(ack.acknowledged_at),
            }
            for ack, name in rows
        ],
    }


def _usual_contact_and_managers(session: Session, member_id: int | None) -> list[Json]:
    """The usual contact and the managers above them, as the case document lists its team."""
    members: list[m.TeamMember] = []
    seen: set[int] = set()
    while member_id is not None and member_id not in seen:
        member = session.get(m.TeamMember, member_id)
        if member is None:
            break
        seen.add(member_id)
        members.append(member)
        member_id = member.manager_id
    uids = {t.id: t.uid for t in members}
    return [
        {
            "uid": t.uid,
            "name": t.name,
            "role": t.role,
            "team": t.team,
            "manager": uids.get(t.manager_id) if t.manager_id is not None else None,
            "phone": t.phone,
            "email": t.email,
            "away_since": _time(t.away_since),
            "away_until": _time(t.away_until),
            "away_reason": t.away_reason,
        }
        for t in sorted(members, key=lambda t: (t.name, t.uid))
    ]


def _call_backs(session: Session, client_id: int, case_uids: dict[int, str]) -> list[Json]:
    """The calls owed to the client, done or not (the call-back queue)."""
    rows = session.scalars(
        select(m.CallBack).where(m.CallBack.client_id == client_id).order_by(m.CallBack.id)
    )
    return [
        {
            "uid": row.uid,
            "number": row.number,
            "caller_name": row.caller_name,
            "case": case_uids.get(row.case_id) if row.case_id is not None else None,
            "reason": row.reason,
            "created_at": _time(row.created_at),
            "due_at": _time(row.due_at),
            "done_at": _time(row.done_at),
            "note": row.note,
        }
        for row in rows
    ]


def _drafts(session: Session, case_uids: dict[int, str]) -> list[Json]:
    """Text typed for the client's cases and not yet committed."""
    found = []
    for draft in session.scalars(select(m.Draft).order_by(m.Draft.key)):
        case_id = case_of_draft(draft.key)
        if case_id in case_uids:
            found.append(_draft(case_uids[case_id], draft.key, draft.text, draft.updated_at))
    return found


def _draft(case_uid: str, key: str, stored: str, updated_at: datetime) -> Json:
    """One draft as the client's document shows it: a note's with its text, kind and marking
    for the client (kept together in the drafts table), any other with its text."""
    found: Json = {"case": case_uid, "key": key, "text": stored}
    if is_note_draft_key(key):
        note = NoteDraft.from_json(stored)
        found.update(text=note.text, kind=note.kind.value, for_client=note.for_client)
    return {**found, "updated_at": to_iso(updated_at)}


def _time(value: datetime | None) -> str | None:
    return to_iso(value) if value is not None else None
