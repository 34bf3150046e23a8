"""Keeping the agent's version beside a colleague's (see :mod:`callnotes.domain.merge`).

The agent's value of each field a colleague changed meanwhile goes on the case's timeline as a
team-only note, in the same transaction as the save; the agent is told who changed it and when
(on a team database from its audit log; on one desktop "A colleague").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from callnotes.domain.merge import Kept, ago, quoted
from callnotes.domain.timeline import EntryKind
from callnotes.services.cases.entries import write_entry
from callnotes.storage.audit import last_change

#: For each field kept beside: (field, the sentence to show the agent).
Notices = tuple[tuple[str, str], ...]


def keep_beside(
    session: Session,
    kept: tuple[Kept, ...],
    *,
    case_id: int,
    row: tuple[str, int],
    subject: str,
    labels: Mapping[str, str],
    at: datetime,
    author: str,
    issue_id: int | None = None,
) -> Notices:
    """Write each of *kept* on *case_id*'s timeline (internal) and say it to the agent.

    *row* is the (table, id) the colleague changed, for who and when; *subject* names the
    record in the entry ("of “Labels print blank”", "of Dana Whitfield's card").
    """
    if not kept:
        return ()
    who, since = last_change(session, *row)
    when = f" {ago(since)}" if since is not None else ""
    someone = who or "A colleague"
    notices = []
    for item in kept:
        label = labels.get(item.field, item.field.replace("_", " "))
        write_entry(
            session,
            case_id,
            EntryKind.NOTE,
            f"Kept beside {someone}'s change to the {label} {subject}{when}: "
            f"{author or 'the agent'} had written “{quoted(item.mine)}”.",
            at=at,
            author=author,
            internal=True,
            issue_id=issue_id,
        )
        notices.append(
            (item.field, f"{someone} changed the {label}{when} — yours is kept on the timeline.")
        )
    return tuple(notices)
