"""The longest event-loop stalls while the agent types into the app's note editor."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from benchmarks.children import ChildRun, run_child
from benchmarks.figure import Figure, ms, ratio, verdict
from benchmarks.stalls import FRAME_MS, stall_stats_between
from benchmarks.vocabulary import TextMaker

TYPING = "typing stall with autosave"
TYPING_ENTER = "typing stall, notes committed with Enter"
STALL_TARGET_MS = 16.0
TAIL_MS = 1500  # longer than an autosave debounce, so the save after the last key counts


def typing_text(chars: int, seed: int, *, enter: bool) -> str:
    """Exactly *chars* keystrokes of notes; with *enter*, each sentence ends with Enter."""
    rng = random.Random(f"{seed}-typing")
    maker = TextMaker(seed)
    separator = "\n" if enter else " "
    text = ""
    while len(text) < chars:
        text += maker.sentence(rng, 8, 20) + separator
    text = text[:chars]
    return text[:-1] + "." if text.endswith(("\n", " ")) else text


def idle_stalls(duration_ms: int) -> dict[str, float]:
    """The baseline: a bare window's heartbeat with nothing else running, for *duration_ms*."""
    return dict(
        run_child(
            "bare", "idle", "--duration-ms", str(duration_ms), "--tail-ms", str(TAIL_MS)
        ).result["stalls"]
    )


def stalls_while(run: ChildRun, began: float, ended: float) -> dict[str, float]:
    """The stalls of a run made with ``--keep-ticks`` from *began* to *ended* (``perf_counter``
    seconds of any process: the clock is the machine's)."""
    return stall_stats_between(run.result["ticks"], run.result["heartbeat_ms"], began, ended)


def type_into_app(text: str, interval_ms: int, data_dir: Path, *options: str) -> ChildRun:
    """The real app types *text* into its note editor, one key per *interval_ms*."""
    return run_child(
        "app",
        "type",
        "--text",
        text,
        "--interval-ms",
        str(interval_ms),
        "--tail-ms",
        str(TAIL_MS),
        *options,
        data_dir=data_dir,
    )


def typing_stalls(
    fresh_dir: Callable[[], Path], dataset: str, chars: int, interval_ms: int, seed: int
) -> list[Figure]:
    """Type *chars* keys (one per *interval_ms*) into the real window, without and with Enter.

    The baseline is a heartbeat in a bare window with nothing else running, for as long.
    """
    duration = chars * interval_ms
    idle = idle_stalls(duration)
    figures = []
    for enter in (False, True):
        text = typing_text(chars, seed, enter=enter)
        run = type_into_app(text, interval_ms, fresh_dir())
        figures.append(_figure(run, idle, text, enter, dataset, interval_ms))
    return figures


def _figure(
    run: ChildRun,
    idle: dict[str, float],
    text: str,
    enter: bool,
    dataset: str,
    interval_ms: int,
) -> Figure:
    stalls = run.result["stalls"]
    before, after = run.result["before"], run.result["after"]
    notes = [
        f"{len(text):,} keys, one per {interval_ms} ms, into {run.result['input']}; "
        f"p99 over {stalls['frames']:.0f} frames of {FRAME_MS:.0f} ms."
    ]
    drafts = int(after["drafts"])
    if enter:
        committed = int(after["entries"]) - int(before["entries"])
        notes.append(
            f"{committed} of {text.count(chr(10))} notes committed with Enter; "
            f"{drafts} draft row(s) left."
        )
    else:
        notes.append(
            f"autosave: {drafts} draft row(s) written while typing."
            if drafts
            else "autosave: none — no draft was written while typing."
        )
        if run.result["typed"] != len(text):
            notes.append(f"The editor holds {run.result['typed']} of {len(text)} characters.")
    p99_ratio = ratio(stalls["p99"], idle["p99"])
    return Figure(
        name=TYPING_ENTER if enter else TYPING,
        dataset=f"{dataset}, {len(text):,} chars",
        measured=f"p99 {ms(stalls['p99'])} · max {ms(stalls['max'])}",
        baseline=f"idle heartbeat p99 {ms(idle['p99'])} · max {ms(idle['max'])}",
        ratio=p99_ratio,
        target=f"≤ {STALL_TARGET_MS:.0f} ms p99",
        verdict=verdict(stalls["p99"] <= STALL_TARGET_MS),
        values={k: float(v) for k, v in stalls.items()},
        baseline_values={k: float(v) for k, v in idle.items()},
        notes=notes,
    )
