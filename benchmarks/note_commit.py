"""A note committed after Enter, through the real service, beside a raw insert on the same
database (a SQLite file or a PostgreSQL server)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.figure import Figure, ms, ratio, summary, timed_ms, verdict
from benchmarks.raw import SQLITE, RawConnection, on_postgres
from benchmarks.vocabulary import TextMaker
from callnotes.app import AppContext
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind, NoteToShare

NAME = "note committed after Enter"
PG_NAME = on_postgres(NAME)
MEDIAN_TARGET_MS = 5.0
P99_TARGET_MS = 20.0
ROUND = 10  # service and raw inserts alternate in rounds, so both see the same noise
_RAW_INSERT = (
    "INSERT INTO timeline_entries (case_id, at, kind, text, author, internal, uid) "
    "VALUES (?, ?, 'note', ?, 'Agent', FALSE, ?)"
)


def note_commit(
    ctx: AppContext, database: Path | str, case_id: int, samples: int, seed: int, dataset: str
) -> Figure:
    """Time *samples* notes as Enter in the window stores them (on a team database held on
    this computer first, then stored on the server — letting it go here afterwards is not
    waited for) and as many raw inserts into *database* (the SQLite file or the PostgreSQL
    URL *ctx* has open)."""
    rng = random.Random(f"{seed}-notes")
    maker = TextMaker(seed)
    raw = RawConnection(database)
    insert = raw.sql(_RAW_INSERT)
    service_ms: list[float] = []
    raw_ms: list[float] = []
    key = note_draft_key(case_id)

    def add_through_service() -> None:
        text = maker.sentence(rng, 10, 20)
        note = NoteToShare(
            case_id, text, EntryKind.NOTE, f"{rng.getrandbits(128):032x}", datetime.now(UTC)
        )
        if ctx.keeps_drafts_apart:
            ctx.timeline.hold_note(note, draft_key=key)
            ctx.timeline.share_note(note)
        else:
            ctx.timeline.add_note(note, draft_key=key)

    def add_raw() -> None:
        at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        values = (case_id, at, maker.sentence(rng, 10, 20), f"{rng.getrandbits(128):032x}")
        raw.commit_one(insert, *values)

    try:
        durability = _durability(raw)
        for _ in range(ROUND):  # warm-up: statement caches, the pages of the case
            add_through_service()
            add_raw()
        for _ in range(max(1, samples // ROUND)):
            service_ms.extend(timed_ms(add_through_service) for _ in range(ROUND))
            raw_ms.extend(timed_ms(add_raw) for _ in range(ROUND))
    finally:
        raw.close()
    got, base = summary(service_ms), summary(raw_ms)
    return Figure(
        name=NAME if raw.dialect == SQLITE else PG_NAME,
        dataset=dataset,
        measured=f"median {ms(got['median'])} · p99 {ms(got['p99'])}",
        baseline=f"raw insert+commit {ms(base['median'])} · {ms(base['p99'])}",
        ratio=ratio(got["median"], base["median"]),
        target=f"≤ {MEDIAN_TARGET_MS:.0f} ms / ≤ {P99_TARGET_MS:.0f} ms",
        verdict=verdict(got["median"] <= MEDIAN_TARGET_MS, got["p99"] <= P99_TARGET_MS),
        values=got,
        baseline_values=base,
        notes=[f"{len(service_ms)} notes each way, {durability}."],
    )


def _durability(raw: RawConnection) -> str:
    """How a commit reaches the disk on *raw*'s database, as its settings say."""
    if raw.dialect == SQLITE:
        return "WAL + synchronous=FULL (fsync per commit)"
    return (
        f"fsync={raw.setting('fsync')}, synchronous_commit={raw.setting('synchronous_commit')} "
        "(WAL flushed per commit); the audit log's trigger runs on both sides"
    )
