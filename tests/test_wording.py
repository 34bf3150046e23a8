"""The wording check: blame and unconfirmed causes flagged as hints, neutral facts left alone."""

from __future__ import annotations

import pytest

from callnotes.domain.wording import (
    BLAME_SUGGESTION,
    SPECULATION_SUGGESTION,
    HintKind,
    check_wording,
    describe,
)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Honestly it was their fault, they never told us.", "their fault"),
        ("Marco broke it when he pushed the update.", "Marco broke it"),
        ("They should have known the driver was untested.", "should have known"),
        ("A careless change on Friday night.", "careless"),
        ("The vendor is incompetent.", "incompetent"),
        ("We blame the printer vendor.", "blame"),
    ],
)
def test_blaming_sentences_are_flagged(text: str, phrase: str) -> None:
    [hint] = check_wording(text)
    assert hint.kind is HintKind.BLAME
    assert hint.phrase == phrase
    assert text[hint.start : hint.end] == phrase
    assert hint.suggestion == BLAME_SUGGESTION


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The outage was obviously caused by the driver update.", "obviously caused by"),
        ("It was definitely the new firewall rule.", "definitely"),
        ("The queue must have been full.", "must have been"),
    ],
)
def test_guesses_stated_as_facts_are_flagged_until_the_cause_is_confirmed(
    text: str, phrase: str
) -> None:
    [hint] = check_wording(text)
    assert (hint.kind, hint.phrase, hint.suggestion) == (
        HintKind.SPECULATION,
        phrase,
        SPECULATION_SUGGESTION,
    )
    assert check_wording(text, cause_confirmed=True) == []


@pytest.mark.parametrize(
    "text",
    [
        "The printer driver update at 22:40 stopped label printing.",
        "The update broke the label template; we rolled it back at 11:05.",
        "We believe the print queue filled up; we are confirming it with the vendor.",
        "A blameless review: nobody's fault is the question, only what happened.",
        "Dana confirmed all labels print again.",
    ],
)
def test_neutral_sentences_are_not_flagged(text: str) -> None:
    assert check_wording(text) == []


def test_several_hints_come_in_order_with_a_line_each() -> None:
    text = "It was definitely their fault and careless."
    hints = check_wording(text)
    assert [h.phrase for h in hints] == ["definitely", "their fault", "careless"]
    assert describe(hints)[1] == f"“their fault”: {BLAME_SUGGESTION}"
