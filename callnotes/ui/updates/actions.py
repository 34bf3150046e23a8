"""What the updates area may do, as plain callables: no widget of it sees a service.

Each call is one short unit of work, safe to run on a worker thread through the task runner.
The call in progress is passed in by the caller (read on the GUI thread before submitting).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from callnotes.domain.cadence import CadenceSuggestion, CommunicationPlan
from callnotes.domain.communications import Channel
from callnotes.domain.team_notices import TeamCandidate
from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.ui.updates.log_update_dialog import UpdateDraft
from callnotes.ui.updates.panel import UpdatesView
from callnotes.ui.updates.plan_dialog import PlanChoice

if TYPE_CHECKING:
    from callnotes.app import AppContext


@dataclass(frozen=True)
class UpdatesActions:
    """The use cases behind the Updates tab, its reminder bars and its dialogs."""

    #: ``view(case_id)``: the plan, the promises, the update log and who was told.
    view: Callable[[int], UpdatesView]
    suggest_plan: Callable[[int], CadenceSuggestion]
    #: ``save_plan(case_id, choice, call_id)``
    save_plan: Callable[[int, PlanChoice, int | None], CommunicationPlan]
    #: ``log_update(case_id, draft, call_id)``
    log_update: Callable[[int, UpdateDraft, int | None], object]
    mark_kept: Callable[[int], object]
    #: ``cancel(commitment_id, reason)``
    cancel: Callable[[int, str], object]
    #: ``snooze(commitment_id, until)``
    snooze: Callable[[int, datetime], object]
    #: ``edit_promise(commitment_id, changes)``: ``text``, ``due_at``, ``owner``.
    edit_promise: Callable[[int, dict[str, Any]], object]
    #: The names a promise can be kept by.
    owners: Callable[[], Sequence[str]]
    candidates: Callable[[int], Sequence[TeamCandidate]]
    #: ``latest_news(case_id)``: the newest "new information" entry, if any.
    latest_news: Callable[[int], EntryRecord | None]
    #: ``tell_team(case_id, member_ids, channel, entry_id, call_id)``
    tell_team: Callable[[int, Sequence[int], Channel, int | None, int | None], object]
    acknowledge: Callable[[int], object]
    #: ``pause(case_id, call_id)``: waiting on the client, the update clock stops.
    pause: Callable[[int, int | None], object]
    #: ``resume(case_id, call_id)``: the update clock runs again, the due time moved.
    resume: Callable[[int, int | None], object]
    now: Callable[[], datetime]

    @classmethod
    def from_context(cls, ctx: AppContext) -> UpdatesActions:
        """Wire every action to the services."""

        def view(case_id: int) -> UpdatesView:
            return UpdatesView(
                plan=ctx.plans.plan(case_id),
                commitments=ctx.commitments.ledger(case_id),
                updates=ctx.updates.updates(case_id),
                notices=ctx.team_notices.notices(case_id),
            )

        def save_plan(case_id: int, choice: PlanChoice, call_id: int | None) -> CommunicationPlan:
            return ctx.plans.save_plan(
                case_id,
                cadence_minutes=choice.cadence_minutes,
                channel=choice.channel,
                business_hours_only=choice.business_hours_only,
                agreed=choice.agreed,
                call_id=call_id,
            )

        def log_update(case_id: int, draft: UpdateDraft, call_id: int | None) -> object:
            return ctx.updates.log_update(
                case_id,
                audience=draft.audience,
                channel=draft.channel,
                kind=draft.kind,
                summary=draft.summary,
                next_update_at=draft.next_update_at,
                call_id=call_id,
            )

        def latest_news(case_id: int) -> EntryRecord | None:
            entries = ctx.timeline.entries(case_id)
            return next((e for e in reversed(entries) if e.kind is EntryKind.NEW_INFORMATION), None)

        def tell_team(
            case_id: int,
            member_ids: Sequence[int],
            channel: Channel,
            entry_id: int | None,
            call_id: int | None,
        ) -> object:
            return ctx.team_notices.tell_team(
                case_id, member_ids, channel, entry_id=entry_id, call_id=call_id
            )

        return cls(
            view=view,
            suggest_plan=ctx.plans.suggest,
            save_plan=save_plan,
            log_update=log_update,
            mark_kept=ctx.commitments.mark_kept,
            cancel=ctx.commitments.cancel,
            snooze=ctx.commitments.snooze,
            edit_promise=lambda commitment_id, changes: ctx.commitments.edit(
                commitment_id, **changes
            ),
            owners=lambda: [m.name for m in ctx.clients.team()],
            candidates=ctx.team_notices.candidates,
            latest_news=latest_news,
            tell_team=tell_team,
            acknowledge=ctx.team_notices.acknowledge,
            pause=lambda case_id, call_id: ctx.plans.pause(case_id, call_id=call_id),
            resume=lambda case_id, call_id: ctx.plans.resume(case_id, call_id=call_id),
            now=ctx.clock,
        )
