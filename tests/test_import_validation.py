"""Importing a case checks every value on one path, the editor's: each hostile or inconsistent
document found by fault injection is refused in one sentence naming the field, or imported
cleaned, never with a traceback and never half or merged."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from callnotes.app import AppContext, open_context
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m
from tests.conftest import FakeClock

_DOCS = Path(__file__).resolve().parent.parent / "docs"
_SHARED_NUMBERS_RULE = (
    "A number another contact has, in the file or in the database, at this client or another, "
    "is imported"
)
_LISTS = (
    "calls", "issues", "timeline", "commitments", "communications", "escalation_attempts",
    "team_notices", "investigation", "follow_up_checks",
)  # fmt: skip


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    source = open_context(str(tmp_path_factory.mktemp("source") / "data"), clock=FakeClock())
    document = source.exporter.export_case(source.demo.load_demo())
    source.close()
    return document


@pytest.fixture
def doc(exported: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(exported)


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[AppContext]:
    other = open_context(str(tmp_path / "other"), clock=FakeClock())
    yield other
    other.close()


def _rows(ctx: AppContext) -> int:
    with ctx.db.unit_of_work() as session:
        return sum(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in m.Base.metadata.sorted_tables
        )


def _count(ctx: AppContext, model: Any) -> int:
    with ctx.db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _refused(ctx: AppContext, document: Any, field: str, *, text: str | None = None) -> str:
    """Import *document* (or *text*); it must be refused naming *field*, with nothing written."""
    before = _rows(ctx)
    with pytest.raises(InvalidInputError) as info:
        if text is None:
            ctx.importer.import_case(document)
        else:
            ctx.importer.import_text(text)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(field), message
    assert _rows(ctx) == before
    return message


def _renew(doc: dict[str, Any], *, team: bool) -> None:
    """Give the case, its items and (with *team*) its team members uids new to any database."""
    renamed: dict[str, str] = {}
    doc["case"]["uid"] = uuid.uuid4().hex
    for key in _LISTS:
        for item in doc["case"][key]:
            renamed[item["uid"]] = item["uid"] = uuid.uuid4().hex
    if doc["case"]["review"] is not None:
        doc["case"]["review"]["uid"] = uuid.uuid4().hex
    if team:
        for member in doc["team"]:
            renamed[member["uid"]] = member["uid"] = uuid.uuid4().hex

    def point(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: renamed.get(v, v) if isinstance(v, str) and k != "uid" else point(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [point(v) for v in value]
        return value

    doc["team"] = point(doc["team"])
    doc["client"] = point(doc["client"])
    doc["case"] = point(doc["case"])


def _from_another_install(doc: dict[str, Any], client_name: str) -> dict[str, Any]:
    """*doc* as another install of the same team exports it: the same people, every uid new."""
    uids: dict[str, str] = {}
    text = re.sub(
        r'"([0-9a-f]{32})"',
        lambda found: f'"{uids.setdefault(found.group(1), uuid.uuid4().hex)}"',
        json.dumps(doc),
    )
    other: dict[str, Any] = json.loads(text)
    other["client"]["name"] = client_name
    return other


def _directory(ctx: AppContext) -> list[tuple[str, str]]:
    with ctx.db.unit_of_work() as session:
        rows = session.execute(select(m.TeamMember.name, m.TeamMember.uid))
        return sorted((name, uid) for name, uid in rows)


def test_a_lone_surrogate_in_a_text_is_replaced_as_the_editor_does(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["case"]["timeline"][0]["text"] = "x\ud800 y"
    doc["case"]["issues"][0]["title"] = "Labels\udfff"
    case_id = empty.importer.import_text(json.dumps(doc))
    again = empty.exporter.export_case(case_id)
    assert again["case"]["timeline"][0]["text"] == "x\ufffd y"
    assert again["case"]["issues"][0]["title"] == "Labels\ufffd"


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "9000-01-01T00:00:00Z"]
)
def test_a_date_out_of_range_is_refused(doc: dict[str, Any], empty: AppContext, value: str) -> None:
    doc["case"]["calls"][0]["started_at"] = value
    _refused(empty, doc, "case.calls[0].started_at: expected an ISO 8601 timestamp")


@pytest.mark.parametrize("value", [2**63, -1, True])
def test_a_number_out_of_range_is_refused(
    doc: dict[str, Any], empty: AppContext, value: int
) -> None:
    doc["case"]["calls"][0]["talk_seconds"] = value
    _refused(empty, doc, "case.calls[0].talk_seconds: expected a whole number from 0")


def test_a_five_thousand_digit_number_is_refused(doc: dict[str, Any], empty: AppContext) -> None:
    text = json.dumps(doc).replace('"talk_seconds": ', '"talk_seconds": ' + "9" * 5000 + " +", 1)
    text = text.replace(" +", "", 1)
    _refused(empty, None, "the file holds a number of more than 30 digits", text=text)


def test_deep_nesting_is_refused_in_one_sentence(doc: dict[str, Any], empty: AppContext) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    _refused(empty, None, "the file nests lists", text="[" * 100_000 + "]" * 100_000)
    text = json.dumps(doc).replace('"rail_state": {', '"rail_state": {"x": ' + deep + ", ", 1)
    _refused(empty, None, "the file nests lists", text=text)


def test_a_member_who_is_their_own_manager_is_refused(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["team"][1]["manager"] = doc["team"][1]["uid"]
    message = _refused(empty, doc, "document.team[1].manager")
    assert doc["team"][1]["name"] in message


def test_a_cycle_of_managers_is_refused(doc: dict[str, Any], empty: AppContext) -> None:
    doc["team"][0]["manager"] = doc["team"][1]["uid"]
    doc["team"][1]["manager"] = doc["team"][0]["uid"]
    _refused(empty, doc, "document.team[0].manager")


def test_a_five_thousand_character_time_zone_is_refused(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["client"]["timezone"] = "Europe/" + "x" * 5000
    _refused(empty, doc, "client.timezone: expected a string of at most 64 characters")


def test_the_same_client_from_a_second_computer_joins_the_stored_client(
    doc: dict[str, Any], empty: AppContext
) -> None:
    empty.importer.import_case(copy.deepcopy(doc))
    _renew(doc, team=True)
    doc["client"]["usual_contact"] = doc["team"][0]["uid"]
    added = copy.deepcopy(doc["client"]["contacts"][1])
    added.update(
        uid=uuid.uuid4().hex, name="Lee Park", phones=[{"number": "+442079460399", "label": ""}]
    )
    doc["client"]["contacts"].append(added)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        empty.importer.import_case(doc)
    assert _count(empty, m.Client) == 1
    assert _count(empty, m.Case) == 2
    assert _count(empty, m.Contact) == len(doc["client"]["contacts"])
    assert _count(empty, m.ContactPhone) == len(doc["client"]["contacts"])
    # The same colleagues under the other computer's uids: found by name, not added again.
    assert _count(empty, m.TeamMember) == len(doc["team"])


def test_a_contact_of_another_client_is_refused(doc: dict[str, Any], empty: AppContext) -> None:
    empty.importer.import_case(copy.deepcopy(doc))
    _renew(doc, team=False)
    doc["client"]["uid"] = uuid.uuid4().hex
    doc["client"]["name"] = "Southwind Freight"
    _refused(empty, doc, "client.contacts[0].uid: this contact belongs to another client")


def test_a_byte_order_mark_is_accepted(doc: dict[str, Any], empty: AppContext) -> None:
    case_id = empty.importer.import_text("\ufeff" + json.dumps(doc))
    assert empty.cases.get_case(case_id).title == doc["case"]["title"]


def test_version_true_is_refused(doc: dict[str, Any], empty: AppContext) -> None:
    doc["version"] = True
    _refused(empty, doc, "document.version: expected 1")


@pytest.mark.parametrize(
    ("key", "path"),
    [("issues", "case.issues[1].uid"), ("timeline", "case.timeline[1].uid")],
)
def test_a_uid_twice_in_one_list_is_refused_not_merged(
    doc: dict[str, Any], empty: AppContext, key: str, path: str
) -> None:
    items = doc["case"][key]
    twin = copy.deepcopy(items[0])
    twin["title" if key == "issues" else "text"] = "A different thing"
    items.insert(1, twin)
    message = _refused(empty, doc, path)
    assert items[0]["uid"] in message
    assert f"case.{key}[0]" in message


def test_a_team_member_twice_is_refused_not_replaced(
    doc: dict[str, Any], empty: AppContext
) -> None:
    twin = copy.deepcopy(doc["team"][0])
    twin["name"] = "Someone Else"
    doc["team"].append(twin)
    _refused(empty, doc, f"document.team[{len(doc['team']) - 1}].uid")


def test_titles_and_names_are_one_line_and_escapes_are_removed(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["case"]["issues"][0]["title"] = "T\r\nBcc: a@evil"
    doc["case"]["title"] = "Labels\u2028down"
    doc["client"]["contacts"][0]["name"] = "Dana\nWhitfield"
    doc["team"][0]["name"] = "Aisha\x00 Khan"
    doc["case"]["timeline"][0]["text"] = "before \x1b]0;owned\x07after \x1b[31mred\x1b[0m"
    doc["case"]["issues"][0]["fixed_looks_like"] = ["Labels print\nfrom every station"]
    again = empty.exporter.export_case(empty.importer.import_case(doc))
    assert again["case"]["issues"][0]["title"] == "T Bcc: a@evil"
    assert again["case"]["title"] == "Labels down"
    assert again["client"]["contacts"][0]["name"] == "Dana Whitfield"
    assert "Aisha Khan" in [t["name"] for t in again["team"]]
    assert again["case"]["timeline"][0]["text"] == "before after red"
    assert again["case"]["issues"][0]["fixed_looks_like"] == ["Labels print from every station"]


def test_a_text_longer_than_the_editor_allows_is_refused(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["case"]["timeline"][4]["text"] = "x" * 1_000_000
    _refused(empty, doc, "case.timeline[4].text: expected a string of at most 100,000")


@pytest.mark.parametrize("number", ["call me maybe", "12", "+1" + "2" * 70])
def test_a_phone_number_that_is_no_number_is_refused(
    doc: dict[str, Any], empty: AppContext, number: str
) -> None:
    doc["client"]["contacts"][1]["phones"][0]["number"] = number
    _refused(empty, doc, "client.contacts[1].phones[0].number")


@pytest.mark.parametrize("address", ["ahmed@", "dana.whitfield.example", "x@" + "y" * 300 + ".com"])
def test_an_e_mail_address_the_card_would_refuse_is_refused(
    doc: dict[str, Any], empty: AppContext, address: str
) -> None:
    doc["client"]["contacts"][0]["email"] = address
    _refused(empty, doc, "client.contacts[0].email")


def test_a_phone_number_is_stored_as_the_domain_normalises_it(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["client"]["contacts"][0]["phones"][0]["number"] = "+44 (20) 7946-0321"
    again = empty.exporter.export_case(empty.importer.import_case(doc))
    assert again["client"]["contacts"][0]["phones"][0]["number"] == "+442079460321"


def test_a_client_named_like_another_but_for_case_is_refused(
    doc: dict[str, Any], empty: AppContext
) -> None:
    empty.importer.import_case(copy.deepcopy(doc))
    _renew(doc, team=False)
    doc["client"]["uid"] = uuid.uuid4().hex
    doc["client"]["name"] = doc["client"]["name"].lower()
    for contact in doc["client"]["contacts"]:
        contact["uid"] = uuid.uuid4().hex
    for call in doc["case"]["calls"]:
        call["contact"] = None
    message = _refused(empty, doc, "client.name: another client is already called")
    assert "Northwind Logistics" in message


def test_a_call_that_ends_before_it_starts_is_refused(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["case"]["calls"][0]["ended_at"] = "2026-03-02T08:00:00Z"
    _refused(empty, doc, "case.calls[0].ended_at: expected a time no earlier than started_at")


def test_two_issues_with_the_same_agreed_rank_are_refused(
    doc: dict[str, Any], empty: AppContext
) -> None:
    doc["case"]["issues"][2]["agreed_rank"] = 1
    message = _refused(empty, doc, "case.issues[2].agreed_rank")
    assert "case.issues[0]" in message


def test_the_cli_refuses_a_hostile_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "callnotes",
            "--data-dir",
            str(tmp_path / "data"),
            "import",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("callnotes: ") and str(bad) in lines[0]


def test_an_item_whose_uid_belongs_to_another_case_is_refused(
    doc: dict[str, Any], empty: AppContext
) -> None:
    empty.importer.import_case(copy.deepcopy(doc))
    issue_uid = doc["case"]["issues"][1]["uid"]
    _renew(doc, team=False)
    doc["case"]["issues"][1]["uid"] = issue_uid
    for entry in doc["case"]["timeline"]:
        entry["issue"] = None
    for check in doc["case"]["follow_up_checks"]:
        check["issue"] = doc["case"]["issues"][0]["uid"]
    _refused(empty, doc, "case.issues[1].uid: an item of another case in this database")


def test_one_number_twice_on_a_contact_is_refused(doc: dict[str, Any], empty: AppContext) -> None:
    phones = doc["client"]["contacts"][0]["phones"]
    phones.append({"number": "+44 20 7946 0321", "label": "desk"})
    _refused(empty, doc, "client.contacts[0].phones[1].number: expected a number other than")


def test_colleagues_exported_by_another_install_are_found_by_name_not_added_again(
    ctx: AppContext, doc: dict[str, Any]
) -> None:
    ctx.demo.load_demo()
    directory = _directory(ctx)
    other = _from_another_install(doc, "Southwind Freight")
    priya = next(t for t in other["team"] if t["name"] == "Priya Shah")
    priya["name"] = "  PRIYA   shah "  # letter case and spacing aside, the same name
    imported = ctx.importer.import_document(other)
    assert _directory(ctx) == directory
    assert (imported.members_found_by_name, imported.members_added) == (len(other["team"]), 0)
    again = ctx.exporter.export_case(imported.case_id)
    assert sorted((t["name"], t["uid"]) for t in again["team"]) == directory
    # Everyone the case points at is the colleague here, the after-call records included.
    stored = {uid for _name, uid in directory}
    assert again["client"]["usual_contact"] in stored
    people = [a["member"] for a in again["case"]["escalation_attempts"]]
    people += [n["member"] for n in again["case"]["team_notices"]]
    assert people and set(people) <= stored


def test_a_name_two_colleagues_here_share_is_refused_naming_them(
    ctx: AppContext, doc: dict[str, Any]
) -> None:
    ctx.demo.load_demo()
    # A directory from before a name was one colleague's: the import names both.
    with ctx.db.unit_of_work() as session:
        session.add(m.TeamMember(name="Priya Shah", role="Network engineer", team="Infrastructure"))
    other = _from_another_install(doc, "Southwind Freight")
    n = next(k for k, t in enumerate(other["team"]) if t["name"] == "Priya Shah")
    message = _refused(ctx, other, f"document.team[{n}].name: the team directory has 2 ")
    # Both are named with what tells them apart: the demo's account manager and the other.
    assert "Priya Shah: Account manager" in message
    assert "Priya Shah: Network engineer, Infrastructure" in message


def test_two_members_of_the_file_are_never_one_colleague_here(
    ctx: AppContext, doc: dict[str, Any]
) -> None:
    ctx.demo.load_demo()
    other = _from_another_install(doc, "Southwind Freight")
    twin = copy.deepcopy(other["team"][0])
    twin.update(uid=uuid.uuid4().hex, name=twin["name"].upper(), manager=None)
    other["team"].append(twin)
    message = _refused(ctx, other, f"document.team[{len(other['team']) - 1}].name")
    assert "document.team[0]" in message


def test_a_number_other_contacts_have_is_imported_as_the_app_shares_numbers(
    ctx: AppContext, doc: dict[str, Any], tmp_path: Path
) -> None:
    # The format says so (docs/case-json.md), and the import does what it says.
    rules = " ".join((_DOCS / "case-json.md").read_text(encoding="utf-8").split())
    assert _SHARED_NUMBERS_RULE in rules
    ctx.demo.load_demo()
    other = _from_another_install(doc, "Southwind Freight")
    dana, sam = other["client"]["contacts"]
    shared = dana["phones"][0]["number"]  # also the demo's Dana Whitfield's, at Northwind
    sam["phones"].append({"number": shared, "label": "switchboard"})
    case_id = ctx.importer.import_case(other)
    callers = [(o.contact.name, o.client_name) for o in ctx.intake.lookup(shared)]
    assert callers == [
        ("Dana Whitfield", "Northwind Logistics"),
        ("Dana Whitfield", "Southwind Freight"),
        ("Sam Okafor", "Southwind Freight"),
    ]
    # A client whose contacts share a number moves between databases like any other.
    exported = ctx.exporter.export_case(case_id)
    fresh = open_context(str(tmp_path / "fresh"), clock=FakeClock())
    try:
        assert fresh.exporter.export_case(fresh.importer.import_case(exported)) == exported
    finally:
        fresh.close()
