"""A contact's e-mail address: one lenient check, on the card's path and the import's."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.domain.emails import email_address
from callnotes.errors import InvalidFieldError


@pytest.mark.parametrize(
    "typed",
    ["dana@example.com", " dana.whitfield+cases@northwind.co.uk ", "أحمد@شركة.امارات", ""],
)
def test_an_address_or_nothing_is_accepted(typed: str) -> None:
    assert email_address(typed) == typed.strip()


@pytest.mark.parametrize(
    "typed",
    ["ahmed@", "@gulf.ae", "ahmed.gulf.ae", "ahmed@gulf", "ahmed@gulf.", "a@b@c.de", "a b@c.de"],
)
def test_what_is_plainly_not_an_address_is_refused(typed: str) -> None:
    assert email_address(typed) is None


def test_the_contact_service_refuses_a_half_address_and_names_the_field(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Gulf Shipping", timezone="Asia/Dubai")
    with pytest.raises(InvalidFieldError, match="'ahmed@' is not an e-mail address") as refused:
        ctx.clients.add_contact(client.id, "Ahmed", email="ahmed@")
    assert refused.value.field == "email"
    assert ctx.clients.get_client(client.id).contacts == ()

    ahmed = ctx.clients.add_contact(client.id, "Ahmed", email=" ahmed@gulf.ae ")
    assert ahmed.email == "ahmed@gulf.ae"
    with pytest.raises(InvalidFieldError, match=r"write it like dana@example\.com"):
        ctx.clients.update_contact(ahmed.id, name="Ahmed", email="ahmed@gulf")
    assert ctx.clients.get_client(client.id).contacts[0].email == "ahmed@gulf.ae"
