"""A realistic sample client and case, so a newcomer sees the app working at once."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.calls import CallDirection
from callnotes.domain.cases import CaseStatus
from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock
from callnotes.services.demo.follow_through import add_escalation, add_updates_and_promises
from callnotes.services.demo.resolved import add_resolved_case
from callnotes.services.demo.story import Story, demo_call_start
from callnotes.storage import models as m
from callnotes.storage.authorship import keep_recorded_authors
from callnotes.storage.database import Database

# Fixed ids make loading the demo idempotent: a second load finds the first.
DEMO_CLIENT_UID = uuid.uuid5(uuid.NAMESPACE_URL, "callnotes:demo/client").hex
DEMO_CASE_UID = uuid.uuid5(uuid.NAMESPACE_URL, "callnotes:demo/case").hex


def _timeline(story: Story) -> tuple[tuple[int, EntryKind, str, bool], ...]:
    """The notes of the call: (minutes after its start, kind, text, internal)."""
    clock = story.clock
    return (
        (
            0,
            EntryKind.NOTE,
            "Call from Dana Whitfield (Operations Manager). Asked for Priya.",
            False,
        ),
        (
            1,
            EntryKind.NOTE,
            "Told Dana that Priya is at an off-site meeting until about "
            f"{clock(story.priya_back)}; offered to help now or pass a message on. "
            "Dana wants help now.",
            False,
        ),
        (
            3,
            EntryKind.CLIENT_SAID,
            f'"Since {story.since(story.first_noticed)} no delivery labels print in the '
            f'warehouse. Trucks leave at {clock(story.dispatch)} and nothing is labelled."',
            False,
        ),
        (5, EntryKind.CLIENT_SAID, '"The driver app logs everyone out every few minutes."', False),
        (
            6,
            EntryKind.CLIENT_SAID,
            '"And the weekly invoice export has the wrong VAT on some lines."',
            False,
        ),
        (8, EntryKind.NOTE, "Apologised; acknowledged how stressful a missed dispatch is.", False),
        (
            10,
            EntryKind.NEW_INFORMATION,
            "Labels stopped after the printer driver update pushed "
            f"{story.since(story.driver_pushed)} (their IT confirms the time: "
            f"{clock(story.driver_pushed)}).",
            False,
        ),
        (
            12,
            EntryKind.DECISION,
            "Agreed with Dana: labels first, driver log-outs second, VAT "
            "export third (not needed before month end).",
            False,
        ),
        (
            14,
            EntryKind.COMMITMENT,
            f"Call Dana back by {clock(story.at(145))} with what we have found about the label "
            "printing.",
            False,
        ),
        (
            15,
            EntryKind.NOTE,
            "Dana prefers phone for updates, e-mail for anything written; "
            f"mobile +44 20 7946 0321, best between {story.hours(9).replace('-', ' and ')}.",
            False,
        ),
        (16, EntryKind.NOTE, "Asked if there was anything else: no, those three.", False),
        (
            18,
            EntryKind.ACTION,
            "Paged the Platform team on-call (Marco Rossi) about the label "
            "service; no answer yet, escalating to Helen Cho.",
            True,
        ),
    )


class DemoService:
    """Loads the sample data."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def load_demo(self) -> int:
        """Load the sample client and case once; return the case id."""
        with self._db.unit_of_work() as session:
            existing = session.scalar(select(m.Case.id).where(m.Case.uid == DEMO_CASE_UID))
            if existing is not None:
                return existing
            keep_recorded_authors(session)  # the story's colleagues wrote its entries
            story = Story(demo_call_start(self._clock()))
            start = story.start
            team = _team(session, story)
            client = _client(session, team["Priya Shah"], story)
            case = m.Case(
                uid=DEMO_CASE_UID,
                client=client,
                title="Warehouse cannot print delivery labels",
                status=CaseStatus.OPEN.value,
                opened_at=start,
                update_cadence_minutes=120,
                next_update_due_at=start + timedelta(minutes=145),
                update_channel=ContactMethod.PHONE.value,
            )
            session.add(case)
            session.flush()
            call = m.Call(
                case_id=case.id,
                direction=CallDirection.INBOUND.value,
                contact_id=client.contacts[0].id,
                number="+442079460321",
                started_at=start,
                ended_at=start + timedelta(minutes=19),
                talk_seconds=17 * 60 + 40,
                hold_seconds=80,
            )
            session.add(call)
            session.flush()
            issues = _issues(session, case.id, story, team)
            for minute, kind, text, internal in _timeline(story):
                session.add(
                    m.TimelineEntry(
                        case_id=case.id,
                        call_id=call.id,
                        issue_id=issues[0].id if "label" in text.lower() else None,
                        at=start + timedelta(minutes=minute),
                        kind=kind.value,
                        text=text,
                        author="Vinh Nguyen",
                        internal=internal,
                    )
                )
            session.flush()
            session.add(
                m.Commitment(
                    case_id=case.id,
                    text="Call Dana back with findings on label printing",
                    due_at=start + timedelta(minutes=145),
                    owner="Vinh Nguyen",
                    created_at=start + timedelta(minutes=14),
                )
            )
            add_resolved_case(session, client, team, start)
            add_escalation(session, case.id, team, start)
            add_updates_and_promises(session, case.id, team, story)
            return case.id


