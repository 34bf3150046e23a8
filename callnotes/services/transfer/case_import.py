"""Importing a case exported as JSON: all of it or, if any field is wrong, none of it.

Every value goes through one path of checks before anything is written: the editor's cleaning
and limits for text (:mod:`callnotes.services.transfer.json_fields`), ranges for numbers and
times, the domain's phone numbers, and references that must hold together (uids unique in the
document, no manager cycles, contacts that are this client's). A refusal is one sentence naming
the field.

This module parses the text, runs that path in order and joins the case to the client and team
members already stored; the checks that refuse the document as a whole are in
:mod:`~callnotes.services.transfer.import_checks`, the rows each part becomes in
:mod:`~callnotes.services.transfer.import_rows`, who its team members are here in
:mod:`~callnotes.services.transfer.team_match`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callnotes.errors import InvalidInputError
from callnotes.services.clients.export import FORMAT_NAME as CLIENT_FORMAT_NAME
from callnotes.services.transfer.case_export import FORMAT_NAME, READABLE_VERSIONS
from callnotes.services.transfer.import_checks import (
    depth_within,
    refuse_contacts_of_others,
    refuse_manager_cycles,
    refuse_repeated_case_uids,
    refuse_repeated_uids,
    refuse_similar_name,
    refuse_uids_stored_elsewhere,
)
from callnotes.services.transfer.import_rows import (
    add_call_backs,
    call_back_rows,
    case_rows,
    client_row,
    member_row,
    ref,
)
from callnotes.services.transfer.json_fields import Fields
from callnotes.services.transfer.team_match import match_team
from callnotes.storage import models as m
from callnotes.storage.authorship import keep_recorded_authors
from callnotes.storage.database import Database

MAX_DEPTH = 64  # far deeper than any document callnotes writes
_MAX_NUMBER_DIGITS = 30


class _LongNumberError(ValueError):
    """A number in the text longer than any callnotes writes."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_NUMBER_DIGITS:
        raise _LongNumberError(text[:20])
    return int(text)


@dataclass(frozen=True)
class ImportedCase:
    """What an import added: the case, and how its team members were found or added."""

    case_id: int
    members_found_by_uid: int
    members_found_by_name: int  # colleagues here under another uid, known by their name
    members_added: int


