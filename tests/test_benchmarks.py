"""The benchmark's own code on toy sizes: deterministic data, right counts, every figure.

No timing is asserted anywhere here; the figures themselves come from ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from benchmarks import dropped_typing, live_latency, startup
from benchmarks.cache import cached_database, working_copy
from benchmarks.figure import Figure, percentile
from benchmarks.generate import generate_database
from benchmarks.phones import NumberPlan
from benchmarks.postgres import load_sqlite
from benchmarks.profile import Profile
from benchmarks.raw import RawConnection, on_postgres, pg_connect
from benchmarks.ring_to_card import ringing_numbers
from benchmarks.runner import FIGURE_NAMES, PG_NAMES, BenchConfig, entries_of, parse_config, run
from benchmarks.stalls import stall_stats, stall_stats_between
from benchmarks.table import render_table, write_json
from benchmarks.typing_stall import typing_text
from callnotes.app import open_context
from callnotes.domain.phones import normalise_number
from callnotes.domain.timeline import EntryKind

TINY = Profile.for_entries(400, contacts=80, report_issues=6, report_entries=40)
_TABLES = ("team_members", "clients", "contacts", "contact_phones", "cases", "calls", "issues",
           "timeline_entries", "entry_revisions", "commitments", "communications")  # fmt: skip


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in _TABLES}


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(sql).fetchone()[0])


def test_the_same_seed_builds_the_same_database(tmp_path: Path) -> None:
    first = generate_database(tmp_path / "a.db", TINY, seed=3)
    second = generate_database(tmp_path / "b.db", TINY, seed=3)
    other = generate_database(tmp_path / "c.db", TINY, seed=4)
    assert _dump(first.path) == _dump(second.path)
    assert _dump(first.path)["timeline_entries"] != _dump(other.path)["timeline_entries"]


def test_the_database_holds_the_requested_counts_through_the_real_schema(tmp_path: Path) -> None:
    built = generate_database(tmp_path / "bench.db", TINY, seed=3)
    db = built.path
    assert _count(db, "SELECT count(*) FROM timeline_entries") == TINY.entries
    assert _count(db, "SELECT count(*) FROM contacts") == TINY.contacts
    assert _count(db, "SELECT count(*) FROM clients") == TINY.clients
    assert _count(db, "SELECT count(*) FROM team_members") == TINY.team
    assert _count(db, "SELECT count(*) FROM cases") == TINY.cases
    report = built.report_case_id
    assert _count(db, f"SELECT count(*) FROM issues WHERE case_id = {report}") == 6
    assert _count(db, f"SELECT count(*) FROM timeline_entries WHERE case_id = {report}") == 40
    # The FTS5 triggers filled the index as rows went in.
    assert _count(db, "SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'printer'") > 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_app_opens_a_generated_database_and_sees_the_report_case_first(
    tmp_path: Path,
) -> None:
    cached = cached_database(tmp_path / "cache", TINY, seed=3)
    again = cached_database(tmp_path / "cache", TINY, seed=3)
    assert again.path == cached.path and not again.built_now
    ctx = open_context(str(working_copy(cached, tmp_path / "data")))
    try:
        assert ctx.migration.backup is None, "generated with the current schema"
        assert not ctx.settings_store.is_first_run
        assert ctx.cases.list_cases()[0].id == cached.report_case_id
        number = NumberPlan(3).national(5)
        [match] = ctx.clients.find_callers(number)
        assert match.contact.id == 6
    finally:
        ctx.close()


def test_the_ringing_numbers_are_callers_with_active_cases(tmp_path: Path) -> None:
    cached = cached_database(tmp_path / "cache", TINY, seed=3)
    ctx = open_context(str(working_copy(cached, tmp_path / "data")))
    try:
        numbers = ringing_numbers(ctx.paths.database, 3)
        assert len(set(numbers)) == 3
        for number in numbers:  # written as a softphone shows them, found as the card finds them
            assert number.startswith("(")
            [caller, *_] = ctx.intake.lookup(number)
            assert caller.open_cases
    finally:
        ctx.close()


def test_phone_numbers_are_distinct_and_normalise_to_themselves() -> None:
    plan = NumberPlan(11)
    numbers = [plan.e164(i) for i in range(5_000)]
    assert len(set(numbers)) == len(numbers)
    assert all(normalise_number(plan.national(i), "US") == plan.e164(i) for i in range(200))


def test_typing_text_has_exactly_the_keys_asked_for() -> None:
    plain = typing_text(500, 7, enter=False)
    notes = typing_text(500, 7, enter=True)
    assert len(plain) == len(notes) == 500
    assert "\n" not in plain and notes.count("\n") >= 3
    assert not notes.endswith("\n")


def test_stalls_spread_over_the_frames_they_spoil() -> None:
    beats = [i / 1000 for i in range(100)]  # a steady 1 ms heartbeat for 100 ms ...
    beats += [0.2 + i / 1000 for i in range(100)]  # ... a 101 ms gap, then steady again
    stats = stall_stats(beats, interval_ms=1.0)
    assert stats["max"] == pytest.approx(100.0, abs=0.5)
    assert stats["median"] == pytest.approx(0.0, abs=0.01)
    assert stats["p99"] == pytest.approx(100.0, abs=0.5)  # 7 of 13 frames hold the stall
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5


def test_a_stretch_of_the_heartbeat_counts_only_its_own_stalls() -> None:
    beats = [i / 1000 for i in range(100)] + [0.2 + i / 1000 for i in range(100)]
    assert stall_stats_between(beats, 1.0, 0.25, 0.3)["max"] == pytest.approx(0.0, abs=0.01)
    assert stall_stats_between(beats, 1.0, 0.05, 0.25)["max"] == pytest.approx(100.0, abs=0.5)


def test_the_runner_reports_every_figure_on_toy_databases(tmp_path: Path, qapp: object) -> None:
    config = BenchConfig(cache_dir=tmp_path / "cache", json_path=tmp_path / "out.json").tiny()
    figures, notes = run(config)
    table = render_table(figures, notes)
    write_json(config.json_path, figures, notes, {"tiny": True})
    assert [f.name for f in figures] == list(FIGURE_NAMES)
    for name in FIGURE_NAMES:
        assert name in table
    assert not [f.name for f in figures if f.verdict == "ERROR"], table
    written = json.loads(config.json_path.read_text(encoding="utf-8"))
    assert [f["name"] for f in written["figures"]] == list(FIGURE_NAMES)
    measured = [f for f in written["figures"] if f["verdict"] != "n/a"]
    assert all(f["values"] and f["baseline_values"] for f in measured)
    # The PostgreSQL rows came from a server started, loaded and stopped by the run, each
    # beside its SQLite row.
    for name in PG_NAMES:
        if name in (live_latency.NAME, dropped_typing.NAME):
            continue  # a team database's own figures: there is no SQLite row to sit beside
        sqlite_row = FIGURE_NAMES.index(name.removesuffix(", PostgreSQL"))
        assert FIGURE_NAMES.index(name) == sqlite_row + 1
    heard = by_name_of(figures)[live_latency.NAME]
    assert heard.verdict in ("pass", "MISS") and heard.values["p99"] > 0
    # Typing on a team database while its packets are dropped: the window kept beating, and
    # the notes typed were counted on the server.
    dropped = by_name_of(figures)[dropped_typing.NAME]
    assert dropped.values["beats"] > 1000 and dropped.values["typed"] > 0
    assert 1 <= dropped.values["shared"] <= dropped.values["typed"]
    [server_note] = [n for n in notes if n.startswith("PostgreSQL ")]
    assert "fsync on" in server_note and "synchronous_commit on" in server_note
    by_name = {f.name: f for f in figures}
    assert "tsvector" in by_name[on_postgres("full-text search")].baseline
    # The case is shown by the first look, before the panels are built and show it.
    shown, ready = by_name[startup.SHOWN].values, by_name[startup.READY].values
    assert 0 < shown["max"] < ready["min"]
    # Memory is said beside the floor the data layer sets: more than a bare window, less than
    # the app.
    memory = by_name[startup.MEMORY]
    assert memory.baseline_values["median_mb"] < memory.values["floor_mb"]
    assert memory.values["floor_mb"] < memory.values["median_mb"]
    assert any(note.startswith("Floor: ") for note in memory.notes)


def by_name_of(figures: list[Figure]) -> dict[str, Figure]:
    return {f.name: f for f in figures}


def test_the_postgres_copy_holds_every_row_and_the_app_writes_on(
    tmp_path: Path, pg_url: str
) -> None:
    cached = cached_database(tmp_path / "cache", TINY, seed=3)
    said: list[str] = []
    rows = load_sqlite(pg_url, cached.path, said.append)
    assert said and rows > TINY.entries
    assert sorted(p.name for p in cached.path.parent.glob(cached.path.name + "*")) == [
        cached.path.name
    ], "the cached file is read as it is, nothing made beside it"
    with pg_connect(pg_url) as pg:
        for table in _TABLES:
            [(count,)] = pg.execute(f"SELECT count(*) FROM {table}").fetchall()
            assert count == _count(cached.path, f"SELECT count(*) FROM {table}"), table
        entries = "SELECT id, kind, text, internal, at FROM timeline_entries ORDER BY id"
        with sqlite3.connect(cached.path) as source:
            expected = [(i, k, t, bool(b), a) for i, k, t, b, a in source.execute(entries)]
        copied = [(i, k, t, b, str(a)) for i, k, t, b, a in pg.execute(entries)]
        assert [row[:4] for row in copied] == [row[:4] for row in expected]
        assert [row[4][:19] for row in copied] == [row[4][:19] for row in expected]
        # Loaded without the audit triggers; the GIN index is back and the planner uses it.
        assert pg.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)
        pg.execute("SET enable_seqscan = off")
        plan = pg.execute(
            "EXPLAIN SELECT id FROM timeline_entries "
            "WHERE search_words @@ to_tsquery('callnotes_words', 'printer:*')"
        ).fetchall()
        assert "ix_timeline_entries_search_words" in str(plan)
        # The search's postings, written after the rows (no trigger ran for them): one per
        # word of each copied note, as the trigger writes them.
        [(posted, words)] = pg.execute(
            "SELECT (SELECT count(*) FROM entry_postings), "
            "(SELECT sum(length(search_words)) FROM timeline_entries)"
        ).fetchall()
        assert posted == words > TINY.entries
    ctx = open_context(str(tmp_path / "data"), pg_url)
    try:
        assert ctx.search.search("printer", limit=5)
        entry = ctx.timeline.add_entry(cached.report_case_id, "after the copy", EntryKind.NOTE)
        assert entry.id == TINY.entries + 1, "the sequences go on after the copied ids"
        [match] = ctx.clients.find_callers(NumberPlan(3).national(5))
        assert match.contact.id == 6
    finally:
        ctx.close()
    raw = RawConnection(pg_url)
    try:  # the new note, written by the app's own session, was audited as usual
        audited = raw.sql("SELECT row_id FROM audit_log WHERE table_name = 'timeline_entries'")
        assert raw.fetch_all(audited) == [(str(entry.id),)]
    finally:
        raw.close()


def test_the_command_line_leaves_postgres_out_when_asked() -> None:
    assert parse_config([]).postgres
    assert not parse_config(["--no-postgres"]).postgres
    tiny = parse_config(["--tiny", "--no-postgres"])
    assert not tiny.postgres and tiny.search_entries == BenchConfig().tiny().search_entries


@pytest.mark.parametrize(
    ("size", "entries"),
    [
        ("100k", 100_000),
        ("1M", 1_000_000),
        ("5M", 5_000_000),
        ("2.5m", 2_500_000),
        ("250000", 250_000),
    ],
)
def test_a_bench_size_is_read_as_people_write_it(size: str, entries: int) -> None:
    assert entries_of(size) == entries


@pytest.mark.parametrize("size", ["lots", "5G", "10"])
def test_a_size_that_is_not_one_is_refused_in_a_sentence(size: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        entries_of(size)
