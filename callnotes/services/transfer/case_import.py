"""Importing a case exported as JSON: all of it or, if any field is wrong, none of it.

Every value goes through one path of checks before anything is written: the editor's cleaning
and limits for text (:mod:`callnotes.services.transfer.json_fields`), ranges for numbers and
times, the domain's phone numbers, and references that must hold together (uids unique in the
document, no manager cycles, contacts that are this client's). A refusal is one sentence naming
the field.
"""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callnotes.domain.call_backs import CallBackReason
from callnotes.domain.calls import CallDirection, CallOutcome
from callnotes.domain.cases import CaseStatus
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.phones import MAX_NUMBER_CHARS, normalise_number
from callnotes.domain.reviews import Recurrence
from callnotes.domain.team import FIELD_LIMITS
from callnotes.domain.text import MAX_NOTE_CHARS, clean_text
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from callnotes.services.issues.fields import MAX_TITLE_CHARS
from callnotes.services.transfer.after_call import AfterCallImport
from callnotes.services.transfer.case_export import FORMAT_NAME, READABLE_VERSIONS
from callnotes.services.transfer.json_fields import Fields
from callnotes.storage import models as m
from callnotes.storage.authorship import keep_recorded_authors
from callnotes.storage.database import Database
from callnotes.storage.models.limits import column_length

_UID = re.compile(r"^[0-9a-f]{32}$")
CLIENT_NAME_CHARS = column_length(m.Client.name)  # as the client editor allows
MAX_DEPTH = 64  # far deeper than any document callnotes writes
_MAX_NUMBER_DIGITS = 30
_MAX_CALL_SECONDS = 7 * 24 * 3600
_ZONE_CHARS = 64
# The case's lists whose items carry a uid, in the document's order.
_UID_LISTS = (
    "calls", "issues", "timeline", "commitments", "communications", "escalation_attempts",
    "team_notices", "investigation", "follow_up_checks", "call_backs",
)  # fmt: skip
_UID_TABLES: dict[str, Any] = {
    "calls": m.Call,
    "issues": m.Issue,
    "timeline": m.TimelineEntry,
    "commitments": m.Commitment,
    "communications": m.Communication,
    "escalation_attempts": m.EscalationAttempt,
    "team_notices": m.TeamNotice,
    "investigation": m.InvestigationStep,
    "follow_up_checks": m.FollowUpCheck,
    "call_backs": m.CallBack,
}


class _LongNumberError(ValueError):
    """A number in the text longer than any callnotes writes."""


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_NUMBER_DIGITS:
        raise _LongNumberError(text[:20])
    return int(text)


class CaseImportService:
    """Reads a case document and adds it in one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def import_text(self, text: str, source: str = "the file") -> int:
        """Import JSON text (a UTF-8 byte-order mark is allowed); return the new case id."""
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
        if not _depth_within(data, MAX_DEPTH):
            raise InvalidInputError(
                f"{source} nests lists or objects more than {MAX_DEPTH} deep, which no case "
                "document does."
            )
        return self.import_case(data)

    def import_case(self, data: Any) -> int:
        """Import a parsed document; every field is checked before anything is written."""
        if not _depth_within(data, MAX_DEPTH):
            raise InvalidInputError(
                f"document: nests lists or objects more than {MAX_DEPTH} deep, which no case "
                "document does."
            )
        doc = Fields(data, "document")
        if doc.raw("format") != FORMAT_NAME:
            raise doc.fail("format", f'"{FORMAT_NAME}"')
        version = doc.raw("version")
        if isinstance(version, bool) or version not in READABLE_VERSIONS:
            readable = " or ".join(str(v) for v in READABLE_VERSIONS)
            raise doc.fail("version", f"{readable}, the versions this callnotes reads")
        team_fields = doc.objects("team")
        _refuse_repeated_uids("document.team", team_fields)
        team = {t.uid: t for t in (_member(f) for f in team_fields)}
        for f in team_fields:
            manager = _ref(f, "manager", team)
            if manager is not None:
                team[f.raw("uid")].manager = manager
        _refuse_manager_cycles(team_fields, team)
        client_fields = Fields(doc.raw("client"), "client")
        _refuse_repeated_uids("client.contacts", client_fields.objects("contacts"))
        client = _client(client_fields, team)
        case_fields = Fields(doc.raw("case"), "case")
        for key in _UID_LISTS:
            if key in _UID_TABLES and case_fields.has(key):
                _refuse_repeated_uids(f"case.{key}", case_fields.objects(key))
        if case_fields.has("linked_cases"):
            _refuse_repeated_uids("case.linked_cases", case_fields.objects("linked_cases"), "case")
        case, after_call = _case(case_fields, client, team)
        call_backs = _call_backs(case_fields, client, case)
        try:
            with self._db.unit_of_work() as session:
                existing = session.scalar(select(m.Case.id).where(m.Case.uid == case.uid))
                if existing is not None:
                    raise InvalidInputError(
                        f"case.uid: this case is already in the database (case #{existing})."
                    )
                # The file's entries keep their authors; the audit log records who imported.
                keep_recorded_authors(session)
                _refuse_uids_stored_elsewhere(session, case_fields)
                _reuse_known(session, case, client, team, client_fields)
                session.add(case)
                session.flush()
                after_call.add_to(session, case)
                _add_call_backs(session, case, call_backs)
                session.flush()
                return case.id
        except IntegrityError as exc:
            # Every conflict found so far is checked above; this keeps an unforeseen one a
            # sentence, with nothing written.
            raise InvalidInputError(
                "the file: an item in it conflicts with one already in this database "
                f"({_constraint(exc)}); nothing was imported."
            ) from exc


def _constraint(exc: IntegrityError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig is not None else "a constraint"


def _depth_within(data: Any, limit: int) -> bool:
    """Whether lists and objects nest at most *limit* deep (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return False
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items if isinstance(item, dict | list))
    return True


