"""The after-call records in the case JSON: attempts, notices, investigation, links, follow-up."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from callnotes.app import AppContext, open_context
from callnotes.domain.investigation import InvestigationCheck
from callnotes.errors import InvalidInputError
from callnotes.services.transfer.after_call import AFTER_CALL_KEYS
from tests.conftest import FakeClock


@pytest.fixture
def other(tmp_path: Path) -> Any:
    context = open_context(str(tmp_path / "other"), clock=FakeClock())
    yield context
    context.close()


@pytest.fixture
def demo(ctx: AppContext) -> tuple[int, int]:
    """The demo's open case (with an investigation linking the resolved one) and that case."""
    main = ctx.demo.load_demo()
    resolved = next(c.id for c in ctx.cases.list_cases() if c.id != main)
    ctx.investigation.record(main, InvestigationCheck.LOGS, "Spooler errors from 22:41.")
    ctx.investigation.link_case(main, resolved, "same label printers")
    return main, resolved


def test_every_after_call_record_survives_a_round_trip(ctx, other, demo) -> None:
    main, resolved = demo
    for case_id in (resolved, main):  # the resolved case first, so the link has a target
        document = ctx.exporter.export_case(case_id)
        imported = other.importer.import_case(copy.deepcopy(document))
        assert other.exporter.export_case(imported) == document
    main_doc = ctx.exporter.export_case(main)
    resolved_doc = ctx.exporter.export_case(resolved)
    assert main_doc["version"] >= 2  # the version that added the after-call records, or later
    assert [a["outcome"] for a in main_doc["case"]["escalation_attempts"]] == [
        "voicemail",
        "no_answer",
    ]
    assert main_doc["case"]["team_notices"], "the demo told the team about the driver update"
    assert [s["check"] for s in main_doc["case"]["investigation"]][-2:] == [
        "logs",
        "seen_before",
    ]
    assert [link["title"] for link in main_doc["case"]["linked_cases"]] == [
        resolved_doc["case"]["title"]
    ]
    assert {c["outcome"] for c in resolved_doc["case"]["follow_up_checks"]} == {"confirmed"}
    assert resolved_doc["case"]["review"]["author"] in {t["uid"] for t in resolved_doc["team"]}
    # Everyone the attempts mention travels with the case, even if only an attempt names them.
    names = {t["name"] for t in main_doc["team"]}
    assert {a["who"] for a in main_doc["case"]["escalation_attempts"]} <= names


def test_a_link_to_a_case_this_database_lacks_is_left_out(ctx, other, demo) -> None:
    main, _resolved = demo
    document = ctx.exporter.export_case(main)
    imported = other.importer.import_case(copy.deepcopy(document))
    again = other.exporter.export_case(imported)
    assert again["case"]["linked_cases"] == []
    assert again["case"]["investigation"] == document["case"]["investigation"]


def test_a_version_1_document_imports_without_the_after_call_records(ctx, other, demo) -> None:
    main, _resolved = demo
    document = ctx.exporter.export_case(main)
    document["version"] = 1
    for key in AFTER_CALL_KEYS:
        del document["case"][key]
    for key in ("plan_agreed_at", "plan_business_hours_only"):
        del document["case"][key]
    for member in document["team"]:
        del member["away_since"]
    imported = other.importer.import_case(document)
    again = other.exporter.export_case(imported)
    assert all(again["case"][key] == [] for key in AFTER_CALL_KEYS)
    assert again["case"]["plan_business_hours_only"] is True


@pytest.mark.parametrize(
    ("key", "field", "value", "message"),
    [
        ("escalation_attempts", "outcome", "shouted", "escalation_attempts[0].outcome: expected"),
        ("investigation", "check", "guessed", "investigation[0].check: expected one of"),
        ("team_notices", "channel", "pigeon", "team_notices[0].channel: expected one of"),
        ("escalation_attempts", "member", "0" * 32, "escalation_attempts[0].member: expected"),
    ],
)
def test_a_wrong_after_call_field_is_named_and_nothing_is_imported(
    ctx, other, demo, key, field, value, message
) -> None:
    main, _resolved = demo
    document = ctx.exporter.export_case(main)
    document["case"][key][0][field] = value
    with pytest.raises(InvalidInputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        other.importer.import_case(document)
    assert other.cases.list_cases() == []
