"""Finding the caller of a ringing number among the contacts, beside a raw indexed lookup."""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.figure import Figure, ms, ratio, summary, timed_ms, verdict
from benchmarks.phones import NumberPlan
from benchmarks.raw import SQLITE, RawConnection, on_postgres
from callnotes.app import AppContext

NAME = "caller lookup by phone number"
PG_NAME = on_postgres(NAME)
P99_TARGET_MS = 5.0
KNOWN_SHARE = 0.8  # the rest ring from numbers no contact has
ROUND = 20
_RAW_LOOKUP = (
    "SELECT c.id, c.name, cl.id, cl.name FROM contact_phones p "
    "JOIN contacts c ON c.id = p.contact_id JOIN clients cl ON cl.id = c.client_id "
    "WHERE p.number = ? ORDER BY c.id"
)


def caller_lookup(
    ctx: AppContext, database: Path | str, contacts: int, lookups: int, seed: int, dataset: str
) -> Figure:
    """p99 of ``ctx.clients.find_callers`` for numbers as a softphone shows them.

    The baseline runs on *database* (the SQLite file or the PostgreSQL URL *ctx* has open) and
    is given the already-normalised number; the service also parses it.
    """
    rng = random.Random(f"{seed}-lookups")
    plan = NumberPlan(seed)
    unknown_base = 5_000_000  # beyond every generated contact's number index
    indexes = [
        rng.randrange(contacts) if rng.random() < KNOWN_SHARE else unknown_base + n
        for n in range(lookups)
    ]
    raw = RawConnection(database)
    lookup = raw.sql(_RAW_LOOKUP)
    service_ms: list[float] = []
    raw_ms: list[float] = []
    found = known = 0
    try:
        for index in indexes[:ROUND]:  # warm-up: statement caches, the first index pages
            ctx.clients.find_callers(plan.national(index))
            raw.fetch_all(lookup, plan.e164(index))
        for start in range(0, len(indexes), ROUND):
            batch = indexes[start : start + ROUND]
            for index in batch:
                service_ms.append(timed_ms(ctx.clients.find_callers, plan.national(index)))
            for index in batch:
                raw_ms.append(timed_ms(raw.fetch_all, lookup, plan.e164(index)))
        for index in indexes[:100]:  # correctness, outside the timing
            if index < contacts:
                known += 1
                found += bool(ctx.clients.find_callers(plan.national(index)))
        ring = [timed_ms(ctx.intake.lookup, plan.national(i)) for i in indexes[:30]]
    finally:
        raw.close()
    got, base = summary(service_ms), summary(raw_ms)
    p99_ratio = ratio(got["p99"], base["p99"])
    return Figure(
        name=NAME if raw.dialect == SQLITE else PG_NAME,
        dataset=dataset,
        measured=f"p99 {ms(got['p99'])} (median {ms(got['median'])})",
        baseline=f"raw indexed SELECT p99 {ms(base['p99'])}",
        ratio=p99_ratio,
        target=f"≤ {P99_TARGET_MS:.0f} ms p99",
        verdict=verdict(got["p99"] <= P99_TARGET_MS),
        values=got,
        baseline_values=base,
        notes=[
            f"{lookups} lookups, {KNOWN_SHARE:.0%} of known numbers, written '(201) 555-0123'; "
            f"{found}/{known} known numbers found.",
            f"The ring path ctx.intake.lookup (callers plus their open cases): "
            f"median {ms(summary(ring)['median'])}, max {ms(max(ring))} over {len(ring)}.",
        ],
    )
