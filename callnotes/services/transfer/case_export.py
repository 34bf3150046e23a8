"""Exporting one case as documented JSON (see docs/case-json.md)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.timestamps import to_iso
from callnotes.errors import NotFoundError
from callnotes.services.transfer.after_call import export_after_call, members_mentioned
from callnotes.storage import models as m
from callnotes.storage.database import Database

FORMAT_NAME = "callnotes.case"
FORMAT_VERSION = 4
# Versions this callnotes reads: 1 lacks the after-call records, 1 and 2 the entries' marking
# for the client, 1 to 3 the calls' outcomes and the call-backs (see docs/case-json.md).
READABLE_VERSIONS = (1, 2, 3, 4)

Json = dict[str, Any]


class CaseExportService:
    """Writes a case, its client and the team members it mentions as one JSON document."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def export_case(self, case_id: int) -> Json:
        """The case as a JSON-ready dictionary."""
        with self._db.unit_of_work() as session:
            case = session.get(m.Case, case_id)
            if case is None:
                raise NotFoundError(f"There is no case with id {case_id}.")
            return _document(session, case)

    def export_case_text(self, case_id: int) -> str:
        """The case as JSON text, stable for identical data."""
        return json.dumps(self.export_case(case_id), indent=2, ensure_ascii=False) + "\n"


def _document(session: Session, case: m.Case) -> Json:
    client = session.scalar(
        select(m.Client)
        .where(m.Client.id == case.client_id)
        .options(selectinload(m.Client.contacts).selectinload(m.Contact.phones))
    )
    assert client is not None
    members = {t.id: t for t in session.scalars(select(m.TeamMember))}
    contacts = {c.id: c.uid for c in client.contacts}
    calls = session.scalars(select(m.Call).where(m.Call.case_id == case.id).order_by(m.Call.id))
    issues = session.scalars(
        select(m.Issue).where(m.Issue.case_id == case.id).order_by(m.Issue.id)
    ).all()
    entries = session.scalars(
        select(m.TimelineEntry)
        .where(m.TimelineEntry.case_id == case.id)
        .options(selectinload(m.TimelineEntry.revisions))
        .order_by(m.TimelineEntry.id)
    ).all()
    call_rows = calls.all()
    call_uids = {c.id: c.uid for c in call_rows}
    issue_uids = {i.id: i.uid for i in issues}
    entry_uids = {e.id: e.uid for e in entries}
    commitments = session.scalars(
        select(m.Commitment).where(m.Commitment.case_id == case.id).order_by(m.Commitment.id)
    )
    communications = session.scalars(
        select(m.Communication)
        .where(m.Communication.case_id == case.id)
        .order_by(m.Communication.id)
    )
    review = session.scalar(
        select(m.Review)
        .where(m.Review.case_id == case.id)
        .options(selectinload(m.Review.prevention_actions))
    )
    referenced = {
        client.usual_contact_id,
        case.handed_over_to_id,
        *(i.owner_id for i in issues),
        *members_mentioned(session, case.id),
    }
    team = _with_managers(referenced, members)

    def member_uid(member_id: int | None) -> str | None:
        return members[member_id].uid if member_id in members else None

    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "team": [_member(t, member_uid) for t in team],
        "client": {
            "uid": client.uid,
            "name": client.name,
            "timezone": client.timezone,
            "business_hours": client.business_hours,
            "notes": client.notes,
            "usual_contact": member_uid(client.usual_contact_id),
            "contacts": [contact_json(c) for c in client.contacts],
        },
        "case": {
            "uid": case.uid,
            "title": case.title,
            "status": case.status,
            "opened_at": _time(case.opened_at),
            "closed_at": _time(case.closed_at),
            "update_cadence_minutes": case.update_cadence_minutes,
            "next_update_due_at": _time(case.next_update_due_at),
            "update_channel": case.update_channel,
            "plan_agreed_at": _time(case.plan_agreed_at),
            "plan_business_hours_only": case.plan_business_hours_only,
            "handed_over_to": member_uid(case.handed_over_to_id),
            "handed_over_at": _time(case.handed_over_at),
            "handback_acknowledged_at": _time(case.handback_acknowledged_at),
            "calls": [
                {
                    "uid": c.uid,
                    "direction": c.direction,
                    "contact": contacts.get(c.contact_id) if c.contact_id else None,
                    "number": c.number,
                    "started_at": _time(c.started_at),
                    "ended_at": _time(c.ended_at),
                    "talk_seconds": c.talk_seconds,
                    "hold_seconds": c.hold_seconds,
                    "rail_state": json.loads(c.rail_state or "{}"),
                    "outcome": c.outcome,
                    "after_call_seconds": c.after_call_seconds,
                }
                for c in call_rows
            ],
            "call_backs": [
                {
                    "uid": b.uid,
                    "number": b.number,
                    "caller_name": b.caller_name,
                    "contact": contacts.get(b.contact_id) if b.contact_id else None,
                    "reason": b.reason,
                    "created_at": _time(b.created_at),
                    "due_at": _time(b.due_at),
                    "done_at": _time(b.done_at),
                    "call": call_uids.get(b.call_id) if b.call_id else None,
                    "note": b.note,
                }
                for b in session.scalars(
                    select(m.CallBack).where(m.CallBack.case_id == case.id).order_by(m.CallBack.id)
                )
            ],
            "issues": [_issue(i, member_uid) for i in issues],
            "timeline": [
                {
                    "uid": e.uid,
                    "call": call_uids.get(e.call_id) if e.call_id else None,
                    "issue": issue_uids.get(e.issue_id) if e.issue_id else None,
                    "at": _time(e.at),
                    "kind": e.kind,
                    "text": e.text,
                    "author": e.author,
                    "internal": e.internal,
                    "for_client": e.for_client,
                    "revisions": [
                        {
                            "revised_at": _time(r.revised_at),
                            "revised_by": r.revised_by,
                            "previous_kind": r.previous_kind,
                            "previous_text": r.previous_text,
                            "previous_for_client": r.previous_for_client,
                        }
                        for r in e.revisions
                    ],
                }
                for e in entries
            ],
            "commitments": [
                {
                    "uid": c.uid,
                    "entry": entry_uids.get(c.entry_id) if c.entry_id else None,
                    "text": c.text,
                    "due_at": _time(c.due_at),
                    "owner": c.owner,
                    "state": c.state,
                    "created_at": _time(c.created_at),
                    "closed_at": _time(c.closed_at),
                    "snoozed_until": _time(c.snoozed_until),
                }
                for c in commitments
            ],
            "communications": [
                {
                    "uid": c.uid,
                    "at": _time(c.at),
                    "audience": c.audience,
                    "channel": c.channel,
                    "kind": c.kind,
                    "summary": c.summary,
                    "next_update_at": _time(c.next_update_at),
                    "entry": entry_uids.get(c.entry_id) if c.entry_id else None,
                }
                for c in communications
            ],
            "review": _review(review, member_uid) if review else None,
            **export_after_call(
                session,
                case.id,
                member_uid,
                lambda i: entry_uids.get(i) if i else None,
                lambda i: issue_uids.get(i) if i else None,
                lambda i: call_uids.get(i) if i else None,
            ),
        },
    }