class CaseImportService:
    """Reads a case document and adds it in one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def import_text(self, text: str, source: str = "the file") -> int:
        """Import JSON text (a UTF-8 byte-order mark is allowed); return the new case id."""
        return self.import_case(self.read_text(text, source))

    def read_text(self, text: str, source: str = "the file") -> Any:
        """The document in JSON text (a UTF-8 byte-order mark is allowed), not yet checked."""
        text = text.removeprefix("\ufeff")
        try:
            data = json.loads(text, parse_int=_bounded_int)
        except _LongNumberError as exc:
            raise InvalidInputError(
                f"{source} holds a number of more than {_MAX_NUMBER_DIGITS} digits, which no "
                "field of a case can be."
            ) from exc
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno})."
            ) from exc
        except RecursionError as exc:
            raise InvalidInputError(
                f"{source} nests lists or objects more than {MAX_DEPTH} deep, which no case "
                "document does."
            ) from exc
        if not depth_within(data, MAX_DEPTH):
            raise InvalidInputError(
                f"{source} nests lists or objects more than {MAX_DEPTH} deep, which no case "
                "document does."
            )
        return data

    def import_case(self, data: Any) -> int:
        """Import a parsed document; return the new case id."""
        return self.import_document(data).case_id

    def import_document(self, data: Any) -> ImportedCase:
        """Import a parsed document; every field is checked before anything is written."""
        if not depth_within(data, MAX_DEPTH):
            raise InvalidInputError(
                f"document: nests lists or objects more than {MAX_DEPTH} deep, which no case "
                "document does."
            )
        doc = Fields(data, "document")
        if doc.raw("format") == CLIENT_FORMAT_NAME:
            raise InvalidInputError(
                f'document.format: "{CLIENT_FORMAT_NAME}" is a client\'s whole export, which '
                "is not imported as one: import its cases one by one, each of its "
                '"cases" saved to a file of its own (docs/client-json.md).'
            )
        if doc.raw("format") != FORMAT_NAME:
            raise doc.fail("format", f'"{FORMAT_NAME}"')
        version = doc.raw("version")
        if isinstance(version, bool) or version not in READABLE_VERSIONS:
            readable = " or ".join(str(v) for v in READABLE_VERSIONS)
            raise doc.fail("version", f"{readable}, the versions this callnotes reads")
        team_fields = doc.objects("team")
        refuse_repeated_uids("document.team", team_fields)
        team = {t.uid: t for t in (member_row(f) for f in team_fields)}
        for f in team_fields:
            manager = ref(f, "manager", team)
            if manager is not None:
                team[f.raw("uid")].manager = manager
        refuse_manager_cycles(team_fields, team)
        client_fields = Fields(doc.raw("client"), "client")
        refuse_repeated_uids("client.contacts", client_fields.objects("contacts"))
        client = client_row(client_fields, team)
        case_fields = Fields(doc.raw("case"), "case")
        refuse_repeated_case_uids(case_fields)
        case, after_call = case_rows(case_fields, client, team)
        call_backs = call_back_rows(case_fields, client, case)
        try:
            with self._db.unit_of_work() as session:
                existing = session.scalar(select(m.Case.id).where(m.Case.uid == case.uid))
                if existing is not None:
                    raise InvalidInputError(
                        f"case.uid: this case is already in the database (case #{existing})."
                    )
                # The file's entries keep their authors; the audit log records who imported.
                keep_recorded_authors(session)
                refuse_uids_stored_elsewhere(session, case_fields)
                match = match_team(session, team_fields, team)
                _reuse_known(session, case, client, team, match.known, client_fields)
                session.add(case)
                session.flush()
                after_call.add_to(session, case, match.known)
                add_call_backs(session, case, call_backs)
                session.flush()
                return ImportedCase(
                    case_id=case.id,
                    members_found_by_uid=len(match.known) - match.by_name,
                    members_found_by_name=match.by_name,
                    # Members the case never points at (only a hand-made file lists them)
                    # are not added, so the count is of those written.
                    members_added=sum(1 for t in team.values() if t.id is not None),
                )
        except IntegrityError as exc:
            # Every conflict found so far is checked above; this keeps an unforeseen one a
            # sentence, with nothing written.
            raise InvalidInputError(
                "the file: an item in it conflicts with one already in this database "
                f"({_constraint(exc)}); nothing was imported."
            ) from exc


def _constraint(exc: IntegrityError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig is not None else "a constraint"


def _reuse_known(
    session: Session,
    case: m.Case,
    client: m.Client,
    team: dict[str, m.TeamMember],
    known: dict[str, m.TeamMember],
    client_fields: Fields,
) -> None:
    """Point at team members and the client already in the database instead of duplicating.

    *known* holds the document's members found in the directory (by uid or by name), keyed by
    their uid in the document; *team* is left with the members to add. The realistic second
    import (the same client, by uid, with a new case) joins the case to the stored client. A
    contact stored under another client, or a new client named like another one but for case,
    is refused.
    """
    if known:
        for obj in [client, case, *case.issues, *team.values(), case.review]:
            for attr in ("usual_contact", "handed_over_to", "owner", "manager", "author"):
                current = getattr(obj, attr, None)
                if current is not None and current.uid in known:
                    setattr(obj, attr, known[current.uid])
        for uid in known:
            team.pop(uid)
    stored_client = session.scalar(select(m.Client).where(m.Client.uid == client.uid))
    contact_fields = client_fields.objects("contacts")
    refuse_contacts_of_others(session, client.uid, contact_fields)
    if stored_client is None:
        refuse_similar_name(session, client.name)
        return
    stored_contacts = {c.uid: c for c in stored_client.contacts}
    for call in case.calls:
        if call.contact is not None and call.contact.uid in stored_contacts:
            call.contact = stored_contacts[call.contact.uid]
    # The document's client object must not reach the session (a contact moved to the stored
    # client would carry it along): it lets go of its contacts first, then only the new ones
    # join the stored client.
    contacts = list(client.contacts)
    client.contacts = []
    client.usual_contact = None
    case.client = stored_client
    for contact in contacts:
        if contact.uid not in stored_contacts:
            stored_client.contacts.append(contact)
