"""Issue use cases: editing, the order agreed with the client, progress and “seen before”."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest

from callnotes.app import AppContext
from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.seen_before import similarity_terms
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.storage.search import SearchScope, search_index_for
from callnotes.storage.search.fts5 import fts5_match_expression
from tests.conftest import FakeClock


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    client = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    return ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels").id


@pytest.fixture
def four(ctx: AppContext, case_id: int) -> list[int]:
    """Four issues raised in this order, with priorities P3, P1, P5 and unknown."""
    add = ctx.issues.add_issue
    return [
        add(
            case_id, "Driver app logs users out", impact=Impact.DEPARTMENT, urgency=Urgency.HIGH
        ).id,
        add(
            case_id,
            "Delivery labels do not print",
            impact=Impact.WHOLE_BUSINESS,
            urgency=Urgency.CRITICAL,
        ).id,
        add(case_id, "VAT export is wrong", impact=Impact.FEW_USERS, urgency=Urgency.LOW).id,
        add(case_id, "Invoice PDFs are blank").id,
    ]


def titles(ctx: AppContext, case_id: int) -> list[str]:
    return [issue.title for issue in ctx.issues.issues(case_id)]


def decisions(ctx: AppContext, case_id: int) -> list[str]:
    return [e.text for e in ctx.timeline.entries(case_id) if e.kind is EntryKind.DECISION]


# Editing ---------------------------------------------------------------------------------------


def test_update_changes_only_the_fields_given(ctx: AppContext, case_id: int) -> None:
    issue = ctx.issues.add_issue(case_id, "Labels", client_words="Nothing prints")
    deadline = datetime(2026, 3, 2, 16, 0, tzinfo=timezone(timedelta(hours=1)))
    updated = ctx.issues.update_issue(
        issue.id,
        title="  Delivery   labels do not print ",
        fixed_looks_like=["Labels print", " ", "Dispatch leaves on time"],
        impact=Impact.WHOLE_BUSINESS,
        urgency="critical",  # the stored text is accepted as well as the member
        time_sensitive=True,
        business_critical=True,
        timeframe="Before the 16:00 dispatch",
        deadline=deadline,
        root_cause="Printer driver update at 22:40",
    )
    assert updated.title == "Delivery labels do not print"
    assert updated.client_words == "Nothing prints"
    assert updated.fixed_looks_like == ("Labels print", "Dispatch leaves on time")
    assert (updated.impact, updated.urgency) == (Impact.WHOLE_BUSINESS, Urgency.CRITICAL)
    assert updated.time_sensitive and updated.business_critical
    assert updated.deadline == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert updated.priority == 1
    assert ctx.issues.get_issue(issue.id) == updated

    cleared = ctx.issues.update_issue(issue.id, impact=None, deadline=None)
    assert cleared.impact is None and cleared.deadline is None and cleared.priority is None
    assert cleared.urgency is Urgency.CRITICAL


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "An issue needs a title."),
        ({"impact": "enormous"}, "'enormous' is not a known impact level."),
        ({"urgency": 3}, "3 is not a known urgency."),
        ({"deadline": datetime(2026, 3, 2, 16, 0)}, "The deadline must include a time zone."),
        ({"first_noticed_at": "yesterday"}, "The time first noticed must be a date and time."),
        ({"fixed_looks_like": "Labels print"}, "must be a list of lines of text"),
        ({"business_critical": "yes"}, "The business-critical flag must be yes or no."),
    ],
)
def test_bad_input_is_refused_with_one_sentence(
    ctx: AppContext, case_id: int, changes: dict[str, object], message: str
) -> None:
    issue = ctx.issues.add_issue(case_id, "Labels")
    with pytest.raises(InvalidInputError, match=message.replace(".", r"\.")):
        ctx.issues.update_issue(issue.id, **changes)  # type: ignore[arg-type]
    assert ctx.issues.get_issue(issue.id) == issue


def test_unknown_issues_and_cases_are_named(ctx: AppContext, case_id: int) -> None:
    with pytest.raises(NotFoundError, match="no issue with id 99"):
        ctx.issues.update_issue(99, title="x")
    with pytest.raises(NotFoundError, match="no issue with id 99"):
        ctx.issues.set_status(99, IssueStatus.RESOLVED)
    with pytest.raises(NotFoundError, match="no case with id 99"):
        ctx.issues.reorder(99, [])
    with pytest.raises(NotFoundError, match="no case with id 99"):
        ctx.issues.seen_before(99, "labels")


# Order -----------------------------------------------------------------------------------------


def test_suggested_priority_is_the_starting_order(
    ctx: AppContext, case_id: int, four: list[int]
) -> None:
    assert titles(ctx, case_id) == [
        "Delivery labels do not print",
        "Driver app logs users out",
        "VAT export is wrong",
        "Invoice PDFs are blank",
    ]
    assert ctx.issues.order_state(case_id).confirmed_at is None


def test_reorder_stores_the_agreed_rank_and_needs_every_issue_once(
    ctx: AppContext, case_id: int, four: list[int]
) -> None:
    drivers, labels, vat, pdfs = four
    result = ctx.issues.reorder(case_id, [labels, pdfs, drivers, vat])
    assert [(i.id, i.agreed_rank) for i in result] == [
        (labels, 1),
        (pdfs, 2),
        (drivers, 3),
        (vat, 4),
    ]
    assert [i.id for i in ctx.issues.issues(case_id)] == [labels, pdfs, drivers, vat]
    # Nothing was agreed with the client yet, so nothing is written to the timeline.
    assert decisions(ctx, case_id) == []

    for bad in (
        [labels, pdfs, drivers],
        [labels, labels, drivers, vat],
        [labels, pdfs, drivers, 999],
    ):
        with pytest.raises(InvalidInputError, match="each of the case's 4 issues exactly once"):
            ctx.issues.reorder(case_id, bad)
    assert [i.id for i in ctx.issues.issues(case_id)] == [labels, pdfs, drivers, vat]


def test_confirming_writes_the_order_with_positions_titles_and_time(
    ctx: AppContext, case_id: int, four: list[int], clock: FakeClock
) -> None:
    drivers, labels, vat, pdfs = four
    ctx.issues.reorder(case_id, [labels, drivers, pdfs, vat])
    clock.now = datetime(2026, 3, 2, 10, 42, tzinfo=UTC)

    entry = ctx.issues.confirm_order(case_id)

    assert entry.kind is EntryKind.DECISION
    assert entry.at == datetime(2026, 3, 2, 10, 42, tzinfo=UTC)
    assert entry.issue_id is None
    assert entry.text == (
        "Order agreed with the client at 10:42 GMT:\n"
        "1. Delivery labels do not print — P1\n"
        "2. Driver app logs users out — P3\n"
        "3. Invoice PDFs are blank — no priority yet\n"
        "4. VAT export is wrong — P5"
    )
    state = ctx.issues.order_state(case_id)
    assert state.agreed and state.confirmed_at == entry.at


def test_confirming_fixes_the_suggested_order_when_nobody_moved_anything(
    ctx: AppContext, case_id: int, four: list[int]
) -> None:
    ctx.issues.confirm_order(case_id)
    assert [i.agreed_rank for i in ctx.issues.issues(case_id)] == [1, 2, 3, 4]


def test_changes_after_confirmation_are_new_entries(
    ctx: AppContext, case_id: int, four: list[int], clock: FakeClock
) -> None:
    drivers, labels, vat, pdfs = four
    clock.now = datetime(2026, 3, 2, 10, 42, tzinfo=UTC)
    first = ctx.issues.confirm_order(case_id)

    clock.now = datetime(2026, 3, 2, 10, 50, tzinfo=UTC)
    ctx.issues.reorder(case_id, [labels, vat, drivers, pdfs])
    assert not ctx.issues.order_state(case_id).agreed
    assert ctx.issues.order_state(case_id).changed_since

    clock.now = datetime(2026, 3, 2, 10, 55, tzinfo=UTC)
    ctx.issues.confirm_order(case_id)

    texts = decisions(ctx, case_id)
    assert len(texts) == 3
    assert texts[0] == first.text, "the first agreement is never rewritten"
    assert texts[1] == (
        "Order changed after it was agreed at 10:42 GMT; not yet confirmed with the client. "
        "Now:\n"
        "1. Delivery labels do not print — P1\n"
        "2. VAT export is wrong — P5 (was 3)\n"
        "3. Driver app logs users out — P3 (was 2)\n"
        "4. Invoice PDFs are blank — no priority yet"
    )
    assert texts[2].startswith(
        "Order agreed with the client at 10:55 GMT (replaces the order agreed at 10:42 GMT):\n"
        "1. Delivery labels do not print — P1\n2. VAT export is wrong — P5"
    )
    assert ctx.issues.order_state(case_id).agreed


def test_an_issue_raised_after_confirmation_is_not_yet_agreed(
    ctx: AppContext, case_id: int, four: list[int]
) -> None:
    ctx.issues.confirm_order(case_id)
    late = ctx.issues.add_issue(case_id, "Scanner beeps", impact=Impact.WHOLE_BUSINESS)
    assert [i.id for i in ctx.issues.issues(case_id)][-1] == late.id, "new issues go last"
    assert ctx.issues.order_state(case_id).changed_since

    order = [late.id, *[i.id for i in ctx.issues.issues(case_id)][:-1]]
    ctx.issues.reorder(case_id, order)
    assert "1. Scanner beeps — no priority yet (added since)" in decisions(ctx, case_id)[-1]


def test_an_amended_agreement_still_counts(ctx: AppContext, case_id: int, four: list[int]) -> None:
    entry = ctx.issues.confirm_order(case_id)
    ctx.timeline.amend_entry(entry.id, "Client agreed: labels first, then drivers.")
    assert ctx.issues.order_state(case_id).agreed


def test_confirming_an_empty_list_is_refused(ctx: AppContext, case_id: int) -> None:
    with pytest.raises(InvalidInputError, match="no issues to put in order"):
        ctx.issues.confirm_order(case_id)


def test_an_agreement_made_on_a_call_is_linked_to_it(
    ctx: AppContext, case_id: int, four: list[int]
) -> None:
    call = ctx.calls.start_call(case_id, number="+44 20 7946 0321")
    entry = ctx.issues.confirm_order(case_id, call_id=call.id)
    assert entry.call_id == call.id
    with pytest.raises(NotFoundError, match="no call with id 999 in this case"):
        ctx.issues.confirm_order(case_id, call_id=999)


# Progress --------------------------------------------------------------------------------------


def test_status_changes_land_on_the_timeline_and_read_back_as_history(
    ctx: AppContext, case_id: int
) -> None:
    issue = ctx.issues.add_issue(case_id, "Delivery labels do not print")
    for status in (
        IssueStatus.INVESTIGATING,
        IssueStatus.CAUSE_IDENTIFIED,
        IssueStatus.CAUSE_IDENTIFIED,  # no change: nothing recorded
        IssueStatus.FIX_IN_PROGRESS,
        IssueStatus.RESOLVED,
        IssueStatus.CONFIRMED,
    ):
        ctx.issues.set_status(issue.id, status)

    assert ctx.issues.get_issue(issue.id).status is IssueStatus.CONFIRMED
    entries = [e for e in ctx.timeline.entries(case_id) if e.kind is EntryKind.STATUS_CHANGE]
    assert [e.issue_id for e in entries] == [issue.id] * 5
    assert {e.author for e in entries} == {ctx.author()}
    assert entries[0].text == "Status of “Delivery labels do not print”: New → Investigating"
    assert entries[-1].text == (
        "Status of “Delivery labels do not print”: Resolved → Confirmed by client"
    )

    history = ctx.issues.status_history(issue.id)
    assert [(h.previous, h.status) for h in history] == [
        (None, IssueStatus.NEW),
        (IssueStatus.NEW, IssueStatus.INVESTIGATING),
        (IssueStatus.INVESTIGATING, IssueStatus.CAUSE_IDENTIFIED),
        (IssueStatus.CAUSE_IDENTIFIED, IssueStatus.FIX_IN_PROGRESS),
        (IssueStatus.FIX_IN_PROGRESS, IssueStatus.RESOLVED),
        (IssueStatus.RESOLVED, IssueStatus.CONFIRMED),
    ]
    assert history[0].at == issue.created_at and history[0].entry_id is None
    assert [h.entry_id for h in history[1:]] == [e.id for e in entries]
    assert all(a.at < b.at for a, b in pairwise(history))


def test_history_survives_renaming_and_amending(ctx: AppContext, case_id: int) -> None:
    issue = ctx.issues.add_issue(case_id, "Labels: “urgent”: New → Resolved")
    change = ctx.issues.set_status(issue.id, IssueStatus.INVESTIGATING)
    ctx.issues.update_issue(issue.id, title="Labels")
    [entry] = [e for e in ctx.timeline.entries(case_id) if e.issue_id == issue.id]
    ctx.timeline.amend_entry(entry.id, "Marco started looking at the labels.")
    history = ctx.issues.status_history(change.id)
    assert [(h.previous, h.status) for h in history][-1] == (
        IssueStatus.NEW,
        IssueStatus.INVESTIGATING,
    )


def test_going_back_a_step_is_allowed_and_recorded(ctx: AppContext, case_id: int) -> None:
    issue = ctx.issues.add_issue(case_id, "Labels")
    ctx.issues.set_status(issue.id, IssueStatus.RESOLVED)
    ctx.issues.set_status(issue.id, IssueStatus.INVESTIGATING)
    assert [h.status for h in ctx.issues.status_history(issue.id)] == [
        IssueStatus.NEW,
        IssueStatus.RESOLVED,
        IssueStatus.INVESTIGATING,
    ]
    with pytest.raises(InvalidInputError, match="'done' is not a known issue status"):
        ctx.issues.set_status(issue.id, "done")  # type: ignore[arg-type]


def test_owner_eta_and_roadblocks_are_recorded_for_the_issue(ctx: AppContext, case_id: int) -> None:
    marco = ctx.clients.create_team_member("Marco Rossi", team="Platform")
    priya = ctx.clients.create_team_member("Priya Shah", team="Accounts")
    issue = ctx.issues.add_issue(case_id, "Labels")
    eta = datetime(2026, 3, 3, 14, 0, tzinfo=UTC)

    ctx.issues.set_owner(issue.id, marco.id)
    ctx.issues.set_owner(issue.id, priya.id)
    ctx.issues.set_eta(issue.id, eta)
    ctx.issues.set_eta(issue.id, eta)  # unchanged: not recorded twice
    ctx.issues.set_roadblocks(issue.id, "  Waiting for the vendor's driver\x00 fix ")
    ctx.issues.set_roadblocks(issue.id, "")
    ctx.issues.set_eta(issue.id, None)
    final = ctx.issues.set_owner(issue.id, None)

    assert final.owner_id is None and final.eta is None and final.roadblocks == ""
    texts = [e.text for e in ctx.timeline.entries(case_id) if e.issue_id == issue.id]
    assert texts == [
        "Owner of “Labels”: Marco Rossi",
        "Owner of “Labels”: Priya Shah (was Marco Rossi)",
        "ETA for “Labels”: Tue 3 Mar 14:00 GMT",
        "Roadblock on “Labels”: Waiting for the vendor's driver fix",
        "Roadblocks on “Labels” cleared",
        "ETA for “Labels” removed (was Tue 3 Mar 14:00 GMT)",
        "Owner of “Labels”: nobody (was Priya Shah)",
    ]
    # Only real status steps make up the status history.
    assert [h.status for h in ctx.issues.status_history(issue.id)] == [IssueStatus.NEW]
    with pytest.raises(NotFoundError, match="no team member with id 999"):
        ctx.issues.set_owner(issue.id, 999)
    with pytest.raises(InvalidInputError, match="The ETA must include a time zone"):
        ctx.issues.set_eta(issue.id, datetime(2026, 3, 3, 14, 0))


# Seen before -----------------------------------------------------------------------------------


@pytest.fixture
def history(ctx: AppContext, clock: FakeClock) -> dict[str, int]:
    """Northwind had labels trouble in January; Acme had it even earlier, last autumn."""
    acme = ctx.clients.create_client("Acme Freight")
    clock.now = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
    acme_case = ctx.cases.open_case(acme.id, "Shipping labels")
    acme_issue = ctx.issues.add_issue(
        acme_case.id, "Shipping labels do not print", client_words="Label printer is silent"
    )

    north = ctx.clients.create_client("Northwind Logistics", timezone="Europe/London")
    clock.now = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)
    old_case = ctx.cases.open_case(north.id, "Labels stopped in January")
    old_issue = ctx.issues.add_issue(old_case.id, "Delivery labels stopped printing")
    ctx.issues.update_issue(old_issue.id, root_cause="Printer driver update")
    clock.now = datetime(2026, 1, 14, 15, 0, tzinfo=UTC)
    ctx.issues.set_status(old_issue.id, IssueStatus.RESOLVED)
    unrelated = ctx.cases.open_case(north.id, "VAT")
    ctx.issues.add_issue(unrelated.id, "VAT export is wrong")

    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    now_case = ctx.cases.open_case(north.id, "Warehouse cannot print delivery labels")
    current = ctx.issues.add_issue(now_case.id, "Labels do not print")
    return {
        "case": now_case.id,
        "current": current.id,
        "old_issue": old_issue.id,
        "acme_issue": acme_issue.id,
        "acme_client": acme.id,
    }


def test_seen_before_puts_this_clients_history_above_an_older_match_elsewhere(
    ctx: AppContext, history: dict[str, int]
) -> None:
    matches = ctx.issues.seen_before(history["case"], "Labels do not print")

    assert [m.issue_id for m in matches] == [history["old_issue"], history["acme_issue"]]
    own, other = matches
    assert own.same_client and not other.same_client
    assert other.at < own.at, "the other client's match is older, and still ranks lower"
    assert own.client_name == "Northwind Logistics"
    assert own.case_title == "Labels stopped in January"
    assert own.at == ctx.issues.get_issue(history["old_issue"]).created_at
    assert own.issue_status is IssueStatus.RESOLVED and own.resolved
    assert own.resolved_at == datetime(2026, 1, 14, 15, 0, tzinfo=UTC)
    assert own.root_cause == "Printer driver update"
    assert other.client_name == "Acme Freight" and not other.resolved
    assert history["current"] not in [m.issue_id for m in matches], "the current case is left out"


def test_seen_before_says_when_a_client_had_it_in_more_than_one_case(
    ctx: AppContext, history: dict[str, int]
) -> None:
    [before] = [m for m in ctx.issues.seen_before(history["case"], "labels print") if m.same_client]
    assert before.occurrences == 1 and not before.recurred

    again = ctx.cases.open_case(history["acme_client"], "Labels again")
    ctx.issues.add_issue(again.id, "Labels not printing at the depot")
    acme = [m for m in ctx.issues.seen_before(history["case"], "labels print") if not m.same_client]
    assert len(acme) == 2
    assert all(m.occurrences == 2 and m.recurred for m in acme)


def test_seen_before_finds_timeline_facts_and_folds_them_into_their_issue(
    ctx: AppContext, history: dict[str, int]
) -> None:
    north = ctx.cases.get_case(history["case"]).client_id
    earlier = ctx.cases.open_case(north, "Scanner trouble")
    ctx.timeline.add_entry(earlier.id, "Handheld scanners freeze after the firmware update")
    scanner = ctx.issues.add_issue(earlier.id, "Scanners")
    ctx.timeline.add_entry(
        earlier.id, "Scanners freeze when docking", EntryKind.CLIENT_SAID, issue_id=scanner.id
    )

    matches = ctx.issues.seen_before(history["case"], "scanners freeze")
    assert [(m.issue_id, m.case_id) for m in matches] == [(scanner.id, earlier.id)]
    assert matches[0].excerpt == "Scanners freeze when docking"

    facts = ctx.issues.seen_before(history["case"], "firmware update")
    assert [(m.issue_id, m.title) for m in facts] == [
        (None, "Handheld scanners freeze after the firmware update")
    ]


def test_seen_before_ignores_small_words_and_weak_overlaps(
    ctx: AppContext, history: dict[str, int]
) -> None:
    assert ctx.issues.seen_before(history["case"], "it does not work at all today") == []
    assert ctx.issues.seen_before(history["case"], "   ") == []
    # One of four meaningful words in common is not "the same problem".
    assert ctx.issues.seen_before(history["case"], "VAT figures, wrong totals, payroll") == []


def test_similarity_terms_drop_filler_and_reduce_to_stems() -> None:
    assert similarity_terms("The labels do NOT print since this morning!") == ["label", "print"]
    assert similarity_terms("Drivers stopped logging in; printing failed") == [
        "driver",
        "stop",
        "log",
        "print",
        "fail",
    ]


def test_search_can_match_any_term_and_exclude_a_case_or_client(
    ctx: AppContext, history: dict[str, int]
) -> None:
    assert fts5_match_expression("label print", any_term=True) == '"label"* OR "print"*'
    index = search_index_for(ctx.db.engine.dialect.name)
    with ctx.db.unit_of_work() as session:
        rows = index.search(
            session,
            "label vat",
            limit=20,
            any_term=True,
            scope=SearchScope(exclude_client_id=history["acme_client"]),
        )
        assert {r.client_name for r in rows} == {"Northwind Logistics"}
        assert {r.text for r in rows if r.source == "issue"} >= {
            "VAT export is wrong",
            "Delivery labels stopped printing",
        }
        rows = index.search(
            session, "label", limit=20, scope=SearchScope(exclude_case_id=history["case"])
        )
        assert history["current"] not in {r.id for r in rows if r.source == "issue"}


def test_the_clients_words_widen_the_search_without_diluting_the_title(
    ctx: AppContext, history: dict[str, int]
) -> None:
    matches = ctx.issues.seen_before(
        history["case"],
        "Delivery labels do not print in the warehouse",
        "Nothing prints since this morning; trucks leave at 16:00.",
    )
    assert matches[0].issue_id == history["old_issue"]
    # Words alone can find it too, when they say enough of the same thing.
    by_words = ctx.issues.seen_before(history["case"], "Urgent!", "the labels stopped printing")
    assert by_words[0].issue_id == history["old_issue"]