def _refuse_repeated_uids(path: str, items: list[Fields], key: str = "uid") -> None:
    """Two items of one list with the same uid would be merged: refuse the second."""
    seen: dict[Any, int] = {}
    for n, item in enumerate(items):
        uid = item.raw(key) if item.has(key) else None
        if not isinstance(uid, str):
            continue
        if uid in seen:
            raise InvalidInputError(
                f"{path}[{n}].{key}: {uid[:40]} is also the {key} of {path}[{seen[uid]}]; each "
                "item appears once."
            )
        seen[uid] = n


def _refuse_manager_cycles(team_fields: list[Fields], team: dict[str, m.TeamMember]) -> None:
    """A member may not be their own manager, directly or through others."""
    for f in team_fields:
        member = team[f.raw("uid")]
        if member.manager is member:
            raise InvalidInputError(f"{f.path}.manager: {member.name} cannot manage themselves.")
        seen = {id(member)}
        boss = member.manager
        while boss is not None:
            if boss is member:
                raise InvalidInputError(
                    f"{f.path}.manager: {member.name} would manage themselves through a chain "
                    "of managers."
                )
            if id(boss) in seen:
                break  # a cycle above this member: it is named at one of its own members
            seen.add(id(boss))
            boss = boss.manager


def _refuse_uids_stored_elsewhere(session: Session, case_fields: Fields) -> None:
    """Calls, issues, entries… of another case already use these uids: refuse, naming one."""
    for key, model in _UID_TABLES.items():
        if not case_fields.has(key):
            continue
        items = case_fields.objects(key)
        uids = [item.raw("uid") for item in items]
        taken = set(session.scalars(select(model.uid).where(model.uid.in_(uids))))
        for item, uid in zip(items, uids, strict=True):
            if uid in taken:
                raise InvalidInputError(
                    f"{item.path}.uid: an item of another case in this database has this uid."
                )
    review = case_fields.optional_object("review")
    if review is not None and session.scalar(
        select(m.Review.id).where(m.Review.uid == review.raw("uid"))
    ):
        raise InvalidInputError("case.review.uid: a review of another case has this uid.")


def _reuse_known(
    session: Session,
    case: m.Case,
    client: m.Client,
    team: dict[str, m.TeamMember],
    client_fields: Fields,
) -> None:
    """Point at team members and the client already in the database instead of duplicating.

    The realistic second import (the same client, by uid, with a new case and team members new
    to this database) joins the case to the stored client. A contact stored under another
    client, or a new client named like another one but for case, is refused.
    """
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
    contact_fields = client_fields.objects("contacts")
    _refuse_contacts_of_others(session, client.uid, contact_fields)
    if stored_client is None:
        _refuse_similar_name(session, client.name)
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


def _refuse_contacts_of_others(session: Session, client_uid: str, contacts: list[Fields]) -> None:
    uids = [c.raw("uid") for c in contacts]
    owners = dict(
        session.execute(
            select(m.Contact.uid, m.Client.uid)
            .join(m.Client, m.Client.id == m.Contact.client_id)
            .where(m.Contact.uid.in_(uids))
        ).all()
    )
    for f, uid in zip(contacts, uids, strict=True):
        if uid in owners and owners[uid] != client_uid:
            raise InvalidInputError(
                f"{f.path}.uid: this contact belongs to another client in this database."
            )


def _refuse_similar_name(session: Session, name: str) -> None:
    """A new client may not share another's name but for case (the rename rule)."""
    folded = name.casefold()
    for other in session.scalars(select(m.Client.name)):
        if other.casefold() == folded:
            raise InvalidInputError(
                f"client.name: another client is already called {other}; rename one of them "
                "so the two can be told apart, then import again."
            )


