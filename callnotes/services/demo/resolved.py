"""The demo's second case: an earlier, resolved crisis of the same client, followed up and reviewed.

Five weeks before the main demo call, Northwind's packing stations stopped printing labels after
a print server move. It was fixed, confirmed with the client in a follow-up call, reviewed by
the team and handed back to Priya. Its label issues resemble the main case's, so the recurring
view shows the pattern.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from callnotes.domain.calls import CallDirection
from callnotes.domain.cases import CaseStatus
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.follow_up import FOLLOW_UP_PLAYBOOK, CheckOutcome
from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.reviews import Recurrence
from callnotes.domain.timeline import EntryKind
from callnotes.services.demo.story import ZONE, weekday_morning
from callnotes.services.issues.entries import status_text
from callnotes.services.resolution.follow_up import check_text, reassurance_text, satisfaction_text
from callnotes.storage import models as m

RESOLVED_CASE_UID = uuid.uuid5(uuid.NAMESPACE_URL, "callnotes:demo/resolved-case").hex
_AGENT = "Vinh Nguyen"
_SATISFACTION = "Dana is happy: everything prints again, and the hourly updates helped."
_REASSURANCE = (
    "The packing stations now take their printer settings from one central script, and a "
    "print server check is on our change checklist."
)


def add_resolved_case(
    session: Session, client: m.Client, team: dict[str, m.TeamMember], main_start: datetime
) -> m.Case:
    """Add the earlier, resolved case of *client*, opened five weeks before *main_start*.

    Its story happened on a weekday morning (opened 10:20 London time), whatever the hour of
    the main call, so its notes ("07:30 this morning", "back by 12:00") keep their times.
    """
    day = (main_start.astimezone(ZONE) - timedelta(days=35)).date()
    opened = weekday_morning(day) + timedelta(hours=1, minutes=15)
    next_day = _next_weekday(opened)  # the tracking page fix
    follow_up_at = _next_weekday(next_day) - timedelta(hours=1, minutes=20)
    written = follow_up_at + timedelta(hours=1)
    dana = client.contacts[0]
    case = m.Case(
        uid=RESOLVED_CASE_UID,
        client=client,
        title="Label printing stopped after the print server move",
        status=CaseStatus.RESOLVED.value,
        opened_at=opened,
        update_cadence_minutes=60,
        update_channel="phone",
        handed_over_to_id=team["Priya Shah"].id,
        handed_over_at=written + timedelta(hours=1),
        handback_acknowledged_at=written + timedelta(hours=2, minutes=10),
    )
    session.add(case)
    session.flush()
    first = _call(session, case, dana.id, opened, CallDirection.INBOUND, minutes=16)
    follow_up = _call(session, case, dana.id, follow_up_at, CallDirection.OUTBOUND, minutes=7)
    follow_up.rail_state = json.dumps(
        {"playbook": FOLLOW_UP_PLAYBOOK, "current": "close", "asked_anything_else": True},
        sort_keys=True,
    )
    labels, returns, tracking = _issues(session, case.id, opened, team["Marco Rossi"].id)

    def entry(
        at: datetime,
        kind: EntryKind,
        text: str,
        *,
        issue: m.Issue | None = None,
        call: m.Call | None = None,
        internal: bool = False,
        for_client: bool = False,
    ) -> None:
        session.add(
            m.TimelineEntry(
                case_id=case.id,
                call_id=call.id if call is not None else None,
                issue_id=issue.id if issue is not None else None,
                at=at,
                kind=kind.value,
                text=text,
                author=_AGENT,
                internal=internal,
                for_client=for_client,
            )
        )

    def status(at: datetime, issue: m.Issue, old: IssueStatus, new: IssueStatus) -> None:
        entry(at, EntryKind.STATUS_CHANGE, status_text(issue.title, old, new), issue=issue)

    t = opened
    entry(
        t,
        EntryKind.NOTE,
        "Call from Dana Whitfield: no labels print at the packing stations.",
        call=first,
    )
    entry(
        t + timedelta(minutes=2),
        EntryKind.CLIENT_SAID,
        '"None of the packing stations print delivery labels, and returns labels come out blank."',
        issue=labels,
        call=first,
    )
    entry(
        t + timedelta(minutes=4),
        EntryKind.CLIENT_SAID,
        '"And the tracking page is slow again at five o\'clock."',
        issue=tracking,
        call=first,
    )
    entry(
        t + timedelta(minutes=9),
        EntryKind.NEW_INFORMATION,
        "The print server moved to the new rack at 07:30 this morning (Platform change log).",
        issue=labels,
        call=first,
    )
    entry(
        t + timedelta(minutes=11),
        EntryKind.DECISION,
        "Agreed with Dana: packing station labels first, returns labels second, tracking "
        "page third.",
        call=first,
    )
    entry(
        t + timedelta(minutes=12),
        EntryKind.COMMITMENT,
        "Call Dana back by 12:00 with the cause.",
        call=first,
    )
    status(t + timedelta(minutes=20), labels, IssueStatus.NEW, IssueStatus.INVESTIGATING)
    entry(
        t + timedelta(minutes=31),
        EntryKind.ACTION,
        "Marco Rossi found the packing stations still send labels to the old print server address.",
        issue=labels,
        internal=True,
    )
    status(
        t + timedelta(minutes=32), labels, IssueStatus.INVESTIGATING, IssueStatus.CAUSE_IDENTIFIED
    )
    entry(
        t + timedelta(minutes=58),
        EntryKind.ACTION,
        "Pointed all six packing stations and the returns desk at the new print server.",
        issue=labels,
        for_client=True,
    )
    status(t + timedelta(minutes=60), labels, IssueStatus.CAUSE_IDENTIFIED, IssueStatus.RESOLVED)
    status(t + timedelta(minutes=61), returns, IssueStatus.NEW, IssueStatus.RESOLVED)
    entry(
        t + timedelta(minutes=70),
        EntryKind.ACTION,
        "Called Dana back with the cause and the fix.",
        for_client=True,
    )
    entry(
        next_day + timedelta(hours=2),
        EntryKind.ACTION,
        "Added a database index for the tracking page; at 17:00 it now opens in 1.2 s.",
        issue=tracking,
        for_client=True,
    )
    status(
        next_day + timedelta(hours=2, minutes=1), tracking, IssueStatus.NEW, IssueStatus.RESOLVED
    )

    # The follow-up call two days later: every criterion confirmed.
    at = follow_up_at + timedelta(minutes=1)
    for issue in (labels, returns, tracking):
        for criterion in issue.fixed_looks_like.split("\n"):
            at += timedelta(minutes=1)
            session.add(
                m.FollowUpCheck(
                    case_id=case.id,
                    issue_id=issue.id,
                    call_id=follow_up.id,
                    criterion=criterion,
                    outcome=CheckOutcome.CONFIRMED.value,
                    note="",
                    at=at,
                )
            )
            entry(
                at,
                EntryKind.CLIENT_SAID,
                check_text(issue.title, criterion, CheckOutcome.CONFIRMED),
                issue=issue,
                call=follow_up,
            )
        status(at, issue, IssueStatus.RESOLVED, IssueStatus.CONFIRMED)
        issue.status = IssueStatus.CONFIRMED.value
    entry(
        at + timedelta(minutes=1),
        EntryKind.CLIENT_SAID,
        satisfaction_text(_SATISFACTION),
        call=follow_up,
    )
    entry(
        at + timedelta(minutes=2), EntryKind.ACTION, reassurance_text(_REASSURANCE), call=follow_up
    )
    entry(
        at + timedelta(minutes=3),
        EntryKind.ACTION,
        "Asked whether there is anything else.",
        call=follow_up,
    )

    _review(session, case.id, opened, written, team["Helen Cho"].id)
    entry(written, EntryKind.NOTE, "Review written by Helen Cho.", internal=True)
    entry(
        case.handed_over_at or written,
        EntryKind.ACTION,
        "Case handed back to Priya Shah with the handover document.",
        internal=True,
    )
    entry(
        case.handback_acknowledged_at or written,
        EntryKind.ACTION,
        "Priya Shah acknowledged the handover and is back on the case.",
        internal=True,
    )
    entry(
        case.handback_acknowledged_at or written,
        EntryKind.STATUS_CHANGE,
        "Case status: Open → Resolved",
    )
    session.add(
        m.Commitment(
            case_id=case.id,
            text="Call Dana back by 12:00 with the cause",
            due_at=opened + timedelta(hours=1, minutes=40),
            owner=_AGENT,
            state=CommitmentState.DONE.value,
            created_at=opened + timedelta(minutes=12),
            closed_at=opened + timedelta(minutes=70),
        )
    )
    session.flush()
    return case


def _next_weekday(moment: datetime) -> datetime:
    """The same time on the next working day (Monday to Friday)."""
    moment += timedelta(days=1)
    while moment.weekday() >= 5:
        moment += timedelta(days=1)
    return moment


def _call(
    session: Session,
    case: m.Case,
    contact_id: int,
    start: datetime,
    direction: CallDirection,
    *,
    minutes: int,
) -> m.Call:
    call = m.Call(
        case_id=case.id,
        direction=direction.value,
        contact_id=contact_id,
        number="+442079460321",
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        talk_seconds=minutes * 60 - 30,
        hold_seconds=0,
    )
    session.add(call)
    session.flush()
    return call


def _issues(session: Session, case_id: int, opened: datetime, owner_id: int) -> list[m.Issue]:
    issues = [
        m.Issue(
            case_id=case_id,
            title="Delivery labels do not print at the packing stations",
            client_words="None of the six packing stations print; orders are piling up.",
            fixed_looks_like="Labels print at all six packing stations\n"
            "A test label prints within a minute",
            impact=Impact.WHOLE_BUSINESS.value,
            urgency=Urgency.CRITICAL.value,
            time_sensitive=True,
            business_critical=True,
            timeframe="Before the 16:00 dispatch",
            first_noticed_at=opened - timedelta(hours=2, minutes=10),
            root_cause="The packing stations still sent labels to the old print server address "
            "after the server moved.",
            owner_id=owner_id,
            agreed_rank=1,
            created_at=opened + timedelta(minutes=2),
        ),
        m.Issue(
            case_id=case_id,
            title="Returns labels print blank",
            client_words="The returns desk gets empty white labels.",
            fixed_looks_like="Returns labels show the barcode and the address",
            impact=Impact.FEW_USERS.value,
            urgency=Urgency.HIGH.value,
            first_noticed_at=opened - timedelta(hours=1),
            root_cause="Same as the packing stations: the old print server address.",
            owner_id=owner_id,
            agreed_rank=2,
            created_at=opened + timedelta(minutes=3),
        ),
        m.Issue(
            case_id=case_id,
            title="Customer tracking page is slow at peak times",
            client_words="At five o'clock customers wait ten seconds for the tracking page.",
            fixed_looks_like="The tracking page opens in under 3 seconds at 17:00",
            impact=Impact.DEPARTMENT.value,
            urgency=Urgency.MEDIUM.value,
            timeframe="This week",
            root_cause="A missing database index on the parcel events table.",
            owner_id=owner_id,
            agreed_rank=3,
            created_at=opened + timedelta(minutes=4),
        ),
    ]
    for issue in issues:
        issue.status = IssueStatus.RESOLVED.value
    session.add_all(issues)
    session.flush()
    return issues


def _review(
    session: Session, case_id: int, opened: datetime, written: datetime, author_id: int
) -> None:
    session.add(
        m.Review(
            case_id=case_id,
            root_cause="The print server moved to a new address at 07:30; the packing stations "
            "and the returns desk kept sending labels to the old one.",
            contributing_factors="The move's checklist had no step for the printer settings of "
            "the stations; each station is set up by hand.",
            client_noticed_at=opened - timedelta(hours=2, minutes=10),
            detected_at=opened,
            detection_gap_reason="Nothing watches the print queues: jobs piled up for two hours "
            "before Dana called.",
            recurrence=Recurrence.ONCE_OFF.value,
            satisfaction=_SATISFACTION,
            reassurance=_REASSURANCE,
            author_id=author_id,
            written_at=written,
            prevention_actions=[
                m.PreventionAction(
                    text="Set the packing stations' printers from one central script",
                    owner="Marco Rossi",
                    due_at=opened + timedelta(days=14),
                    done=True,
                ),
                m.PreventionAction(
                    text="Add a print server check to the change checklist",
                    owner="Helen Cho",
                    due_at=opened + timedelta(days=7),
                    done=True,
                ),
                m.PreventionAction(
                    text="Alert the Platform team when a print queue holds jobs for 10 minutes",
                    owner="Marco Rossi",
                    due_at=opened + timedelta(days=28),
                    done=False,
                ),
            ],
        )
    )
