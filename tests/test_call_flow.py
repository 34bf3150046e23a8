"""The live call below the UI: playbooks, the rail's rules, drafts, intake and call facts."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from callnotes.app import AppContext
from callnotes.domain.call_clock import CallClock
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.issues import Impact
from callnotes.domain.people import ContactMethod
from callnotes.domain.playbooks import Condition, PlaybookError, fill, parse_playbook
from callnotes.domain.rail import CallFacts, IssueGap, RailState, missing_before_wrap_up, steps_done
from callnotes.domain.text import MAX_NOTE_CHARS
from callnotes.domain.timeline import EntryKind, NoteDraft
from callnotes.resources import playbooks_dir
from callnotes.services.calls.playbooks import PlaybookLibrary
from callnotes.settings import Settings

MINI = """
id = "mini"
name = "Mini"
wrap_up_requires = ["contact_method", "anything_else"]
[[steps]]
id = "hello"
title = "Hello {caller}"
done_when = "manual"
[[steps]]
id = "words"
title = "Listen"
done_when = "client_said"
"""


def test_the_default_playbook_follows_the_seed_process() -> None:
    playbook = PlaybookLibrary(playbooks_dir(), Path("/nonexistent")).get()
    titles = [s.title for s in playbook.steps]
    assert titles == [
        "Greet",
        "Usual contact is away",
        "Listen and take notes",
        "Acknowledge feelings",
        "Clarify each issue",
        "Agree priorities",
        "Reassure",
        "How to keep them informed",
        "Read back",
        "Anything else?",
        "Close",
    ]
    greeting = fill(playbook.steps[0].phrases[0], {"company": "August", "agent": "Vinh"})
    assert greeting == "Hello, you've called August. This is Vinh speaking, how can I help you?"


def test_a_user_playbook_is_added_and_can_replace_a_built_in(tmp_path: Path) -> None:
    (tmp_path / "mini.toml").write_text(MINI, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("id = [", encoding="utf-8")
    library = PlaybookLibrary(playbooks_dir(), tmp_path)
    assert {p.id for p in library.playbooks()} == {"escalation-call", "follow-up-call", "mini"}
    assert library.get("mini").steps[1].done_when is Condition.CLIENT_SAID
    assert library.problems == [library.problems[0]]
    assert library.problems[0].startswith("broken.toml: not valid TOML")
    (tmp_path / "mine.toml").write_text(MINI.replace('"mini"', '"escalation-call"'), "utf-8")
    assert library.get().name == "Mini"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('id = "x"\nname = "X"', "at least one [[steps]]"),
        ('id = "x"\nname = "X"\n[[steps]]\nid = "a"\ntitle = "A"\ndone_when = "soon"', "unknown"),
        ('name = "X"\n[[steps]]\nid = "a"\ntitle = "A"', "'id' must be"),
    ],
)
def test_a_broken_playbook_is_named_with_its_problem(text: str, message: str) -> None:
    with pytest.raises(PlaybookError, match=r"mine\.toml") as info:
        parse_playbook(text, "mine.toml")
    assert message in str(info.value)


def test_fill_leaves_unknown_placeholders_and_stray_braces_alone() -> None:
    assert fill("Hi {caller}, {unknown} {", {"caller": "Dana"}) == "Hi Dana, {unknown} {"
    assert fill("{away_reason}", {"away_reason": ""}) == "{away_reason}"


def test_steps_are_done_by_what_was_captured_or_ticked_off() -> None:
    playbook = parse_playbook(MINI, "mini.toml")
    assert steps_done(playbook, RailState(), CallFacts()) == [False, False]
    state = RailState(manual_done=frozenset({"hello"}))
    assert steps_done(playbook, state, CallFacts(client_said=1)) == [True, True]


def test_missing_before_wrap_up_names_each_gap() -> None:
    playbook = PlaybookLibrary(playbooks_dir(), Path("/nonexistent")).get()
    facts = CallFacts(
        entries=3,
        client_said=1,
        issues=2,
        issue_gaps=(IssueGap("VAT export", ("impact", "timeframe")),),
    )
    assert missing_before_wrap_up(playbook, facts) == [
        "Issue “VAT export” has no impact or timeframe.",
        "No preferred contact method was recorded.",
        "“Anything else?” was never asked.",
    ]
    complete = CallFacts(client_said=1, issues=1, contact_method=True, anything_else_asked=True)
    assert missing_before_wrap_up(playbook, complete) == []


def test_call_clock_counts_talk_and_hold_from_a_monotonic_clock() -> None:
    now = [100.0]
    clock = CallClock(now=lambda: now[0])
    clock.start()
    now[0] += 60
    assert clock.toggle_hold() is True
    now[0] += 20
    assert (clock.talk_seconds, clock.hold_seconds) == (60, 20)
    clock.toggle_hold()
    now[0] += 30
    clock.stop()
    now[0] += 500
    assert (clock.talk_seconds, clock.hold_seconds) == (90, 20)
    clock.resume(elapsed_seconds=120, hold_seconds=10)
    assert (clock.talk_seconds, clock.hold_seconds) == (110, 10)
    clock.resume(elapsed_seconds=120, hold_seconds=10, on_hold_for=15)  # on hold when killed
    assert (clock.talk_seconds, clock.hold_seconds, clock.on_hold) == (95, 25, True)
    now[0] += 5
    clock.toggle_hold()
    assert (clock.talk_seconds, clock.hold_seconds, clock.on_hold) == (95, 30, False)


def test_the_hold_of_a_call_in_progress_is_kept_until_its_end(ctx: AppContext) -> None:
    started = ctx.intake.start_new_case(case_title="Labels", client_name="Northwind")
    call_id, case_id = started.call.id, started.case.id
    on_hold_at = started.call.started_at + timedelta(seconds=30)
    ctx.calls.keep_hold(call_id, hold_seconds=0, held_since=on_hold_at)
    assert ctx.calls.open_call(case_id).held_since == on_hold_at  # type: ignore[union-attr]
    ctx.calls.keep_hold(call_id, hold_seconds=14, held_since=None)
    kept = ctx.calls.open_call(case_id)
    assert kept is not None and (kept.hold_seconds, kept.held_since) == (14, None)
    ctx.calls.keep_hold(call_id, hold_seconds=14, held_since=on_hold_at)
    ended = ctx.calls.wrap_up(call_id, talk_seconds=40, hold_seconds=20, missing=[])
    assert (ended.talk_seconds, ended.hold_seconds, ended.held_since) == (40, 20, None)
    ctx.calls.keep_hold(call_id, hold_seconds=99, held_since=on_hold_at)  # too late: ended
    [stored] = ctx.calls.calls(case_id)
    assert (stored.hold_seconds, stored.held_since) == (20, None)


def test_drafts_are_saved_replaced_and_cleared_with_the_entry(ctx: AppContext) -> None:
    case = ctx.cases.open_case(ctx.clients.create_client("Acme").id, "Outage")
    key = f"note:case:{case.id}"
    ctx.drafts.save(key, "Half")
    ctx.drafts.save(key, "Half a sentence")
    assert ctx.drafts.load(key) == "Half a sentence"
    ctx.timeline.add_entry(case.id, "Half a sentence", clear_draft=key)
    assert ctx.drafts.load(key) == ""


def test_a_note_draft_keeps_its_kind_and_marking_and_plain_drafts_still_load(
    ctx: AppContext,
) -> None:
    case = ctx.cases.open_case(ctx.clients.create_client("Acme").id, "Outage")
    key = note_draft_key(case.id)
    decision = NoteDraft("We roll back tonight", EntryKind.DECISION)
    ctx.drafts.save_note(key, decision)
    assert ctx.drafts.load_note(key) == decision
    ctx.drafts.save_note(key, NoteDraft("Shared with Dana", for_client=True))
    assert ctx.drafts.load_note(key) == NoteDraft("Shared with Dana", EntryKind.NOTE, True)
    ctx.drafts.save(key, "Saved before kinds were kept")  # a draft of an older version
    assert ctx.drafts.load_note(key) == NoteDraft("Saved before kinds were kept")
    # Text that looks like a kept kind is still the text typed.
    looks_kept = json.dumps({"text": "x", "kind": "decision", "for_client": True})
    ctx.drafts.save_note(key, NoteDraft(looks_kept))
    assert ctx.drafts.load_note(key) == NoteDraft(looks_kept)
    # The longest note, every character escaped in its JSON: never cut into unreadable JSON.
    longest = NoteDraft('"' * MAX_NOTE_CHARS, EntryKind.COMMITMENT)
    ctx.drafts.save_note(key, longest)
    assert ctx.drafts.load_note(key) == longest
    ctx.drafts.save_note(key, NoteDraft("", EntryKind.DECISION))  # emptied: no draft left
    assert ctx.drafts.load(key) == ""
    ctx.drafts.save_note(key, decision)
    ctx.timeline.add_entry(case.id, decision.text, decision.kind, clear_draft=key)
    assert ctx.drafts.load_note(key) == NoteDraft("")


def test_intake_finds_the_caller_and_their_open_cases(ctx: AppContext) -> None:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    client = ctx.clients.create_client("Northwind")
    dana = ctx.clients.add_contact(client.id, "Dana", phones=["020 7946 0321"])
    case = ctx.cases.open_case(client.id, "Labels")
    [option] = ctx.intake.lookup("+44 (0)20 7946 0321")
    assert (option.contact.id, option.client_name) == (dana.id, "Northwind")
    assert [c.id for c in option.open_cases] == [case.id]
    started = ctx.intake.start_on_case(case.id, contact_id=dana.id, number="02079460321")
    card = ctx.intake.card(started.call.id)
    assert card.contact is not None and card.contact.name == "Dana"
    assert started.call.number == "+442079460321"


def test_a_new_caller_becomes_client_contact_case_and_call(ctx: AppContext) -> None:
    started = ctx.intake.start_new_case(
        case_title="Reminders sent twice",
        number="+1 201 555 0123",
        contact_name="Sam Lee",
        client_name="Harbour Dental",
    )
    assert started.case.client_name == "Harbour Dental"
    [option] = ctx.intake.lookup("+12015550123")
    assert option.contact.name == "Sam Lee"
    with pytest.raises(Exception, match="not a phone number"):
        ctx.intake.start_new_case(case_title="x", number="garbage!", client_name="X")


def test_call_facts_follow_what_the_call_captured(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Northwind")
    dana = ctx.clients.add_contact(client.id, "Dana")
    started = ctx.intake.start_new_case(
        case_title="Labels", client_id=client.id, contact_id=dana.id
    )
    call_id, case_id = started.call.id, started.case.id
    assert ctx.call_facts.facts(call_id).entries == 0
    ctx.timeline.add_entry(case_id, "Nothing prints", EntryKind.CLIENT_SAID, call_id=call_id)
    ctx.issues.add_issue(case_id, "Labels", impact=Impact.WHOLE_BUSINESS)
    ctx.clients.update_contact(dana.id, name="Dana", preferred_method=ContactMethod.PHONE)
    facts = ctx.call_facts.facts(call_id)
    assert (facts.entries, facts.client_said, facts.issues, facts.contact_method) == (1, 1, 1, True)
    assert facts.issue_gaps == (IssueGap("Labels", ("urgency", "timeframe")),)
    ctx.calls.save_rail_state(call_id, {"asked_anything_else": True})
    assert ctx.call_facts.facts(call_id).anything_else_asked


def test_wrap_up_records_talk_hold_and_what_was_missing(ctx: AppContext) -> None:
    started = ctx.intake.start_new_case(case_title="Labels", client_name="Northwind")
    ended = ctx.calls.wrap_up(
        started.call.id, talk_seconds=300, hold_seconds=20, missing=["No issue was recorded."]
    )
    assert (ended.talk_seconds, ended.hold_seconds) == (300, 20)
    assert ctx.calls.open_call(started.case.id) is None
    last = ctx.timeline.entries(started.case.id)[-1]
    assert last.internal and "No issue was recorded." in last.text
