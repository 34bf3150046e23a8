"""The escalation ladder, the attempts on it, and when the next rung is prompted (fake clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from callnotes.app import AppContext
from callnotes.domain.escalation import Outcome, RungKind, attempt_text, outcome_for_key
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import MemberDraft
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.settings import Settings, load_settings, save_settings
from tests.conftest import FakeClock

AFTER = timedelta(minutes=15)


@dataclass
class Team:
    helen: TeamMemberRecord  # Head of Support, Aisha's manager
    aisha: TeamMemberRecord  # Accounts team lead, Priya's manager
    priya: TeamMemberRecord  # usual contact, away
    tom: TeamMemberRecord  # Accounts
    zoe: TeamMemberRecord  # Accounts, away
    marco: TeamMemberRecord  # Platform: not on this ladder


@pytest.fixture
def team(ctx: AppContext, clock: FakeClock) -> Team:
    add = ctx.team.add_member
    helen = add(MemberDraft("Helen Cho", role="Head of Support", team="Support"))
    aisha = add(MemberDraft("Aisha Khan", role="Team lead", team="Accounts", manager_id=helen.id))
    priya = add(
        MemberDraft("Priya Shah", role="Account manager", team="Accounts", manager_id=aisha.id)
    )
    tom = add(MemberDraft("Tom Becker", role="Account manager", team="Accounts"))
    zoe = add(MemberDraft("Zoe Adams", role="Account manager", team="Accounts"))
    marco = add(MemberDraft("Marco Rossi", role="Platform engineer", team="Platform"))
    priya = ctx.team.set_away(priya.id, until=clock.now + timedelta(hours=6), reason="Off-site")
    zoe = ctx.team.set_away(zoe.id, until=clock.now + timedelta(days=3), reason="Annual leave")
    return Team(helen, aisha, priya, tom, zoe, marco)


@pytest.fixture
def case_id(ctx: AppContext, team: Team) -> int:
    client = ctx.clients.create_client(
        "Northwind Logistics", timezone="Europe/London", usual_contact_id=team.priya.id
    )
    return ctx.cases.open_case(client.id, "Warehouse cannot print delivery labels").id


def overview(ctx: AppContext, case_id: int):
    return ctx.escalation.overview(case_id, AFTER)


def test_ladder_runs_usual_contact_team_lead_manager_with_away_marked(
    ctx: AppContext, team: Team, case_id: int
) -> None:
    ladder = ctx.escalation.ladder(case_id)
    assert [(r.member.name, r.kind) for r in ladder] == [
        ("Priya Shah", RungKind.USUAL_CONTACT),
        ("Tom Becker", RungKind.TEAM),  # reachable teammates first
        ("Zoe Adams", RungKind.TEAM),
        ("Aisha Khan", RungKind.TEAM_LEAD),
        ("Helen Cho", RungKind.MANAGER),
    ]
    assert [r.available for r in ladder] == [False, True, False, True, True]
    assert ladder[0].availability.reason == "Off-site"
    assert ladder[2].availability.until == team.zoe.away_until
    assert ladder[3].title == "Aisha Khan (team lead)"


def test_without_a_manager_the_lead_is_whoever_the_role_says(
    ctx: AppContext, team: Team, case_id: int
) -> None:
    ctx.team.update_member(
        team.priya.id, MemberDraft("Priya Shah", role="Account manager", team="Accounts")
    )
    kinds = {r.member.name: r.kind for r in ctx.escalation.ladder(case_id)}
    assert kinds["Aisha Khan"] is RungKind.TEAM_LEAD  # "Team lead"
    assert kinds["Helen Cho"] is RungKind.MANAGER  # Aisha's manager
    assert "Marco Rossi" not in kinds


def test_no_usual_contact_no_ladder(ctx: AppContext, team: Team) -> None:
    client = ctx.clients.create_client("Walk-in client")
    case = ctx.cases.open_case(client.id, "Question")
    seen = overview(ctx, case.id)
    assert seen.ladder == () and not seen.has_usual_contact and seen.prompt is None


def test_each_attempt_is_stored_and_lands_on_the_timeline(
    ctx: AppContext, team: Team, case_id: int
) -> None:
    first = ctx.escalation.log_attempt(case_id, team.priya.id, Outcome.VOICEMAIL)
    second = ctx.escalation.log_attempt(
        case_id, team.tom.id, Outcome.MESSAGE_LEFT, "  Asked him to call back  "
    )
    assert [a.id for a in ctx.escalation.attempts(case_id)] == [second.id, first.id]
    assert (second.who, second.rung, second.note) == ("Tom Becker", 1, "Asked him to call back")
    entries = {e.id: e for e in ctx.timeline.entries(case_id)}
    assert entries[first.entry_id].text == "Called Priya Shah (usual contact): voicemail"
    assert entries[second.entry_id].text == (
        "Called Tom Becker (team): message left — Asked him to call back"
    )
    assert entries[second.entry_id].kind is EntryKind.ESCALATION
    assert entries[second.entry_id].internal  # for the team, not the client's documents
    # Someone called who is not on the ladder: recorded without a rung label.
    off = ctx.escalation.log_attempt(case_id, team.marco.id, Outcome.REACHED)
    assert ctx.timeline.entries(case_id)[-1].text == "Called Marco Rossi: reached"
    assert off.rung == -1


def test_bad_attempts_are_refused(ctx: AppContext, team: Team, case_id: int) -> None:
    with pytest.raises(InvalidInputError, match="longer than"):
        ctx.escalation.log_attempt(case_id, team.tom.id, Outcome.NO_ANSWER, "x" * 2001)
    with pytest.raises(NotFoundError):
        ctx.escalation.log_attempt(case_id, 999, Outcome.NO_ANSWER)
    assert ctx.escalation.attempts(case_id) == []
    assert ctx.timeline.entries(case_id) == []


def test_prompt_after_n_minutes_without_acknowledgement(
    ctx: AppContext, clock: FakeClock, team: Team, case_id: int
) -> None:
    assert overview(ctx, case_id).prompt is None  # nothing tried yet: nothing to chase
    first = ctx.escalation.log_attempt(case_id, team.priya.id, Outcome.VOICEMAIL)
    clock.now = first.at + timedelta(minutes=14, seconds=58)
    assert overview(ctx, case_id).prompt is None
    clock.now = first.at + timedelta(minutes=15)
    prompt = overview(ctx, case_id).prompt
    assert prompt is not None and prompt.rung is not None
    assert prompt.rung.member.name == "Tom Becker"  # the next rung that can be reached
    assert prompt.waited == timedelta(minutes=15)
    assert prompt.after_attempt_id == first.id


def test_prompt_moves_to_the_next_rung_and_skips_those_away(
    ctx: AppContext, clock: FakeClock, team: Team, case_id: int
) -> None:
    start = ctx.escalation.log_attempt(case_id, team.priya.id, Outcome.VOICEMAIL).at
    clock.now = start + timedelta(minutes=16)
    ctx.escalation.log_attempt(case_id, team.tom.id, Outcome.NO_ANSWER)
    clock.now = start + timedelta(minutes=20)
    assert overview(ctx, case_id).prompt is None  # 15 minutes count from the last attempt
    clock.now = start + timedelta(minutes=31, seconds=30)
    prompt = overview(ctx, case_id).prompt
    assert prompt is not None and prompt.rung is not None
    assert prompt.rung.title == "Aisha Khan (team lead)"  # Zoe is away: passed over
    assert prompt.waiting_since == start and prompt.waited >= timedelta(minutes=31)

    ctx.escalation.log_attempt(case_id, team.aisha.id, Outcome.REACHED)
    clock.now += timedelta(minutes=15)
    prompt = overview(ctx, case_id).prompt
    assert prompt is not None and prompt.rung is not None  # reached is not acknowledged
    assert prompt.rung.member.name == "Helen Cho"

    ctx.escalation.log_attempt(case_id, team.helen.id, Outcome.NO_ANSWER)
    clock.now += timedelta(minutes=15)
    prompt = overview(ctx, case_id).prompt
    assert prompt is not None and prompt.rung is None  # everyone has been tried


def test_no_prompt_once_acknowledged(
    ctx: AppContext, clock: FakeClock, team: Team, case_id: int
) -> None:
    ctx.escalation.log_attempt(case_id, team.priya.id, Outcome.NO_ANSWER)
    acknowledged = ctx.escalation.log_attempt(case_id, team.tom.id, Outcome.ACKNOWLEDGED)
    clock.now += timedelta(hours=3)
    seen = overview(ctx, case_id)
    assert seen.prompt is None
    assert seen.acknowledged is not None and seen.acknowledged.id == acknowledged.id


def test_the_wait_follows_the_setting(
    ctx: AppContext, clock: FakeClock, team: Team, case_id: int
) -> None:
    first = ctx.escalation.log_attempt(case_id, team.priya.id, Outcome.NO_ANSWER)
    clock.now = first.at + timedelta(minutes=5)
    assert ctx.escalation.overview(case_id, timedelta(minutes=5)).prompt is not None
    assert ctx.escalation.overview(case_id, timedelta(minutes=6)).prompt is None


def test_outcome_keys_and_wording() -> None:
    assert [outcome_for_key(n) for n in range(1, 6)] == list(Outcome)
    assert outcome_for_key(6) is None
    assert Outcome.MESSAGE_LEFT.label == "message left" and Outcome.ACKNOWLEDGED.key == 5
    assert attempt_text("Helen Park", "usual contact", Outcome.NO_ANSWER) == (
        "Called Helen Park (usual contact): no answer"
    )


def test_escalate_after_setting_is_saved_and_read_back(tmp_path) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, Settings(agent_name="Vinh", escalate_after_minutes=25))
    assert load_settings(path).escalate_after_minutes == 25
    assert Settings().escalate_after_minutes == 15
    # A hand-edited file with nonsense falls back to the default rather than refusing to start.
    path.write_text('{"agent_name": "Vinh", "escalate_after_minutes": "soon"}', encoding="utf-8")
    assert load_settings(path) == Settings(agent_name="Vinh")
    path.write_text('{"escalate_after_minutes": 0}', encoding="utf-8")
    assert load_settings(path).escalate_after_minutes == 15
