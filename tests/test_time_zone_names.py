"""A client's time zone named as an agent names it: by its city, spaces, any case, no accents."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.domain.time_zones import zone_named
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
