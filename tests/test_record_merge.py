"""Two agents changing one client card or amending one entry at once: no change lost unseen.

The same rule as for an issue (``test_issue_merge.py``): a save says what the record was when
the agent began; what a colleague changed since keeps their version, the agent's is kept on the
case's timeline beside it, and the save says so.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from callnotes.app import AppContext
from callnotes.domain.merge import Kept, ago, merge
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind


def kept_entries(ctx: AppContext, case_id: int) -> list[str]:
    return [
        e.text
        for e in ctx.timeline.entries(case_id)
        if e.text.startswith("Kept beside") and e.internal
    ]


def who(ctx: AppContext) -> str:
    """Who a notice names for a case's record: on a team database, the login from the audit
    log (the server's own here); on one desktop, "A colleague"."""
    return "A colleague" if ctx.db.is_sqlite else "postgres"


# A client's card is not part of a case's audit chain: its notice does not name who.
SOMEONE = "A colleague"


# The rule itself ----------------------------------------------------------------------------


def test_the_rule_saves_what_only_the_agent_changed_and_keeps_what_both_did() -> None:
    current = {"a": "theirs", "b": "same", "c": "new", "d": "x"}
    mine = {"a": "mine", "b": "mine too", "c": "new", "d": "x"}
    began = {"a": "old", "b": "same", "c": "old"}
    merged = merge(current, mine, began)
    assert merged.changes == {"b": "mine too"}  # c: both typed the same; d: nobody changed it
    assert merged.kept == (Kept("a", "mine", "theirs"),)


def test_a_field_the_agent_left_as_found_lets_the_colleagues_stand_without_a_word() -> None:
    merged = merge({"a": "theirs"}, {"a": "old"}, {"a": "old"})
    assert merged.changes == {} and merged.kept == ()


def test_without_a_starting_point_the_agent_s_value_is_saved() -> None:
    assert merge({"a": "theirs"}, {"a": "mine"}, {}).changes == {"a": "mine"}


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(2, "just now"), (8, "8 s ago"), (400, "6 min ago"), (4 * 3600, "4 h ago")],
)
def test_how_long_ago_is_said(seconds: int, said: str) -> None:
    assert ago(timedelta(seconds=seconds)) == said


# A client card ------------------------------------------------------------------------------


@pytest.fixture
def on_case(ctx: AppContext):
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    contact = ctx.clients.add_contact(
        client.id, "Dana Whitfield", role="Ops", phones=["+44 20 7946 0321"], email="d@nw.example"
    )
    case_id = ctx.cases.open_case(client.id, "Labels").id
    return case_id, ctx.clients.get_client(client.id), contact


def test_a_card_detail_a_colleague_changed_meanwhile_keeps_theirs(ctx: AppContext, on_case):
    case_id, _client, found = on_case
    # Tom, from the same card, changes the e-mail; Ann changes the e-mail and the best times.
    ctx.clients.update_contact(
        found.id,
        name=found.name,
        role=found.role,
        phones=found.phones,
        email="dana.whitfield@nw.example",
        started_from=found,
        case_id=case_id,
    )
    saved = ctx.clients.update_contact(
        found.id,
        name=found.name,
        role=found.role,
        phones=["+44 20 7946 0321"],  # the number as the card shows it: not a change
        email="dana@northwind.example",
        preferred_method=ContactMethod.EMAIL,
        best_times="mornings",
        started_from=found,
        case_id=case_id,
    )
    assert saved.email == "dana.whitfield@nw.example"  # Tom's stands
    assert (saved.best_times, saved.preferred_method) == ("mornings", ContactMethod.EMAIL)
    assert saved.phones == ("+442079460321",)
    [(field, sentence)] = saved.kept_beside
    assert field == "email"
    assert sentence.startswith(f"{SOMEONE} changed the e-mail")
    assert sentence.endswith(" — yours is kept on the timeline.")
    [kept] = kept_entries(ctx, case_id)
    assert kept.startswith(f"Kept beside {SOMEONE}'s change to the e-mail of Dana Whitfield's")
    assert "“dana@northwind.example”" in kept
    stored = ctx.clients.get_client(found.client_id).contacts[0]
    assert stored.email == "dana.whitfield@nw.example" and stored.best_times == "mornings"


