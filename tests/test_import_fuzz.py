"""A seeded mutator over the case import: every broken document is refused in one sentence
naming a field or the file, nothing is half-imported, and nothing is silently merged."""

from __future__ import annotations

import copy
import json
import random
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from callnotes.app import open_context
from callnotes.errors import CallnotesError
from callnotes.services.transfer.case_export import CaseExportService
from callnotes.services.transfer.case_import import CaseImportService
from callnotes.storage import models as m
from callnotes.storage.database import Database
from callnotes.storage.engine import sqlite_url
from tests.conftest import FakeClock
from tests.test_import_validation import _renew as renew

DEFAULT_RUNS = 300
SLOW_RUNS = 1200
_FIELD = re.compile(r"^(document|team|client|case)([.\[]|: )|^the file")
_HUGE = "__HUGE_NUMBER__"
_NASTY_TEXT = (
    "x\ud800",
    "\udfff",
    "a\x00b",
    "\x1b]0;owned\x07title",
    "\x1b[31mred\x1b[0m",
    "T\r\nBcc: a@evil",
    "line\u2028two",
    "\x7f\x85\x9b",
    "",
    " ",
    "x" * 100_001,
    "y" * 1_000_000,
    "call me maybe",
    "+1" + "2" * 70,
    "crystal minh",
)
_NASTY_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 1.5, 2**31, 2**63, -(2**63), 10**30, _HUGE, [], {}, [[]], {"a": 1},
    "9999-12-31T23:59:59-05:00", "9999-12-31T23:00:00+00:00", "0001-01-01T00:00:00+05:00",
    "2026-03-02T09:00:00", "2026-13-01T00:00:00Z", "1970-01-01T00:00:00Z",
)  # fmt: skip
_LISTS = (
    "calls", "issues", "timeline", "commitments", "communications", "escalation_attempts",
    "team_notices", "investigation", "follow_up_checks",
)  # fmt: skip


_TEXT_KEYS = {
    "name", "role", "team", "phone", "email", "away_reason", "business_hours", "notes",
    "best_times", "label", "number", "title", "client_words", "timeframe", "roadblocks",
    "root_cause", "text", "author", "revised_by", "previous_text", "owner", "summary",
    "contributing_factors", "detection_gap_reason", "satisfaction", "reassurance", "who",
    "note", "findings", "criterion", "reason",
}  # fmt: skip


@dataclass
class Source:
    """The exported demo case and an empty, migrated database file to copy for each run."""

    document: dict[str, Any]
    blank: Path
    holding: Path  # a database that already holds the document: a second computer's import
    work: Path


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    root = tmp_path_factory.mktemp("fuzz")
    demo = open_context(str(root / "demo"), clock=FakeClock())
    document = demo.exporter.export_case(demo.demo.load_demo())
    demo.close()
    blank = open_context(str(root / "blank"), clock=FakeClock())
    path = blank.db.path
    blank.close()
    holding = open_context(str(root / "holding"), clock=FakeClock())
    holding.importer.import_case(copy.deepcopy(document))
    held = holding.db.path
    holding.close()
    assert path is not None and held is not None
    yield Source(document, Path(path), Path(held), root / "work")


