"""Starting calls for callers nobody knows yet: remembered by number, in the right time zone."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from callnotes.app import AppContext
from callnotes.domain.phones import zone_of_number
from callnotes.local_zone import local_zone_name
from callnotes.services.calls.intake import IntakeService
from callnotes.settings import Settings

BERLIN = "030 1234567"  # written as a German caller's number arrives without a country code
AU_MOBILE = "+61 412 345 678"  # Perth to Sydney: the number alone cannot say which


@pytest.fixture
def german(ctx: AppContext) -> AppContext:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="DE"))
    return ctx


def intake_in(ctx: AppContext, zone: str) -> IntakeService:
    """The app's intake, on a computer whose own time zone is *zone*."""
    return IntakeService(ctx.db, ctx.clients, ctx.cases, ctx.calls, agent_zone=lambda: zone)


def test_a_number_alone_starts_the_call_and_is_kept_on_a_contact(german: AppContext) -> None:
    ctx = german
    started = ctx.intake.start_new_case(case_title="", number=BERLIN)

    card = ctx.intake.card(started.call.id)
    assert card.contact is not None
    assert card.contact.name == "Caller +49 30 1234567"
    assert card.contact.phones[0] == "+49301234567"
    assert card.client.name == "Caller +49 30 1234567"
    assert started.call.contact_id == card.contact.id
    [match] = ctx.intake.lookup("+49 30 1234567")
    assert match.client_id == card.client.id


def test_a_second_call_from_the_number_finds_the_first_caller(german: AppContext) -> None:
    ctx = german
    first = ctx.intake.start_new_case(case_title="", number=BERLIN)
    second = ctx.intake.start_new_case(case_title="", number="+49 30 1234567")

    assert [c.name for c in ctx.clients.list_clients()] == ["Caller +49 30 1234567"]
    assert second.call.contact_id == first.call.contact_id
    assert second.case.client_id == first.case.client_id
    client = ctx.clients.get_client(first.case.client_id)
    assert len(client.contacts) == 1


def test_the_name_the_phone_shows_is_kept_with_the_number(german: AppContext) -> None:
    ctx = german
    started = ctx.intake.start_new_case(case_title="", number=BERLIN, contact_name="Lee Marsh")
    card = ctx.intake.card(started.call.id)
    assert (card.contact.name, card.client.name) == ("Lee Marsh", "Lee Marsh")
    assert card.contact.phones[0] == "+49301234567"


def test_a_name_given_on_a_later_call_names_the_caller_kept_by_number(german: AppContext) -> None:
    ctx = german
    first = ctx.intake.start_new_case(case_title="", number=BERLIN)
    contact_id = first.call.contact_id
    assert contact_id is not None

    again = ctx.intake.start_on_case(
        first.case.id, contact_id=contact_id, number=BERLIN, phone_name="Lee Marsh"
    )

    card = ctx.intake.card(again.call.id)
    assert (card.contact.name, card.client.name) == ("Lee Marsh", "Lee Marsh")
    # A real name is never overwritten by what a phone shows.
    ctx.intake.start_on_case(first.case.id, contact_id=contact_id, number=BERLIN, phone_name="LM")
    assert ctx.clients.get_client(first.case.client_id).contacts[0].name == "Lee Marsh"


def test_another_name_from_a_known_number_is_another_contact_at_that_client(
    german: AppContext,
) -> None:
    ctx = german
    first = ctx.intake.start_new_case(case_title="", number=BERLIN, contact_name="Lee Marsh")
    second = ctx.intake.start_new_case(case_title="", number=BERLIN, contact_name="Priya Shah")
    assert second.case.client_id == first.case.client_id
    names = sorted(c.name for c in ctx.clients.get_client(first.case.client_id).contacts)
    assert names == ["Lee Marsh", "Priya Shah"]
    assert len(ctx.clients.list_clients()) == 1


