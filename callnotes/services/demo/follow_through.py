"""The demo case after the call: the escalation so far, the plan, the updates and promises."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.escalation import Outcome, RungKind, attempt_text
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from callnotes.services.demo.story import Story
from callnotes.storage import models as m


def add_escalation(
    session: Session, case_id: int, team: dict[str, m.TeamMember], start: datetime
) -> None:
    """Priya's team and lead, and the first two calls down her escalation ladder.

    Priya's phone is off and Tom does not answer, so the next rung (Aisha, the team lead) is
    prompted a quarter of an hour after the second call.
    """
    helen, priya = team["Helen Cho"], team["Priya Shah"]
    aisha = m.TeamMember(
        name="Aisha Khan",
        role="Accounts team lead",
        team="Accounts",
        manager_id=helen.id,
        phone="+442079460120",
        email="aisha.khan@example.com",
    )
    tom = m.TeamMember(
        name="Tom Becker",
        role="Account manager",
        team="Accounts",
        phone="+442079460156",
        email="tom.becker@example.com",
    )
    session.add_all([aisha, tom])
    session.flush()
    tom.manager_id = aisha.id
    priya.manager_id = aisha.id
    priya.away_since = start - timedelta(hours=1)
    calls = (
        (
            20,
            priya,
            0,
            RungKind.USUAL_CONTACT,
            Outcome.VOICEMAIL,
            "Phone off; asked her to call back",
        ),
        (23, tom, 1, RungKind.TEAM, Outcome.NO_ANSWER, ""),
    )
    for minute, member, rung, kind, outcome, note in calls:
        at = start + timedelta(minutes=minute)
        entry = m.TimelineEntry(
            case_id=case_id,
            at=at,
            kind=EntryKind.ESCALATION.value,
            text=attempt_text(member.name, kind.label, outcome, note),
            author="Vinh Nguyen",
            internal=True,
        )
        session.add(entry)
        session.flush()
        session.add(
            m.EscalationAttempt(
                case_id=case_id,
                member_id=member.id,
                who=member.name,
                rung=rung,
                at=at,
                outcome=outcome.value,
                note=note,
                entry_id=entry.id,
            )
        )


def add_updates_and_promises(
    session: Session, case_id: int, team: dict[str, m.TeamMember], story: Story
) -> None:
    """The plan agreed with Dana (P1: every 2 h by phone in business hours), the updates given
    so far, and the promises: one due minutes after the demo is loaded (the rollback steps
    by 10:00), one due at 11:30 with the next update, one for the afternoon.
    """
    start, clock = story.start, story.clock
    pushed = story.since(story.driver_pushed)
    case = session.get(m.Case, case_id)
    assert case is not None
    case.update_cadence_minutes = 120
    case.update_channel = ContactMethod.PHONE.value
    case.plan_business_hours_only = True
    case.plan_agreed_at = start + timedelta(minutes=25)
    case.next_update_due_at = start + timedelta(minutes=145)  # 11:30, as promised to Dana

    def entry(minute: int, kind: EntryKind, text: str, internal: bool = False) -> m.TimelineEntry:
        row = m.TimelineEntry(
            case_id=case_id, at=start + timedelta(minutes=minute), kind=kind.value, text=text,
            author="Vinh Nguyen", internal=internal,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return row

    promise = session.scalar(
        select(m.TimelineEntry).where(
            m.TimelineEntry.case_id == case_id, m.TimelineEntry.kind == EntryKind.COMMITMENT
        )
    )
    for commitment in case.commitments:  # the promise made on the call: linked to its entry
        commitment.entry_id = promise.id if promise is not None else None
    entry(25, EntryKind.DECISION, "Agreed with the client: updates every 2 h by phone in "
          "business hours.")  # fmt: skip
    rollback = entry(
        28,
        EntryKind.COMMITMENT,
        f"Send Sam Okafor the printer driver rollback steps by {clock(story.at(55))}.",
    )
    plan = entry(
        32,
        EntryKind.COMMUNICATION,
        f"Update to the client by e-mail (the plan): Marco is rolling back {pushed}'s printer "
        f"driver update; labels come first. Next update by {clock(story.at(145))}.",
    )
    told = entry(
        40,
        EntryKind.COMMUNICATION,
        "Told Marco Rossi and Helen Cho about the new information by chat: the driver update "
        f"went out at {clock(story.driver_pushed)}.",
        internal=True,
    )
    dispatch = entry(
        45,
        EntryKind.COMMITMENT,
        f"Confirm with Dana by {clock(story.at(430))} that the {clock(story.dispatch)} dispatch "
        "left fully labelled.",
    )
    news = session.scalar(
        select(m.TimelineEntry.id).where(
            m.TimelineEntry.case_id == case_id,
            m.TimelineEntry.kind == EntryKind.NEW_INFORMATION,
        )
    )
    session.add_all(
        [
            m.Commitment(
                case_id=case_id, entry_id=rollback.id, text=rollback.text,
                due_at=start + timedelta(minutes=55), owner="Marco Rossi",
                created_at=rollback.at,
            ),
            m.Commitment(
                case_id=case_id, entry_id=dispatch.id, text=dispatch.text,
                due_at=story.at(430), owner="Vinh Nguyen",
                created_at=dispatch.at,
            ),
            m.Communication(
                case_id=case_id, at=plan.at, audience="client", channel="email", kind="plan",
                summary=f"Marco is rolling back {pushed}'s printer driver update; labels come "
                "first.", next_update_at=start + timedelta(minutes=145), entry_id=plan.id,
            ),
            m.Communication(
                case_id=case_id, at=told.at, audience="team", channel="chat",
                kind="new_information", summary="Told Marco Rossi and Helen Cho: the driver "
                f"update went out at {clock(story.driver_pushed)}.", entry_id=told.id,
            ),
        ]
    )  # fmt: skip
    for member, acknowledged in ((team["Marco Rossi"], 7), (team["Helen Cho"], None)):
        session.add(
            m.TeamNotice(
                case_id=case_id, entry_id=news, member_id=member.id, who=member.name,
                channel="chat", told_at=told.at,
                acknowledged_at=told.at + timedelta(minutes=acknowledged)
                if acknowledged is not None else None,
            )
        )  # fmt: skip
    session.flush()
