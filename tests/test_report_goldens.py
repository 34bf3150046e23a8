"""Golden outputs: every document of the demo case in every format, byte for byte.

After an intended change, regenerate with ``CALLNOTES_UPDATE_GOLDEN=1 pytest
tests/test_report_goldens.py`` and read the diff of ``tests/golden/`` before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from callnotes.app import AppContext
from callnotes.reports.documents import Document, export
from callnotes.services.documents import reporting
from tests.conftest import FakeClock

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CALLNOTES_UPDATE_GOLDEN") == "1"
KINDS = ("status", "minutes", "handover", "review")
# Friday 6 March 2026, 11:00 in London: two hours after the demo call, Priya still away.
WRITTEN_AT = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
# The demo is loaded fifty minutes after its call: the call began at 09:05.
DEMO_LOADED_AT = datetime(2026, 3, 6, 9, 55, tzinfo=UTC)
# The PDF inside an e-mail draft is Qt's output (covered by the PDF tests); the draft's golden
# holds a stand-in so it stays readable and independent of the Qt version.
STAND_IN_PDF = b"%PDF-1.7\n% stand-in for the PDF attachment\n"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(WRITTEN_AT, step=timedelta(0))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "config").mkdir(parents=True)
    settings = {"agent_name": "Vinh Nguyen", "company": "August", "default_region": "GB"}
    (folder / "config" / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return folder


@pytest.fixture
def documents(
    ctx: AppContext, clock: FakeClock, backend: str, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Document]:
    if backend == "postgres":
        # The head of the case's audit chain (its hash, the server's time) differs at each
        # run; it is checked in test_audit_log. Here the documents read as on SQLite.
        monkeypatch.setattr(reporting, "chain_head", lambda session, case_id: None)
    clock.now = DEMO_LOADED_AT
    case_id = ctx.demo.load_demo()
    clock.now = WRITTEN_AT
    return {kind: ctx.documents.build(case_id, kind) for kind in KINDS}


def assert_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(actual)
        return
    if not path.is_file():
        pytest.fail(f"There is no golden {name} yet: run with CALLNOTES_UPDATE_GOLDEN=1, read it.")
    expected = path.read_bytes()
    if actual == expected:
        return
    diff = "".join(
        difflib.unified_diff(
            expected.decode("utf-8").splitlines(keepends=True),
            actual.decode("utf-8").splitlines(keepends=True),
            f"tests/golden/{name}",
            "rendered now",
            n=2,
        )
    )
    pytest.fail(
        f"{name} differs from its golden; if the change is intended, regenerate with "
        f"CALLNOTES_UPDATE_GOLDEN=1 and review the diff.\n{diff[:8000]}",
        pytrace=False,
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_text_formats_match_their_goldens(
    documents: dict[str, Document], kind: str, fmt: str
) -> None:
    document = documents[kind]
    assert document.problems == ()
    assert_golden(f"{kind}.{fmt}", export(document, fmt))


@pytest.mark.parametrize("kind", KINDS)
def test_email_drafts_match_their_goldens(documents: dict[str, Document], kind: str) -> None:
    draft = export(documents[kind], "eml", to_pdf=lambda html, **_: STAND_IN_PDF)
    assert_golden(f"{kind}.eml", draft)


def test_calendar_event_matches_its_golden(documents: dict[str, Document]) -> None:
    events = {export(d, "ics") for d in documents.values()}
    assert len(events) == 1, "every document promises the same next update"
    assert_golden("next-update.ics", events.pop())