def _uid(f: Fields, key: str = "uid") -> str:
    value = f.raw(key)
    if not isinstance(value, str) or not _UID.fullmatch(value):
        raise f.fail(key, "32 lowercase hexadecimal characters")
    return value


def _ref(f: Fields, key: str, known: dict[str, Any]) -> Any:
    uid = f.raw(key)
    if uid is None:
        return None
    if not isinstance(uid, str) or uid not in known:
        raise f.fail(key, "the uid of an item in this document")
    return known[uid]


def _number(f: Fields, key: str = "number", *, required: bool = False) -> str:
    """A phone number in E.164 as the domain normalises it (empty when not *required*)."""
    raw = f.line(key, required=required, max_chars=MAX_NUMBER_CHARS)
    if not raw:
        return ""
    number = normalise_number(raw, "")
    if number is None:
        raise f.fail(key, "a phone number in E.164, such as +442079460321")
    return number


def _member(f: Fields) -> m.TeamMember:
    return m.TeamMember(
        uid=_uid(f),
        name=f.line("name", required=True, max_chars=FIELD_LIMITS["name"]),
        role=f.line("role", max_chars=FIELD_LIMITS["role"]),
        team=f.line("team", max_chars=FIELD_LIMITS["team"]),
        phone=f.line("phone", max_chars=FIELD_LIMITS["phone"]),
        email=f.line("email", max_chars=FIELD_LIMITS["email"]),
        away_since=f.optional_time("away_since") if f.has("away_since") else None,
        away_until=f.optional_time("away_until"),
        away_reason=f.line("away_reason", max_chars=FIELD_LIMITS["away_reason"]),
    )


def _phones(contact: Fields) -> list[m.ContactPhone]:
    """A contact's numbers, each once (the editor keeps one of two that normalise alike)."""
    phones: list[m.ContactPhone] = []
    for p in contact.objects("phones"):
        number = _number(p, required=True)
        for k, earlier in enumerate(phones):
            if earlier.number == number:
                raise p.fail("number", f"a number other than phones[{k}]'s, {number}")
        phones.append(m.ContactPhone(number=number, label=p.line("label")))
    return phones


