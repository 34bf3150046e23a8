"""The rows a case document becomes: each checked part of it turned into ORM objects.

Every value is read through :class:`~callnotes.services.transfer.json_fields.Fields`; uids and
references to other items of the document are checked as they are read. Nothing is written
here but the call-backs, attached by :func:`add_call_backs` once the case has its id.
"""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.call_backs import CallBackReason
from callnotes.domain.calls import CallDirection, CallOutcome
from callnotes.domain.cases import CaseStatus
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.emails import EXAMPLE as EMAIL_EXAMPLE
from callnotes.domain.emails import MAX_EMAIL_CHARS, email_address
from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.phones import MAX_NUMBER_CHARS, normalise_number
from callnotes.domain.reviews import Recurrence
from callnotes.domain.team import FIELD_LIMITS
from callnotes.domain.text import MAX_NOTE_CHARS, clean_text
from callnotes.domain.timeline import EntryKind
from callnotes.services.issues.fields import MAX_TITLE_CHARS
from callnotes.services.transfer.after_call import AfterCallImport
from callnotes.services.transfer.import_checks import refuse_shared_ranks
from callnotes.services.transfer.json_fields import Fields
from callnotes.storage import models as m
from callnotes.storage.models.limits import column_length

_UID = re.compile(r"^[0-9a-f]{32}$")
CLIENT_NAME_CHARS = column_length(m.Client.name)  # as the client editor allows
_MAX_CALL_SECONDS = 7 * 24 * 3600
_ZONE_CHARS = 64


def _uid(f: Fields, key: str = "uid") -> str:
    value = f.raw(key)
    if not isinstance(value, str) or not _UID.fullmatch(value):
        raise f.fail(key, "32 lowercase hexadecimal characters")
    return value


def ref(f: Fields, key: str, known: dict[str, Any]) -> Any:
    """The item of *known* whose uid is at *key* (``None`` when the key holds null)."""
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


def _email(f: Fields, key: str = "email") -> str:
    """A contact's e-mail address as the client card stores it ("" for none)."""
    address = email_address(f.line(key, max_chars=MAX_EMAIL_CHARS))
    if address is None:
        raise f.fail(key, f"an e-mail address such as {EMAIL_EXAMPLE}, or an empty string")
    return address


def member_row(f: Fields) -> m.TeamMember:
    """A team member of the document, without their manager (set once all are read)."""
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


def client_row(f: Fields, team: dict[str, m.TeamMember]) -> m.Client:
    """The document's client with its contacts and their numbers."""
    contacts = []
    for c in f.objects("contacts"):
        method = c.optional_choice("preferred_method", ContactMethod)
        contacts.append(
            m.Contact(
                uid=_uid(c),
                name=c.line("name", required=True),
                role=c.line("role"),
                email=_email(c),
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
        usual_contact=ref(f, "usual_contact", team),
        contacts=contacts,
    )


def case_rows(
    f: Fields, client: m.Client, team: dict[str, m.TeamMember]
) -> tuple[m.Case, AfterCallImport]:
    """The case with its calls, issues, timeline, promises, updates and review; its after-call
    lists beside it, added once the case is flushed."""
    channel = f.optional_choice("update_channel", ContactMethod)
    contacts = {c.uid: c for c in client.contacts}
    calls = {c.uid: c for c in (_call(c, contacts) for c in f.objects("calls"))}
    issue_fields = f.objects("issues")
    issues = {i.uid: i for i in (_issue(i, team) for i in issue_fields)}
    refuse_shared_ranks(issue_fields, list(issues.values()))
    entries = {e.uid: e for e in (_entry(e, calls, issues) for e in f.objects("timeline"))}
    review = f.optional_object("review")
    after_call = AfterCallImport(f, ref, _uid, team, entries, issues, calls)
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
        handed_over_to=ref(f, "handed_over_to", team),
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
        contact=ref(c, "contact", contacts),
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


def call_back_rows(f: Fields, client: m.Client, case: m.Case) -> list[_CallBackRow]:
    """The case's call-backs (version 4), checked; attached once the case has its ids."""
    if not f.has("call_backs"):
        return []
    contacts = {c.uid: c for c in client.contacts}
    calls = {c.uid: c for c in case.calls}
    rows: list[_CallBackRow] = []
    for b in f.objects("call_backs"):
        contact = ref(b, "contact", contacts)
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
        rows.append((row, contact.uid if contact is not None else None, ref(b, "call", calls)))
    return rows


def add_call_backs(session: Session, case: m.Case, rows: list[_CallBackRow]) -> None:
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
        owner=ref(i, "owner", team),
        eta=i.optional_time("eta"),
        roadblocks=i.text("roadblocks"),
        root_cause=i.text("root_cause"),
        agreed_rank=i.optional_integer("agreed_rank", low=1),
        created_at=i.time("created_at"),
    )


def _entry(e: Fields, calls: dict[str, m.Call], issues: dict[str, m.Issue]) -> m.TimelineEntry:
    return m.TimelineEntry(
        uid=_uid(e),
        call=ref(e, "call", calls),
        issue=ref(e, "issue", issues),
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
        entry=ref(c, "entry", entries),
        text=c.text("text", required=True),
        due_at=c.optional_time("due_at"),
        owner=c.line("owner"),
        state=c.choice("state", CommitmentState).value,
        created_at=c.time("created_at"),
        closed_at=c.optional_time("closed_at") if c.has("closed_at") else None,
        snoozed_until=c.optional_time("snoozed_until") if c.has("snoozed_until") else None,
    )


def _communication(c: Fields, entries: dict[str, m.TimelineEntry]) -> m.Communication:
    entry = ref(c, "entry", entries) if c.has("entry") else None
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
        author=ref(r, "author", team) if r.has("author") else None,
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
