"""``make bench``: build or reuse the databases, measure every figure, print one table."""

from __future__ import annotations

import argparse
import compileall
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from benchmarks import (
    caller_lookup,
    dropped_typing,
    fulltext,
    live_latency,
    locked_typing,
    note_commit,
    postgres,
    report_render,
    softphone,
    startup,
)
from benchmarks.cache import CachedDatabase, cached_database, prepare_data_dir, working_copy
from benchmarks.figure import Figure
from benchmarks.profile import Profile
from benchmarks.table import render_table, write_json
from benchmarks.typing_stall import TYPING, TYPING_ENTER, typing_stalls
from callnotes.app import AppContext, open_context

# Table order: the speed targets', with the typing figure in two rows (with and without Enter)
# and the figures also measured on PostgreSQL each followed by its PostgreSQL row.
FIGURE_NAMES = (
    startup.STARTUP,
    startup.SHOWN,
    startup.PG_SHOWN,
    startup.READY,
    note_commit.NAME,
    note_commit.PG_NAME,
    TYPING,
    TYPING_ENTER,
    locked_typing.NAME,
    dropped_typing.NAME,
    caller_lookup.NAME,
    caller_lookup.PG_NAME,
    fulltext.NAME,
    fulltext.PG_NAME,
    report_render.HTML,
    report_render.PDF,
    softphone.HOOK_EXIT,
    softphone.RING_TO_CARD,
    live_latency.NAME,
    startup.MEMORY,
)


@dataclass(frozen=True)
class BenchConfig:
    """Sizes and repetitions; the defaults are the sizes the speed targets are set for."""

    main_entries: int = 100_000
    search_entries: int = 1_000_000
    contacts: int = 100_000
    report_issues: int = 50
    report_entries: int = 500
    seed: int = 7
    startup_runs: int = 7
    typing_chars: int = 2_000
    key_interval_ms: int = 10
    commit_samples: int = 400
    live_samples: int = 200
    lookups: int = 1_000
    search_reps: int = 5
    html_runs: int = 20
    pdf_runs: int = 5
    hook_runs: int = 5
    cache_dir: Path = Path(".bench-cache")
    json_path: Path = Path("bench-results.json")
    postgres: bool = True  # the PostgreSQL rows, on a server started for the run

    def tiny(self) -> BenchConfig:
        """The same run on toy databases, for testing the benchmark itself in seconds."""
        return replace(
            self,
            main_entries=600,
            search_entries=1_200,
            contacts=200,
            report_issues=5,
            report_entries=60,
            startup_runs=1,
            typing_chars=60,
            key_interval_ms=5,
            commit_samples=20,
            live_samples=10,
            lookups=40,
            search_reps=1,
            html_runs=2,
            pdf_runs=1,
            hook_runs=1,
        )

    def profile(self, entries: int) -> Profile:
        """The generated database with *entries* timeline entries."""
        return Profile.for_entries(
            entries,
            contacts=min(self.contacts, entries),
            report_issues=self.report_issues,
            report_entries=self.report_entries,
        )


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


@contextmanager
def _context(data_dir: Path, db_url: str | None = None) -> Iterator[AppContext]:
    ctx = open_context(str(data_dir), db_url)
    try:
        yield ctx
    finally:
        ctx.close()


def _measure(names: Sequence[str], action: Callable[[], Sequence[Figure]]) -> list[Figure]:
    """Run one measurement; a failure becomes ERROR rows instead of ending the run."""
    try:
        return list(action())
    except Exception as exc:
        return _error_rows(names, exc)


def _collect(
    figures: dict[str, Figure], names: Sequence[str], action: Callable[[], Sequence[Figure]]
) -> None:
    """Measure *names* by *action* into *figures*."""
    _say(", ".join(names))
    figures.update((f.name, f) for f in _measure(names, action))


def _error_rows(names: Sequence[str], exc: Exception) -> list[Figure]:
    _say("".join(traceback.format_exception(exc)))
    reason = f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return [Figure(name, "", reason[:120], "—", None, "—", "ERROR") for name in names]


