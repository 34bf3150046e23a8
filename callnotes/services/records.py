"""Converting ORM rows to the frozen records services return (inside the unit of work)."""

from __future__ import annotations

from callnotes.domain.calls import CallDirection, CallOutcome, CallRecord
from callnotes.domain.commitments import CommitmentRecord, CommitmentState
from callnotes.domain.communications import (
    Audience,
    Channel,
    CommunicationKind,
    CommunicationRecord,
)
from callnotes.domain.issues import Impact, IssueRecord, IssueStatus, Urgency
from callnotes.domain.people import ClientRecord, ContactMethod, ContactRecord, TeamMemberRecord
from callnotes.domain.reviews import PreventionActionRecord, Recurrence, ReviewRecord
from callnotes.domain.timeline import EntryKind, EntryRecord, RevisionRecord
from callnotes.storage import models as m


def team_member_record(row: m.TeamMember) -> TeamMemberRecord:
    """A team member row as a record."""
    return TeamMemberRecord(
        id=row.id,
        name=row.name,
        role=row.role,
        team=row.team,
        manager_id=row.manager_id,
        phone=row.phone,
        email=row.email,
        away_until=row.away_until,
        away_reason=row.away_reason,
        away_since=row.away_since,
        db_login=row.db_login or "",
        stand_in_id=row.stand_in_id,
    )


def contact_record(row: m.Contact) -> ContactRecord:
    """A contact row (with its phones) as a record."""
    return ContactRecord(
        id=row.id,
        client_id=row.client_id,
        name=row.name,
        role=row.role,
        phones=tuple(p.number for p in row.phones),
        email=row.email,
        preferred_method=ContactMethod(row.preferred_method) if row.preferred_method else None,
        best_times=row.best_times,
    )


def client_record(row: m.Client) -> ClientRecord:
    """A client row (with contacts and usual contact) as a record."""
    return ClientRecord(
        id=row.id,
        name=row.name,
        timezone=row.timezone,
        business_hours=row.business_hours,
        notes=row.notes,
        usual_contact=team_member_record(row.usual_contact) if row.usual_contact else None,
        contacts=tuple(contact_record(c) for c in row.contacts),
    )


def call_record(row: m.Call) -> CallRecord:
    """A call row as a record."""
    return CallRecord(
        id=row.id,
        case_id=row.case_id,
        direction=CallDirection(row.direction),
        contact_id=row.contact_id,
        number=row.number,
        started_at=row.started_at,
        ended_at=row.ended_at,
        talk_seconds=row.talk_seconds,
        hold_seconds=row.hold_seconds,
        outcome=CallOutcome(row.outcome) if row.outcome else None,
        held_since=row.held_since,
        after_call_seconds=row.after_call_seconds,
    )


def entry_record(row: m.TimelineEntry) -> EntryRecord:
    """A timeline entry row (with revisions) as a record."""
    return EntryRecord(
        id=row.id,
        case_id=row.case_id,
        call_id=row.call_id,
        issue_id=row.issue_id,
        seq=row.id,
        at=row.at,
        kind=EntryKind(row.kind),
        text=row.text,
        author=row.author,
        internal=row.internal,
        for_client=row.for_client,
        revisions=tuple(
            RevisionRecord(
                revised_at=r.revised_at,
                revised_by=r.revised_by,
                previous_kind=EntryKind(r.previous_kind),
                previous_text=r.previous_text,
                previous_for_client=r.previous_for_client,
            )
            for r in row.revisions
        ),
    )


def issue_record(row: m.Issue) -> IssueRecord:
    """An issue row as a record."""
    return IssueRecord(
        id=row.id,
        case_id=row.case_id,
        title=row.title,
        client_words=row.client_words,
        fixed_looks_like=tuple(line for line in row.fixed_looks_like.splitlines() if line),
        impact=Impact(row.impact) if row.impact else None,
        urgency=Urgency(row.urgency) if row.urgency else None,
        time_sensitive=row.time_sensitive,
        business_critical=row.business_critical,
        timeframe=row.timeframe,
        deadline=row.deadline,
        first_noticed_at=row.first_noticed_at,
        status=IssueStatus(row.status),
        owner_id=row.owner_id,
        eta=row.eta,
        roadblocks=row.roadblocks,
        root_cause=row.root_cause,
        agreed_rank=row.agreed_rank,
        created_at=row.created_at,
    )


def commitment_record(row: m.Commitment) -> CommitmentRecord:
    """A commitment row as a record."""
    return CommitmentRecord(
        id=row.id,
        case_id=row.case_id,
        text=row.text,
        due_at=row.due_at,
        owner=row.owner,
        state=CommitmentState(row.state),
        created_at=row.created_at,
        entry_id=row.entry_id,
    )


def communication_record(row: m.Communication) -> CommunicationRecord:
    """A communication row as a record."""
    return CommunicationRecord(
        id=row.id,
        case_id=row.case_id,
        at=row.at,
        audience=Audience(row.audience),
        channel=Channel(row.channel),
        kind=CommunicationKind(row.kind),
        summary=row.summary,
        next_update_at=row.next_update_at,
    )


def review_record(row: m.Review, author_name: str = "") -> ReviewRecord:
    """A review row (with prevention actions) as a record; *author_name* names its author."""
    return ReviewRecord(
        case_id=row.case_id,
        root_cause=row.root_cause,
        contributing_factors=row.contributing_factors,
        client_noticed_at=row.client_noticed_at,
        detected_at=row.detected_at,
        detection_gap_reason=row.detection_gap_reason,
        recurrence=Recurrence(row.recurrence),
        satisfaction=row.satisfaction,
        prevention_actions=tuple(
            PreventionActionRecord(
                text=a.text, owner=a.owner, due_at=a.due_at, done=a.done, id=a.id
            )
            for a in row.prevention_actions
        ),
        reassurance=row.reassurance,
        author_id=row.author_id,
        author_name=author_name,
        written_at=row.written_at,
    )