def _client(f: Fields, team: dict[str, m.TeamMember]) -> m.Client:
    contacts = []
    for c in f.objects("contacts"):
        method = c.optional_choice("preferred_method", ContactMethod)
        contacts.append(
            m.Contact(
                uid=_uid(c),
                name=c.line("name", required=True),
                role=c.line("role"),
                email=c.line("email"),
                preferred_method=method.value if method else None,
                best_times=c.line("best_times"),
                phones=_phones(c),
            )
        )
    timezone = f.line("timezone", required=True, max_chars=_ZONE_CHARS)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise f.fail("timezone", "an IANA time zone name such as Europe/Berlin") from exc
    return m.Client(
        uid=_uid(f),
        name=f.line("name", required=True, max_chars=CLIENT_NAME_CHARS),
        timezone=timezone,
        business_hours=f.line("business_hours"),
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
    issue_fields = f.objects("issues")
    issues = {i.uid: i for i in (_issue(i, team) for i in issue_fields)}
    _refuse_shared_ranks(issue_fields, list(issues.values()))
    entries = {e.uid: e for e in (_entry(e, calls, issues) for e in f.objects("timeline"))}
    review = f.optional_object("review")
    after_call = AfterCallImport(f, _ref, _uid, team, entries, issues, calls)
    case = m.Case(
        uid=_uid(f),
        client=client,
        title=f.line("title", required=True),
        status=f.choice("status", CaseStatus).value,
        opened_at=f.time("opened_at"),
        closed_at=f.optional_time("closed_at"),
        update_cadence_minutes=f.optional_integer("update_cadence_minutes", low=1),
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
    rail_text = json.dumps(_cleaned(rail), sort_keys=True)
    if len(rail_text) > MAX_NOTE_CHARS:
        raise c.fail("rail_state", f"an object of at most {MAX_NOTE_CHARS:,} characters")
    started_at = c.time("started_at")
    ended_at = c.optional_time("ended_at")
    if ended_at is not None and ended_at < started_at:
        raise c.fail(
            "ended_at", "a time no earlier than started_at (the call ends after it starts)"
        )
    outcome = c.optional_choice("outcome", CallOutcome) if c.has("outcome") else None
    return m.Call(
        uid=_uid(c),
        direction=c.choice("direction", CallDirection).value,
        contact=_ref(c, "contact", contacts),
        number=_number(c),
        started_at=started_at,
        ended_at=ended_at,
        talk_seconds=c.integer("talk_seconds", high=_MAX_CALL_SECONDS),
        hold_seconds=c.integer("hold_seconds", high=_MAX_CALL_SECONDS),
        rail_state=rail_text,
        outcome=outcome.value if outcome is not None else None,
        after_call_seconds=(
            c.optional_integer("after_call_seconds", high=_MAX_CALL_SECONDS)
            if c.has("after_call_seconds")
            else None
        ),
    )


_CallBackRow = tuple[m.CallBack, str | None, m.Call | None]  # the row, its contact's uid, call


def _call_backs(f: Fields, client: m.Client, case: m.Case) -> list[_CallBackRow]:
    """The case's call-backs (version 4), checked; attached once the case has its ids."""
    if not f.has("call_backs"):
        return []
    contacts = {c.uid: c for c in client.contacts}
    calls = {c.uid: c for c in case.calls}
    rows: list[_CallBackRow] = []
    for b in f.objects("call_backs"):
        contact = _ref(b, "contact", contacts)
        created_at = b.time("created_at")
        done_at = b.optional_time("done_at")
        if done_at is not None and done_at < created_at:
            raise b.fail("done_at", "a time no earlier than created_at")
        row = m.CallBack(
            uid=_uid(b),
            number=_number(b, required=True),
            caller_name=b.line("caller_name", max_chars=column_length(m.CallBack.caller_name)),
            reason=b.choice("reason", CallBackReason).value,
            created_at=created_at,
            due_at=b.time("due_at"),
            done_at=done_at,
            note=b.text("note") if b.has("note") else "",
        )
        rows.append((row, contact.uid if contact is not None else None, _ref(b, "call", calls)))
    return rows


def _add_call_backs(session: Session, case: m.Case, rows: list[_CallBackRow]) -> None:
    """Attach the call-backs to *case* (flushed): its client, the contact of that uid (the
    stored one when the client was already here), the call."""
    if not rows:
        return
    wanted = [uid for _row, uid, _call in rows if uid is not None]
    contacts = dict(
        session.execute(select(m.Contact.uid, m.Contact.id).where(m.Contact.uid.in_(wanted))).all()
    )
    for row, contact_uid, call in rows:
        row.case_id = case.id
        row.client_id = case.client_id
        row.contact_id = contacts.get(contact_uid) if contact_uid else None
        row.call_id = call.id if call is not None else None
        session.add(row)


def _cleaned(value: Any) -> Any:
    """The guided rail's state with every string cleaned as the editor cleans text."""
    if isinstance(value, str):
        return clean_text(value).text
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {clean_text(k).text: _cleaned(v) for k, v in value.items()}
    return value


def _refuse_shared_ranks(fields: list[Fields], issues: list[m.Issue]) -> None:
    """The order agreed with the client gives each issue its own place."""
    ranked: dict[int, int] = {}
    for n, (f, issue) in enumerate(zip(fields, issues, strict=True)):
        if issue.agreed_rank is None:
            continue
        if issue.agreed_rank in ranked:
            raise f.fail(
                "agreed_rank",
                f"a rank no other issue has (case.issues[{ranked[issue.agreed_rank]}] is also "
                f"ranked {issue.agreed_rank})",
            )
        ranked[issue.agreed_rank] = n


def _issue(i: Fields, team: dict[str, m.TeamMember]) -> m.Issue:
    impact = i.optional_choice("impact", Impact)
    urgency = i.optional_choice("urgency", Urgency)
    return m.Issue(
        uid=_uid(i),
        title=i.line("title", required=True, max_chars=MAX_TITLE_CHARS),
        client_words=i.text("client_words"),
        fixed_looks_like="\n".join(i.lines("fixed_looks_like")),
        impact=impact.value if impact else None,
        urgency=urgency.value if urgency else None,
        time_sensitive=i.boolean("time_sensitive"),
        business_critical=i.boolean("business_critical"),
        timeframe=i.line("timeframe"),
        deadline=i.optional_time("deadline"),
        first_noticed_at=i.optional_time("first_noticed_at"),
        status=i.choice("status", IssueStatus).value,
        owner=_ref(i, "owner", team),
        eta=i.optional_time("eta"),
        roadblocks=i.text("roadblocks"),
        root_cause=i.text("root_cause"),
        agreed_rank=i.optional_integer("agreed_rank", low=1),
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
        author=e.line("author"),
        internal=e.boolean("internal"),
        # Before version 3 there was no marking: nothing was consciously shared with the client.
        for_client=e.boolean("for_client") if e.has("for_client") else False,
        revisions=[
            m.EntryRevision(
                revised_at=r.time("revised_at"),
                revised_by=r.line("revised_by"),
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
        owner=c.line("owner"),
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
                owner=a.line("owner"),
                due_at=a.optional_time("due_at"),
                done=a.boolean("done"),
            )
            for a in r.objects("prevention_actions")
        ],
    )
