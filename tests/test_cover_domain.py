"""The cover brief and "since you left", worked out from plain records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from callnotes.domain.cover import (
    Absence,
    CaseFacts,
    ClientFacts,
    DigestSection,
    EntryFact,
    IssueFact,
    PromiseFact,
    UpdateFact,
    cover_brief,
    since_you_left,
)

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
LEFT = NOW - timedelta(hours=2)
BACK = NOW + timedelta(days=2)
ABSENCE = Absence(1, "Priya Natarajan", LEFT, BACK, "off-site", "Marco Bianchi")


def _promise(
    pid: int, due: datetime | None, *, is_open: bool = True, owner: str = ""
) -> PromiseFact:
    return PromiseFact(pid, 10, f"promise {pid}", owner, due, is_open, LEFT - timedelta(days=1))


def _client(cid: int, name: str, *cases: CaseFacts, stand_in: str = "") -> ClientFacts:
    return ClientFacts(
        cid, name, "Europe/London", "Mon–Fri 09:00–17:30", "Dana", "phone", "mornings",
        stand_in, cases,
    )  # fmt: skip


def test_the_brief_keeps_the_promises_due_before_the_return_and_leaves_out_the_later_one() -> None:
    due_today = NOW + timedelta(hours=5)
    overdue = NOW - timedelta(minutes=30)
    after_return = BACK + timedelta(hours=1)
    case = CaseFacts(
        10, "Labels do not print", "open", NOW + timedelta(hours=1),
        promises=(
            _promise(1, due_today),
            _promise(2, after_return),
            _promise(3, overdue, owner="Aisha Khan"),
            _promise(4, due_today, is_open=False),
            _promise(5, None),
        ),
        updates=(
            UpdateFact(7, 10, LEFT, "client", "email", "Cause found"),
            UpdateFact(8, 10, NOW, "team", "chat", "Internal"),
        ),
    )  # fmt: skip
    brief = cover_brief(ABSENCE, [_client(3, "Northwind", case)], NOW)

    (client,) = brief.clients
    assert [p.text for p in client.promises] == ["promise 3", "promise 1"]
    assert client.promises[0].overdue and not client.promises[1].overdue
    assert client.promises[0].owner == "Aisha Khan"
    assert client.promises[1].owner == "Priya Natarajan"  # made without an owner: theirs
    assert client.promises[1].to_whom == "Dana"
    (brief_case,) = client.cases
    assert brief_case.last_update == "Cause found"  # the last one to the client, not the team's
    assert brief_case.next_update_due_at == NOW + timedelta(hours=1)
    assert client.stand_in == "Marco Bianchi"
    assert client.contact_method == "phone" and client.hours == "Mon–Fri 09:00–17:30"


def test_a_client_without_an_open_case_is_not_in_the_brief_and_a_client_stand_in_wins() -> None:
    closed = CaseFacts(11, "Old", "closed", None, promises=(_promise(1, NOW),))
    open_ = CaseFacts(12, "New", "monitoring", None)
    brief = cover_brief(
        ABSENCE,
        [_client(1, "Closed Ltd", closed), _client(2, "Open Ltd", open_, stand_in="Aisha Khan")],
        NOW,
    )
    assert [c.name for c in brief.clients] == ["Open Ltd"]
    assert brief.clients[0].stand_in == "Aisha Khan"
    assert brief.for_client(2) is brief.clients[0]
    assert brief.for_client(1) is None


def test_since_you_left_spans_every_client_in_sections_and_marks_what_was_acknowledged() -> None:
    before = LEFT - timedelta(hours=1)
    one = CaseFacts(
        10, "Labels", "open", None,
        promises=(
            PromiseFact(1, 10, "Call back at 4", "Priya Natarajan", NOW, True, NOW),
            PromiseFact(2, 10, "Old promise", "Marco", NOW, True, before),
        ),
        entries=(
            EntryFact(5, 10, NOW, "decision", "Roll back", "Marco"),
            EntryFact(4, 10, before, "note", "Before they left", "Priya"),
        ),
        issues=(IssueFact(9, 10, "Printer", "investigating", True),),
    )  # fmt: skip
    two = CaseFacts(
        20, "Invoices", "open", None,
        updates=(UpdateFact(6, 20, NOW, "client", "email", "Fixed"),),
        issues=(IssueFact(8, 20, "Totals", "resolved", False),),
    )  # fmt: skip
    digest = since_you_left(
        1, "Priya Natarajan", LEFT, [_client(1, "Northwind", one), _client(2, "Rosa", two)],
        acknowledged={"entry:5"},
    )  # fmt: skip
    got = [(i.section, i.key, i.acknowledged) for i in digest.items]
    assert got == [
        (DigestSection.CHANGED, "entry:5", True),
        (DigestSection.UPDATES, "update:6", False),
        (DigestSection.PROMISED, "promise:1", False),
        (DigestSection.OPEN, "promise:2", False),
        (DigestSection.OPEN, "issue:9", False),
    ]
    assert digest.client_names == ("Northwind", "Rosa")
    assert digest.waiting == 4
