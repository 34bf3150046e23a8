"""The softphone hook's rows beside ``python -c pass``: its exit, and ring → client card."""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from benchmarks.figure import Figure, ms, not_available, ratio, timed_ms, verdict
from benchmarks.ring_to_card import ring_times
from callnotes import instance

HOOK = "callnotes-event"
HOOK_EXIT = "softphone hook process exit"
RING_TO_CARD = "ring → client card shown"


def python_pass_ms(runs: int) -> float:
    """Median time to start and exit ``python -c pass``: the floor of any hook."""
    command = [sys.executable, "-c", "pass"]
    return statistics.median(
        timed_ms(lambda: subprocess.run(command, check=True)) for _ in range(runs)
    )


def hook_command() -> str | None:
    """The installed ``callnotes-event``, preferring the one beside this interpreter."""
    beside = Path(sys.executable).parent / HOOK
    return str(beside) if beside.exists() else shutil.which(HOOK)


def hook_exit_ms(hook: str, runs: int) -> list[float]:
    """Wall times of the hook handing a ringing event to a listening app, one process each.

    The app end is callnotes' own listener (:mod:`callnotes.instance`) in this process,
    draining every message, so the figure is the hook alone: start, parse, forward, exit.
    """
    with tempfile.TemporaryDirectory() as folder:
        primary = instance.claim(instance.endpoint_for(Path(folder) / "run"), instance.SHOW)
        assert primary is not None, "a fresh folder has no other primary"
        descriptor = primary.take_listener()
        assert descriptor is not None
        listener = socket.socket(fileno=descriptor)
        listener.settimeout(0.1)
        stop = threading.Event()

        def drain() -> None:
            while not stop.is_set():
                try:
                    connection, _ = listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                with connection:
                    while connection.recv(4096):
                        pass

        drainer = threading.Thread(target=drain, daemon=True)
        drainer.start()
        command = [hook, f"--data-dir={folder}", "--event=ringing", "--", "030 1234567"]
        try:
            subprocess.run(command, check=True)  # warm the file cache, as a real desk would be
            return [timed_ms(lambda: subprocess.run(command, check=True)) for _ in range(runs)]
        finally:
            stop.set()
            drainer.join(timeout=5)
            listener.close()
            primary.release()


def softphone_figures(runs: int, data_dir: Path, dataset: str) -> tuple[Figure, Figure]:
    """Rows for hook exit and ring → card (the app running on *data_dir*)."""
    floor = python_pass_ms(runs)
    baseline = f"python -c pass {ms(floor)}"
    hook = hook_command()
    if hook is None or instance.WINDOWS:
        reason = "not installed" if hook is None else "the harness listens on a Unix socket"
        return (
            not_available(HOOK_EXIT, reason, "≤ 100 ms", baseline, floor),
            not_available(RING_TO_CARD, reason, "≤ 300 ms", baseline, floor),
        )
    samples = hook_exit_ms(hook, runs)
    median = statistics.median(samples)
    exit_row = Figure(
        name=HOOK_EXIT,
        dataset="ringing event, app listening",
        measured=f"median {ms(median)} (n={len(samples)})",
        baseline=baseline,
        ratio=ratio(median, floor),
        target="≤ 100 ms",
        verdict=verdict(median <= 100.0),
        values={"median": median, "min": min(samples), "max": max(samples)},
        baseline_values={"median": floor},
    )
    return exit_row, ring_row(hook, data_dir, runs, dataset, floor)


def ring_row(hook: str, data_dir: Path, runs: int, dataset: str, floor: float) -> Figure:
    """Ring → card: *runs* rings of different callers to the app started on *data_dir*."""
    times = ring_times(hook, data_dir, runs)
    card = statistics.median(times.card_ms)
    return Figure(
        name=RING_TO_CARD,
        dataset=dataset,
        measured=f"median {ms(card)} · max {ms(max(times.card_ms))} (n={runs})",
        baseline=f"python -c pass {ms(floor)}",
        ratio=ratio(card, floor),
        target="≤ 300 ms",
        verdict=verdict(card <= 300.0),
        values={"median": card, "min": min(times.card_ms), "max": max(times.card_ms)},
        baseline_values={"median": floor},
        notes=[
            f"callnotes-event started → card painted in the running app, each ring a "
            f"different caller with active cases ({times.known} of {runs} cards showed the "
            f"caller as known); first ring {ms(times.card_ms[0])}; medians: "
            f"hook start → app reads its socket {ms(statistics.median(times.received_ms))}, "
            f"then → card painted {ms(statistics.median(times.in_app_ms))}."
        ],
    )
