"""The investigation checklist: checks with findings, on the timeline, and past cases linked."""

from __future__ import annotations

import pytest

from callnotes.domain.drafts import note_draft_key
from callnotes.domain.investigation import CHECKLIST, InvestigationCheck
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.storage import models as m


@pytest.fixture
def cases(ctx):
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    past = ctx.cases.open_case(client.id, "Labels stopped printing after driver update")
    now = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    with ctx.db.unit_of_work() as session:
        session.add(m.Review(case_id=past.id, root_cause="Driver 4.2 dropped the label size."))
    return past, now


def test_a_new_case_has_every_check_outstanding(ctx, cases):
    _past, case = cases
    investigation = ctx.investigation.investigation(case.id)
    assert investigation.outstanding == CHECKLIST
    assert [item.done for item in investigation.items] == [False] * 4


def test_recording_a_check_ticks_it_and_lands_on_the_timeline(ctx, cases):
    _past, case = cases
    step = ctx.investigation.record(
        case.id, InvestigationCheck.LOGS, "Print spooler errors since 22:41, code 0x7e."
    )
    investigation = ctx.investigation.investigation(case.id)
    assert InvestigationCheck.LOGS not in investigation.outstanding
    logs = next(i for i in investigation.items if i.check is InvestigationCheck.LOGS)
    assert [s.findings for s in logs.steps] == ["Print spooler errors since 22:41, code 0x7e."]
    entries = ctx.timeline.entries(case.id)
    assert entries[-1].id == step.entry_id
    assert entries[-1].kind is EntryKind.ACTION
    assert entries[-1].internal  # a team fact, not for the client's documents
    assert entries[-1].text == "Logs checked: Print spooler errors since 22:41, code 0x7e."


def test_a_check_can_be_recorded_again_and_keeps_every_finding(ctx, cases):
    _past, case = cases
    ctx.investigation.record(case.id, InvestigationCheck.RECENT_CHANGES, "No deployment.")
    ctx.investigation.record(case.id, InvestigationCheck.RECENT_CHANGES, "Driver pushed 22:40.")
    item = next(
        i
        for i in ctx.investigation.investigation(case.id).items
        if i.check is InvestigationCheck.RECENT_CHANGES
    )
    assert [s.findings for s in item.steps] == ["No deployment.", "Driver pushed 22:40."]
    assert item.last_at == item.steps[-1].at


def test_linking_a_past_case_answers_has_this_happened_before(ctx, cases):
    past, case = cases
    linked = ctx.investigation.link_case(case.id, past.id, "same printer model")
    assert linked.root_cause == "Driver 4.2 dropped the label size."
    investigation = ctx.investigation.investigation(case.id)
    assert InvestigationCheck.SEEN_BEFORE not in investigation.outstanding
    assert [c.case_id for c in investigation.linked] == [past.id]
    assert ctx.timeline.entries(case.id)[-1].text == (
        "Checked whether this happened before: same as case "
        f"{past.id} (Labels stopped printing after driver update) — same printer model"
    )


@pytest.mark.parametrize(
    ("findings", "message"),
    [("   ", "Write what the check found"), ("x" * 20_001, "too long")],
)
def test_empty_or_huge_findings_are_refused_and_nothing_is_written(ctx, cases, findings, message):
    _past, case = cases
    before = len(ctx.timeline.entries(case.id))
    with pytest.raises(InvalidInputError, match=message):
        ctx.investigation.record(case.id, InvestigationCheck.DOCUMENTATION, findings)
    assert len(ctx.timeline.entries(case.id)) == before
    assert ctx.investigation.investigation(case.id).outstanding == CHECKLIST


def test_bad_links_are_refused_with_a_reason(ctx, cases):
    past, case = cases
    with pytest.raises(InvalidInputError, match="itself"):
        ctx.investigation.link_case(case.id, case.id)
    with pytest.raises(NotFoundError, match="9999"):
        ctx.investigation.link_case(case.id, 9999)
    ctx.investigation.link_case(case.id, past.id)
    with pytest.raises(InvalidInputError, match="already linked"):
        ctx.investigation.link_case(case.id, past.id)


def test_recording_clears_the_draft_it_came_from_in_the_same_step(ctx, cases):
    _past, case = cases
    key = f"investigation:{case.id}:logs"
    ctx.drafts.save(key, "Spooler errors")
    ctx.drafts.save(note_draft_key(case.id), "an unrelated note draft")
    ctx.investigation.record(case.id, InvestigationCheck.LOGS, "Spooler errors", clear_draft=key)
    assert ctx.drafts.load(key) == ""
    assert ctx.drafts.load(note_draft_key(case.id)) == "an unrelated note draft"