def _team(session: Session, story: Story) -> dict[str, m.TeamMember]:
    helen = m.TeamMember(
        name="Helen Cho",
        role="Head of Support",
        team="Support",
        email="helen.cho@example.com",
        phone="+442079460100",
    )
    marco = m.TeamMember(
        name="Marco Rossi",
        role="Platform engineer",
        team="Platform",
        email="marco.rossi@example.com",
    )
    priya = m.TeamMember(
        name="Priya Shah",
        role="Account manager",
        team="Accounts",
        email="priya.shah@example.com",
        phone="+442079460155",
        away_until=story.priya_back,
        away_reason="Off-site meeting with another client, phone off",
    )
    session.add_all([helen, marco, priya])
    session.flush()
    marco.manager_id = helen.id
    priya.manager_id = helen.id
    return {t.name: t for t in (helen, marco, priya)}


def _client(session: Session, usual_contact: m.TeamMember, story: Story) -> m.Client:
    client = m.Client(
        uid=DEMO_CLIENT_UID,
        name="Northwind Logistics",
        timezone="Europe/London",
        business_hours=story.business_hours(),
        notes=f"Regional parcel carrier; dispatch cut-off {story.clock(story.dispatch)} "
        f"every {story.days()}.",
        usual_contact_id=usual_contact.id,
        contacts=[
            m.Contact(
                name="Dana Whitfield",
                role="Operations Manager",
                email="dana.whitfield@northwind.example",
                preferred_method=ContactMethod.PHONE.value,
                best_times=story.hours(9),
                phones=[m.ContactPhone(number="+442079460321", label="mobile")],
            ),
            m.Contact(
                name="Sam Okafor",
                role="IT lead",
                email="sam.okafor@northwind.example",
                preferred_method=ContactMethod.EMAIL.value,
                phones=[m.ContactPhone(number="+442079460388", label="office")],
            ),
        ],
    )
    session.add(client)
    session.flush()
    return client


def _issues(
    session: Session, case_id: int, story: Story, team: dict[str, m.TeamMember]
) -> list[m.Issue]:
    start = story.start
    dispatch = story.clock(story.dispatch)
    day = story.day_of(story.dispatch)
    issues = [
        m.Issue(
            case_id=case_id,
            title="Delivery labels do not print in the warehouse",
            client_words=f"Nothing prints since {story.since(story.first_noticed)}; trucks leave "
            f"at {dispatch}.",
            fixed_looks_like="Labels print from every warehouse station\n"
            f"{day.capitalize()}'s {dispatch} dispatch leaves fully labelled",
            impact=Impact.WHOLE_BUSINESS.value,
            urgency=Urgency.CRITICAL.value,
            time_sensitive=True,
            business_critical=True,
            timeframe=f"Before the {dispatch} dispatch {day}",
            deadline=story.dispatch,
            first_noticed_at=story.first_noticed,
            status=IssueStatus.INVESTIGATING.value,
            owner_id=team["Marco Rossi"].id,
            agreed_rank=1,
            created_at=start + timedelta(minutes=3),
        ),
        m.Issue(
            case_id=case_id,
            title="Driver app logs users out every few minutes",
            client_words="Drivers have to sign in again all the time.",
            fixed_looks_like="Drivers stay signed in for a whole shift",
            impact=Impact.DEPARTMENT.value,
            urgency=Urgency.HIGH.value,
            timeframe="By tomorrow morning's shift",
            status=IssueStatus.NEW.value,
            agreed_rank=2,
            created_at=start + timedelta(minutes=5),
        ),
        m.Issue(
            case_id=case_id,
            title="Weekly invoice export shows wrong VAT on some lines",
            client_words="Some lines have 20% where they should be zero-rated.",
            fixed_looks_like="Export matches the VAT rules for zero-rated goods",
            impact=Impact.FEW_USERS.value,
            urgency=Urgency.LOW.value,
            timeframe="Before month end",
            status=IssueStatus.NEW.value,
            agreed_rank=3,
            created_at=start + timedelta(minutes=6),
        ),
    ]
    session.add_all(issues)
    session.flush()
    return issues
