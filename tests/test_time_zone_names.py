"""A client's time zone named as an agent names it: by its city, spaces, any case, no accents."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callnotes.app import AppContext
from callnotes.domain.time_zones import times_note, zone_label, zone_named
from callnotes.errors import InvalidFieldError


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("New York", "America/New_York"),
        ("new york", "America/New_York"),
        ("  NEW   YORK ", "America/New_York"),
        ("sao paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("london", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("America/New York", "America/New_York"),
        ("Europe/Berlin", "Europe/Berlin"),
    ],
)
def test_a_city_or_a_zone_name_typed_any_way_names_the_zone(typed: str, zone: str) -> None:
    assert zone_named(typed) == zone


@pytest.mark.parametrize("typed", ["Mars/Olympus", "", "America", "York"])
def test_what_names_no_zone_names_none(typed: str) -> None:
    assert zone_named(typed) is None


def test_the_client_service_stores_the_zone_a_city_names(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind", timezone="new york")
    assert client.timezone == "America/New_York"
    moved = ctx.clients.set_usual_contact(client.id, None, timezone="São Paulo")
    assert moved.timezone == "America/Sao_Paulo"
    with pytest.raises(InvalidFieldError, match="'Mars' is not a known time zone") as refused:
        ctx.clients.set_usual_contact(client.id, None, timezone="Mars")
    assert refused.value.field == "timezone"


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Europe/London", "London"),
        ("America/Sao_Paulo", "Sao Paulo"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("Etc/UTC", "UTC"),
        ("UTC", "UTC"),
        ("Etc/GMT+5", "Etc/GMT+5"),  # no city: the name itself
    ],
)
def test_a_zone_is_named_as_a_reader_names_it(zone: str, label: str) -> None:
    assert zone_label(zone) == label


def test_the_times_note_names_the_city_and_the_abbreviation_in_force() -> None:
    summer = datetime(2026, 7, 1, 12, tzinfo=UTC)
    winter = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert times_note("Europe/London", summer) == "Times are London time (BST)"
    assert times_note("Europe/London", winter) == "Times are London time (GMT)"
    assert times_note("Europe/Paris") == "Times are Paris time"
    # Universal time is said once, not "Etc/UTC time (UTC)".
    assert times_note("Etc/UTC", summer) == "Times are UTC"