def test_a_call_can_start_with_nothing_known_at_all(german: AppContext) -> None:
    started = german.intake.start_new_case(case_title="")
    card = german.intake.card(started.call.id)
    assert card.client.name == "Unknown caller"
    assert card.contact is None and started.call.number == ""


def test_a_new_client_lives_in_the_zone_of_their_number(german: AppContext) -> None:
    intake = intake_in(german, "Asia/Tokyo")
    berlin = intake.start_new_case(case_title="", number=BERLIN)
    new_york = intake.start_new_case(case_title="", number="+1 201 555 0123")
    assert german.clients.get_client(berlin.case.client_id).timezone == "Europe/Berlin"
    assert german.clients.get_client(new_york.case.client_id).timezone == "America/New_York"


def test_a_number_with_many_zones_or_none_gives_the_agent_s_own(german: AppContext) -> None:
    intake = intake_in(german, "Australia/Perth")
    mobile = intake.start_new_case(case_title="", number=AU_MOBILE)
    nothing = intake.start_new_case(case_title="", contact_name="Sam")
    assert german.clients.get_client(mobile.case.client_id).timezone == "Australia/Perth"
    assert german.clients.get_client(nothing.case.client_id).timezone == "Australia/Perth"


def test_the_app_puts_a_new_client_in_this_computer_s_zone(
    german: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/Chicago")
    started = german.intake.start_new_case(case_title="", number=AU_MOBILE)
    assert german.clients.get_client(started.case.client_id).timezone == "America/Chicago"


def test_a_zone_the_computer_names_wrongly_falls_back_to_utc(german: AppContext) -> None:
    started = intake_in(german, "Mars/Olympus").start_new_case(case_title="", contact_name="Sam")
    assert german.clients.get_client(started.case.client_id).timezone == "UTC"


@pytest.mark.parametrize(
    ("number", "zone"),
    [
        ("+49301234567", "Europe/Berlin"),
        ("+442079460321", "Europe/London"),
        ("+61412345678", None),  # eight zones
        ("+15555555555", None),  # libphonenumber cannot place it
        ("not a number", None),
    ],
)
def test_the_zone_of_a_number(number: str, zone: str | None) -> None:
    assert zone_of_number(number) == zone


def test_the_local_zone_comes_from_tz_then_the_system(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    os.symlink("/usr/share/zoneinfo/Europe/Vienna", link)
    named = tmp_path / "timezone"
    named.write_text("Europe/Oslo\n", encoding="utf-8")
    missing = tmp_path / "missing"

    assert local_zone_name({"TZ": ":Asia/Tokyo"}, link, named) == "Asia/Tokyo"
    assert local_zone_name({"TZ": "CET-1CEST"}, link, named) == "Europe/Vienna"
    assert local_zone_name({}, missing, named) == "Europe/Oslo"
    assert local_zone_name({"TZ": "../../etc/passwd"}, missing, missing) == "UTC"


def test_a_hang_up_is_recorded_and_wrap_up_keeps_it(german: AppContext, clock) -> None:
    ctx = german
    started = ctx.intake.start_new_case(case_title="", number=BERLIN)
    clock.now += timedelta(minutes=3)
    hung_up = ctx.calls.hang_up(started.call.id, talk_seconds=175, hold_seconds=5)
    assert hung_up.ended_at is not None and hung_up.talk_seconds == 175
    assert ctx.calls.open_call(started.case.id) is None

    clock.now += timedelta(minutes=4)  # the agent finishes their notes
    wrapped = ctx.calls.wrap_up(
        started.call.id, talk_seconds=415, hold_seconds=5, missing=["No issue was recorded."]
    )

    assert (wrapped.ended_at, wrapped.talk_seconds, wrapped.hold_seconds) == (
        hung_up.ended_at,
        175,
        5,
    )
    assert "No issue was recorded." in ctx.timeline.entries(started.case.id)[-1].text
