"""Handing a case back and closing it: acknowledgement, and open commitments block closing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from callnotes.app import AppContext
from callnotes.domain.cases import CaseStatus
from callnotes.domain.commitments import CommitmentState
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m
from tests.conftest import FakeClock


@pytest.fixture
def case_id(ctx: AppContext, clock: FakeClock) -> int:
    priya = ctx.clients.create_team_member("Priya Shah", role="Account manager")
    client = ctx.clients.create_client("Northwind", usual_contact_id=priya.id)
    case = ctx.cases.open_case(client.id, "Labels")
    ctx.timeline.add_entry(case.id, "Dana called about labels.")
    clock.now += timedelta(minutes=1)  # then Priya leaves
    with ctx.db.unit_of_work() as session:
        member = session.get(m.TeamMember, priya.id)
        assert member is not None
        member.away_since = clock.now
        member.away_until = clock.now + timedelta(days=1)
        member.away_reason = "Off-site"
        session.add(
            m.Commitment(
                case_id=case.id,
                text="Call Dana back by 11:30",
                owner="Vinh",
                created_at=clock.now,
                due_at=clock.now + timedelta(hours=2),
            )
        )
    clock.now += timedelta(minutes=5)
    ctx.timeline.add_entry(case.id, "Rolled the driver back.", EntryKind.ACTION)
    return case.id


def _commitments(ctx: AppContext, case_id: int) -> list[m.Commitment]:
    with ctx.db.unit_of_work() as session:
        rows = session.scalars(select(m.Commitment).where(m.Commitment.case_id == case_id)).all()
        session.expunge_all()
        return list(rows)


def test_handing_back_lists_what_changed_and_records_the_acknowledgement(
    ctx: AppContext, case_id: int
) -> None:
    sheet = ctx.handback.sheet(case_id)
    assert sheet.usual_contact is not None and sheet.usual_contact.name == "Priya Shah"
    assert [e.text for e in sheet.changes] == ["Rolled the driver back."]
    assert [c.text for c in sheet.open_commitments] == ["Call Dana back by 11:30"]
    with pytest.raises(InvalidInputError, match="not been handed back"):
        ctx.handback.acknowledge(case_id)
    handed = ctx.handback.hand_back(case_id)
    assert handed.handed_over_to == "Priya Shah" and handed.handed_over_at is not None
    acknowledged = ctx.handback.acknowledge(case_id)
    assert acknowledged.acknowledged_at is not None
    assert acknowledged.acknowledged_at > handed.handed_over_at  # type: ignore[operator]
    texts = [e.text for e in ctx.timeline.entries(case_id)]
    assert "Case handed back to Priya Shah with the handover document." in texts
    assert "Priya Shah acknowledged the handover and is back on the case." in texts
    handover = ctx.documents.build(case_id, "handover").text
    assert "acknowledged" in handover


def test_closing_with_an_open_commitment_is_refused_unless_carried_over(
    ctx: AppContext, case_id: int
) -> None:
    with pytest.raises(InvalidInputError, match="“Call Dana back by 11:30”") as refused:
        ctx.case_closing.close_case(case_id)
    assert "carry them over" in str(refused.value)
    assert ctx.cases.get_case(case_id).status is CaseStatus.OPEN
    [still_open] = _commitments(ctx, case_id)
    assert still_open.state == "open" and still_open.closed_at is None

    closed = ctx.case_closing.close_case(case_id, carry_over_to="Priya Shah")
    assert closed.status is CaseStatus.CLOSED
    [carried] = _commitments(ctx, case_id)
    assert carried.state == CommitmentState.CARRIED_OVER.value
    assert carried.closed_at is not None
    entries = ctx.timeline.entries(case_id)
    assert any(
        e.kind is EntryKind.COMMITMENT
        and e.text == "Carried over to Priya Shah when the case closed: Call Dana back by 11:30"
        for e in entries
    )
    assert entries[-1].text == "Case status: Open → Closed"
    with pytest.raises(InvalidInputError, match="already closed"):
        ctx.case_closing.close_case(case_id)


def test_a_case_without_open_commitments_closes_at_once(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Quiet")
    case = ctx.cases.open_case(client.id, "Nothing promised")
    ctx.case_closing.set_status(case.id, CaseStatus.RESOLVED)
    assert ctx.case_closing.close_case(case.id).status is CaseStatus.CLOSED
    texts = [e.text for e in ctx.timeline.entries(case.id)]
    assert texts == ["Case status: Open → Resolved", "Case status: Resolved → Closed"]


def test_a_handback_is_recorded_once_and_never_resets_the_acknowledgement(
    ctx: AppContext, case_id: int
) -> None:
    tom = ctx.clients.create_team_member("Tom Becker", role="Support engineer")
    ctx.handback.hand_back(case_id)
    with pytest.raises(InvalidInputError, match="already handed back to Priya Shah"):
        ctx.handback.hand_back(case_id)
    corrected = ctx.handback.hand_back(case_id, tom.id)  # the wrong colleague, corrected
    assert corrected.handed_over_to == "Tom Becker"
    acknowledged = ctx.handback.acknowledge(case_id)
    for member in (None, tom.id):
        with pytest.raises(InvalidInputError, match="Tom Becker has already acknowledged"):
            ctx.handback.hand_back(case_id, member)
    assert ctx.handback.sheet(case_id).acknowledged_at == acknowledged.acknowledged_at
    texts = [e.text for e in ctx.timeline.entries(case_id)]
    assert texts.count("Case handed back to Priya Shah with the handover document.") == 1
    assert texts.count("Tom Becker acknowledged the handover and is back on the case.") == 1


# The authors here are the settings' names: SQLite's (on a team database the server names them,
# tests/test_authorship.py); the document reads them the same way on both.
@pytest.mark.sqlite_only
def test_the_handover_is_from_whoever_handed_the_case_back_whoever_prints_it(
    ctx: AppContext, case_id: int, clock: FakeClock
) -> None:
    ctx.settings_store.save(replace(ctx.settings, agent_name="Vinh Nguyen"))  # the stand-in
    ctx.handback.hand_back(case_id)
    clock.now += timedelta(minutes=3)
    ctx.settings_store.save(replace(ctx.settings, agent_name="Priya Shah"))  # back, she prints it
    ctx.handback.acknowledge(case_id)
    markdown = ctx.documents.build(case_id, "handover").markdown
    assert "- **From:** Vinh Nguyen" in markdown
    assert "- **For:** Priya Shah" in markdown
