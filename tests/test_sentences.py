"""Sentences typed by people and sentences added by the app never run together."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.domain.sentences import ended, join_sentences


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("The fix is being tested", "The fix is being tested."),
        ("The fix is being tested.  ", "The fix is being tested."),
        ("Is it fixed?", "Is it fixed?"),
        ("Fixed!", "Fixed!"),
        ("Wait…", "Wait…"),
        ('Dana said "it prints."', 'Dana said "it prints."'),
        ("(labels first)", "(labels first)."),
        ("", ""),
    ],
)
def test_a_sentence_is_ended_once(typed: str, shown: str) -> None:
    assert ended(typed) == shown


def test_joining_ends_all_but_the_last() -> None:
    assert join_sentences("being tested", "Next by 19:00.") == "being tested. Next by 19:00."
    assert join_sentences("Done.", "", "Next by 19:00.") == "Done. Next by 19:00."
    assert join_sentences("Called Dana") == "Called Dana"


def test_the_update_log_line_keeps_the_sentences_apart(ctx) -> None:
    from callnotes.ui.updates.texts import update_line

    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels")
    when = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
    update = ctx.updates.log_update(
        case.id,
        summary="The fix is being tested",
        audience=Audience.CLIENT,
        channel=Channel.PHONE,
        kind=CommunicationKind.ROUTINE,
        next_update_at=when,
    )
    line = update_line(update, datetime(2026, 3, 2, 9, 30, tzinfo=UTC), UTC)
    assert line.endswith("— The fix is being tested. Next by 19:00.")
    entry = ctx.timeline.entries(case.id)[-1]
    assert entry.text.endswith("The fix is being tested. Next update by 19:00.")
