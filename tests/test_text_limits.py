"""Text longer than its column is refused with one sentence, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from callnotes.app import AppContext
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m
from callnotes.storage.models.limits import text_limits


def _count(ctx: AppContext, model: type[m.Base]) -> int:
    with ctx.db.unit_of_work(read_only=True) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_limits_are_the_column_lengths() -> None:
    limits = text_limits(m.Client.__mapper__)
    assert limits["name"] == m.Client.__table__.c.name.type.length == 300
    assert text_limits(m.Issue.__mapper__)["timeframe"] == 300
    assert "notes" not in limits  # unbounded text has no limit


def test_a_client_name_longer_than_its_column_is_refused_and_nothing_written(
    ctx: AppContext,
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        ctx.clients.create_client("N" * 400)
    assert str(refused.value) == (
        "The client name is too long: at most 300 characters; nothing was saved."
    )
    assert _count(ctx, m.Client) == 0
    kept = ctx.clients.create_client("N" * 300)  # the limit itself is fine
    assert ctx.clients.get_client(kept.id).name == "N" * 300


def test_a_long_timeframe_is_refused_when_added_and_when_changed(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind")
    case = ctx.cases.open_case(client.id, "Labels")
    with pytest.raises(InvalidInputError, match="issue timeframe is too long: at most 300"):
        ctx.issues.add_issue(case.id, "Labels do not print", timeframe="t" * 450)
    assert _count(ctx, m.Issue) == 0

    issue = ctx.issues.add_issue(case.id, "Labels do not print", timeframe="by Friday")
    with pytest.raises(InvalidInputError, match="issue timeframe is too long"):
        ctx.issues.update_issue(issue.id, timeframe="t" * 450)
    [stored] = ctx.issues.issues(case.id)
    assert stored.timeframe == "by Friday"
    # A change to another field of the same row is not held up by the check.
    ctx.issues.update_issue(issue.id, title="No label prints")
    assert ctx.issues.issues(case.id)[0].title == "No label prints"


def test_a_refusal_midway_leaves_the_unit_of_work_unwritten(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind")
    with pytest.raises(InvalidInputError, match="contact name is too long"):
        ctx.clients.add_contact(client.id, "C" * 400, phones=["+44 20 7946 0321"])
    assert _count(ctx, m.Contact) == 0
    assert _count(ctx, m.ContactPhone) == 0


def test_limits_the_domain_states_itself_are_the_column_lengths() -> None:
    # The domain cannot read the models (it sits below them), so its own numbers are held
    # to them here.
    from callnotes.domain.team import FIELD_LIMITS

    stated = {field: limit for field, limit in FIELD_LIMITS.items() if field != "manager"}
    columns = text_limits(m.TeamMember.__mapper__)  # the manager is a link to another member
    assert stated == {field: columns[field] for field in stated}
