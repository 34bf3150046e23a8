"""Another desktop's note, heard: how long after desktop A stores a note desktop B's change
notice says so (a team database; LISTEN/NOTIFY), beside a bare NOTIFY between two connections."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import psycopg

from benchmarks.figure import Figure, ms, ratio, summary, verdict
from benchmarks.raw import on_postgres
from callnotes.app import open_context
from callnotes.domain.changes import Changes, Part
from callnotes.domain.timeline import EntryKind

NAME = on_postgres("another desktop's note shown")
P99_TARGET_MS = 1000.0
_CHANNEL = "bench_ping"


def live_latency(url: str, data_dir: Path, case_id: int, samples: int, dataset: str) -> Figure:
    """*samples* notes stored by desktop A, each timed until desktop B hears of it."""
    a = open_context(str(data_dir / "desktop-a"), url)
    b = open_context(str(data_dir / "desktop-b"), url)
    heard = threading.Event()

    def listen(changes: Changes) -> None:
        if changes.touches(Part.TIMELINE, case_id=case_id):
            heard.set()

    try:
        b.subscribe_changes(listen)
        b.listen()
        live = b.db.live
        if live is None or not live.connected.wait(10):
            raise RuntimeError("desktop B could not listen")
        took: list[float] = []
        for n in range(samples + 5):
            heard.clear()
            started = time.perf_counter()
            a.timeline.add_entry(case_id, f"Heard across desktops {n}.", EntryKind.NOTE)
            if not heard.wait(10):
                raise RuntimeError("desktop B did not hear a note within 10 s")
            if n >= 5:  # the first few warm the connections up
                took.append((time.perf_counter() - started) * 1000)
    finally:
        a.close()
        b.close()
    raw = _raw_notify(url, samples)
    got, base = summary(took), summary(raw)
    return Figure(
        name=NAME,
        dataset=dataset,
        measured=f"p99 {ms(got['p99'])} (median {ms(got['median'])})",
        baseline=f"bare NOTIFY → LISTEN p99 {ms(base['p99'])}",
        ratio=ratio(got["p99"], base["p99"]),
        target=f"≤ {P99_TARGET_MS:.0f} ms p99",
        verdict=verdict(got["p99"] <= P99_TARGET_MS),
        values=got,
        baseline_values=base,
        notes=[
            f"{len(took)} notes: stored by desktop A, timed until desktop B's change notice "
            "said its case's timeline changed (B then reads the entries)."
        ],
    )


def _raw_notify(url: str, samples: int) -> list[float]:
    from sqlalchemy.engine import make_url

    address = make_url(url)
    info = {
        "host": address.host,
        "port": address.port,
        "user": address.username,
        "password": address.password,
        "dbname": address.database,
        "autocommit": True,
    }
    took: list[float] = []
    with psycopg.connect(**info) as listener, psycopg.connect(**info) as sender:  # type: ignore[arg-type]
        listener.execute(f"LISTEN {_CHANNEL}")
        for _ in range(samples):
            payload = uuid.uuid4().hex
            started = time.perf_counter()
            sender.execute("SELECT pg_notify(%s, %s)", (_CHANNEL, payload))
            for notice in listener.notifies(timeout=10):
                if notice.payload == payload:
                    break
            took.append((time.perf_counter() - started) * 1000)
    return took
