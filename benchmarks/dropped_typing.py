"""The longest event-loop stalls while the agent types notes with Enter on a team database and
the network silently drops every packet for a while (a Wi-Fi gone dead, a VPN stalled).

The app runs through its real entry point on the PostgreSQL server, reached through a TCP proxy
(:mod:`benchmarks.tcp_proxy`). Once the first note typed is on the server, the proxy passes
nothing, either way, for :data:`DROP_S` (no connection is closed: the desktop hears nothing),
then forwards again while the typing goes on. The event loop must keep turning throughout:
each note is held on the agent's computer first and shared on a line of its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from benchmarks.children import ChildRun
from benchmarks.figure import Figure, ms, ratio, verdict
from benchmarks.raw import on_postgres
from benchmarks.stalls import FRAME_MS
from benchmarks.tcp_proxy import TcpProxy
from benchmarks.typing_stall import (
    STALL_TARGET_MS,
    idle_stalls,
    stalls_while,
    type_into_app,
    typing_text,
)

DROP_S = 10.0
NAME = on_postgres(f"typing stall, Enter commits, packets dropped {DROP_S:.0f} s")
# The typing goes on past the drop (from the first note stored to the restore) with room.
MIN_TYPING_MS = int(DROP_S * 1000) + 6000


def dropped_typing_stall(
    url: str,
    fresh_dir: Callable[[], Path],
    dataset: str,
    chars: int,
    interval_ms: int,
    seed: int,
) -> Figure:
    """Type notes with Enter into the real window on *url* while the network drops packets.

    The baseline is a heartbeat in a bare window with nothing else running, for as long.
    """
    chars = max(chars, MIN_TYPING_MS // interval_ms)
    text = typing_text(chars, seed, enter=True)
    idle = idle_stalls(len(text) * interval_ms)
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    since = _scalar(plain, "SELECT coalesce(max(id), 0) FROM timeline_entries")
    target = _target(url)
    proxy = TcpProxy(*target)
    outcome: dict[str, Any] = {}

    def type_notes() -> None:
        try:
            outcome["run"] = type_into_app(
                text, interval_ms, fresh_dir(), "--db", proxy.url(url), "--keep-ticks"
            )
        except Exception as exc:  # said by the parent, with the proxy stopped
            outcome["error"] = exc

    typist = threading.Thread(target=type_notes, name="bench-typist")
    try:
        typist.start()
        dropped = _drop_after_first_note(plain, since, proxy, typist)
        typist.join()
    finally:
        proxy.stop()
    if "error" in outcome:
        raise outcome["error"]
    if dropped is None:
        raise RuntimeError("no note reached the server before the typing ended")
    run: ChildRun = outcome["run"]
    shared = _scalar(plain, "SELECT count(*) FROM timeline_entries WHERE id > %s", since)
    return _figure(run, idle, text, dataset, interval_ms, shared, dropped)


def _drop_after_first_note(
    url: str, since: int, proxy: TcpProxy, typist: threading.Thread
) -> tuple[float, float] | None:
    """Wait (reading the server directly) for the first note, drop for :data:`DROP_S`,
    restore; when the drop began and ended (``perf_counter``), or None if the typing ended
    before a note arrived."""
    query = "SELECT count(*) FROM timeline_entries WHERE id > %s"
    while typist.is_alive():
        if _scalar(url, query, since) > 0:
            proxy.drop()
            began = time.perf_counter()
            time.sleep(DROP_S)
            proxy.restore()
            return began, time.perf_counter()
        time.sleep(0.05)
    return None


def _figure(
    run: ChildRun,
    idle: dict[str, float],
    text: str,
    dataset: str,
    interval_ms: int,
    shared: int,
    dropped: tuple[float, float],
) -> Figure:
    whole = run.result["stalls"]
    stalls = stalls_while(run, *dropped)
    typed = text.count("\n")
    notes = [
        f"{len(text):,} keys, one per {interval_ms} ms, into {run.result['input']}, on a team "
        f"database through a proxy; p99 over the {stalls['frames']:.0f} frames of "
        f"{FRAME_MS:.0f} ms typed while the packets were dropped.",
        f"from the first note on the server, every packet either way dropped for "
        f"{dropped[1] - dropped[0]:.1f} s (no connection closed), then passed again; {shared} of "
        f"{typed} notes on the server when the window closed (the others were kept on the "
        "computer, shown as not yet shared, and are sent when the server answers again or at "
        "the next start).",
        f"the whole typing, from the case shown (the window still filling) to the last note "
        f"shared: p99 {ms(whole['p99'])} · max {ms(whole['max'])}.",
    ]
    return Figure(
        name=NAME,
        dataset=f"{dataset}, {len(text):,} chars",
        measured=f"while dropped: p99 {ms(stalls['p99'])} · max {ms(stalls['max'])} · "
        f"{shared}/{typed} shared",
        baseline=f"idle heartbeat p99 {ms(idle['p99'])} · max {ms(idle['max'])}",
        ratio=ratio(stalls["p99"], idle["p99"]),
        target=f"≤ {STALL_TARGET_MS:.0f} ms p99 while dropped",
        verdict=verdict(stalls["p99"] <= STALL_TARGET_MS),
        values={
            **{k: float(v) for k, v in stalls.items()},
            "whole_p99": float(whole["p99"]),
            "whole_max": float(whole["max"]),
            "shared": shared,
            "typed": typed,
        },
        baseline_values={k: float(v) for k, v in idle.items()},
        notes=notes,
    )


def _target(url: str) -> tuple[str, int]:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.host or "127.0.0.1", int(parsed.port or 5432)


def _scalar(url: str, query: str, *params: object) -> int:
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute(query, params).fetchone()
    return int(row[0]) if row else 0
