"""Find names a client's cases by a contact's name or phone number, not only by its own name."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.domain.cases import CaseSummary


@pytest.fixture
def clients(ctx: AppContext) -> dict[str, CaseSummary]:
    """Two clients with contacts; the agent's phone region is the default (US), not theirs."""
    north = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    ctx.clients.add_contact(north.id, "Dana Whitfield", phones=["+44 20 7946 0321"])
    labels = ctx.cases.open_case(north.id, "Warehouse cannot print delivery labels")
    cafe = ctx.clients.create_client("Café Lumière", timezone="Europe/Madrid")
    ctx.clients.add_contact(cafe.id, "José Núñez", phones=["+34 912 345 678"])
    till = ctx.cases.open_case(cafe.id, "Till freezes at closing")
    return {"labels": ctx.cases.get_case(labels.id), "till": ctx.cases.get_case(till.id)}


@pytest.mark.parametrize(
    "typed",
    [
        "020 7946 0321",  # national, as the client's country writes it (not the agent's US)
        "+442079460321",  # E.164
        "+44 20 7946 0321",  # international, as shown
        "0044 20 7946 0321",  # dialled from Europe
        "+44 (0)20 7946 0321",  # the trunk zero in brackets
        "7946 0321",  # without the area code
        "(020) 7946-0321",
    ],
)
def test_a_contacts_number_in_any_usual_format_finds_the_clients_cases(
    ctx: AppContext, clients: dict[str, CaseSummary], typed: str
) -> None:
    found = ctx.case_finder.find(typed)
    assert [(f.case.id, f.contact) for f in found] == [
        (clients["labels"].id, "Dana Whitfield, +44 20 7946 0321")
    ]


def test_a_few_digits_or_a_number_nobody_has_find_no_client(
    ctx: AppContext, clients: dict[str, CaseSummary]
) -> None:
    assert ctx.case_finder.find("0321") == []  # too short to be a number
    assert ctx.case_finder.find("020 7946 0999") == []
    assert ctx.case_finder.find("+1 212 555 0100") == []


@pytest.mark.parametrize("typed", ["nunez", "Núñez", "JOSE", "jos nun", "nunez cafe", "jose till"])
def test_a_contacts_name_finds_the_clients_cases_accents_and_case_folded(
    ctx: AppContext, clients: dict[str, CaseSummary], typed: str
) -> None:
    found = ctx.case_finder.find(typed)
    assert [(f.case.id, f.contact) for f in found] == [(clients["till"].id, "José Núñez")]


def test_every_word_must_match_the_case_its_client_or_one_contact(
    ctx: AppContext, clients: dict[str, CaseSummary]
) -> None:
    assert [f.case.id for f in ctx.case_finder.find("whitfield labels")] == [clients["labels"].id]
    assert ctx.case_finder.find("whitfield till") == []
    assert ctx.case_finder.find("dana nunez") == []  # two contacts of different clients
    assert ctx.case_finder.find("field") == []  # words are matched from their start


def test_a_case_found_by_its_own_words_says_no_contact(
    ctx: AppContext, clients: dict[str, CaseSummary]
) -> None:
    [found] = ctx.case_finder.find("northwind")
    assert (found.case.id, found.contact) == (clients["labels"].id, "")
    [found] = ctx.case_finder.find("lumiere")  # accents folded for cases not read as well
    assert found.case.id == clients["till"].id


def test_only_this_client_keeps_to_its_contacts(
    ctx: AppContext, clients: dict[str, CaseSummary]
) -> None:
    till = clients["till"]
    assert ctx.case_finder.find("nunez", client_id=clients["labels"].client_id) == []
    assert [f.case.id for f in ctx.case_finder.find("nunez", client_id=till.client_id)] == [till.id]


def test_cases_already_read_are_matched_with_the_others_newest_first(
    ctx: AppContext, clients: dict[str, CaseSummary]
) -> None:
    north = clients["labels"].client_id
    older = clients["labels"]
    newer = ctx.cases.open_case(north, "Driver log-outs")
    found = ctx.case_finder.find("dana", listed=[older])
    assert [f.case.id for f in found] == [newer.id, older.id]
    assert {f.contact for f in found} == {"Dana Whitfield"}


def test_a_contact_added_or_renamed_after_a_search_is_found_by_the_next(
    ctx: AppContext, clients: dict[str, CaseSummary]
) -> None:
    assert ctx.case_finder.find("okafor") == []  # the names are read (and kept) here
    north = clients["labels"].client_id
    sam = ctx.clients.add_contact(north, "Sam Okafor")
    found = ctx.case_finder.find("okafor")
    assert [(f.case.id, f.contact) for f in found] == [(clients["labels"].id, "Sam Okafor")]
    ctx.clients.update_contact(sam.id, name="Samuel Reid")
    assert [f.contact for f in ctx.case_finder.find("reid")] == ["Samuel Reid"]
    assert ctx.case_finder.find("okafor") == []
