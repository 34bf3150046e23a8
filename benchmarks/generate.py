"""Building a database through the app's own migrations, then filling it with bulk inserts.

The schema, indexes and FTS5 triggers are the real ones (``open_context`` migrates an empty
file first); rows go in with ``executemany`` through SQLAlchemy Core in large transactions, so
the full-text index is filled by the same triggers the app relies on.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert

from benchmarks.profile import END, Profile
from benchmarks.synthetic import Synthesizer
from callnotes.app import open_context
from callnotes.storage import models as m

CHUNK_ROWS = 50_000
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Generated:
    """What was built, and how long it took."""

    path: Path
    profile: Profile
    seed: int
    report_case_id: int
    seconds: float


def generate_database(
    target: Path, profile: Profile, seed: int, *, progress: Progress | None = None
) -> Generated:
    """Write a new database for *profile* and *seed* to *target* (which must not exist)."""
    if target.exists():
        raise FileExistsError(target)
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    build_dir = target.parent / f".build-{target.stem}"
    shutil.rmtree(build_dir, ignore_errors=True)
    ctx = open_context(str(build_dir), clock=lambda: END)
    synth = Synthesizer(profile, seed)
    try:
        engine = ctx.db.engine
        with engine.begin() as conn:
            _insert(conn, m.TeamMember.__table__, synth.team_rows())
            _insert(conn, m.Client.__table__, synth.client_rows())
            contacts, phones = synth.contact_rows()
            _insert(conn, m.Contact.__table__, contacts)
            _insert(conn, m.ContactPhone.__table__, phones)
            synth.plan_cases()
            _insert(conn, m.Case.__table__, synth.case_rows())
            _insert(conn, m.Call.__table__, synth.call_rows())
            _insert(conn, m.Issue.__table__, synth.issue_rows())
            commitments, communications = synth.promise_rows()
            _insert(conn, m.Commitment.__table__, commitments)
            _insert(conn, m.Communication.__table__, communications)
        say(f"people and cases in {time.perf_counter() - started:.1f} s")
        written = 0
        for entries, revisions in synth.entry_chunks(CHUNK_ROWS):
            with engine.begin() as conn:
                _insert(conn, m.TimelineEntry.__table__, entries)
                _insert(conn, m.EntryRevision.__table__, revisions)
            written += len(entries)
            say(f"{written:,} / {profile.entries:,} entries, {time.perf_counter() - started:.0f} s")
        # As the app leaves it at its first quiet moment after a start: the newest rows'
        # search indexes merged (their floors moved at every entry written).
        ctx.db.tidy_search_index()
    finally:
        ctx.close()
    built = build_dir / "callnotes.db"
    _checkpoint(built)
    built.replace(target)
    shutil.rmtree(build_dir, ignore_errors=True)
    return Generated(target, profile, seed, synth.report_case_id, time.perf_counter() - started)


def _insert(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    assert isinstance(table, Table)
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start : start + CHUNK_ROWS]
        if chunk:
            conn.execute(insert(table), list(chunk))


def _checkpoint(path: Path) -> None:
    # Fold the write-ahead log into the file so the single .db file is complete on its own and
    # can be copied while nothing has it open.
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.generate --entries 10000 -o bench.db``: build one database."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000, help="timeline entries")
    parser.add_argument("--contacts", type=int, help="contacts (default: min(entries, 100k))")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", required=True, help="the new database file")
    args = parser.parse_args(argv)
    profile = Profile.for_entries(args.entries, contacts=args.contacts)
    result = generate_database(Path(args.output), profile, args.seed, progress=print)
    case = result.report_case_id
    print(f"{result.path}: {profile.key}, report case #{case}, {result.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
