"""Each committed unit of work announces what it changed; nothing else announces anything."""

from __future__ import annotations

import functools
import operator
import threading

import pytest
from sqlalchemy import select

from callnotes.app import AppContext
from callnotes.domain.changes import ANY_CASE, Changes, Part
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind
from callnotes.errors import CallnotesError
from callnotes.storage import models as m
from callnotes.storage.change_log import TABLE_PARTS
from callnotes.storage.models.base import Base


@pytest.fixture
def heard(ctx: AppContext) -> list[Changes]:
    seen: list[Changes] = []
    ctx.subscribe_changes(seen.append)
    return seen


def _two_cases(ctx: AppContext) -> tuple[int, int]:
    client = ctx.clients.create_client("Northwind")
    first = ctx.cases.open_case(client.id, "Orders stuck").id
    second = ctx.cases.open_case(client.id, "Invoices wrong").id
    return first, second


def test_an_entry_concerns_its_own_case_timeline_and_the_case_list(ctx, heard):
    first, second = _two_cases(ctx)
    heard.clear()

    ctx.timeline.add_entry(first, "Orders stuck since 9:00", EntryKind.NOTE)

    assert len(heard) == 1
    changes = heard[0]
    assert changes.touches(Part.TIMELINE, case_id=first)
    assert changes.touches(Part.CASE_LIST)
    assert not changes.touches(Part.TIMELINE, case_id=second)  # the other case's view stays
    assert not changes.touches(Part.ISSUES, Part.PROMISES, Part.TEAM)


def test_clearing_the_draft_with_the_entry_does_not_widen_the_timeline_change(ctx, heard):
    first, second = _two_cases(ctx)
    ctx.drafts.save(note_draft_key(first), "Orders st")
    heard.clear()

    ctx.timeline.add_entry(first, "Orders stuck", EntryKind.NOTE, clear_draft=note_draft_key(first))

    # One notice; on a team database two, as the draft is on this computer, cleared after.
    assert len(heard) == (1 if ctx.db.is_sqlite else 2)
    changes = functools.reduce(operator.or_, heard)
    assert changes.touches(Part.DRAFTS)
    assert not changes.touches(Part.TIMELINE, case_id=second)


def test_an_amendment_is_tied_to_the_entry_s_case(ctx, heard):
    first, second = _two_cases(ctx)
    entry = ctx.timeline.add_entry(first, "Orders stuck", EntryKind.NOTE)
    heard.clear()

    ctx.timeline.amend_entry(entry.id, "Orders stuck since Monday")

    (changes,) = heard
    assert changes.touches(Part.TIMELINE, case_id=first)
    assert not changes.touches(Part.TIMELINE, case_id=second)


def test_reads_and_failed_writes_announce_nothing(ctx, heard):
    first, _second = _two_cases(ctx)
    heard.clear()

    ctx.timeline.entries(first)
    ctx.cases.list_cases()
    with pytest.raises(CallnotesError):
        ctx.timeline.add_entry(first, "   ", EntryKind.NOTE)  # refused: nothing written
    with pytest.raises(RuntimeError), ctx.db.unit_of_work() as session:
        session.add(m.Draft(key="x", text="rolled back", updated_at=ctx.clock()))
        session.flush()
        raise RuntimeError("rolled back")

    assert heard == []


def test_a_colleague_away_concerns_every_case(ctx, heard):
    from callnotes.domain.team import MemberDraft

    first, _second = _two_cases(ctx)
    member = ctx.team.add_member(MemberDraft(name="Priya Shah"))
    heard.clear()

    ctx.team.remove_member(member.id)

    (changes,) = heard
    assert changes.touches(Part.TEAM, case_id=first)
    assert ANY_CASE in changes.case_ids


def test_a_bulk_statement_is_announced_for_any_case(ctx, heard):
    from sqlalchemy import delete

    first, _second = _two_cases(ctx)
    ctx.timeline.add_entry(first, "Orders stuck", EntryKind.NOTE)
    heard.clear()

    with ctx.db.unit_of_work() as session:
        session.execute(delete(m.Draft))

    (changes,) = heard
    assert changes == Changes.of([Part.DRAFTS])


def test_the_announcement_comes_after_the_commit_on_the_committing_thread(ctx):
    first, _second = _two_cases(ctx)
    seen: list[tuple[str, int]] = []

    def listener(_changes: Changes) -> None:
        # A new unit of work already sees the entry: the commit is done.
        with ctx.db.unit_of_work(read_only=True) as session:
            count = len(session.scalars(select(m.TimelineEntry.id)).all())
        seen.append((threading.current_thread().name, count))

    ctx.subscribe_changes(listener)
    worker = threading.Thread(
        target=lambda: ctx.timeline.add_entry(first, "From a worker", EntryKind.NOTE),
        name="writer",
    )
    worker.start()
    worker.join()

    assert seen == [("writer", 1)]


def test_a_failing_listener_neither_stops_the_others_nor_undoes_the_write(ctx, heard):
    first, _second = _two_cases(ctx)

    def broken(_changes: Changes) -> None:
        raise ValueError("a view that crashed")

    ctx.subscribe_changes(broken)
    later: list[Changes] = []
    unsubscribe = ctx.subscribe_changes(later.append)
    heard.clear()

    entry = ctx.timeline.add_entry(first, "Still written", EntryKind.NOTE)

    assert [e.id for e in ctx.timeline.entries(first)] == [entry.id]
    assert len(heard) == 1 and len(later) == 1
    unsubscribe()
    ctx.timeline.add_entry(first, "Nobody listening there", EntryKind.NOTE)
    assert len(later) == 1 and len(heard) == 2


def test_every_table_says_which_part_of_the_record_it_holds():
    tables = set(Base.metadata.tables) - {name for name in Base.metadata.tables if "_fts" in name}
    assert tables <= set(TABLE_PARTS), sorted(tables - set(TABLE_PARTS))


def test_changes_merge_and_tell_what_they_touch():
    notes = Changes.of([Part.TIMELINE], [3])
    team = Changes.of([Part.TEAM])
    both = notes | team
    assert both.touches(Part.TIMELINE, case_id=3)
    assert not both.touches(Part.TIMELINE, case_id=4)
    assert both.touches(Part.TEAM, case_id=4)  # any case
    assert not both.only_drafts and Changes.of([Part.DRAFTS]).only_drafts
    assert both.describe() == "team@0 timeline@3"
    assert not Changes()
