"""One snapshot per document: a report's context is read in one read-only unit of work, so a
write committed while it is being read (the agent typing beside a preview) never shows in half
of it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from callnotes.app import AppContext
from callnotes.domain.recurring import RecurringGroup
from callnotes.reports.context import ReportContext

WRITTEN_MEANWHILE = "Written while the report was being read"


def open_issues(context: ReportContext) -> list[str]:
    return [view.issue.title for view in context.issues if view.issue.status.is_open]


@pytest.fixture
def counted_units(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every unit of work opened on the database from now on, with its options."""
    opened: list[dict[str, Any]] = []
    real = ctx.db.unit_of_work

    @contextmanager
    def counting(**options: Any) -> Iterator[Any]:
        opened.append(options)
        with real(**options) as session:
            yield session

    monkeypatch.setattr(ctx.db, "unit_of_work", counting)
    return opened


def test_a_report_context_is_read_in_one_read_only_unit_of_work(
    ctx: AppContext, counted_units: list[dict[str, Any]]
) -> None:
    case_id = ctx.demo.load_demo()
    counted_units.clear()

    context = ctx.reports.context(case_id)

    assert counted_units == [{"read_only": True}]
    assert context.case.id == case_id and context.issues and context.entries


def test_a_review_sheet_is_read_in_one_read_only_unit_of_work(
    ctx: AppContext, counted_units: list[dict[str, Any]]
) -> None:
    case_id = ctx.demo.load_demo()
    counted_units.clear()

    sheet = ctx.reviews.sheet(case_id)

    assert counted_units == [{"read_only": True}]
    assert sheet.case_id == case_id


def test_a_write_committed_between_two_reads_of_a_report_is_in_none_of_it(
    ctx: AppContext,
) -> None:
    case_id = ctx.demo.load_demo()
    before = ctx.reports.context(case_id)
    written: list[int] = []

    # Once the report's first statement has read, another connection commits a new open
    # issue: the case summary (read first) and the issue list (read later) must agree.
    def write_once(_connection: object, _cursor: object, statement: str, *_rest: object) -> None:
        if written or not statement.lstrip().upper().startswith("SELECT"):
            return
        written.append(0)
        issue = ctx.issues.add_issue(case_id, WRITTEN_MEANWHILE)
        written[0] = issue.id

    event.listen(ctx.db.engine, "after_cursor_execute", write_once)
    try:
        during = ctx.reports.context(case_id)
    finally:
        event.remove(ctx.db.engine, "after_cursor_execute", write_once)

    assert written and written[0] > 0, "the write was committed while the report was read"
    assert WRITTEN_MEANWHILE not in open_issues(during)
    assert during.case.open_issue_count == before.case.open_issue_count
    assert during.case.open_issue_count == len(open_issues(during))
    assert during.recurring == before.recurring
    after = ctx.reports.context(case_id)
    assert WRITTEN_MEANWHILE in open_issues(after)
    assert after.case.open_issue_count == len(open_issues(after))
    assert after.case.open_issue_count == before.case.open_issue_count + 1


def test_the_report_service_uses_the_recurring_service_of_the_composition_root(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = ctx.demo.load_demo()
    asked: list[int] = []
    real = ctx.recurring.groups_of_case_in

    def spying(session: Any, case: int) -> list[RecurringGroup]:
        asked.append(case)
        return real(session, case)

    monkeypatch.setattr(ctx.recurring, "groups_of_case_in", spying)

    ctx.reports.context(case_id)

    assert asked == [case_id]
