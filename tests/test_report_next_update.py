"""The next update every document names: the soonest promise to contact the client or the plan.

The clock starts on Monday 2 March 2026 at 09:00 UTC, 04:00 in New York, where the client is.
"""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from callnotes.app import AppContext
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.next_update import promises_client_contact
from callnotes.domain.timeline import EntryKind
from callnotes.reports.documents import export
from tests.conftest import FakeClock

NEW_YORK = ZoneInfo("America/New_York")
# 19:00 in New York on Monday 2 March 2026 is midnight UTC.
SEVEN_PM = datetime(2026, 3, 2, 19, 0, tzinfo=NEW_YORK)
# The e-mail draft's PDF attachment is Qt's (covered elsewhere); its text parts are checked here.
STAND_IN_PDF = b"%PDF-1.7\n% stand-in\n"


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    """A case of a New York client whose IT lead, Sam, is on the line."""
    client = ctx.clients.create_client("Hudson Freight", timezone="America/New_York")
    sam = ctx.clients.add_contact(client.id, "Sam Okafor", role="IT lead", phones=["+12125550142"])
    ctx.clients.add_contact(client.id, "Dana Whitfield", role="Operations")
    case = ctx.cases.open_case(client.id, "Scanners drop off the network")
    ctx.calls.start_call(case.id, contact_id=sam.id)
    return case.id


def documents(ctx: AppContext, case_id: int) -> dict[str, str]:
    """What the status report, the minutes and the handover say, in every text format."""
    said = {}
    for kind in ("status", "minutes", "handover"):
        document = ctx.documents.build(case_id, kind)
        for fmt in ("html", "md", "txt"):
            said[f"{kind}.{fmt}"] = ctx.documents.export(document, fmt).decode()
    return said


def calendar_start(ctx: AppContext, case_id: int) -> datetime:
    data = ctx.documents.export(ctx.documents.build(case_id, "status"), "ics")
    [event] = Calendar.from_ical(data).walk("VEVENT")
    start = event.decoded("dtstart")
    assert isinstance(start, datetime)
    return start


def test_a_call_back_promise_is_the_next_update_in_every_document_and_the_calendar(
    ctx: AppContext, case_id: int
) -> None:
    ctx.timeline.add_entry(case_id, "Call Sam back by 19:00", EntryKind.COMMITMENT)
    said = documents(ctx, case_id)
    for fmt in ("html", "md", "txt"):
        assert "we will agree a time" not in said[f"status.{fmt}"]
        assert "No next update agreed yet" not in said[f"minutes.{fmt}"]
    assert "<b>Your next update:</b> 19:00 EST." in said["status.html"]
    assert "YOUR NEXT UPDATE: 19:00 EST." in said["status.txt"]
    assert "**Your next update:** 19:00 EST." in said["status.md"]
    for fmt in ("html", "md", "txt"):
        assert "Next update by Mon 02 Mar 2026, 19:00 EST." in said[f"minutes.{fmt}"]
        assert "The client expects the next update 19:00 EST." in said[f"handover.{fmt}"]
    # The minutes' own action item agrees with their "next contact".
    assert "due Mon 02 Mar 2026, 19:00 EST" in said["minutes.txt"]
    assert calendar_start(ctx, case_id) == SEVEN_PM
    status = ctx.documents.build(case_id, "status")
    draft = email.message_from_bytes(
        export(status, "eml", to_pdf=lambda html, **_: STAND_IN_PDF), policy=policy.default
    )
    assert isinstance(draft, EmailMessage)
    body = draft.get_body(("plain",))
    assert body is not None and "YOUR NEXT UPDATE: 19:00 EST." in body.get_content()


def test_the_plan_wins_when_it_is_sooner_and_the_promise_when_it_is(
    ctx: AppContext, case_id: int
) -> None:
    ctx.timeline.add_entry(case_id, "Call Sam back by 19:00", EntryKind.COMMITMENT)
    ctx.updates.log_update(
        case_id,
        audience=Audience.CLIENT,
        channel=Channel.PHONE,
        kind=CommunicationKind.ROUTINE,
        summary="Still looking at the access points.",
        next_update_at=datetime(2026, 3, 2, 17, 30, tzinfo=NEW_YORK),
    )
    said = documents(ctx, case_id)
    assert "YOUR NEXT UPDATE: 17:30 EST." in said["status.txt"]
    assert "Next update by Mon 02 Mar 2026, 17:30 EST." in said["minutes.txt"]
    assert calendar_start(ctx, case_id) == datetime(2026, 3, 2, 17, 30, tzinfo=NEW_YORK)

    ctx.timeline.add_entry(case_id, "E-mail Dana the scan logs by 16:00", EntryKind.COMMITMENT)
    said = documents(ctx, case_id)
    assert "YOUR NEXT UPDATE: 16:00 EST." in said["status.txt"]
    assert "Next update by Mon 02 Mar 2026, 16:00 EST." in said["minutes.txt"]
    assert calendar_start(ctx, case_id) == datetime(2026, 3, 2, 16, 0, tzinfo=NEW_YORK)


