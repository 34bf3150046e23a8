"""The read-back before hanging up: the recap of a case read in one snapshot, and sent as text.

The recap is built from the case's report context written for the client
(``ReportContext.for_client``): the same snapshot and the same rules as the status report, so
the recap, the status report and the calendar file name the same next update, and nothing kept
from the client can reach it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from callnotes.domain.people import ContactMethod
from callnotes.domain.phones import display_number
from callnotes.domain.read_back import (
    ReadBack,
    RecapFacts,
    RecapIssue,
    RecapPromise,
    build_read_back,
)
from callnotes.reports.email_draft import Recipient, email_draft

if TYPE_CHECKING:
    from callnotes.reports.context import IssueView, ReportContext
    from callnotes.services.documents.reporting import ReportService


@dataclass(frozen=True)
class RecapDraft:
    """The recap as an e-mail draft, and whom it is addressed to (None: nobody known)."""

    eml: bytes
    recipient: Recipient | None


class ReadBackService:
    """The recap of a case for the agent to read aloud, and the same as a message to send."""

    def __init__(self, reports: ReportService) -> None:
        self._reports = reports

    def read_back(self, case_id: int) -> ReadBack:
        """The recap of *case_id* as it stands (one read-only unit of work)."""
        return recap_of(self._reports.context(case_id).for_client())

    def email_draft(self, case_id: int) -> RecapDraft:
        """The recap as an e-mail draft (.eml) addressed to the client's contact."""
        context = self._reports.context(case_id).for_client()
        recap = recap_of(context)
        recipient = Recipient.of(context.recipient)
        eml = email_draft(
            recipient=recipient, subject=recap.subject, text=recap.text(), html=recap_html(recap)
        )
        return RecapDraft(eml, recipient)


def recap_of(context: ReportContext) -> ReadBack:
    """The recap of a context written for the client."""
    caller = context.caller
    channel = context.update_channel
    reach_on = ""
    if caller is not None:
        if channel is ContactMethod.EMAIL:
            reach_on = caller.email
        elif caller.phones:
            reach_on = display_number(caller.phones[0])
    facts = RecapFacts(
        client_name=context.client.name,
        timezone=context.timezone,
        now=context.generated_at,
        issues=tuple(_issue(view) for view in context.issues),
        next_update_at=context.next_update_at,
        update_paused=context.update_paused_since is not None,
        cadence_minutes=context.plan.update_cadence_minutes if context.plan else None,
        channel=channel,
        contact_name=caller.name if caller is not None else "",
        reach_on=reach_on,
        promises=tuple(RecapPromise(c.text, c.due_at) for c in context.client_contact_promises),
        agent_name=context.agent_name,
        company=context.company,
    )
    return build_read_back(context.case.id, facts)


def recap_html(recap: ReadBack) -> str:
    """The recap as a short HTML message (the e-mail's formatted part)."""
    out = [f"<p>{html.escape(recap.greeting)}</p>"]
    for section in recap.sections:
        out.append(f"<p><b>{html.escape(section.heading)}</b></p><ul>")
        out.extend(f"<li>{html.escape(line)}</li>" for line in section.lines)
        out.append("</ul>")
    out.append(f"<p>{html.escape(recap.zone_note)}<br>{html.escape(recap.closing)}</p>")
    return "\n".join(out)


def _issue(view: IssueView) -> RecapIssue:
    issue = view.issue
    plan = view.plan
    return RecapIssue(
        position=view.position,
        title=issue.title,
        next_step=plan[-1].text if plan else "",
        eta=issue.eta,
        timeframe=issue.timeframe,
        done=not issue.status.is_open,
    )
