"""The few most recent cases a window shows first, in the order of the whole list."""

from __future__ import annotations

from datetime import timedelta

from callnotes.domain.timeline import EntryKind


def test_the_most_recent_cases_come_in_the_whole_lists_order(ctx, clock) -> None:
    client = ctx.clients.create_client("Northwind Logistics")
    quiet = ctx.cases.open_case(client.id, "Old scanner question")
    busy = ctx.cases.open_case(client.id, "Labels do not print")
    ctx.timeline.add_entry(busy.id, "Client called again: still no labels.", EntryKind.NOTE)
    clock.now += timedelta(hours=2)
    fresh = ctx.cases.open_case(client.id, "Invoices go to the wrong address")  # no entry yet
    clock.now += timedelta(hours=1)
    ctx.timeline.add_entry(quiet.id, "Scanner firmware question answered.", EntryKind.NOTE)

    whole = ctx.cases.list_cases()

    assert [c.id for c in whole] == [quiet.id, fresh.id, busy.id]
    assert [c.id for c in ctx.cases.case_page(None, 2)] == [quiet.id, fresh.id]
    assert ctx.cases.case_page(None, 2) == whole[:2]
    assert ctx.cases.case_page(None, 10) == whole
