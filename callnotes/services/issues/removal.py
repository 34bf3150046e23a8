"""Removing an issue added by mistake (a duplicate, a slip) while the record stays truthful.

The issue row goes, and with it its search rows (the index triggers). The timeline entries
that mention it stay, only without their link to it; the issues left close up their agreed
ranks without a gap, keeping their order; and one entry says what was removed and why.

What would lose or orphan a fact blocks the removal instead: the client's answers in a
follow-up call (they would go with the issue), and an open promise or an escalation attempt
written on an entry about the issue. Prevention actions belong to the case's review, not to an
issue, so they never block.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from callnotes.domain.commitments import CommitmentState
from callnotes.domain.text import single_line
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.entries import write_entry
from callnotes.services.lookups import issue_row
from callnotes.storage import models as m

#: The reason recorded when the agent gives none.
DEFAULT_REASON = "added by mistake"
MAX_REASON_CHARS = 300


def removal_text(title: str, reason: str) -> str:
    """``Removed issue “Labels do not print”: added by mistake``."""
    return f"Removed issue “{title}”: {reason}"


def clean_reason(raw: object) -> str:
    """The reason as one line; blank means the issue was added by mistake."""
    if not isinstance(raw, str):
        raise InvalidInputError("The reason for removing an issue must be text.")
    return single_line(raw, max_chars=MAX_REASON_CHARS) or DEFAULT_REASON


def remove_issue(
    session: Session,
    issue_id: int,
    reason: str,
    *,
    at: datetime,
    author: str,
    call_id: int | None = None,
) -> m.TimelineEntry:
    """Remove *issue_id* in the caller's transaction and return the entry that records it.

    Refused with one sentence naming what still refers to the issue; then nothing changes.
    """
    why = clean_reason(reason)
    issue = issue_row(session, issue_id)
    case_id, title = issue.case_id, issue.title
    if call_id is not None:
        call = session.get(m.Call, call_id)
        if call is None or call.case_id != case_id:
            raise NotFoundError(f"There is no call with id {call_id} in this case.")
    blockers = removal_blockers(session, issue_id)
    if blockers:
        raise InvalidInputError(
            f"“{title}” can't be removed: it is referred to by {_joined(blockers)}."
        )
    # The schema would do this too (ON DELETE SET NULL); saying it keeps the intent visible.
    session.execute(
        update(m.TimelineEntry).where(m.TimelineEntry.issue_id == issue_id).values(issue_id=None)
    )
    session.delete(issue)
    session.flush()
    _close_up_ranks(session, case_id)
    return write_entry(
        session,
        case_id,
        EntryKind.STATUS_CHANGE,
        removal_text(title, why),
        at=at,
        author=author,
        call_id=call_id,
    )


def removal_blockers(session: Session, issue_id: int) -> list[str]:
    """What refers to the issue and must not lose it, as phrases (empty: free to remove)."""
    about_issue = m.TimelineEntry.issue_id == issue_id
    checks = session.scalar(
        select(func.count())
        .select_from(m.FollowUpCheck)
        .where(m.FollowUpCheck.issue_id == issue_id)
    )
    promises = session.scalar(
        select(func.count())
        .select_from(m.Commitment)
        .join(m.TimelineEntry, m.TimelineEntry.id == m.Commitment.entry_id)
        .where(about_issue, m.Commitment.state == CommitmentState.OPEN.value)
    )
    attempts = session.scalar(
        select(func.count())
        .select_from(m.EscalationAttempt)
        .join(m.TimelineEntry, m.TimelineEntry.id == m.EscalationAttempt.entry_id)
        .where(about_issue)
    )
    found = []
    if promises:
        found.append(_counted(promises, "open promise"))
    if attempts:
        found.append(_counted(attempts, "escalation attempt"))
    if checks:
        found.append(_counted(checks, "follow-up check with the client"))
    return found


def _close_up_ranks(session: Session, case_id: int) -> None:
    """Number the agreed ranks left 1, 2, 3… in the same order; unranked issues stay last."""
    ranked = session.scalars(
        select(m.Issue)
        .where(m.Issue.case_id == case_id, m.Issue.agreed_rank.is_not(None))
        .order_by(m.Issue.agreed_rank, m.Issue.id)
    ).all()
    for rank, row in enumerate(ranked, 1):
        if row.agreed_rank != rank:
            row.agreed_rank = rank
    session.flush()


def _counted(count: int, thing: str) -> str:
    if count == 1:
        return f"1 {thing}"
    noun, _, rest = thing.partition(" with ")
    plural = f"{count} {noun}s"
    return f"{plural} with {rest}" if rest else plural


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
