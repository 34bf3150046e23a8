"""Correcting a client's name or time zone, and listing clients."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.domain.people import ClientRecord
from callnotes.errors import InvalidInputError, NotFoundError


@pytest.fixture
def northwnd(ctx: AppContext) -> ClientRecord:
    client = ctx.clients.create_client("Northwnd Logistcs", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Labels do not print")
    ctx.timeline.add_entry(case.id, "Printer driver update pushed at 22:40.")
    return client


def test_a_typo_in_the_name_is_corrected_everywhere_it_shows(
    ctx: AppContext, northwnd: ClientRecord
) -> None:
    changed = ctx.clients.update_client(
        northwnd.id, name="  Northwind   Logistics ", timezone="Europe/Dublin"
    )
    assert (changed.name, changed.timezone) == ("Northwind Logistics", "Europe/Dublin")
    assert ctx.clients.get_client(northwnd.id).name == "Northwind Logistics"
    assert [c.client_name for c in ctx.cases.list_cases()] == ["Northwind Logistics"]
    assert [h.client_name for h in ctx.search.search("driver")] == ["Northwind Logistics"]


def test_the_change_adds_nothing_to_the_timeline(ctx: AppContext, northwnd: ClientRecord) -> None:
    [case] = ctx.cases.list_cases()
    before = ctx.timeline.entries(case.id)
    ctx.clients.update_client(northwnd.id, name="Northwind Logistics", timezone="Europe/London")
    assert ctx.timeline.entries(case.id) == before


def test_only_the_case_of_letters_can_change_too(ctx: AppContext, northwnd: ClientRecord) -> None:
    changed = ctx.clients.update_client(northwnd.id, name="NORTHWND LOGISTCS", timezone="UTC")
    assert changed.name == "NORTHWND LOGISTCS"


@pytest.mark.parametrize(
    ("name", "timezone", "message"),
    [
        ("   ", "Europe/London", "A client needs a name."),
        ("fabrikam bakeries", "Europe/London", "Another client is already called Fabrikam"),
        ("Northwind Logistics", "Europe/Lndon", "'Europe/Lndon' is not a known time zone"),
        ("Northwind Logistics", "", "'' is not a known time zone"),
    ],
)
def test_a_name_or_time_zone_that_cannot_be_used_is_refused_and_nothing_changes(
    ctx: AppContext, northwnd: ClientRecord, name: str, timezone: str, message: str
) -> None:
    ctx.clients.create_client("Fabrikam Bakeries")
    with pytest.raises(InvalidInputError, match=message):
        ctx.clients.update_client(northwnd.id, name=name, timezone=timezone)
    stored = ctx.clients.get_client(northwnd.id)
    assert (stored.name, stored.timezone) == ("Northwnd Logistcs", "Europe/London")


def test_an_unknown_client_cannot_be_renamed(ctx: AppContext) -> None:
    with pytest.raises(NotFoundError, match=r"There is no client with id 5\."):
        ctx.clients.update_client(5, name="Anyone", timezone="UTC")


def test_clients_are_listed_by_name_with_their_number_of_cases(
    ctx: AppContext, northwnd: ClientRecord
) -> None:
    lone = ctx.clients.create_client("contoso Pharmacy")
    fabrikam = ctx.clients.create_client("Fabrikam Bakeries")
    ctx.cases.open_case(fabrikam.id, "Ovens offline")
    ctx.cases.open_case(fabrikam.id, "Card payments fail")
    listed = [(c.id, c.name, c.case_count) for c in ctx.clients.list_clients()]
    assert listed == [
        (lone.id, "contoso Pharmacy", 0),
        (fabrikam.id, "Fabrikam Bakeries", 2),
        (northwnd.id, "Northwnd Logistcs", 1),
    ]


def test_business_hours_are_read_before_they_are_stored_and_a_colleagues_stay(
    ctx: AppContext, northwnd: ClientRecord
) -> None:
    with pytest.raises(InvalidInputError, match="have no opening times"):
        ctx.clients.update_client(
            northwnd.id, name=northwnd.name, timezone="Europe/London", business_hours="weekdays"
        )
    assert ctx.clients.get_client(northwnd.id).business_hours == ""
    with pytest.raises(InvalidInputError, match="at most 100 characters"):
        ctx.clients.update_client(
            northwnd.id, name=northwnd.name, timezone="Europe/London",
            business_hours="Mon 09:00-17:00; " * 7,
        )  # fmt: skip

    # A colleague sets the hours while the agent has the details open: theirs stand, and the
    # agent's are kept beside on the case's timeline.
    seen = ctx.clients.get_client(northwnd.id)
    ctx.clients.update_client(
        northwnd.id, name=seen.name, timezone=seen.timezone, business_hours="Mon-Fri 08:00-16:00"
    )
    mine = ctx.clients.update_client(
        northwnd.id, name=seen.name, timezone=seen.timezone,
        business_hours="Mon-Fri 09:00-17:30", started_from=seen, case_id=1,
    )  # fmt: skip
    assert ctx.clients.get_client(northwnd.id).business_hours == "Mon-Fri 08:00-16:00"
    assert [field for field, _sentence in mine.kept_beside] == ["business_hours"]
    # Left out (None), the hours stay as they are.
    ctx.clients.update_client(northwnd.id, name="Northwind Logistics", timezone="Europe/London")
    assert ctx.clients.get_client(northwnd.id).business_hours == "Mon-Fri 08:00-16:00"
