"""Two desktops (two processes) writing to one case of a team database at once.

Each process enters 1,000 notes the way the window does (``add_note``: a uid and a time given
at Enter, kept on the desktop until stored); every note must be stored exactly once.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from pg_agents import pg_rows

from callnotes.app import open_context

pytestmark = pytest.mark.postgres

NOTES = 1_000
_DESKTOP = """
import sys, uuid
from datetime import UTC, datetime
from callnotes.app import open_context
from callnotes.domain.timeline import EntryKind, NoteToShare
data_dir, url, case_id, name, count = sys.argv[1:6]
ctx = open_context(data_dir, url)
try:
    for n in range(int(count)):
        note = NoteToShare(int(case_id), f"{name} {n}", EntryKind.NOTE, uuid.uuid4().hex,
                           datetime.now(UTC))
        ctx.timeline.add_note(note)
        if n == 10:  # and one sent again, as after an answer lost on the way back
            ctx.timeline.add_note(note)
finally:
    ctx.close()
"""


def test_two_processes_enter_a_thousand_notes_each_on_one_case(pg_url: str, tmp_path: Path) -> None:
    lead = open_context(str(tmp_path / "lead"), pg_url)
    try:
        client = lead.clients.create_client("Northwind Logistics")
        case_id = lead.cases.open_case(client.id, "Labels").id
    finally:
        lead.close()
    desktops = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _DESKTOP,
                str(tmp_path / name),
                pg_url,
                str(case_id),
                name,
                str(NOTES),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    for desktop in desktops:
        _out, err = desktop.communicate(timeout=600)
        assert desktop.returncode == 0, err

    rows = pg_rows(
        pg_url,
        "SELECT text, uid FROM timeline_entries WHERE case_id = %s AND text ~ '^[AB] ' ORDER BY id",
        case_id,
    )
    assert len(rows) == 2 * NOTES  # each once: none lost, none twice (the resend included)
    assert len({uid for _text, uid in rows}) == 2 * NOTES
    for name in ("A", "B"):
        mine = [int(text.split()[1]) for text, _uid in rows if text.startswith(f"{name} ")]
        assert mine == list(range(NOTES))  # each desktop's notes in the order entered
    # Both wrote at once: the two desktops' notes interleave in the record.
    switches = sum(1 for a, b in itertools.pairwise(rows) if a[0][0] != b[0][0])
    assert switches > 10
