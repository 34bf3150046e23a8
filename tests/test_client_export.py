"""Exporting everything about one client: what the document says, how the file is written."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from callnotes.app import AppContext, open_context
from callnotes.domain.call_backs import CallBackReason
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.timeline import EntryKind, NoteDraft
from callnotes.errors import NotFoundError, ReadOnlyError
from tests.conftest import FakeClock


@pytest.fixture
def northwind(ctx: AppContext) -> int:
    case_id = ctx.demo.load_demo()
    ctx.drafts.save(note_draft_key(case_id), "Dana asked for a callback before noon")
    other = ctx.clients.create_client("Fabrikam Bakeries")
    other_case = ctx.cases.open_case(other.id, "Ovens offline")
    ctx.drafts.save(note_draft_key(other_case.id), "not Northwind's")
    return ctx.cases.get_case(case_id).client_id


def test_a_note_draft_is_exported_as_typed_with_its_kind_and_marking(
    ctx: AppContext, northwind: int
) -> None:
    case_id = ctx.exporter.export_case(1)["case"]["uid"]
    ctx.drafts.save_note(note_draft_key(1), NoteDraft("We roll back tonight", EntryKind.DECISION))
    [draft] = ctx.client_export.export_client(northwind)["drafts"]
    assert (draft["case"], draft["text"], draft["kind"], draft["for_client"]) == (
        case_id,
        "We roll back tonight",
        "decision",
        False,
    )


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[AppContext]:
    other = open_context(str(tmp_path / "other"), clock=FakeClock())
    yield other
    other.close()


def test_the_document_holds_the_client_its_contacts_and_every_case(
    ctx: AppContext, northwind: int
) -> None:
    document = ctx.client_export.export_client(northwind)
    assert document["format"] == "callnotes.client"
    assert document["version"] == 1
    assert document["exported_at"].endswith("Z")
    client = document["client"]
    assert client["name"] == "Northwind Logistics"
    assert client["timezone"] == "Europe/London"
    assert [c["name"] for c in client["contacts"]] == ["Dana Whitfield", "Sam Okafor"]
    assert client["contacts"][0]["phones"] == [{"number": "+442079460321", "label": "mobile"}]
    # The usual contact is a member of the document's team, with her managers.
    team = {t["uid"]: t for t in document["team"]}
    assert team[client["usual_contact"]]["name"] == "Priya Shah"
    assert all(t["manager"] in team for t in team.values() if t["manager"] is not None)
    # Every case, exactly as the case export writes it.
    case_ids = [c.id for c in ctx.cases.list_cases() if c.client_id == northwind]
    assert len(document["cases"]) == 2
    assert document["cases"] == [ctx.exporter.export_case(i) for i in sorted(case_ids)]
    assert {c["client"]["uid"] for c in document["cases"]} == {client["uid"]}
    # The unsent draft of one of its cases, and no draft of another client.
    assert [d["text"] for d in document["drafts"]] == ["Dana asked for a callback before noon"]
    assert document["drafts"][0]["case"] == ctx.exporter.export_case(1)["case"]["uid"]
    assert "Fabrikam" not in json.dumps(document)


def test_the_document_holds_the_clients_call_backs_and_no_others(
    ctx: AppContext, northwind: int
) -> None:
    waiting = ctx.call_backs.record(
        "+44 20 7946 0321", CallBackReason.MISSED, note="call before the depot meeting"
    )
    ctx.call_backs.record("+1 201 555 0123", CallBackReason.ASKED, caller_name="Someone else")
    [call_back] = ctx.client_export.export_client(northwind)["call_backs"]
    assert (call_back["number"], call_back["caller_name"], call_back["reason"]) == (
        "+442079460321",
        "Dana Whitfield",
        "missed",
    )
    assert call_back["due_at"].endswith("Z") and call_back["done_at"] is None
    assert call_back["note"] == "call before the depot meeting"
    assert call_back["case"] == ctx.exporter.export_case(waiting.case_id)["case"]["uid"]


def test_a_client_without_cases_has_its_details_and_no_cases(ctx: AppContext) -> None:
    lone = ctx.clients.create_client("Contoso Pharmacy", timezone="Europe/Madrid")
    ctx.clients.add_contact(lone.id, "Ana Ruiz", phones=["+34 912 345 678"], email="ana@x.es")
    document = ctx.client_export.export_client(lone.id)
    assert document["cases"] == [] and document["drafts"] == [] and document["team"] == []
    assert document["client"]["usual_contact"] is None
    [contact] = document["client"]["contacts"]
    assert (contact["email"], contact["phones"]) == (
        "ana@x.es",
        [{"number": "+34912345678", "label": ""}],
    )


def test_written_file_is_private_complete_json(
    ctx: AppContext, northwind: int, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "northwind.json"
    target.write_text("an older export")
    written = ctx.client_export.write(northwind, target)
    assert (written.path, written.client_name, written.case_count) == (
        target,
        "Northwind Logistics",
        2,
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["client"]["name"] == "Northwind Logistics"
    assert [p.name for p in folder.iterdir()] == ["northwind.json"]  # no temporary file left


def test_a_folder_that_does_not_exist_is_a_clear_error(
    ctx: AppContext, northwind: int, tmp_path: Path
) -> None:
    with pytest.raises(ReadOnlyError, match="does not exist"):
        ctx.client_export.write(northwind, tmp_path / "missing" / "x.json")


def test_an_unknown_client_is_a_clear_error(ctx: AppContext) -> None:
    with pytest.raises(NotFoundError, match=r"There is no client with id 7\."):
        ctx.client_export.export_client(7)


def test_each_case_of_the_document_imports_again(
    ctx: AppContext, northwind: int, empty: AppContext
) -> None:
    document = ctx.client_export.export_client(northwind)
    imported = [empty.importer.import_case(case) for case in document["cases"]]
    assert [empty.exporter.export_case(i) for i in imported] == document["cases"]
    [client] = empty.clients.list_clients()
    assert (client.name, client.case_count) == ("Northwind Logistics", 2)


def test_after_export_and_erasure_the_cases_can_be_restored(
    ctx: AppContext, northwind: int, tmp_path: Path
) -> None:
    path = ctx.client_export.write(northwind, tmp_path / "northwind.json").path
    ctx.client_erasure.erase(northwind)
    assert ctx.search.search("labels") == []
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for case in document["cases"]:
        ctx.importer.import_text(json.dumps(case))
    assert [h.client_name for h in ctx.search.search("labels")][:1] == ["Northwind Logistics"]


def test_the_document_holds_the_clients_calendar(ctx: AppContext, northwind: int) -> None:
    ctx.client_calendar.set_holidays(northwind, "GB", "SCT")
    ctx.client_calendar.import_closures(
        northwind,
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:s@x\r\n"
        b"DTSTART:20261228T090000Z\r\nDTEND:20261228T120000Z\r\nSUMMARY:Stocktake\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    assert ctx.client_export.export_client(northwind)["calendar"] == {
        "holiday_country": "GB",
        "holiday_subdivision": "SCT",
        "closures": [
            {
                "starts_at": "2026-12-28T09:00:00Z",
                "ends_at": "2026-12-28T12:00:00Z",
                "summary": "Stocktake",
            }
        ],
    }
