"""Two desktops (processes) × 1,000 edits of one issue's words at once, on a team database.

Each desktop edits as the issue editor does: it saves its text with the words it last saw as
the starting point, then shows what the save returned. An edit is *silently lost* when a save
replaced words its writer had not seen (the audit log has the words each update replaced). With
the starting point no edit is lost: a clash keeps the other's words and puts the writer's on the
timeline. The same run without it (last writer wins) loses hundreds — counted, to show it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pg_agents import as_login, pg_rows

from callnotes.app import open_context

pytestmark = pytest.mark.postgres

EDITS = 1_000
_DESKTOP = """
import json, sys
from callnotes.app import open_context
data_dir, url, issue_id, name, count, merge = sys.argv[1:7]
ctx = open_context(data_dir, url)
seen = ctx.issues.get_issue(int(issue_id)).client_words
try:
    for n in range(int(count)):
        text = f"{name} {n}"
        started = {"client_words": seen} if merge == "merge" else None
        saved = ctx.issues.update_issue(int(issue_id), client_words=text, started_from=started)
        print(json.dumps({"text": text, "seen": seen, "kept": bool(saved.kept_beside)}))
        seen = saved.client_words  # what the editor shows after the save
finally:
    ctx.close()
"""


def _run(pg_url: str, agents: tuple[str, str], tmp_path: Path, issue_id: int, mode: str):
    desktops = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _DESKTOP,
                str(tmp_path / f"{mode}-{login}"),
                as_login(pg_url, login),
                str(issue_id),
                login[:5],
                str(EDITS),
                mode,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for login in agents
    ]
    attempts = []
    for desktop in desktops:
        out, err = desktop.communicate(timeout=900)
        assert desktop.returncode == 0, err
        attempts += [json.loads(line) for line in out.splitlines()]
    return attempts


def _silently_lost(pg_url: str, issue_id: int, attempts: list[dict]) -> int:
    """Saves that replaced words their writer had not seen."""
    seen = {a["text"]: a["seen"] for a in attempts}
    updates = pg_rows(
        pg_url,
        "SELECT before->>'client_words', after->>'client_words' FROM audit_log "
        "WHERE table_name = 'issues' AND row_id = %s AND operation = 'UPDATE' "
        "AND before->>'client_words' IS DISTINCT FROM after->>'client_words'",
        str(issue_id),
    )
    return sum(1 for before, after in updates if after in seen and seen[after] != before)


@pytest.mark.parametrize("mode", ["merge", "last-writer-wins"])
def test_two_desktops_edit_one_issue_a_thousand_times_each(
    pg_url: str, agents: tuple[str, str], tmp_path: Path, mode: str
) -> None:
    lead = open_context(str(tmp_path / "lead"), pg_url)
    try:
        client = lead.clients.create_client("Northwind Logistics")
        case_id = lead.cases.open_case(client.id, "Labels").id
        issue = lead.issues.add_issue(case_id, "Labels print blank", client_words="start")
    finally:
        lead.close()
    attempts = _run(pg_url, agents, tmp_path, issue.id, mode)
    assert len(attempts) == 2 * EDITS
    lost = _silently_lost(pg_url, issue.id, attempts)
    kept_copies = pg_rows(
        pg_url,
        "SELECT count(*) FROM timeline_entries WHERE case_id = %s AND text LIKE 'Kept beside%%'",
        case_id,
    )[0][0]
    print(f"\n{mode}: {lost} of {2 * EDITS} edits silently lost, {kept_copies} kept beside")
    if mode == "merge":
        assert lost == 0
        # Every clash was kept: each attempt is the final text, an update the log holds, or
        # a copy on the timeline.
        stored = {
            r[0]
            for r in pg_rows(
                pg_url,
                "SELECT after->>'client_words' FROM audit_log WHERE table_name = 'issues' "
                "AND row_id = %s",
                str(issue.id),
            )
        }
        copies = " ".join(
            r[0]
            for r in pg_rows(
                pg_url,
                "SELECT text FROM timeline_entries WHERE case_id = %s AND text LIKE 'Kept%%'",
                case_id,
            )
        )
        missing = [
            a["text"]
            for a in attempts
            if a["text"] not in stored and f"“{a['text']}”" not in copies
        ]
        assert missing == []
        assert kept_copies == sum(1 for a in attempts if a["kept"])
    else:
        assert lost > 100  # what the starting point prevents
