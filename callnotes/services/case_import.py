"""Importing a case exported as JSON: all of it or, if any field is wrong, none of it."""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.calls import CallDirection
from callnotes.domain.cases import CaseStatus
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.reviews import Recurrence
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from callnotes.services.case_export import FORMAT_NAME, READABLE_VERSIONS
from callnotes.services.case_json_after_call import AfterCallImport
from callnotes.services.json_fields import Fields
from callnotes.storage import models as m
from callnotes.storage.database import Database

_UID = re.compile(r"^[0-9a-f]{32}$")


class CaseImportService:
    """Reads a case document and adds it in one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def import_text(self, text: str, source: str = "the file") -> int:
        """Import JSON text; return the new case id."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno})."
            ) from exc
        return self.import_case(data)

    def import_case(self, data: Any) -> int:
        """Import a parsed document; every field is checked before anything is written."""
        doc = Fields(data, "document")
        if doc.raw("format") != FORMAT_NAME:
            raise doc.fail("format", f'"{FORMAT_NAME}"')
        if doc.raw("version") not in READABLE_VERSIONS:
            readable = " or ".join(str(v) for v in READABLE_VERSIONS)
            raise doc.fail("version", f"{readable}, the versions this callnotes reads")
        team_fields = doc.objects("team")
        team = {t.uid: t for t in (_member(f) for f in team_fields)}
        for f in team_fields:
            manager = _ref(f, "manager", team)
            if manager is not None:
                team[f.text("uid")].manager = manager
        client = _client(Fields(doc.raw("client"), "client"), team)
        case_fields = Fields(doc.raw("case"), "case")
        case, after_call = _case(case_fields, client, team)
        with self._db.unit_of_work() as session:
            existing = session.scalar(select(m.Case.id).where(m.Case.uid == case.uid))
            if existing is not None:
                raise InvalidInputError(f"This case is already in the database (case #{existing}).")
            _reuse_known(session, case, client, team)
            session.add(case)
            session.flush()
            after_call.add_to(session, case)
            session.flush()
            return case.id


def _reuse_known(
    session: Session, case: m.Case, client: m.Client, team: dict[str, m.TeamMember]
) -> None:
    """Point at team members and the client already in the database instead of duplicating."""
    stored_members = {
        t.uid: t for t in session.scalars(select(m.TeamMember).where(m.TeamMember.uid.in_(team)))
    }
    if stored_members:
        for obj in [client, case, *case.issues, *team.values(), case.review]:
            for attr in ("usual_contact", "handed_over_to", "owner", "manager", "author"):
                current = getattr(obj, attr, None)
                if current is not None and current.uid in stored_members:
                    setattr(obj, attr, stored_members[current.uid])
        for uid in stored_members:
            team.pop(uid)
    stored_client = session.scalar(select(m.Client).where(m.Client.uid == client.uid))
    if stored_client is None:
        return
    stored_contacts = {c.uid: c for c in stored_client.contacts}
    for call in case.calls:
        if call.contact is not None and call.contact.uid in stored_contacts:
            call.contact = stored_contacts[call.contact.uid]
    for contact in list(client.contacts):
        if contact.uid not in stored_contacts:
            stored_client.contacts.append(contact)
    client.contacts = []
    case.client = stored_client


def _uid(f: Fields, key: str = "uid") -> str:
    value = f.text(key)
    if not _UID.match(value):
        raise f.fail(key, "32 lowercase hexadecimal characters")
    return value


def _ref(f: Fields, key: str, known: dict[str, Any]) -> Any:
    uid = f.optional_text(key)
    if uid is None:
        return None
    if uid not in known:
        raise f.fail(key, "the uid of an item in this document")
    return known[uid]


def _member(f: Fields) -> m.TeamMember:
    return m.TeamMember(
        uid=_uid(f),
        name=f.text("name", required=True),
        role=f.text("role"),
        team=f.text("team"),
        phone=f.text("phone"),
        email=f.text("email"),
        away_since=f.optional_time("away_since") if f.has("away_since") else None,
        away_until=f.optional_time("away_until"),
        away_reason=f.text("away_reason"),
    )


