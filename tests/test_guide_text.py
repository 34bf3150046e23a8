"""The guide's text below the UI: filling placeholders, gaps, and steps worded per situation."""

from __future__ import annotations

import pytest

from callnotes.domain.playbooks import (
    Gap,
    PlaybookError,
    Situation,
    parse_playbook,
    pieces,
    situations_of,
)

WORDED = """
id = "w"
name = "W"
[[steps]]
id = "usual"
title = "Usual contact is away"
prompt = "Say why {usual_contact} is away."
phrases = ["{usual_contact} is away ({away_reason})."]
[steps.when.usual_contact_available]
title = "Usual contact is in"
phrases = ["{usual_contact} is in today."]
[steps.when.no_usual_contact]
title = "Usual contact not set"
prompt = "Ask who they deal with ({key:edit_card})."
phrases = []
"""


def test_pieces_fill_what_is_known_and_leave_gaps_for_the_rest() -> None:
    values = {"agent": "Vinh", "key:edit_card": "Ctrl+E", "company": ""}
    assert pieces("Hello {company}. This is {agent} ({key:edit_card}) {key:nope}", values) == [
        "Hello ",
        Gap("company"),
        ". This is Vinh (Ctrl+E) ",
        Gap("key:nope"),
    ]
    assert Gap("key:nope").key == "nope" and Gap("company").key == ""
    assert pieces("no placeholders, a stray { and }", {}) == ["no placeholders, a stray { and }"]
    assert pieces("", {}) == []


def test_situations_follow_the_usual_contact() -> None:
    assert situations_of({}) == {Situation.NO_USUAL_CONTACT}
    assert situations_of({"usual_contact": "Priya"}) == {Situation.USUAL_CONTACT_AVAILABLE}
    assert situations_of({"usual_contact": "Priya", "away_until": "at 14:00"}) == frozenset()


def test_a_step_is_worded_for_each_situation() -> None:
    [step] = parse_playbook(WORDED, "w.toml").steps
    away = step.worded(frozenset())
    assert (away.title, away.phrases) == (
        "Usual contact is away",
        ("{usual_contact} is away ({away_reason}).",),
    )
    available = step.worded({Situation.USUAL_CONTACT_AVAILABLE})
    assert available.title == "Usual contact is in"
    assert available.prompt == "Say why {usual_contact} is away.", "left out: the step's own"
    unset = step.worded({Situation.NO_USUAL_CONTACT})
    assert (unset.title, unset.phrases) == ("Usual contact not set", ())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("[steps.when.someday]\ntitle = 'x'", "unknown situation 'someday'"),
        ("[steps.when.no_usual_contact]\ntitle = ''", "'when.no_usual_contact.title'"),
        ("[steps.when.no_usual_contact]\nphrases = 'one'", "phrases must be a list"),
    ],
)
def test_a_badly_worded_situation_is_named(extra: str, message: str) -> None:
    text = 'id = "w"\nname = "W"\n[[steps]]\nid = "a"\ntitle = "A"\n' + extra
    with pytest.raises(PlaybookError, match=r"w\.toml") as info:
        parse_playbook(text, "w.toml")
    assert message in str(info.value)
