"""The case list a page at a time: its order stored with every write, read after a place."""

from __future__ import annotations

from datetime import timedelta

from schema_steps import schema_steps
from sqlalchemy import inspect

from callnotes.app import AppContext
from callnotes.domain.cases import CaseSummary, list_position


def _open_cases(ctx: AppContext, count: int) -> list[CaseSummary]:
    client = ctx.clients.create_client("Northwind Logistics")
    return [ctx.cases.open_case(client.id, f"Case {n}") for n in range(count)]


def _all_pages(ctx: AppContext, size: int) -> list[list[CaseSummary]]:
    pages, after = [], None
    while True:
        page = ctx.cases.case_page(after, size)
        pages.append(page)
        if len(page) < size:
            return pages
        after = list_position(page[-1])


def test_pages_read_after_the_last_place_make_the_whole_list(ctx: AppContext, clock) -> None:
    cases = _open_cases(ctx, 7)
    clock.now += timedelta(hours=1)
    ctx.timeline.add_entry(cases[2].id, "Client called again: still no labels.")

    pages = _all_pages(ctx, 3)

    assert [len(page) for page in pages] == [3, 3, 1]
    listed = [case for page in pages for case in page]
    assert listed == ctx.cases.list_cases()
    assert [c.id for c in listed] == [cases[n].id for n in (2, 6, 5, 4, 3, 1, 0)]
    assert ctx.cases.case_page(list_position(listed[-1]), 3) == []


def test_a_note_on_an_old_case_moves_it_first_and_the_rest_keep_their_order(
    ctx: AppContext, clock
) -> None:
    cases = _open_cases(ctx, 5)
    before = [c.id for c in ctx.cases.list_cases()]
    assert before == [c.id for c in reversed(cases)]  # the newest first

    clock.now += timedelta(minutes=5)
    entry = ctx.timeline.add_entry(cases[0].id, "The old scanner question came back.")

    assert [c.id for c in ctx.cases.list_cases()] == [cases[0].id, *before[:-1]]
    [first] = ctx.cases.case_page(None, 1)
    assert (first.id, first.last_activity_at) == (cases[0].id, entry.at)
    # The next page starts after it, at the newest of the others.
    assert [c.id for c in ctx.cases.case_page(list_position(first), 2)] == before[:2]


def test_cases_by_id_leaves_out_those_that_do_not_exist(ctx: AppContext) -> None:
    cases = _open_cases(ctx, 3)
    found = ctx.cases.cases_by_id([cases[0].id, cases[2].id, 9999])
    assert [c.id for c in found] == [cases[2].id, cases[0].id]


def test_the_revision_fills_the_order_of_the_cases_already_there(ctx: AppContext, clock) -> None:
    cases = _open_cases(ctx, 4)
    clock.now += timedelta(hours=1)
    ctx.timeline.add_entry(cases[1].id, "Driver update pushed.")
    ctx.timeline.add_entry(cases[3].id, "Labels print again.")
    expected = [(c.id, c.last_activity_at) for c in ctx.cases.list_cases()]

    with schema_steps(ctx.db.engine) as steps:
        steps.down("0011")
        assert "case_activity" not in inspect(steps.connection).get_table_names()
        steps.up()

    assert [(c.id, c.last_activity_at) for c in ctx.cases.list_cases()] == expected
    assert [c.id for c in ctx.cases.list_cases()][:2] == [cases[3].id, cases[1].id]
    # And its triggers keep it from then on: a new case first, then a note on the oldest.
    fresh = ctx.cases.open_case(cases[0].client_id, "Invoices go to the wrong address")
    assert ctx.cases.case_page(None, 1) == [fresh]
    ctx.timeline.add_entry(cases[0].id, "Back to the first case.")
    assert [c.id for c in ctx.cases.case_page(None, 2)] == [cases[0].id, fresh.id]