def _slots(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _slots(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _slots(item, (*path, n))


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _at_each(doc: Any, paths: list[tuple[Any, ...]]) -> list[Any]:
    found = []
    for path in paths:
        try:
            found.append(_at(doc, path))
        except (KeyError, IndexError, TypeError):
            continue
    return found


def _mutate(doc: dict[str, Any], rng: random.Random) -> str:
    """Apply one to three mutations; return the document's text."""
    bom = ""
    wrap = 0
    for _ in range(rng.randint(1, 3)):
        slots = [p for p in _slots(doc) if p]
        path = rng.choice(slots)
        parent = _at(doc, path[:-1])
        key = path[-1]
        current = parent[key]
        what = rng.choices(range(10), weights=(2, 8, 2, 2, 2, 2, 1, 1, 2, 2))[0]
        if what == 0 and isinstance(parent, dict):
            del parent[key]
        elif what == 1:
            texts = [p for p in slots if p[-1] in _TEXT_KEYS and isinstance(_at(doc, p), str)]
            if not texts:
                continue
            path = rng.choice(texts)
            parent, key, current = _at(doc, path[:-1]), path[-1], _at(doc, path)
            cut = rng.randint(0, len(current))
            parent[key] = current[:cut] + rng.choice(_NASTY_TEXT) + current[cut:]
        elif what == 2:
            parent[key] = rng.choice(_NASTY_TEXT)
        elif what == 3:
            parent[key] = rng.choice(_NASTY_VALUES)
        elif what == 4:
            # A duplicated item in one of the case's lists (or the team): same uid twice.
            lists = [
                items
                for items in _at_each(doc, [("team",), ("client", "contacts")])
                + _at_each(doc, [("case", k) for k in _LISTS])
                if isinstance(items, list)
            ]
            chosen = rng.choice([items for items in lists if items] or [[]])
            if chosen:
                twin = copy.deepcopy(rng.choice(chosen))
                if isinstance(twin, dict) and rng.random() < 0.5:
                    for field, value in twin.items():
                        if isinstance(value, str) and field != "uid" and value:
                            twin[field] = value + " (other)"
                            break
                chosen.insert(rng.randint(0, len(chosen)), twin)
        elif what == 5 and isinstance(current, str) and re.fullmatch(r"[0-9a-f]{32}", current):
            # Point at another uid of the document, or an unknown one.
            uids = [v for p in _slots(doc) if isinstance(v := _at(doc, p), str)]
            uids = [u for u in uids if re.fullmatch(r"[0-9a-f]{32}", u)]
            parent[key] = rng.choice([*uids, "0" * 32])
        elif what == 6:
            wrap = rng.choice([3, 1_000, 100_000])
        elif what == 7:
            bom = "\ufeff"
        elif what == 8 and isinstance(current, int | float) and not isinstance(current, bool):
            parent[key] = rng.choice([current + 1, -current - 1, 2**63, 2**64, 10**18, _HUGE])
        else:
            parent[key] = rng.choice(_NASTY_VALUES + _NASTY_TEXT)
    text = json.dumps(doc).replace(f'"{_HUGE}"', "9" * 5_000)
    if wrap:
        nested = "[" * wrap + "]" * wrap
        if rng.random() < 0.5:
            text = "[" * wrap + text + "]" * wrap
        else:
            text = text.replace('"format":', f'"deep": {nested}, "format":', 1)
    return bom + text


def _counts(db: Database) -> dict[str, int]:
    with db.unit_of_work() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in m.Base.metadata.sorted_tables
        }


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_ONE_LINE = {"name", "title", "role", "who", "author", "owner", "timezone", "number", "email"}


def _assert_clean(exported: Any, seed: int, key: str = "") -> None:
    """What was stored went through the editor's cleaning: nothing unsafe, names on one line."""
    if isinstance(exported, dict):
        for k, v in exported.items():
            _assert_clean(v, seed, k)
    elif isinstance(exported, list):
        for v in exported:
            _assert_clean(v, seed, key)
    elif isinstance(exported, str):
        assert not _UNSAFE.search(exported), f"seed {seed}: {key} = {exported[:60]!r}"
        if key in _ONE_LINE:
            assert not re.search(r"[\n\r\u2028\u2029]", exported), f"seed {seed}: {key}"
        assert len(exported) <= 100_000, f"seed {seed}: {key} is {len(exported)} long"


def _check_one(source: Source, seed: int) -> None:
    rng = random.Random(seed)
    doc = copy.deepcopy(source.document)
    second = seed % 4 == 3
    if second:
        # The same client's next case, exported on another computer: new uids for the case and
        # its items, sometimes for the team too, and a contact added there.
        renew(doc, team=rng.random() < 0.5)
        added = copy.deepcopy(doc["client"]["contacts"][0])
        added.update(uid=uuid.uuid4().hex, name="Lee Park", phones=[])
        doc["client"]["contacts"].append(added)
    text = _mutate(doc, rng)
    path = source.work / f"{seed}.db"
    path.parent.mkdir(exist_ok=True)
    shutil.copyfile(source.holding if second else source.blank, path)
    db = Database(sqlite_url(path))
    try:
        before = _counts(db)
        try:
            case_id = CaseImportService(db).import_text(text)
        except CallnotesError as exc:
            message = str(exc)
            assert "\n" not in message, f"seed {seed}: {message!r}"
            assert _FIELD.search(message), f"seed {seed}: names no field: {message!r}"
            assert _counts(db) == before, f"seed {seed}: half imported after {message!r}"
            return
        after = _counts(db)
        _assert_clean(CaseExportService(db).export_case(case_id), seed)
        case = doc["case"]
        for table, key in (
            ("timeline_entries", "timeline"),
            ("issues", "issues"),
            ("calls", "calls"),
            ("commitments", "commitments"),
            ("communications", "communications"),
            ("escalation_attempts", "escalation_attempts"),
            ("team_notices", "team_notices"),
            ("investigation_steps", "investigation"),
            ("follow_up_checks", "follow_up_checks"),
        ):
            added_rows = after[table] - before[table]
            assert added_rows == len(case.get(key, [])), f"seed {seed}: {key} merged"
        assert after["cases"] == before["cases"] + 1
        if second:
            assert after["clients"] - before["clients"] <= 1
            return
        contacts = doc["client"]["contacts"]
        assert after["contacts"] == len(contacts), f"seed {seed}: contacts merged"
        phones = sum(len(c["phones"]) for c in contacts)
        assert after["contact_phones"] == phones, f"seed {seed}: phones merged"
        assert after["team_members"] == len(doc["team"]), f"seed {seed}: team merged"
    finally:
        db.dispose()
        path.unlink()


@pytest.mark.parametrize("chunk", range(10))
def test_mutated_documents_are_refused_in_one_sentence_or_imported_whole(
    source: Source, chunk: int
) -> None:
    for seed in range(chunk, DEFAULT_RUNS, 10):
        _check_one(source, seed)


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(10))
def test_many_more_mutated_documents(source: Source, chunk: int) -> None:
    for seed in range(DEFAULT_RUNS + chunk, DEFAULT_RUNS + SLOW_RUNS, 10):
        _check_one(source, seed)