def test_a_promise_to_someone_else_or_a_kept_one_is_no_update_for_the_client(
    ctx: AppContext, case_id: int
) -> None:
    ctx.timeline.add_entry(case_id, "Escalate to Priya by 12:00", EntryKind.COMMITMENT)
    ctx.timeline.add_entry(case_id, "Dana to send the scanner logs by 13:00", EntryKind.COMMITMENT)
    ctx.timeline.add_entry(case_id, "Call Sam back by 19:00", EntryKind.COMMITMENT)
    said = documents(ctx, case_id)
    assert "YOUR NEXT UPDATE: 19:00 EST." in said["status.txt"]
    assert "Next update by Mon 02 Mar 2026, 19:00 EST." in said["minutes.txt"]

    call_back = next(c for c in ctx.commitments.open_commitments(case_id) if "Sam" in c.text)
    ctx.commitments.mark_kept(call_back.id)
    said = documents(ctx, case_id)
    assert "YOUR NEXT UPDATE: we will agree a time with you." in said["status.txt"]
    assert "No next update agreed yet." in said["minutes.txt"]
    assert ctx.documents.build(case_id, "status").next_update is None


def test_a_promise_whose_time_has_passed_gives_way_to_the_next_one(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    ctx.timeline.add_entry(case_id, "Send Sam the firmware notes by 06:00", EntryKind.COMMITMENT)
    ctx.timeline.add_entry(case_id, "Call Sam back by 19:00", EntryKind.COMMITMENT)
    clock.now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 07:00 in New York
    said = documents(ctx, case_id)
    assert "YOUR NEXT UPDATE: 19:00 EST." in said["status.txt"]
    assert "Next update by Mon 02 Mar 2026, 19:00 EST." in said["minutes.txt"]
    assert "1 promise OVERDUE" in said["handover.txt"]


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("Call Sam back by 19:00", True),
        ("call them back at 4pm", True),
        ("Send Sam Okafor the rollback steps by 10:00.", True),
        ("Confirm with Dana by 16:15 that the truck left fully labelled.", True),
        ("E-mail Dana the report by Friday", True),
        ("We will give you an update at 3pm", True),
        ("Let Dana know by 5pm whether the fix holds", True),
        ("Escalate to Priya by 18:00", False),
        ("Ask Marco for the driver logs by noon", False),
        ("Update the team by noon", False),
        ("Dana to send the logs by 14:00", False),
        ("Roll back the driver by 10:00", False),
    ],
)
def test_which_promises_are_contact_with_the_client(text: str, contact: bool) -> None:
    names = ["Sam Okafor", "Dana Whitfield"]
    assert promises_client_contact(text, "Hudson Freight", names) is contact


def heard_next(ctx: AppContext, case_id: int) -> list[str]:
    """What the read-back says about the next update."""
    return [line for line in ctx.read_back.read_back(case_id).lines if "update" in line.lower()]


def test_a_late_update_stays_the_next_update_though_a_promise_is_ahead(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    ctx.timeline.add_entry(case_id, "Call Sam back by 19:00", EntryKind.COMMITMENT)
    ctx.updates.log_update(
        case_id,
        audience=Audience.CLIENT,
        channel=Channel.PHONE,
        kind=CommunicationKind.ROUTINE,
        summary="Still looking at the access points.",
        next_update_at=datetime(2026, 3, 2, 4, 30, tzinfo=NEW_YORK),
    )
    clock.now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # 05:00 in New York: 30 min late
    said = documents(ctx, case_id)
    assert "YOUR NEXT UPDATE: 19:00" not in said["status.txt"]
    assert (
        "YOUR NEXT UPDATE: 04:30 EST, late: you will hear from us as soon as we can"
        in (said["status.txt"])
    )
    assert "The client was promised an update by 04:30 EST" in said["handover.txt"]
    assert not any("19:00" in line for line in heard_next(ctx, case_id))
    assert any("04:30" in line and "late" in line for line in heard_next(ctx, case_id))
    # The Updates tab counts down to the same update.
    plan = ctx.plans.plan(case_id)
    assert plan.next_update(clock.now).at == datetime(2026, 3, 2, 4, 30, tzinfo=NEW_YORK)


def test_a_sooner_promise_is_the_next_update_on_the_updates_tab_as_in_the_documents(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    ctx.plans.save_plan(case_id, cadence_minutes=24 * 60, channel="phone")
    ctx.timeline.add_entry(case_id, "Call Sam back by 19:00", EntryKind.COMMITMENT)
    assert "YOUR NEXT UPDATE: 19:00 EST" in documents(ctx, case_id)["status.txt"]
    assert ctx.plans.plan(case_id).next_update(clock.now).at == SEVEN_PM


def test_a_paused_clock_is_said_as_paused_not_as_a_time(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    ctx.timeline.add_entry(case_id, "Call Sam back by 19:00", EntryKind.COMMITMENT)
    ctx.plans.pause(case_id)
    said = documents(ctx, case_id)
    for fmt in ("html", "md", "txt"):
        assert "19:00 EST" not in said[f"status.{fmt}"].split("update")[1][:80]
    assert (
        "YOUR NEXT UPDATE: when we have what we are waiting for from you, "
        "then every 2 hours until this is resolved."
    ) in said["status.txt"]
    assert any("waiting for from you" in line for line in heard_next(ctx, case_id))
    assert not any("19:00" in line for line in heard_next(ctx, case_id))
    assert ctx.plans.plan(case_id).next_update(clock.now).paused


def test_the_team_documents_say_the_clock_is_paused_too(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    # The minutes said "No next update agreed yet" and the handover named no time at all
    # while the client was being waited on.
    ctx.plans.save_plan(case_id, cadence_minutes=120, channel="phone")
    ctx.plans.pause(case_id)
    said = documents(ctx, case_id)
    for kind in ("minutes", "handover"):
        for fmt in ("html", "md", "txt"):
            text = said[f"{kind}.{fmt}"]
            assert "paused since" in text and "waiting on the client" in text, (kind, fmt)
            assert "No next update agreed yet" not in text, (kind, fmt)
