"""What the escalation area and the team directory may do, as plain callables.

Neither the Escalation tab nor the team directory sees a service: the area builds these from
the services once, and hands the directory its :class:`TeamActions`. Each call is one short unit
of work, safe to run on a worker thread through the task runner.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from callnotes.domain.context_ranking import RankedMember
from callnotes.domain.escalation import AttemptRecord, Outcome
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import MemberDraft
from callnotes.services.escalation.escalation import EscalationOverview
from callnotes.services.escalation.team import ClientLink, ImportSummary

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.services.escalation.team import TeamService


@dataclass(frozen=True)
class EscalationActions:
    """The use cases behind the Escalation tab and its reminder bar."""

    #: ``overview(case_id)``: ladder, attempts and reminder, with the wait from Settings.
    overview: Callable[[int], EscalationOverview]
    #: ``rank(case_id)``: who has the most context (slow: through the runner).
    rank: Callable[[int], Sequence[RankedMember]]
    #: ``log_attempt(case_id, member_id, outcome, note)``: the attempt and its timeline entry.
    log_attempt: Callable[[int, int, Outcome, str], AttemptRecord]

    @classmethod
    def from_context(cls, ctx: AppContext) -> EscalationActions:
        """Wire every action to the services."""

        def overview(case_id: int) -> EscalationOverview:
            minutes = ctx.settings.escalate_after_minutes  # read each time: Settings may change
            return ctx.escalation.overview(case_id, timedelta(minutes=minutes))

        return cls(
            overview=overview,
            rank=lambda case_id: ctx.most_context.rank(case_id),
            log_attempt=ctx.escalation.log_attempt,
        )


@dataclass(frozen=True)
class TeamActions:
    """The use cases behind the team directory."""

    members: Callable[[], Sequence[TeamMemberRecord]]
    clients: Callable[[], Sequence[ClientLink]]
    add_member: Callable[[MemberDraft], TeamMemberRecord]
    update_member: Callable[[int, MemberDraft], TeamMemberRecord]
    remove_member: Callable[[int], object]
    #: ``set_away(member_id, until, reason, stand_in_id, client_stand_ins)``: the absence,
    #: who covers it, and who covers each client in particular (by client id; None: the former)
    set_away: Callable[[int, datetime, str, int | None, Mapping[int, int | None]], object]
    set_back: Callable[[int], object]
    #: ``set_usual_contact_for(member_id, client_ids)``
    set_usual_contact_for: Callable[[int, Collection[int]], object]
    import_csv_file: Callable[[Path], ImportSummary]
    now: Callable[[], datetime]

    @classmethod
    def from_service(cls, team: TeamService, clock: Callable[[], datetime]) -> TeamActions:
        """Wire every action to the team service and the app's clock."""
        return cls(
            members=team.members,
            clients=team.clients,
            add_member=team.add_member,
            update_member=team.update_member,
            remove_member=team.remove_member,
            set_away=lambda member_id, until, reason, stand_in, per_client: team.set_away(
                member_id,
                until=until,
                reason=reason,
                stand_in_id=stand_in,
                name_stand_in=True,
                client_stand_ins=per_client,
            ),
            set_back=team.set_back,
            set_usual_contact_for=team.set_usual_contact_for,
            import_csv_file=lambda path: team.import_csv_file(path),
            now=clock,
        )
