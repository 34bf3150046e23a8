"""Full-text search through the app's service, beside the bare index query it is built on:
FTS5's ``MATCH`` on SQLite, the ``tsvector`` match on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from benchmarks.figure import Figure, ms, ratio, summary, timed_ms, verdict
from benchmarks.raw import SQLITE, RawConnection, on_postgres
from benchmarks.vocabulary import DOMAIN_WORDS, TextMaker
from callnotes.app import AppContext
from callnotes.storage.search import RANKED_WINDOW
from callnotes.storage.search.fts5 import fts5_match_expression
from callnotes.storage.search.postings import READ_BUDGET
from callnotes.storage.search.tsvector import tsquery_expression
from callnotes.storage.search.tsvector_schema import (
    SEARCH_COLUMN,
    SEARCH_CONFIG,
    TS_RANK_NORMALIZATION,
    TS_RANK_WEIGHTS,
)

NAME = "full-text search"
PG_NAME = on_postgres(NAME)
P95_TARGET_MS = 30.0
RATIO_TARGET = 3.0
LIMIT = 50
# The ranking the service uses, straight on the index: no joins, no issues, no Python.
_RAW_SEARCH = (
    "SELECT rowid, bm25(entries_fts) FROM entries_fts WHERE entries_fts MATCH ? "
    "ORDER BY bm25(entries_fts) LIMIT ?"
)
# The same over every match, with the app's tie-break (newest first among equal scores):
# what the app's results are compared with.
_RAW_BEST = (
    "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? "
    "ORDER BY bm25(entries_fts), rowid DESC LIMIT ?"
)
# The same two on PostgreSQL: the GIN-indexed match, ranked by ts_rank as the app ranks
# (its weights and length normalisation; higher is better).
_PG_MATCH = (
    f"SELECT id, ts_rank('{TS_RANK_WEIGHTS}', {SEARCH_COLUMN}, q, {TS_RANK_NORMALIZATION}) "
    f"AS score FROM timeline_entries, to_tsquery('{SEARCH_CONFIG}', ?) AS q "
    f"WHERE {SEARCH_COLUMN} @@ q "
)
_PG_SEARCH = _PG_MATCH + "ORDER BY score DESC LIMIT ?"
_PG_BEST = _PG_MATCH + "ORDER BY score DESC, id DESC LIMIT ?"


class _RawSearch:
    """The bare ranked query on the index of *raw*'s backend, and how a query becomes its
    expression there."""

    def __init__(self, raw: RawConnection) -> None:
        sqlite = raw.dialect == SQLITE
        self.label = "raw FTS5 MATCH" if sqlite else "raw tsvector @@"
        self.expression: Callable[[str], str | None] = (
            fts5_match_expression if sqlite else tsquery_expression
        )
        self.search = raw.sql(_RAW_SEARCH if sqlite else _PG_SEARCH)
        self.best = raw.sql(_RAW_BEST if sqlite else _PG_BEST)


def search_queries(seed: int) -> dict[str, list[str]]:
    """What agents search for, by how many entries match: common words (a few percent of all
    entries), mid-frequency words, rare names from the long tail, two words, and a prefix
    typed so far."""
    tail = TextMaker(seed).ranked[-6000:]
    return {
        "common": list(DOMAIN_WORDS[7:11]),
        "mid": list(DOMAIN_WORDS[60:64]),
        "rare": [tail[500], tail[2000], tail[3500], tail[5000]],
        "two words": ["printer labels", "vpn timeout", "invoice wrong", "login locked"],
        "prefix": ["prin", "warehou"],
    }


def full_text_search(
    ctx: AppContext, database: Path | str, reps: int, seed: int, dataset: str
) -> Figure:
    """p95 of ``ctx.search.search`` over the query mix, *reps* times each; the baseline runs
    on *database* (the SQLite file or the PostgreSQL URL *ctx* has open)."""
    queries = search_queries(seed)
    raw = RawConnection(database)
    bare = _RawSearch(raw)
    service_ms: list[float] = []
    raw_ms: list[float] = []
    by_kind: dict[str, list[float]] = {kind: [] for kind in queries}
    flat = [(kind, q) for kind, qs in queries.items() for q in qs]
    try:
        for _kind, query in flat:  # warm-up: the index pages into the page cache
            ctx.search.search(query, limit=LIMIT)
        for _ in range(reps):
            for kind, query in flat:
                took = timed_ms(ctx.search.search, query, limit=LIMIT)
                service_ms.append(took)
                by_kind[kind].append(took)
                expression = bare.expression(query)
                raw_ms.append(timed_ms(raw.fetch_all, bare.search, expression, LIMIT))
        agreement = _agreement(ctx, raw, bare, queries)
    finally:
        raw.close()
    got, base = summary(service_ms), summary(raw_ms)
    p95_ratio = ratio(got["p95"], base["p95"])
    per_kind = ", ".join(f"{kind} {ms(summary(v)['median'])}" for kind, v in by_kind.items())
    return Figure(
        name=NAME if raw.dialect == SQLITE else PG_NAME,
        dataset=dataset,
        measured=f"p95 {ms(got['p95'])} (median {ms(got['median'])})",
        baseline=f"{bare.label} p95 {ms(base['p95'])}",
        ratio=p95_ratio,
        target=f"≤ {P95_TARGET_MS:.0f} ms, ≤ {RATIO_TARGET:.0f} × baseline",
        verdict=verdict(
            got["p95"] <= P95_TARGET_MS, p95_ratio is not None and p95_ratio <= RATIO_TARGET
        ),
        values=got,
        baseline_values=base,
        notes=[
            f"{len(flat)} queries × {reps}, limit {LIMIT}; medians by kind: {per_kind}.",
            f"The app ranks the newest {RANKED_WINDOW:,} matches of a query"
            + (
                ""
                if raw.dialect == SQLITE
                else f" (of several words: among each word's newest {READ_BUDGET:,} rows)"
            )
            + ", the raw query all of them; entries the app returned that are also the best "
            f"by ranking all matches: {agreement}.",
        ],
    )


def _agreement(
    ctx: AppContext, raw: RawConnection, bare: _RawSearch, queries: dict[str, list[str]]
) -> str:
    """How many of the best entries over all matches the app's results hold, by kind of query.

    Compared as many as the app returned entries (issues share its limit).
    """
    parts = []
    hits = entry_hits = 0
    for kind, kind_queries in queries.items():
        shared = wanted = 0
        for query in kind_queries:
            expression = bare.expression(query)
            found = ctx.search.search(query, limit=LIMIT)
            entries = {hit.id for hit in found if hit.source == "entry"}
            best = {row[0] for row in raw.fetch_all(bare.best, expression, len(entries))}
            shared += len(best & entries)
            wanted += len(best)
            hits += len(found)
            entry_hits += len(entries)
        parts.append(f"{kind} {shared}/{wanted}")
    return (
        f"{', '.join(parts)} (entries were {entry_hits} of the app's {hits} hits, issues the rest)"
    )
