"""Covering for a colleague: stand-ins, the cover brief, "since you left", erasure and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from callnotes.app import AppContext
from callnotes.domain.cases import CaseStatus
from callnotes.domain.changes import Part
from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.cover import DigestSection
from callnotes.domain.issues import IssueStatus
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m
from tests.conftest import FakeClock


@dataclass(frozen=True)
class Team:
    priya: int
    marco: int
    aisha: int
    northwind: int
    rosa: int
    labels: int
    invoices: int
    update_due: datetime


def _promise(
    ctx: AppContext, case_id: int, text: str, due: datetime, owner: str, at: datetime
) -> None:
    with ctx.db.unit_of_work() as session:
        session.add(
            m.Commitment(case_id=case_id, text=text, owner=owner, created_at=at, due_at=due)
        )


@pytest.fixture
def team(ctx: AppContext, clock: FakeClock) -> Team:
    priya = ctx.clients.create_team_member("Priya Shah", role="Account manager")
    marco = ctx.clients.create_team_member("Marco Bianchi", role="Support engineer")
    aisha = ctx.clients.create_team_member("Aisha Khan", role="Team lead")
    northwind = ctx.clients.create_client(
        "Northwind", timezone="Europe/London", business_hours="Mon-Fri 09:00-17:30",
        usual_contact_id=priya.id,
    )  # fmt: skip
    ctx.clients.add_contact(
        northwind.id, "Dana Whitfield", phones=["+44 20 7946 0991"],
        preferred_method=ContactMethod.PHONE, best_times="mornings",
    )  # fmt: skip
    rosa = ctx.clients.create_client("Rosa Moreau", usual_contact_id=priya.id)
    quiet = ctx.clients.create_client("Quiet Ltd", usual_contact_id=priya.id)
    resolved = ctx.cases.open_case(quiet.id, "Nothing open")
    ctx.case_closing.set_status(resolved.id, CaseStatus.RESOLVED)
    labels = ctx.cases.open_case(northwind.id, "Labels do not print")
    invoices = ctx.cases.open_case(rosa.id, "Invoices wrong")
    update_due = clock.now + timedelta(hours=3)
    ctx.updates.log_update(
        labels.id, audience=Audience.CLIENT, channel=Channel.EMAIL,
        kind=CommunicationKind.CAUSE_IDENTIFIED, summary="The driver update broke the labels.",
        next_update_at=update_due,
    )  # fmt: skip
    ctx.team.set_away(
        priya.id, until=clock.now + timedelta(days=2), reason="Annual leave",
        stand_in_id=marco.id, name_stand_in=True,
    )  # fmt: skip
    now = clock.now
    _promise(ctx, labels.id, "Call Dana back by 16:00", now + timedelta(hours=5), "", now)
    _promise(ctx, labels.id, "Review after the return", now + timedelta(days=3), "Priya Shah", now)
    _promise(ctx, invoices.id, "Send the corrected invoice", now + timedelta(days=1), "Aisha", now)
    return Team(
        priya.id, marco.id, aisha.id, northwind.id, rosa.id, labels.id, invoices.id, update_due
    )


def test_an_absence_with_a_stand_in_gives_a_brief_without_the_promise_due_after_the_return(
    ctx: AppContext, team: Team, clock: FakeClock
) -> None:
    brief = ctx.cover.brief(team.priya)

    assert brief.absence.stand_in == "Marco Bianchi"
    assert brief.absence.reason == "Annual leave"
    assert [c.name for c in brief.clients] == ["Northwind", "Rosa Moreau"]  # Quiet: nothing open
    northwind, rosa = brief.clients
    assert [(p.text, p.owner, p.to_whom) for p in northwind.promises] == [
        ("Call Dana back by 16:00", "Priya Shah", "Dana Whitfield")
    ]  # "Review after the return" is due after Priya is back: hers, not in the brief
    assert [p.text for p in rosa.promises] == ["Send the corrected invoice"]
    (case,) = northwind.cases
    assert case.last_update == "The driver update broke the labels."
    assert case.next_update_due_at == team.update_due
    assert (northwind.contact_method, northwind.best_times) == ("phone", "mornings")
    assert northwind.hours == "Mon–Fri 09:00–17:30"
    assert northwind.stand_in == rosa.stand_in == "Marco Bianchi"


def test_a_client_can_have_its_own_stand_in_and_the_card_reads_its_part(
    ctx: AppContext, team: Team
) -> None:
    ctx.cover.set_client_stand_in(team.rosa, team.aisha)
    cover = ctx.cover.for_client(team.rosa)
    assert cover is not None
    assert cover.client.stand_in == "Aisha Khan"
    assert cover.absence.member_name == "Priya Shah"
    assert ctx.cover.for_client(team.northwind).client.stand_in == "Marco Bianchi"  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError, match="cannot stand in for themselves"):
        ctx.cover.set_client_stand_in(team.rosa, team.priya)
    ctx.team.set_back(team.priya)
    assert ctx.cover.for_client(team.rosa) is None  # back: nothing to cover


def test_a_client_given_another_usual_contact_is_covered_by_that_colleagues_stand_in(
    ctx: AppContext, team: Team, clock: FakeClock
) -> None:
    ctx.cover.set_client_stand_in(team.rosa, team.aisha)  # Aisha covers Rosa for Priya
    # Rosa moves to Marco (the client details); later Marco is away, with Priya standing in.
    ctx.clients.set_usual_contact(team.rosa, team.marco)
    ctx.team.set_away(
        team.marco, until=clock.now + timedelta(days=1), reason="Training",
        stand_in_id=team.priya, name_stand_in=True,
    )  # fmt: skip
    cover = ctx.cover.for_client(team.rosa)
    assert cover is not None and cover.absence.member_name == "Marco Bianchi"
    assert cover.client.stand_in == "Priya Shah"  # not Aisha, who was named for Priya's leave
    # The same through the team directory's "usual contact of" list.
    ctx.cover.set_client_stand_in(team.rosa, team.aisha)
    ctx.team.set_usual_contact_for(team.aisha, [team.rosa])
    with ctx.db.unit_of_work(read_only=True) as session:
        assert session.get(m.Client, team.rosa).stand_in_id is None  # type: ignore[union-attr]


def test_naming_a_stand_in_is_announced_to_the_team_directory(ctx: AppContext, team: Team) -> None:
    heard = []
    ctx.db.subscribe(heard.append)
    ctx.cover.set_stand_in(team.priya, team.aisha)
    assert any(c.touches(Part.TEAM) for c in heard)
    assert ctx.cover.brief(team.priya).absence.stand_in == "Aisha Khan"


def test_since_you_left_spans_both_clients_and_keeps_each_acknowledgement(
    ctx: AppContext, team: Team, clock: FakeClock
) -> None:
    issue = ctx.issues.add_issue(team.invoices, "Totals wrong on every invoice")
    clock.now += timedelta(hours=1)
    ctx.timeline.add_entry(team.labels, "Rolled the driver back.", EntryKind.ACTION)
    ctx.issues.set_status(issue.id, IssueStatus.CAUSE_IDENTIFIED)
    ctx.timeline.add_entry(team.invoices, "Rosa agreed to wait for Monday.", EntryKind.DECISION)
    clock.now += timedelta(days=2)
    ctx.team.set_back(team.priya)

    assert ctx.cover.back_from_absence() == [team.priya]
    digest = ctx.cover.since_you_left(team.priya)
    assert set(digest.client_names) == {"Northwind", "Rosa Moreau"}
    changed = [i for i in digest.items if i.section is DigestSection.CHANGED]
    assert [i.client_name for i in changed] == ["Northwind", "Rosa Moreau", "Rosa Moreau"]
    assert "Cause identified" in changed[1].text  # an issue's change, as its timeline says
    assert changed[2].text.endswith("Rosa agreed to wait for Monday.")
    still_open = [i.text for i in digest.items if i.section is DigestSection.OPEN]
    assert "Totals wrong on every invoice (cause identified)" in still_open
    promised = [i.text for i in digest.items if i.section is DigestSection.PROMISED]
    assert promised == ["Review after the return"]
    first = digest.items[0]
    ctx.cover.acknowledge(team.priya, first.key, first.client_id)
    ctx.cover.acknowledge(team.priya, first.key, first.client_id)  # twice: still one
    again = ctx.cover.since_you_left(team.priya)
    assert [i.acknowledged for i in again.items][:2] == [True, False]
    assert again.waiting == digest.waiting - 1


def test_erasing_a_client_removes_its_acknowledgements_and_export_lists_them(
    ctx: AppContext, team: Team
) -> None:
    ctx.cover.set_client_stand_in(team.rosa, team.aisha)
    ctx.team.set_back(team.priya)
    items = ctx.cover.since_you_left(team.priya).items
    rosa_item = next(i for i in items if i.client_id == team.rosa)
    northwind_item = next(i for i in items if i.client_id == team.northwind)
    ctx.cover.acknowledge(team.priya, rosa_item.key, team.rosa)
    ctx.cover.acknowledge(team.priya, northwind_item.key, team.northwind)

    document = ctx.client_export.export_client(team.rosa)
    assert document["cover"]["stand_in"] == "Aisha Khan"
    assert [a["item"] for a in document["cover"]["acknowledged"]] == [rosa_item.key]
    assert document["cover"]["acknowledged"][0]["by"] == "Priya Shah"

    counts = ctx.client_erasure.erase(team.rosa)
    assert counts.cover_acknowledgements == 1
    assert "1 item acknowledged after an absence" in counts.summary()
    with ctx.db.unit_of_work() as session:
        left = session.scalars(select(m.CoverAcknowledgement.client_id)).all()
        assert left == [team.northwind]
        assert session.scalar(select(func.count()).select_from(m.Client)) == 2


def test_a_brief_for_someone_not_away_says_so(ctx: AppContext, team: Team) -> None:
    with pytest.raises(InvalidInputError, match="Marco Bianchi is not marked away"):
        ctx.cover.brief(team.marco)


def test_the_printable_brief_names_the_promise_and_is_marked_internal(
    ctx: AppContext, team: Team
) -> None:
    document = ctx.cover.brief_document(team.priya)
    assert "INTERNAL: FOR THE TEAM ONLY" in document.html
    assert "Call Dana back by 16:00" in document.html
    assert "Review after the return" not in document.html
    assert "prefers phone" in document.html
    assert "Call Dana back by 16:00" in document.markdown
    assert document.file_stem.startswith("cover-brief-priya-shah-")


def test_the_brief_names_the_next_update_the_client_was_told_or_says_it_is_paused(
    ctx: AppContext, team: Team, clock: FakeClock
) -> None:
    # "Call Dana back" is due two hours after the update promised: still the promised update.
    (case,) = ctx.cover.brief(team.priya).clients[0].cases
    assert case.next_update_due_at == team.update_due
    # A call back sooner than it is the next update, as the status report says.
    sooner = clock.now + timedelta(hours=1)
    _promise(ctx, team.labels, "Call Dana back with the fix", sooner, "", clock.now)
    (case,) = ctx.cover.brief(team.priya).clients[0].cases
    report = ctx.documents.export(ctx.documents.build(team.labels, "status"), "txt").decode()
    assert case.next_update_due_at == sooner
    assert f"YOUR NEXT UPDATE: {sooner.strftime('%H:%M')}" in report
    # Waiting on the client: no time, said as paused.
    ctx.plans.pause(team.labels)
    (case,) = ctx.cover.brief(team.priya).clients[0].cases
    assert case.next_update_due_at is None and case.next_update_paused
    document = ctx.cover.brief_document(team.priya)
    assert "paused: waiting on the client" in document.html
    assert "paused: waiting on the client" in document.markdown