def _client(f: Fields, team: dict[str, m.TeamMember]) -> m.Client:
    contacts = []
    for c in f.objects("contacts"):
        method = c.optional_choice("preferred_method", ContactMethod)
        contacts.append(
            m.Contact(
                uid=_uid(c),
                name=c.text("name", required=True),
                role=c.text("role"),
                email=c.text("email"),
                preferred_method=method.value if method else None,
                best_times=c.text("best_times"),
                phones=[
                    m.ContactPhone(number=p.text("number", required=True), label=p.text("label"))
                    for p in c.objects("phones")
                ],
            )
        )
    timezone = f.text("timezone", required=True)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise f.fail("timezone", "an IANA time zone name such as Europe/Berlin") from exc
    return m.Client(
        uid=_uid(f),
        name=f.text("name", required=True),
        timezone=timezone,
        business_hours=f.text("business_hours"),
        notes=f.text("notes"),
        usual_contact=_ref(f, "usual_contact", team),
        contacts=contacts,
    )


def _case(
    f: Fields, client: m.Client, team: dict[str, m.TeamMember]
) -> tuple[m.Case, AfterCallImport]:
    channel = f.optional_choice("update_channel", ContactMethod)
    contacts = {c.uid: c for c in client.contacts}
    calls = {c.uid: c for c in (_call(c, contacts) for c in f.objects("calls"))}
    issues = {i.uid: i for i in (_issue(i, team) for i in f.objects("issues"))}
    entries = {e.uid: e for e in (_entry(e, calls, issues) for e in f.objects("timeline"))}
    review = f.optional_object("review")
    after_call = AfterCallImport(f, _ref, _uid, team, entries, issues, calls)
    case = m.Case(
        uid=_uid(f),
        client=client,
        title=f.text("title", required=True),
        status=f.choice("status", CaseStatus).value,
        opened_at=f.time("opened_at"),
        closed_at=f.optional_time("closed_at"),
        update_cadence_minutes=f.optional_integer("update_cadence_minutes"),
        next_update_due_at=f.optional_time("next_update_due_at"),
        update_channel=channel.value if channel else None,
        handed_over_to=_ref(f, "handed_over_to", team),
        handed_over_at=f.optional_time("handed_over_at"),
        handback_acknowledged_at=f.optional_time("handback_acknowledged_at"),
        plan_agreed_at=f.optional_time("plan_agreed_at") if f.has("plan_agreed_at") else None,
        plan_business_hours_only=(
            f.boolean("plan_business_hours_only") if f.has("plan_business_hours_only") else True
        ),
        calls=list(calls.values()),
        issues=list(issues.values()),
        entries=list(entries.values()),
        commitments=[_commitment(c, entries) for c in f.objects("commitments")],
        communications=[_communication(c, entries) for c in f.objects("communications")],
        review=_review(review, team) if review is not None else None,
    )
    return case, after_call


def _call(c: Fields, contacts: dict[str, m.Contact]) -> m.Call:
    rail = c.raw("rail_state")
    if not isinstance(rail, dict):
        raise c.fail("rail_state", "an object")
    return m.Call(
        uid=_uid(c),
        direction=c.choice("direction", CallDirection).value,
        contact=_ref(c, "contact", contacts),
        number=c.text("number"),
        started_at=c.time("started_at"),
        ended_at=c.optional_time("ended_at"),
        talk_seconds=c.integer("talk_seconds"),
        hold_seconds=c.integer("hold_seconds"),
        rail_state=json.dumps(rail, sort_keys=True),
    )


