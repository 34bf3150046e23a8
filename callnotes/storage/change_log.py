"""What a unit of work changed, collected from the rows it wrote, announced once it commits.

The session records every row it flushes (inserted, updated, deleted) and every bulk statement
it runs; :func:`changes_of` turns them into the :class:`~callnotes.domain.changes.Changes` that
the database announces after the commit. No service has to say what it changed, and none can
forget to: the rows say it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker
from sqlalchemy.orm.util import identity_key

from callnotes.domain.changes import ANY_CASE, NO_CHANGES, Changes, Part
from callnotes.storage import models as m

log = logging.getLogger(__name__)

Listener = Callable[[Changes], None]

#: Which parts of the record each table holds.
TABLE_PARTS: dict[str, frozenset[Part]] = {
    "cases": frozenset({Part.CASE, Part.CASE_LIST}),
    # Kept by triggers (storage/activity.py): its changes come with the entry that made them.
    "case_activity": frozenset({Part.CASE_LIST}),
    "calls": frozenset({Part.CALLS, Part.CASE_LIST}),
    "call_backs": frozenset({Part.CALL_BACKS}),
    "issues": frozenset({Part.ISSUES, Part.CASE_LIST}),
    "timeline_entries": frozenset({Part.TIMELINE, Part.CASE_LIST}),
    "entry_revisions": frozenset({Part.TIMELINE}),
    "escalation_attempts": frozenset({Part.ESCALATION}),
    "team_notices": frozenset({Part.TEAM_NOTICES}),
    "follow_up_checks": frozenset({Part.FOLLOW_UP}),
    "investigation_steps": frozenset({Part.INVESTIGATION}),
    "case_links": frozenset({Part.INVESTIGATION}),
    "team_members": frozenset({Part.TEAM}),
    "clients": frozenset({Part.CLIENTS, Part.CASE, Part.CASE_LIST}),
    "contacts": frozenset({Part.CLIENTS}),
    "contact_phones": frozenset({Part.CLIENTS}),
    "commitments": frozenset({Part.PROMISES}),
    "communications": frozenset({Part.UPDATES}),
    "drafts": frozenset({Part.DRAFTS}),
    "reviews": frozenset({Part.REVIEW}),
    "prevention_actions": frozenset({Part.REVIEW}),
    "cover_acknowledgements": frozenset({Part.TEAM}),
    # A closure may move the next update of any of the client's cases.
    "client_closures": frozenset({Part.CLIENTS, Part.CASE}),
}

# Where each table of a case's data finds its case: its own id (the case), its ``case_id``
# column, or the case of the row it hangs from (the audit log and live notices use it).
CASE_OF = {
    "cases": "id",
    "calls": "case_id",
    "issues": "case_id",
    "timeline_entries": "case_id",
    "entry_revisions": "entry",
    "escalation_attempts": "case_id",
    "team_notices": "case_id",
    "follow_up_checks": "case_id",
    "investigation_steps": "case_id",
    "case_links": "case_id",
    "commitments": "case_id",
    "communications": "case_id",
    "reviews": "case_id",
    "prevention_actions": "review",
}

_KEY = "callnotes.changes"
# Rows that name their case through a parent row: (parent model, the column naming it).
_THROUGH_PARENT: dict[type, tuple[type, str]] = {
    m.EntryRevision: (m.TimelineEntry, "entry_id"),
    m.PreventionAction: (m.Review, "review_id"),
}


def record_changes(sessions: sessionmaker[Session]) -> None:
    """Make every session of *sessions* note what it writes (read with :func:`changes_of`)."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)


def changes_of(session: Session) -> Changes:
    """What *session* has written since it began (or since :func:`forget_changes`)."""
    found = session.info.get(_KEY)
    return found if isinstance(found, Changes) else NO_CHANGES


def forget_changes(session: Session) -> None:
    """Start counting afresh (a transaction rolled back)."""
    session.info.pop(_KEY, None)


def _note(session: Session, changes: Changes) -> None:
    if changes:
        session.info[_KEY] = changes_of(session) | changes


def _after_flush(session: Session, _context: Any) -> None:
    items: set[tuple[Part, int]] = set()
    for row in (*session.new, *session.dirty, *session.deleted):
        table = getattr(row, "__tablename__", None)
        found = TABLE_PARTS.get(table) if isinstance(table, str) else None
        if found:
            case = _case_of(session, row)
            items.update((part, case) for part in found)
    _note(session, Changes(frozenset(items)))


def _case_of(session: Session, row: object) -> int:
    if isinstance(row, m.Case):
        return row.id
    case_id = getattr(row, "case_id", None)
    if isinstance(case_id, int):
        return case_id
    through = _THROUGH_PARENT.get(type(row))
    if through is not None:
        parent_model, column = through
        parent_id = getattr(row, column, None)
        parent = session.identity_map.get(identity_key(parent_model, parent_id))
        if parent is not None and isinstance(getattr(parent, "case_id", None), int):
            return int(parent.case_id)
    return ANY_CASE  # a client, a colleague, a number: it may show on any case


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    table = getattr(mapper.local_table, "name", None) if mapper is not None else None
    found = TABLE_PARTS.get(table) if isinstance(table, str) else None
    if found:
        _note(state.session, Changes.of(found))


class ChangeAnnouncer:
    """Those who want to know what each commit changed; told on the committing thread."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Tell *listener* about every commit that changed something; return how to stop."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def announce(self, changes: Changes) -> None:
        """Tell every listener; one that fails is logged and the others still hear."""
        if not changes:
            return
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:
                log.exception("a change listener failed on %s", changes.describe())