def compile_app() -> None:
    """Byte-compile the app as installing it does (pip writes its ``.pyc`` files): the
    start-up figures measure the app as a user runs it, not a checkout's first run under
    ``PYTHONDONTWRITEBYTECODE``, which would compile every module at every start."""
    package = Path(__file__).resolve().parent.parent / "callnotes"
    compileall.compile_dir(package, quiet=1)


def run(config: BenchConfig) -> tuple[list[Figure], list[str]]:
    """Measure every figure; return them in table order with the run's notes."""
    started = time.perf_counter()
    compile_app()
    main_db = cached_database(
        config.cache_dir, config.profile(config.main_entries), config.seed, progress=_say
    )
    search_db = cached_database(
        config.cache_dir, config.profile(config.search_entries), config.seed, progress=_say
    )
    notes = [main_db.describe(), search_db.describe()]
    figures: dict[str, Figure] = {}

    def collect(names: Sequence[str], action: Callable[[], Sequence[Figure]]) -> None:
        _collect(figures, names, action)

    label, seed = main_db.profile.label, config.seed
    with tempfile.TemporaryDirectory(prefix="callnotes-bench-") as scratch:
        copies = iter(range(1_000))

        def fresh(cached: CachedDatabase = main_db) -> Path:
            return working_copy(cached, Path(scratch) / f"data-{next(copies)}")

        # GUI processes first, while this process is still small and quiet.
        collect(
            (startup.STARTUP, startup.SHOWN, startup.READY, startup.MEMORY),
            lambda: startup.startup_and_memory(fresh(), label, config.startup_runs),
        )
        collect(
            (TYPING, TYPING_ENTER),
            lambda: typing_stalls(fresh, label, config.typing_chars, config.key_interval_ms, seed),
        )
        collect(
            (locked_typing.NAME,),
            lambda: locked_typing.locked_typing_stall(
                fresh, label, config.typing_chars, config.key_interval_ms, seed
            ),
        )
        main_dir = fresh()
        db_file = main_dir / "callnotes.db"
        case_id = main_db.report_case_id
        contacts = main_db.profile.contacts
        with _context(main_dir) as ctx:
            collect(
                (caller_lookup.NAME,),
                lambda: [
                    caller_lookup.caller_lookup(
                        ctx, db_file, contacts, config.lookups, seed, f"{contacts:,} contacts"
                    )
                ],
            )
            collect(
                (report_render.HTML, report_render.PDF),
                lambda: report_render.report_figures(
                    ctx, case_id, config.html_runs, config.pdf_runs, label
                ),
            )
            # Last on this copy: it adds notes to the report case.
            collect(
                (note_commit.NAME,),
                lambda: [
                    note_commit.note_commit(
                        ctx, db_file, case_id, config.commit_samples, seed, label
                    )
                ],
            )
        search_dir = fresh(search_db)
        with _context(search_dir) as ctx:
            collect(
                (fulltext.NAME,),
                lambda: [
                    fulltext.full_text_search(
                        ctx,
                        search_dir / "callnotes.db",
                        config.search_reps,
                        seed,
                        search_db.profile.label,
                    )
                ],
            )
        collect(
            (softphone.HOOK_EXIT, softphone.RING_TO_CARD),
            lambda: softphone.softphone_figures(config.hook_runs, fresh(), label),
        )
        if config.postgres:  # last: nothing else runs while the server is up
            pg_dir = prepare_data_dir(Path(scratch) / "data-postgres")
            notes.extend(_postgres_figures(config, search_db, pg_dir, figures))
    notes.append(f"whole run: {time.perf_counter() - started:.0f} s on {os.cpu_count()} CPUs.")
    return [figures[name] for name in FIGURE_NAMES if name in figures], notes


PG_NAMES = (
    startup.PG_SHOWN,
    caller_lookup.PG_NAME,
    fulltext.PG_NAME,
    note_commit.PG_NAME,
    live_latency.NAME,
    dropped_typing.NAME,
)


