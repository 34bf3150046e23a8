"""Building the one report context of a case that every document is rendered from."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryRecord
from callnotes.domain.timestamps import Clock
from callnotes.errors import NotFoundError
from callnotes.reports.context import CasePlan, IssueView, ReportContext
from callnotes.services.cases.cases import case_summary
from callnotes.services.issues.issues import sort_for_display
from callnotes.services.issues.recurring import RecurringService
from callnotes.services.records import (
    call_record,
    client_record,
    commitment_record,
    communication_record,
    contact_record,
    entry_record,
    issue_record,
    review_record,
    team_member_record,
)
from callnotes.services.resolution.follow_up import FollowUpService
from callnotes.settings import Settings
from callnotes.storage import models as m
from callnotes.storage.audit import chain_head
from callnotes.storage.database import Database


class ReportService:
    """Gathers the facts of a case for the documents."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        recurring: RecurringService,
        follow_up: FollowUpService,
        settings: Callable[[], Settings],
        signer: Callable[[Session], str],
    ) -> None:
        self._db = db
        self._clock = clock
        self._recurring = recurring
        self._follow_up = follow_up
        # Read at each document, so a name changed in Settings shows in the next one.
        self._settings = settings
        # Who signs, read in the document's unit of work (AppContext.signer).
        self._signer = signer

    def context(self, case_id: int) -> ReportContext:
        """Everything about one case, read in a single unit of work: one snapshot.

        A read-only unit of work reads one committed state of the database from its first read
        to its end, so a document built while the agent writes never mixes two moments.
        """
        settings = self._settings()
        with self._db.unit_of_work(read_only=True) as session:
            summary = case_summary(session, case_id)
            case = session.get(m.Case, case_id)
            if case is None:
                raise NotFoundError(f"There is no case with id {case_id}.")
            recurring = tuple(self._recurring.groups_of_case_in(session, case_id))
            client = session.scalar(
                select(m.Client)
                .where(m.Client.id == case.client_id)
                .options(selectinload(m.Client.contacts).selectinload(m.Contact.phones))
            )
            assert client is not None
            calls = session.scalars(
                select(m.Call).where(m.Call.case_id == case_id).order_by(m.Call.id)
            ).all()
            caller = next(
                (c for call in calls for c in client.contacts if c.id == call.contact_id), None
            )
            team = {t.id: t for t in session.scalars(select(m.TeamMember))}
            issues = sort_for_display(
                [
                    issue_record(i)
                    for i in session.scalars(select(m.Issue).where(m.Issue.case_id == case_id))
                ]
            )
            entries = [
                entry_record(e)
                for e in session.scalars(
                    select(m.TimelineEntry)
                    .where(m.TimelineEntry.case_id == case_id)
                    .options(selectinload(m.TimelineEntry.revisions))
                    .order_by(m.TimelineEntry.id)
                )
            ]
            commitments = session.scalars(
                select(m.Commitment)
                .where(m.Commitment.case_id == case_id)
                .order_by(m.Commitment.id)
            )
            communications = session.scalars(
                select(m.Communication)
                .where(m.Communication.case_id == case_id)
                .order_by(m.Communication.id)
            ).all()
            review = session.scalar(
                select(m.Review)
                .where(m.Review.case_id == case_id)
                .options(selectinload(m.Review.prevention_actions))
            )
            handed_over_to = team.get(case.handed_over_to_id or -1)
            author = team.get(review.author_id or -1) if review is not None else None
            usual = team.get(client.usual_contact_id or -1)
            checks = self._follow_up.checks_in(session, case_id)
            return ReportContext(
                case=summary,
                client=client_record(client),
                caller=contact_record(caller) if caller else None,
                agent_name=self._signer(session) or _last_author(entries),
                company=settings.company,
                generated_at=self._clock(),
                timezone=client.timezone,
                calls=tuple(call_record(c) for c in calls),
                issues=tuple(
                    IssueView(
                        issue=issue,
                        position=n,
                        owner_name=team[issue.owner_id].name if issue.owner_id in team else "",
                        owner_role=team[issue.owner_id].role if issue.owner_id in team else "",
                        entries=tuple(e for e in entries if e.issue_id == issue.id),
                    )
                    for n, issue in enumerate(issues, start=1)
                ),
                entries=tuple(entries),
                commitments=tuple(commitment_record(c) for c in commitments),
                communications=tuple(communication_record(c) for c in communications),
                team=tuple(team_member_record(t) for t in team.values()),
                review=review_record(review, author.name if author else "") if review else None,
                plan=CasePlan(
                    uid=case.uid,
                    update_cadence_minutes=case.update_cadence_minutes,
                    update_channel=ContactMethod(case.update_channel)
                    if case.update_channel
                    else None,
                    handed_over_to=handed_over_to.name if handed_over_to else "",
                    handed_over_at=case.handed_over_at,
                    handback_acknowledged_at=case.handback_acknowledged_at,
                    closed_at=case.closed_at,
                    away_since=usual.absence_began if usual is not None else None,
                    update_paused_since=case.update_paused_at,
                ),
                follow_up_checks=tuple(checks),
                recurring=recurring,
                logged_communication_ids=frozenset(
                    c.id for c in communications if c.entry_id is not None
                ),
                audit_head=chain_head(session, case_id),
            )


def _last_author(entries: list[EntryRecord]) -> str:
    """Who wrote the latest entry: the agent, when the settings do not name one."""
    return next((e.author for e in reversed(entries) if e.author), "")
