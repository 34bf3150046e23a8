"""Several processes writing to one SQLite database while the agent types notes.

Units of work take the write lock when they begin, so a writer that meets another one waits
(within the busy timeout) instead of failing with "locked".
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import func, select

from callnotes.app import open_context
from callnotes.errors import DatabaseLockedError
from callnotes.storage import models as m

WRITERS = 4
ROUNDS = 15
NOTES = 60

_CHILD = textwrap.dedent(
    """
    import sys
    from callnotes.app import open_context
    from callnotes.errors import DatabaseLockedError

    ctx = open_context(sys.argv[1])
    locked = 0
    for n in range(int(sys.argv[3])):
        try:
            # reads (the duplicate-name check) and then writes, in one unit of work each
            client = ctx.clients.create_client(f"Writer {sys.argv[2]} client {n}")
            case = ctx.cases.open_case(client.id, "Parallel")
            ctx.timeline.add_entry(case.id, f"writer {sys.argv[2]} note {n}")
        except DatabaseLockedError:
            locked += 1
    ctx.close()
    print(locked)
    """
)


def test_parallel_writers_wait_for_each_other_and_every_note_is_kept(data_dir: Path) -> None:
    ctx = open_context(str(data_dir))
    try:
        client = ctx.clients.create_client("Typist")
        case = ctx.cases.open_case(client.id, "Typing")
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(data_dir), str(k), str(ROUNDS)],
                stdout=subprocess.PIPE,
                text=True,
                cwd=Path(__file__).resolve().parent.parent,
            )
            for k in range(WRITERS)
        ]
        locked = 0
        for n in range(NOTES):
            try:
                ctx.timeline.add_entry(case.id, f"typed note {n}")
            except DatabaseLockedError:
                locked += 1
        outputs = [child.communicate(timeout=120)[0] for child in children]
        assert [child.returncode for child in children] == [0] * WRITERS
        locked += sum(int(out.strip().splitlines()[-1]) for out in outputs)
        assert locked == 0
        with ctx.db.unit_of_work() as session:
            typed = session.scalar(
                select(func.count())
                .select_from(m.TimelineEntry)
                .where(m.TimelineEntry.case_id == case.id)
            )
            written = session.scalar(
                select(func.count())
                .select_from(m.TimelineEntry)
                .where(m.TimelineEntry.text.like("writer % note %"))
            )
        assert typed == NOTES
        assert written == WRITERS * ROUNDS
    finally:
        ctx.close()


def test_a_read_does_not_wait_for_another_writer(data_dir: Path) -> None:
    import sqlite3
    import time

    ctx = open_context(str(data_dir))
    try:
        client = ctx.clients.create_client("Typist")
        case = ctx.cases.open_case(client.id, "Typing")
        other = sqlite3.connect(ctx.paths.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            started = time.monotonic()
            assert [c.id for c in ctx.cases.list_cases()] == [case.id]
            assert ctx.timeline.entries(case.id) == []
            assert ctx.search.search("anything") == []
            # What the call window reads as the agent works, never held up by a writer.
            assert ctx.drafts.load(f"note:case:{case.id}") == ""
            assert ctx.issues.issues(case.id) == []
            assert ctx.commitments.ledger(case.id) == []
            assert ctx.team_notices.notices(case.id) == []
            assert ctx.calls.calls(case.id) == [] and ctx.calls.open_call(case.id) is None
            assert ctx.clients.get_client(client.id).name == "Typist"
            assert ctx.clients.team() == [] and ctx.clients.find_callers("+44 20 7946 0321") == []
            assert ctx.handback.sheet(case.id).handed_over is False
            assert ctx.plans.plan(case.id) is not None
            assert time.monotonic() - started < 2, "no read waited for the writer"
            with ctx.db.unit_of_work(read_only=True) as session:
                options = session.connection().get_execution_options()
                assert options.get("sqlite_read_only") is True
        finally:
            other.execute("ROLLBACK")
            other.close()
    finally:
        ctx.close()
