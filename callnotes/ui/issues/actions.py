"""What the issue panel may do, as plain callables: the panel never sees a service or a session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from callnotes.domain.issues import IssueRecord, IssueStatus, OrderState
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.seen_before import SeenBeforeMatch
from callnotes.domain.timeline import EntryRecord

if TYPE_CHECKING:
    from callnotes.services.clients.clients import ClientService
    from callnotes.services.issues.issues import IssueService


@dataclass(frozen=True)
class IssueActions:
    """The use cases behind the issue panel, one callable each.

    Each call is one short unit of work, made off the GUI thread: reads through the window's
    task runner, writes in line on its write queue (see :mod:`callnotes.ui.issues.writes`).
    """

    list_issues: Callable[[int], Sequence[IssueRecord]]
    add_issue: Callable[[int, str], IssueRecord]
    #: ``update_issue(issue_id, **fields)``: capture fields only (title, impact, deadline…).
    update_issue: Callable[..., IssueRecord]
    set_status: Callable[[int, IssueStatus], IssueRecord]
    set_owner: Callable[[int, int | None], IssueRecord]
    set_eta: Callable[[int, datetime | None], IssueRecord]
    set_roadblocks: Callable[[int, str], IssueRecord]
    reorder: Callable[[int, Sequence[int]], Sequence[IssueRecord]]
    confirm_order: Callable[[int], EntryRecord]
    order_state: Callable[[int], OrderState]
    #: ``seen_before(case_id, title, client_words)``
    seen_before: Callable[[int, str, str], Sequence[SeenBeforeMatch]]
    list_team: Callable[[], Sequence[TeamMemberRecord]]
    #: ``remove_issue(issue_id, reason)``: an issue added by mistake; the entry written.
    remove_issue: Callable[[int, str], EntryRecord]

    @classmethod
    def from_services(
        cls,
        issues: IssueService,
        clients: ClientService,
        *,
        call_id: Callable[[], int | None] = lambda: None,
    ) -> IssueActions:
        """Wire every action to the services (the composition root's one-liner).

        *call_id* tells which call is in progress, so an agreed order or a removal is linked
        to it.
        """

        def confirm(case_id: int) -> EntryRecord:
            return issues.confirm_order(case_id, call_id=call_id())

        def seen_before(case_id: int, title: str, words: str) -> Sequence[SeenBeforeMatch]:
            return issues.seen_before(case_id, title, words)

        def update(issue_id: int, **fields: Any) -> IssueRecord:
            return issues.update_issue(issue_id, **fields)

        def remove(issue_id: int, reason: str) -> EntryRecord:
            return issues.remove_issue(issue_id, reason, call_id=call_id())

        return cls(
            list_issues=issues.issues,
            add_issue=lambda case_id, title: issues.add_issue(case_id, title),
            update_issue=update,
            set_status=issues.set_status,
            set_owner=issues.set_owner,
            set_eta=issues.set_eta,
            set_roadblocks=issues.set_roadblocks,
            reorder=issues.reorder,
            confirm_order=confirm,
            order_state=issues.order_state,
            seen_before=seen_before,
            list_team=clients.team,
            remove_issue=remove,
        )