def _with_managers(ids: set[int | None], members: dict[int, m.TeamMember]) -> list[m.TeamMember]:
    found: dict[int, m.TeamMember] = {}
    pending = [i for i in ids if i is not None]
    while pending:
        member_id = pending.pop()
        if member_id in found or member_id not in members:
            continue
        found[member_id] = members[member_id]
        if members[member_id].manager_id is not None:
            pending.append(members[member_id].manager_id)  # type: ignore[arg-type]
    return sorted(found.values(), key=lambda t: (t.name, t.uid))


def _member(t: m.TeamMember, member_uid: Any) -> Json:
    return {
        "uid": t.uid,
        "name": t.name,
        "role": t.role,
        "team": t.team,
        "manager": member_uid(t.manager_id),
        "phone": t.phone,
        "email": t.email,
        "away_since": _time(t.away_since),
        "away_until": _time(t.away_until),
        "away_reason": t.away_reason,
    }


def contact_json(c: m.Contact) -> Json:
    """A contact with its phone numbers, as the case document lists it."""
    return {
        "uid": c.uid,
        "name": c.name,
        "role": c.role,
        "email": c.email,
        "preferred_method": c.preferred_method,
        "best_times": c.best_times,
        "phones": [{"number": p.number, "label": p.label} for p in c.phones],
    }


def _issue(i: m.Issue, member_uid: Any) -> Json:
    return {
        "uid": i.uid,
        "title": i.title,
        "client_words": i.client_words,
        "fixed_looks_like": [line for line in i.fixed_looks_like.splitlines() if line],
        "impact": i.impact,
        "urgency": i.urgency,
        "time_sensitive": i.time_sensitive,
        "business_critical": i.business_critical,
        "timeframe": i.timeframe,
        "deadline": _time(i.deadline),
        "first_noticed_at": _time(i.first_noticed_at),
        "status": i.status,
        "owner": member_uid(i.owner_id),
        "eta": _time(i.eta),
        "roadblocks": i.roadblocks,
        "root_cause": i.root_cause,
        "agreed_rank": i.agreed_rank,
        "created_at": _time(i.created_at),
    }


def _review(r: m.Review, member_uid: Any) -> Json:
    return {
        "uid": r.uid,
        "root_cause": r.root_cause,
        "contributing_factors": r.contributing_factors,
        "client_noticed_at": _time(r.client_noticed_at),
        "detected_at": _time(r.detected_at),
        "detection_gap_reason": r.detection_gap_reason,
        "recurrence": r.recurrence,
        "satisfaction": r.satisfaction,
        "reassurance": r.reassurance,
        "author": member_uid(r.author_id),
        "written_at": _time(r.written_at),
        "prevention_actions": [
            {"text": a.text, "owner": a.owner, "due_at": _time(a.due_at), "done": a.done}
            for a in r.prevention_actions
        ],
    }


def _time(value: datetime | None) -> str | None:
    return to_iso(value) if value is not None else None