def _postgres_figures(
    config: BenchConfig,
    source: CachedDatabase,
    data_dir: Path,
    figures: dict[str, Figure],
) -> list[str]:
    """The PostgreSQL rows, on a server started for them holding a copy of *source* (the
    search database: its entries for the search, its contacts for the lookup, its report case
    for the notes); the server is stopped at the end, whatever happened. Returns the notes."""
    label = source.profile.label
    contacts = source.profile.contacts

    def collect(names: Sequence[str], action: Callable[[], Sequence[Figure]]) -> None:
        _collect(figures, names, action)

    try:
        with postgres.postgres_copy(source.path, _say) as pg, _context(data_dir, pg.url) as ctx:
            # First, while nothing has written to the server yet.
            collect(
                (startup.PG_SHOWN,),
                lambda: [startup.shown_on_postgres(data_dir, pg.url, label, config.startup_runs)],
            )
            collect(
                (caller_lookup.PG_NAME,),
                lambda: [
                    caller_lookup.caller_lookup(
                        ctx, pg.url, contacts, config.lookups, config.seed, f"{contacts:,} contacts"
                    )
                ],
            )
            collect(
                (fulltext.PG_NAME,),
                lambda: [
                    fulltext.full_text_search(ctx, pg.url, config.search_reps, config.seed, label)
                ],
            )
            collect(
                (live_latency.NAME,),
                lambda: [
                    live_latency.live_latency(
                        pg.url,
                        data_dir,
                        source.report_case_id,
                        config.live_samples,
                        label,
                    )
                ],
            )
            collect(
                (dropped_typing.NAME,),
                lambda: [
                    dropped_typing.dropped_typing_stall(
                        pg.url,
                        lambda: prepare_data_dir(Path(tempfile.mkdtemp(dir=data_dir))),
                        label,
                        config.typing_chars,
                        config.key_interval_ms,
                        config.seed,
                    )
                ],
            )
            # Last: it adds notes to the report case.
            collect(
                (note_commit.PG_NAME,),
                lambda: [
                    note_commit.note_commit(
                        ctx,
                        pg.url,
                        source.report_case_id,
                        config.commit_samples,
                        config.seed,
                        label,
                    )
                ],
            )
            return [pg.describe(label)]
    except Exception as exc:  # no server, no copy, or it did not stop: the rows left say why
        missing = [name for name in PG_NAMES if name not in figures]
        figures.update((f.name, f) for f in _error_rows(missing, exc))
        return []


def entries_of(size: str) -> int:
    """A size as people write it ("100k", "1M", "5M", "250000") as a number of entries."""
    text = size.strip().replace("_", "").replace(",", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    digits = text[:-1] if scale != 1 else text
    try:
        value = int(float(digits) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{size!r} is not a size such as 100k, 1M or 5M") from None
    if value < 1_000:
        raise argparse.ArgumentTypeError(f"{size!r}: at least 1k entries")
    return value


def parse_config(argv: Sequence[str] | None = None) -> BenchConfig:
    """The run the command line asks for."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--json", type=Path, default=BenchConfig.json_path, help="results file")
    parser.add_argument("--cache-dir", type=Path, default=BenchConfig.cache_dir)
    parser.add_argument("--seed", type=int, default=BenchConfig.seed)
    parser.add_argument(
        "--size",
        type=entries_of,
        default=BenchConfig.main_entries,
        help="timeline entries of the database most figures run on (100k, 1M, 5M…); "
        "search runs on at least 1M",
    )
    parser.add_argument("--tiny", action="store_true", help="toy sizes: checks the harness only")
    parser.add_argument(
        "--no-postgres",
        dest="postgres",
        action="store_false",
        help="leave out the PostgreSQL rows (no server is started)",
    )
    args = parser.parse_args(argv)
    config = BenchConfig(
        cache_dir=args.cache_dir,
        json_path=args.json,
        seed=args.seed,
        main_entries=args.size,
        search_entries=max(BenchConfig.search_entries, args.size),
        postgres=args.postgres,
    )
    return config.tiny() if args.tiny else config


def main(argv: Sequence[str] | None = None) -> int:
    """Parse options, run, print the table, write the JSON; exit 0 even when figures miss."""
    config = parse_config(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures, notes = run(config)
    print(render_table(figures, notes))
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()}
    write_json(config.json_path, figures, notes, settings)
    print(f"\nwritten to {config.json_path}")
    errors = [f.name for f in figures if f.verdict == "ERROR"]
    return 1 if errors else 0
