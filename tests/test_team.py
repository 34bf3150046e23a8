"""The team directory: members, availability, and importing a CSV file all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callnotes.app import AppContext
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import (
    MemberDraft,
    availability_at,
    away_phrase,
    days_ago_phrase,
    says_lead,
    short_when,
)
from callnotes.errors import InvalidInputError
from tests.conftest import FakeClock

MON_9 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

GOOD_CSV = """\
Name,Role,Team,Manager,Phone,E-mail,Away until,Away reason
Helen Cho,Head of Support,Support,,+44 20 7946 0100,helen.cho@example.com,,
Aisha Khan,Accounts team lead,Accounts,Helen Cho,020 7946 0120,aisha.khan@example.com,,
Priya Shah,Account manager,Accounts,aisha khan,+44 20 7946 0155,,2026-03-02T15:00:00+00:00,Off-site
"""


def member(**changes: object) -> TeamMemberRecord:
    values: dict[str, object] = {
        "id": 1,
        "name": "Priya Shah",
        "role": "Account manager",
        "team": "Accounts",
        "manager_id": None,
        "phone": "",
        "email": "",
        "away_until": None,
        "away_reason": "",
    }
    values.update(changes)
    return TeamMemberRecord(**values)  # type: ignore[arg-type]


# Availability rules ----------------------------------------------------------------------------


def test_available_unless_inside_an_absence() -> None:
    away = member(
        away_since=MON_9, away_until=MON_9 + timedelta(hours=6), away_reason="Off-site meeting"
    )
    assert availability_at(member(), MON_9).available
    assert not availability_at(away, MON_9 + timedelta(hours=1)).available
    assert availability_at(away, MON_9 - timedelta(minutes=1)).available  # not gone yet
    assert availability_at(away, MON_9 + timedelta(hours=6)).available  # back
    seen = availability_at(away, MON_9 + timedelta(hours=1))
    assert (seen.until, seen.reason) == (MON_9 + timedelta(hours=6), "Off-site meeting")
    # Without a start the absence runs from whenever it was recorded.
    assert not availability_at(member(away_until=MON_9 + timedelta(hours=1)), MON_9).available
    assert away.is_away(MON_9 + timedelta(hours=1)) and not away.is_away(MON_9 - timedelta(1))


def test_absence_described_for_the_reader() -> None:
    away = availability_at(member(away_until=MON_9 + timedelta(days=7)), MON_9)
    assert away_phrase(away, MON_9, UTC) == "away until 9 Mar 09:00"
    assert short_when(MON_9 + timedelta(hours=6), MON_9, UTC) == "15:00"
    assert short_when(MON_9 + timedelta(days=4), MON_9, UTC) == "Fri 09:00"
    assert away_phrase(availability_at(member(), MON_9), MON_9, UTC) == ""
    assert days_ago_phrase(MON_9 - timedelta(days=12, hours=3), MON_9) == "12 days ago"
    assert days_ago_phrase(MON_9 - timedelta(hours=30), MON_9) == "yesterday"
    assert says_lead("Accounts team lead") and says_lead("Team Leader")
    assert not says_lead("Account manager") and not says_lead("Misleading title")


# Members ---------------------------------------------------------------------------------------


def test_a_time_is_given_on_the_clients_clock_too_when_it_differs() -> None:
    from datetime import UTC, datetime

    from callnotes.domain.team import client_clock, short_when_both

    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # a Saturday
    back = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday 09:00 UTC, 04:00 in New York
    assert (
        short_when_both(back, now, "America/New_York", UTC) == "Mon 09:00 (Mon 04:00 client time)"
    )
    assert short_when_both(back, now, "Europe/London", UTC) == "Mon 09:00"  # one clock in winter
    assert short_when_both(back, now, "", UTC) == "Mon 09:00"
    assert short_when_both(back, now, "Not/A_Zone", UTC) == "Mon 09:00"
    assert client_clock(back, now, "Asia/Tokyo", UTC) == "Mon 18:00"


def test_add_edit_remove_and_set_away(ctx: AppContext, clock: FakeClock) -> None:
    ctx.team.default_region = "GB"
    helen = ctx.team.add_member(MemberDraft("Helen Cho", role="Head of Support"))
    priya = ctx.team.add_member(
        MemberDraft("  Priya  Shah ", team="Accounts", manager_id=helen.id, phone="020 7946 0155")
    )
    assert (priya.name, priya.phone, priya.manager_id) == ("Priya Shah", "+442079460155", helen.id)
    priya = ctx.team.update_member(
        priya.id,
        MemberDraft("Priya Shah", role="Account manager", team="Accounts", manager_id=helen.id),
    )
    assert priya.role == "Account manager" and priya.phone == ""

    back = clock.now + timedelta(hours=6)
    away = ctx.team.set_away(priya.id, until=back, reason="Off-site meeting")
    assert away.away_until == back and away.away_since is not None
    assert not availability_at(away, clock.now + timedelta(hours=1)).available
    # Editing the details keeps the absence.
    edited = ctx.team.update_member(priya.id, MemberDraft("Priya Shah", team="Accounts"))
    assert edited.away_reason == "Off-site meeting"
    assert ctx.team.set_back(priya.id).away_until is None

    ctx.team.remove_member(helen.id)
    [left] = ctx.team.members()
    assert left.name == "Priya Shah" and left.manager_id is None
    # The old entry points keep working.
    assert [m.name for m in ctx.clients.team()] == ["Priya Shah"]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (MemberDraft("   "), "The name is empty"),
        (MemberDraft("Ana", email="ana at example"), "is not an e-mail address"),
        (MemberDraft("Ana", phone="call me"), "is not a phone number"),
        (MemberDraft("Ana", role="x" * 201), "The role is longer than 200 characters"),
    ],
)
def test_bad_member_details_are_refused(ctx: AppContext, draft: MemberDraft, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        ctx.team.add_member(draft)
    assert ctx.team.members() == []


def test_a_name_names_one_colleague(ctx: AppContext) -> None:
    # The directory's import, an imported case's people and every list of colleagues tell
    # them apart by name: a second "Sam Okafor" would be a colleague nobody can pick.
    sam = ctx.team.add_member(MemberDraft("Sam Okafor", team="Warehouse"))
    with pytest.raises(InvalidInputError, match="Sam Okafor is in the team directory already"):
        ctx.team.add_member(MemberDraft("  sam  OKAFOR ", team="Accounts"))
    dana = ctx.team.add_member(MemberDraft("Sam Okafor (Berlin)"))
    with pytest.raises(InvalidInputError, match="tell them apart"):
        ctx.team.update_member(dana.id, MemberDraft("Sam Okafor"))
    # A colleague keeps their own name when their details change.
    ctx.team.update_member(sam.id, MemberDraft("Sam Okafor", team="Accounts"))
    assert sorted(m.name for m in ctx.team.members()) == ["Sam Okafor", "Sam Okafor (Berlin)"]


def test_editing_an_absence_keeps_when_it_started(ctx: AppContext, clock: FakeClock) -> None:
    priya = ctx.team.add_member(MemberDraft("Priya Shah", team="Accounts"))
    tom = ctx.team.add_member(MemberDraft("Tom Becker", team="Accounts"))
    left = clock.now - timedelta(hours=11)
    back = clock.now + timedelta(days=2)
    ctx.team.set_away(priya.id, since=left, until=back, reason="Off-site meeting")
    clock.now += timedelta(hours=3)

    # Naming a stand-in, a later return, a new reason: the same absence, from when she left.
    edited = ctx.team.set_away(
        priya.id, until=back, reason="Off-site meeting", stand_in_id=tom.id, name_stand_in=True
    )
    assert (edited.away_since, edited.away_until, edited.stand_in_id) == (left, back, tom.id)
    later = back + timedelta(days=1)
    edited = ctx.team.set_away(priya.id, until=later, reason="Conference")
    assert (edited.away_since, edited.away_until, edited.away_reason) == (left, later, "Conference")
    assert ctx.cover.since_you_left(priya.id).since == left
    # The old entry point keeps it too.
    assert ctx.clients.set_away(priya.id, away_until=later, reason="Leave").away_since == left

    # A start given on purpose moves it.
    moved = ctx.team.set_away(priya.id, since=left - timedelta(days=1), until=later, reason="x")
    assert moved.away_since == left - timedelta(days=1)

    # Once she is back, the next absence is a new one: it starts when it is recorded.
    ctx.team.set_back(priya.id)
    clock.now += timedelta(days=5)
    start = clock.now
    again = ctx.team.set_away(priya.id, until=start + timedelta(hours=4), reason="Dentist")
    assert again.away_since == start
    # Nor does one whose end has passed without her being marked back.
    clock.now += timedelta(days=1)
    start = clock.now
    after = ctx.team.set_away(priya.id, until=start + timedelta(hours=4), reason="Training")
    assert after.away_since == start


def test_away_needs_a_reason_and_an_end_after_the_start(ctx: AppContext, clock: FakeClock) -> None:
    ana = ctx.team.add_member(MemberDraft("Ana Lopes"))
    with pytest.raises(InvalidInputError, match="Say why"):
        ctx.team.set_away(ana.id, until=clock.now + timedelta(hours=1), reason=" ")
    with pytest.raises(InvalidInputError, match="later than"):
        ctx.team.set_away(ana.id, until=clock.now - timedelta(hours=1), reason="Leave")
    assert ctx.team.members()[0].away_until is None


# CSV import ------------------------------------------------------------------------------------


def test_import_resolves_managers_by_name_in_the_file(ctx: AppContext) -> None:
    ctx.team.default_region = "GB"
    summary = ctx.team.import_csv(GOOD_CSV, zone=UTC)
    assert (summary.added, summary.updated) == (3, 0)
    members = {m.name: m for m in ctx.team.members()}
    assert members["Aisha Khan"].manager_id == members["Helen Cho"].id
    assert members["Priya Shah"].manager_id == members["Aisha Khan"].id
    assert members["Aisha Khan"].phone == "+442079460120"  # read in the default region
    priya = members["Priya Shah"]
    assert priya.away_until == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert priya.away_reason == "Off-site"


def test_import_updates_known_names_and_finds_managers_in_the_directory(
    ctx: AppContext,
) -> None:
    helen = ctx.team.add_member(MemberDraft("Helen Cho", role="Head of Support"))
    priya = ctx.team.add_member(MemberDraft("Priya Shah", phone="+44 20 7946 0155"))
    text = "name,team,manager,away_until,away_reason\nPriya Shah,Accounts,Helen Cho,,\n"
    summary = ctx.team.import_csv(text)
    assert (summary.added, summary.updated) == (0, 1)
    [updated] = [m for m in ctx.team.members() if m.id == priya.id]
    assert (updated.team, updated.manager_id) == ("Accounts", helen.id)
    assert updated.phone == "+442079460155"  # no phone column: kept


def test_import_links_each_colleague_to_their_login(ctx: AppContext) -> None:
    ctx.team.add_member(MemberDraft("Helen Cho", db_login="hcho"))
    summary = ctx.team.import_csv("name,login\nPriya Shah,pshah\nTom Becker,\n")
    assert (summary.added, summary.updated) == (2, 0)
    logins = {m.name: m.db_login for m in ctx.team.members()}
    assert logins == {"Helen Cho": "hcho", "Priya Shah": "pshah", "Tom Becker": ""}
    # A file without the column leaves the logins alone.
    ctx.team.import_csv("name,team\nHelen Cho,Support\n")
    assert {m.name: m.db_login for m in ctx.team.members()}["Helen Cho"] == "hcho"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The CSV file is empty"),
        ("role,team\nEngineer,Platform\n", "header row with a 'name' column"),
        ("name,shoe size\nAna,38\n", "column callnotes does not know: 'shoe size'"),
        ("name,role\n", "no members"),
        ("name,manager\nAna,Nobody Known\n", "Row 2: 'manager' nobody called 'Nobody Known'"),
        ("name,email\nAna,ana@example.com\nBen,ben(at)example\n", "Row 3: 'email'"),
        ("name,phone\nAna,+44 20 7946 0100\n\nBen,not a number\n", "Row 4: 'phone'"),
        ("name\nAna\nana\n", "Row 3: 'name' 'ana' is already on row 2"),
        ("name,away_until\nAna,next tuesday\n", "Row 2: 'away_until' 'next tuesday'"),
        ("name,away_until,away_reason\nAna,2026-03-09 09:00,\n", "Row 2: 'away_reason' is empty"),
        ("name,away_reason\nAna,Leave\n", "Row 2: 'away_until' is needed"),
        ("name,manager\nAna,Ana\n", "Row 2: 'manager' cannot be the member themselves"),
        ("name,role\nAna,Engineer,extra\n", "Row 2 has more values than the header"),
        ("name,login\nAna,ana\nBen,ana\n", "Row 3: 'db_login' 'ana' is already on row 2"),
        ("name,login\nAna,ana lopes\n", "Row 2: 'db_login' 'ana lopes' is not a login name"),
        ("name,login\nAna,helen\n", "Helen Cho already logs in as 'helen'"),
    ],
)
def test_a_bad_file_imports_nothing(ctx: AppContext, text: str, message: str) -> None:
    ctx.team.add_member(MemberDraft("Helen Cho", db_login="helen"))
    with pytest.raises(InvalidInputError, match=message.replace("(", r"\(")):
        ctx.team.import_csv(text)
    assert [m.name for m in ctx.team.members()] == ["Helen Cho"]


def test_every_bad_row_is_named_and_the_good_ones_wait(ctx: AppContext) -> None:
    text = (
        "name,email,phone\n"
        "Ana Lopes,ana@example.com,\n"
        ",nobody@example.com,\n"
        "Ben Ode,ben,\n"
        "Cy Park,,12\n"
        "Di Ng,,x\n"
    )
    with pytest.raises(InvalidInputError) as raised:
        ctx.team.import_csv(text)
    message = str(raised.value)
    assert message.startswith("Nothing was imported. Row 3: 'name' is empty")
    assert "Row 4: 'email' 'ben' is not an e-mail address." in message
    assert "Row 5: 'phone' '12' is not a phone number." in message
    assert message.endswith("(and 1 more problem)")
    assert ctx.team.members() == []


def test_import_a_file_from_disk(ctx: AppContext, tmp_path) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes(("\ufeff" + GOOD_CSV).encode("utf-8"))
    ctx.team.default_region = "GB"
    assert ctx.team.import_csv_file(path, zone=UTC).total == 3
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name\nJosé\n".encode("latin-1"))
    with pytest.raises(InvalidInputError, match="not UTF-8"):
        ctx.team.import_csv_file(latin)
    with pytest.raises(InvalidInputError, match="cannot be read"):
        ctx.team.import_csv_file(tmp_path / "missing.csv")
