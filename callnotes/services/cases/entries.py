"""Writing a timeline entry inside another use case's unit of work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from callnotes.domain.timeline import EntryKind
from callnotes.storage import models as m


def write_entry(
    session: Session,
    case_id: int,
    kind: EntryKind,
    text: str,
    *,
    at: datetime,
    author: str,
    internal: bool = False,
    for_client: bool = False,
    call_id: int | None = None,
    issue_id: int | None = None,
    uid: str | None = None,
) -> m.TimelineEntry:
    """Append a fact in the caller's transaction (flushed, so it has an id).

    A use case that records something *and* puts it on the timeline writes both in one
    transaction: both land or neither does.
    """
    entry = m.TimelineEntry(
        case_id=case_id,
        call_id=call_id,
        issue_id=issue_id,
        at=at,
        kind=EntryKind(kind).value,
        text=text,
        author=author,
        internal=internal,
        for_client=for_client,
        revisions=[],
        **({"uid": uid} if uid else {}),
    )
    session.add(entry)
    session.flush()
    return entry