def test_a_card_saved_without_a_colleague_in_between_is_saved_whole(ctx: AppContext, on_case):
    case_id, _client, found = on_case
    saved = ctx.clients.update_contact(
        found.id,
        name="Dana Whitfield-Ng",
        role="Head of Operations",
        phones=found.phones,
        email=found.email,
        started_from=found,
        case_id=case_id,
    )
    assert (saved.name, saved.role, saved.kept_beside) == (
        "Dana Whitfield-Ng",
        "Head of Operations",
        (),
    )
    assert kept_entries(ctx, case_id) == []


def test_the_usual_contact_a_colleague_chose_meanwhile_stands(ctx: AppContext, on_case):
    case_id, client, _contact = on_case
    priya = ctx.clients.create_team_member("Priya Shah")
    marco = ctx.clients.create_team_member("Marco Rossi")
    ctx.clients.set_usual_contact(
        client.id, priya.id, timezone=client.timezone, started_from=client, case_id=case_id
    )
    # Ann, from the card as it was, chooses Marco and moves the client to Berlin.
    saved = ctx.clients.set_usual_contact(
        client.id, marco.id, timezone="Europe/Berlin", started_from=client, case_id=case_id
    )
    assert saved.usual_contact is not None and saved.usual_contact.name == "Priya Shah"
    assert saved.timezone == "Europe/Berlin"  # only Ann changed the zone
    [(field, sentence)] = saved.kept_beside
    assert field == "usual_contact_id" and "changed the usual contact" in sentence
    [kept] = kept_entries(ctx, case_id)
    assert "usual contact of Northwind Logistics" in kept and "“Marco Rossi”" in kept


# An entry's amendment -----------------------------------------------------------------------


def test_an_amendment_meeting_a_colleague_s_keeps_theirs_and_keeps_ours_beside(
    ctx: AppContext, on_case
):
    case_id, _client, _contact = on_case
    found = ctx.timeline.add_entry(case_id, "Labels blank at 3 stations", EntryKind.CLIENT_SAID)
    ctx.timeline.amend_entry(found.id, "Labels blank at 6 stations", started_from=found)
    mine = ctx.timeline.amend_entry(
        found.id, "Labels blank at the packing stations", started_from=found
    )
    assert mine.text == "Labels blank at 6 stations"  # Tom's amendment stands
    assert [r.previous_text for r in mine.revisions] == ["Labels blank at 3 stations"]
    [(part, sentence)] = mine.kept_beside
    assert part == "text" and sentence.startswith(f"{who(ctx)} changed the wording")
    [kept] = kept_entries(ctx, case_id)
    assert kept.startswith(f"Kept beside {who(ctx)}'s change to the wording of the entry “Labels")
    assert "“Labels blank at the packing stations”" in kept


def test_two_amendments_of_different_parts_both_land(ctx: AppContext, on_case):
    case_id, _client, _contact = on_case
    found = ctx.timeline.add_entry(case_id, "Restarted the label service", EntryKind.NOTE)
    ctx.timeline.amend_entry(found.id, found.text, for_client=True, started_from=found)
    mine = ctx.timeline.amend_entry(
        found.id, "Restarted the label service at 10:05", started_from=found
    )
    assert (mine.text, mine.for_client, mine.kept_beside) == (
        "Restarted the label service at 10:05",
        True,
        (),
    )
    assert [(r.previous_text, r.previous_for_client) for r in mine.revisions] == [
        ("Restarted the label service", False),
        ("Restarted the label service", True),
    ]


def test_an_amendment_that_says_nothing_of_where_it_started_is_saved(ctx: AppContext, on_case):
    case_id, _client, _contact = on_case
    found = ctx.timeline.add_entry(case_id, "First wording", EntryKind.NOTE)
    ctx.timeline.amend_entry(found.id, "Tom's wording")
    assert ctx.timeline.amend_entry(found.id, "Ann's wording").text == "Ann's wording"


def test_a_client_renamed_meanwhile_keeps_the_colleagues_name(ctx: AppContext, on_case):
    case_id, client, _contact = on_case
    ctx.clients.update_client(
        client.id,
        name="Northwind Logistics Ltd",
        timezone=client.timezone,
        started_from=client,
        case_id=case_id,
    )
    saved = ctx.clients.update_client(
        client.id,
        name="Northwind Logistics GmbH",
        timezone="Europe/Berlin",
        started_from=client,
        case_id=case_id,
    )
    assert (saved.name, saved.timezone) == ("Northwind Logistics Ltd", "Europe/Berlin")
    [(field, _sentence)] = saved.kept_beside
    assert field == "name"
    [kept] = kept_entries(ctx, case_id)
    assert "“Northwind Logistics GmbH”" in kept
