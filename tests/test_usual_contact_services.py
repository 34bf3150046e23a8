"""Who a client's usual contact is: set for the client, or for a colleague's clients."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.errors import InvalidInputError, NotFoundError


def test_a_client_gets_a_usual_contact_and_a_zone_in_one_go(ctx: AppContext) -> None:
    priya = ctx.clients.create_team_member("Priya Shah")
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    changed = ctx.clients.set_usual_contact(client.id, priya.id, timezone=" Europe/Dublin ")
    assert changed.usual_contact is not None and changed.usual_contact.name == "Priya Shah"
    assert changed.timezone == "Europe/Dublin"
    cleared = ctx.clients.set_usual_contact(client.id, None)
    assert cleared.usual_contact is None and cleared.timezone == "Europe/Dublin"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "America", "", "Europe/"])
def test_a_zone_nobody_knows_is_refused_in_one_sentence(ctx: AppContext, zone: str) -> None:
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    with pytest.raises(InvalidInputError, match="is not a known time zone"):
        ctx.clients.set_usual_contact(client.id, None, timezone=zone)
    assert ctx.clients.get_client(client.id).timezone == "Europe/London"


def test_a_removed_colleague_cannot_become_the_usual_contact(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind Logistics")
    with pytest.raises(NotFoundError, match="no longer in the team directory"):
        ctx.clients.set_usual_contact(client.id, 999)


def test_the_directory_sets_exactly_the_clients_of_a_colleague(ctx: AppContext) -> None:
    priya = ctx.clients.create_team_member("Priya Shah")
    tom = ctx.clients.create_team_member("Tom Becker")
    north = ctx.clients.create_client("Northwind Logistics", usual_contact_id=priya.id)
    fabrikam = ctx.clients.create_client("Fabrikam Bakeries", usual_contact_id=tom.id)
    contoso = ctx.clients.create_client("contoso dental")

    assert ctx.team.set_usual_contact_for(priya.id, [fabrikam.id, contoso.id]) == 3
    links = {c.name: c.usual_contact_name for c in ctx.team.clients()}
    assert links == {
        "contoso dental": "Priya Shah",
        "Fabrikam Bakeries": "Priya Shah",
        "Northwind Logistics": "",
    }
    assert [c.name for c in ctx.team.clients()] == [
        "contoso dental",
        "Fabrikam Bakeries",
        "Northwind Logistics",
    ]
    assert ctx.team.set_usual_contact_for(priya.id, [fabrikam.id, contoso.id]) == 0
    with pytest.raises(NotFoundError):
        ctx.team.set_usual_contact_for(priya.id, [north.id, 999])
    assert ctx.clients.get_client(north.id).usual_contact is None