def _issue(i: Fields, team: dict[str, m.TeamMember]) -> m.Issue:
    impact = i.optional_choice("impact", Impact)
    urgency = i.optional_choice("urgency", Urgency)
    return m.Issue(
        uid=_uid(i),
        title=i.text("title", required=True),
        client_words=i.text("client_words"),
        fixed_looks_like="\n".join(i.strings("fixed_looks_like")),
        impact=impact.value if impact else None,
        urgency=urgency.value if urgency else None,
        time_sensitive=i.boolean("time_sensitive"),
        business_critical=i.boolean("business_critical"),
        timeframe=i.text("timeframe"),
        deadline=i.optional_time("deadline"),
        first_noticed_at=i.optional_time("first_noticed_at"),
        status=i.choice("status", IssueStatus).value,
        owner=_ref(i, "owner", team),
        eta=i.optional_time("eta"),
        roadblocks=i.text("roadblocks"),
        root_cause=i.text("root_cause"),
        agreed_rank=i.optional_integer("agreed_rank"),
        created_at=i.time("created_at"),
    )


def _entry(e: Fields, calls: dict[str, m.Call], issues: dict[str, m.Issue]) -> m.TimelineEntry:
    return m.TimelineEntry(
        uid=_uid(e),
        call=_ref(e, "call", calls),
        issue=_ref(e, "issue", issues),
        at=e.time("at"),
        kind=e.choice("kind", EntryKind).value,
        text=e.text("text", required=True),
        author=e.text("author"),
        internal=e.boolean("internal"),
        # Before version 3 there was no marking: nothing was consciously shared with the client.
        for_client=e.boolean("for_client") if e.has("for_client") else False,
        revisions=[
            m.EntryRevision(
                revised_at=r.time("revised_at"),
                revised_by=r.text("revised_by"),
                previous_kind=r.choice("previous_kind", EntryKind).value,
                previous_text=r.text("previous_text"),
                previous_for_client=(
                    r.boolean("previous_for_client") if r.has("previous_for_client") else False
                ),
            )
            for r in e.objects("revisions")
        ],
    )


def _commitment(c: Fields, entries: dict[str, m.TimelineEntry]) -> m.Commitment:
    return m.Commitment(
        uid=_uid(c),
        entry=_ref(c, "entry", entries),
        text=c.text("text", required=True),
        due_at=c.optional_time("due_at"),
        owner=c.text("owner"),
        state=c.choice("state", CommitmentState).value,
        created_at=c.time("created_at"),
        closed_at=c.optional_time("closed_at") if c.has("closed_at") else None,
        snoozed_until=c.optional_time("snoozed_until") if c.has("snoozed_until") else None,
    )


def _communication(c: Fields, entries: dict[str, m.TimelineEntry]) -> m.Communication:
    entry = _ref(c, "entry", entries) if c.has("entry") else None
    return m.Communication(
        uid=_uid(c),
        at=c.time("at"),
        audience=c.choice("audience", Audience).value,
        channel=c.choice("channel", Channel).value,
        kind=c.choice("kind", CommunicationKind).value,
        summary=c.text("summary"),
        next_update_at=c.optional_time("next_update_at"),
        entry=entry,
    )


def _review(r: Fields, team: dict[str, m.TeamMember]) -> m.Review:
    return m.Review(
        uid=_uid(r),
        root_cause=r.text("root_cause"),
        contributing_factors=r.text("contributing_factors"),
        client_noticed_at=r.optional_time("client_noticed_at"),
        detected_at=r.optional_time("detected_at"),
        detection_gap_reason=r.text("detection_gap_reason"),
        recurrence=r.choice("recurrence", Recurrence).value,
        satisfaction=r.text("satisfaction"),
        reassurance=r.text("reassurance") if r.has("reassurance") else "",
        author=_ref(r, "author", team) if r.has("author") else None,
        written_at=r.optional_time("written_at") if r.has("written_at") else None,
        prevention_actions=[
            m.PreventionAction(
                text=a.text("text", required=True),
                owner=a.text("owner"),
                due_at=a.optional_time("due_at"),
                done=a.boolean("done"),
            )
            for a in r.objects("prevention_actions")
        ],
    )
