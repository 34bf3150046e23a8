"""Export and import of one case as JSON: exact round trip, clear refusals, all or nothing."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from callnotes.app import AppContext, open_context
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m
from tests.conftest import FakeClock


@pytest.fixture
def exported(ctx: AppContext) -> dict[str, Any]:
    case_id = ctx.demo.load_demo()
    entry = ctx.timeline.entries(case_id)[2]
    ctx.timeline.amend_entry(entry.id, entry.text + " (confirmed)")
    return ctx.exporter.export_case(case_id)


@pytest.fixture
def empty(tmp_path: Path) -> Any:
    other = open_context(str(tmp_path / "other"), clock=FakeClock())
    yield other
    other.close()


def _row_count(ctx: AppContext) -> int:
    with ctx.db.unit_of_work() as session:
        return sum(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in m.Base.metadata.sorted_tables
        )


def test_export_then_import_gives_the_same_case(
    exported: dict[str, Any], empty: AppContext
) -> None:
    case_id = empty.importer.import_case(copy.deepcopy(exported))
    assert empty.exporter.export_case(case_id) == exported
    assert exported["case"]["timeline"][2]["revisions"], "the amended entry keeps its revision"


def test_the_document_is_plain_json(exported: dict[str, Any]) -> None:
    text = json.dumps(exported)
    assert json.loads(text) == exported
    assert exported["format"] == "callnotes.case"
    assert exported["case"]["opened_at"].endswith("Z")


def test_importing_the_same_case_twice_is_refused(
    exported: dict[str, Any], empty: AppContext
) -> None:
    empty.importer.import_case(copy.deepcopy(exported))
    with pytest.raises(InvalidInputError, match="already in the database"):
        empty.importer.import_case(copy.deepcopy(exported))


def test_a_second_case_of_the_same_client_reuses_client_and_team(
    ctx: AppContext, exported: dict[str, Any], empty: AppContext
) -> None:
    empty.importer.import_case(copy.deepcopy(exported))
    second = copy.deepcopy(exported)
    second["case"]["uid"] = uuid.uuid4().hex
    renamed: dict[str, str] = {}
    lists = (
        "calls", "issues", "timeline", "commitments", "communications", "escalation_attempts",
        "team_notices", "investigation", "follow_up_checks",
    )  # fmt: skip
    for key in lists:
        for item in second["case"][key]:
            renamed[item["uid"]] = item["uid"] = uuid.uuid4().hex
    for key in lists:
        for item in second["case"][key]:
            for ref in ("call", "issue", "entry"):
                if item.get(ref) is not None:
                    item[ref] = renamed[item[ref]]
    empty.importer.import_case(second)
    with empty.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(m.Client)) == 1
        members = session.scalar(select(func.count()).select_from(m.TeamMember))
        assert members == len(exported["team"]) > 0
        assert session.scalar(select(func.count()).select_from(m.Case)) == 2


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("case", "title"), None, "case.title: expected a string"),
        (("case", "status"), "pending", "case.status: expected one of open, monitoring"),
        (("case", "opened_at"), "2026-01-01T10:00:00", "case.opened_at: expected an ISO 8601"),
        (("case", "issues", 1, "impact"), "huge", "case.issues[1].impact: expected one of"),
        (("case", "timeline", 3, "internal"), "no", "case.timeline[3].internal: expected true"),
        (("case", "timeline", 0, "issue"), "a" * 32, "case.timeline[0].issue: expected the uid"),
        (("client", "timezone"), "Mars/Base", "client.timezone: expected an IANA time zone"),
        (("version",), 7, "document.version: expected 1"),
    ],
)
def test_a_wrong_field_is_named_and_nothing_is_imported(
    exported: dict[str, Any], empty: AppContext, path: tuple[Any, ...], value: Any, message: str
) -> None:
    broken = copy.deepcopy(exported)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    before = _row_count(empty)
    with pytest.raises(InvalidInputError) as info:
        empty.importer.import_case(broken)
    assert message in str(info.value)
    assert _row_count(empty) == before


def test_a_missing_field_is_named(exported: dict[str, Any], empty: AppContext) -> None:
    broken = copy.deepcopy(exported)
    del broken["case"]["issues"][0]["title"]
    with pytest.raises(InvalidInputError, match=r"case\.issues\[0\]\.title: this field is missing"):
        empty.importer.import_case(broken)


def test_text_that_is_not_json_is_refused(empty: AppContext) -> None:
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        empty.importer.import_text("{nope", source="case.json")
    with pytest.raises(InvalidInputError, match="expected an object"):
        empty.importer.import_case([1, 2, 3])
