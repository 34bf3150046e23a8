"""The window's one change notice: on the GUI thread, once per turn, never for a draft."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from callnotes.app import AppContext
from callnotes.domain.changes import Changes, Part
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind
from callnotes.ui.common.change_notice import ChangeNotice


def _case(ctx: AppContext) -> int:
    client = ctx.clients.create_client("Northwind")
    return ctx.cases.open_case(client.id, "Orders stuck").id


def test_a_commit_on_the_gui_thread_is_announced_before_the_write_returns(qtbot, ctx):
    case_id = _case(ctx)
    notice = ChangeNotice(ctx.subscribe_changes)
    heard: list[Changes] = []
    notice.changed.connect(heard.append)

    ctx.timeline.add_entry(case_id, "Orders stuck since 9:00", EntryKind.NOTE)

    assert len(heard) == 1 and heard[0].touches(Part.TIMELINE, case_id=case_id)
    notice.close()


def test_commits_on_worker_threads_arrive_on_the_gui_thread_merged(qtbot, ctx):
    case_id = _case(ctx)
    other = ctx.cases.open_case(ctx.clients.create_client("Fabrikam").id, "Invoices").id
    notice = ChangeNotice(ctx.subscribe_changes)
    heard: list[tuple[Changes, bool]] = []
    notice.changed.connect(
        lambda changes: heard.append((changes, QThread.currentThread() is notice.thread()))
    )

    def write() -> None:
        ctx.timeline.add_entry(case_id, "From the worker", EntryKind.NOTE)
        ctx.timeline.add_entry(other, "And another case", EntryKind.NOTE)

    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    assert heard == []  # nothing is delivered on the worker's thread

    qtbot.waitUntil(lambda: len(heard) == 1)
    qtbot.wait(20)
    ((changes, on_gui_thread),) = heard  # two commits, one notice
    assert on_gui_thread
    assert changes.touches(Part.TIMELINE, case_id=case_id)
    assert changes.touches(Part.TIMELINE, case_id=other)
    notice.close()


def test_a_draft_saved_as_the_agent_types_is_not_announced(qtbot, ctx):
    case_id = _case(ctx)
    notice = ChangeNotice(ctx.subscribe_changes)
    heard: list[Changes] = []
    notice.changed.connect(heard.append)

    ctx.drafts.save(note_draft_key(case_id), "Orders st")
    qtbot.wait(20)

    assert heard == []
    notice.close()
    ctx.timeline.add_entry(case_id, "After closing", EntryKind.NOTE)
    assert heard == []  # a closed notice hears nothing more
