"""Issues: capturing what the client wants fixed, its progress, and the order agreed with them.

Every progress step (status, owner, ETA, roadblocks) and every agreement on the order is
written to the timeline in the same transaction as the change itself, so the record of facts
and the issue can never disagree. The sentences are in :mod:`callnotes.services.issues.entries`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, tzinfo
from enum import Enum
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.issues import (
    Impact,
    IssueRecord,
    IssueStatus,
    OrderState,
    StatusChange,
    Urgency,
)
from callnotes.domain.merge import merge
from callnotes.domain.seen_before import SeenBeforeMatch, similarity_query
from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.entries import write_entry
from callnotes.services.issues import entries as texts
from callnotes.services.issues import fields
from callnotes.services.issues.order import checked_order, latest_agreement, order_state, positions
from callnotes.services.issues.removal import remove_issue
from callnotes.services.kept_beside import keep_beside
from callnotes.services.lookups import case_row, issue_row
from callnotes.services.records import entry_record, issue_record
from callnotes.services.search.seen_before import find_seen_before
from callnotes.storage import models as m
from callnotes.storage.database import Database
from callnotes.storage.search import search_index_for


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


#: Default of every :meth:`IssueService.update_issue` field: leave it as it is.
UNCHANGED: Final = _Unchanged.UNCHANGED


_FIELD_LABELS = {
    "title": "title",
    "client_words": "client's words",
    "fixed_looks_like": "what fixed looks like",
    "impact": "impact",
    "urgency": "urgency",
    "time_sensitive": "time-sensitive mark",
    "business_critical": "business-critical mark",
    "timeframe": "timeframe",
    "deadline": "deadline",
    "first_noticed_at": "time first noticed",
    "root_cause": "root cause",
}


def _as_stored(name: str, value: object) -> object:
    """A field's value as the issue's row holds it, checked (the one path for every value)."""
    if name == "title":
        return fields.title(value)
    if name in ("client_words", "root_cause"):
        return fields.words(value, _FIELD_LABELS[name])
    if name == "fixed_looks_like":
        return fields.criteria(value)
    if name == "impact":
        return fields.optional_choice(Impact, value, "impact level")
    if name == "urgency":
        return fields.optional_choice(Urgency, value, "urgency")
    if name in ("time_sensitive", "business_critical"):
        return fields.flag(value, _FIELD_LABELS[name].removesuffix(" mark"))
    if name == "timeframe":
        return fields.line(value, "timeframe")
    return fields.moment(value, _FIELD_LABELS[name])


class IssueService:
    """Use cases around issues."""

    def __init__(self, db: Database, clock: Clock, author: Callable[[], str] = str) -> None:
        self._db = db
        self._clock = clock
        self._author = author
        self._index = search_index_for(db.engine.dialect.name)

    # Capture ---------------------------------------------------------------------------------

    def add_issue(
        self,
        case_id: int,
        title: str,
        *,
        client_words: str = "",
        fixed_looks_like: Sequence[str] = (),
        impact: Impact | None = None,
        urgency: Urgency | None = None,
        time_sensitive: bool = False,
        business_critical: bool = False,
        timeframe: str = "",
        deadline: datetime | None = None,
        first_noticed_at: datetime | None = None,
    ) -> IssueRecord:
        """Add an issue; only the title is required, the rest can follow during the call."""
        issue = m.Issue(
            title=fields.title(title),
            client_words=fields.words(client_words, "client's words"),
            fixed_looks_like=fields.criteria(fixed_looks_like),
            impact=fields.optional_choice(Impact, impact, "impact level"),
            urgency=fields.optional_choice(Urgency, urgency, "urgency"),
            time_sensitive=fields.flag(time_sensitive, "time-sensitive"),
            business_critical=fields.flag(business_critical, "business-critical"),
            timeframe=fields.line(timeframe, "timeframe"),
            deadline=fields.moment(deadline, "deadline"),
            first_noticed_at=fields.moment(first_noticed_at, "time first noticed"),
        )
        with self._db.unit_of_work() as session:
            case_row(session, case_id)
            issue.case_id = case_id
            issue.created_at = self._clock()
            session.add(issue)
            session.flush()
            return issue_record(issue)

    def update_issue(
        self,
        issue_id: int,
        *,
        title: str | _Unchanged = UNCHANGED,
        client_words: str | _Unchanged = UNCHANGED,
        fixed_looks_like: Sequence[str] | _Unchanged = UNCHANGED,
        impact: Impact | _Unchanged | None = UNCHANGED,
        urgency: Urgency | _Unchanged | None = UNCHANGED,
        time_sensitive: bool | _Unchanged = UNCHANGED,
        business_critical: bool | _Unchanged = UNCHANGED,
        timeframe: str | _Unchanged = UNCHANGED,
        deadline: datetime | _Unchanged | None = UNCHANGED,
        first_noticed_at: datetime | _Unchanged | None = UNCHANGED,
        root_cause: str | _Unchanged = UNCHANGED,
        started_from: Mapping[str, object] | None = None,
    ) -> IssueRecord:
        """Change what is known about an issue; fields left out stay as they are.

        Progress (status, owner, ETA, roadblocks) has its own methods, which also write the
        timeline.

        With *started_from* (each field as the agent saw it when they began changing it), no
        edit is lost unseen: a field someone else changed meanwhile keeps their version, and
        the agent's is kept on the timeline beside it and named in ``kept_beside``; the fields
        only the agent changed are saved as usual.
        """
        asked = {
            "title": title,
            "client_words": client_words,
            "fixed_looks_like": fixed_looks_like,
            "impact": impact,
            "urgency": urgency,
            "time_sensitive": time_sensitive,
            "business_critical": business_critical,
            "timeframe": timeframe,
            "deadline": deadline,
            "first_noticed_at": first_noticed_at,
            "root_cause": root_cause,
        }
        changes = {
            name: _as_stored(name, value)
            for name, value in asked.items()
            if not isinstance(value, _Unchanged)
        }
        began = {
            name: _as_stored(name, value)
            for name, value in (started_from or {}).items()
            if name in changes
        }
        with self._db.unit_of_work() as session:
            issue = issue_row(session, issue_id, for_update=bool(began))
            merged = merge({name: getattr(issue, name) for name in changes}, changes, began)
            for name, value in merged.changes.items():
                setattr(issue, name, value)
            notices = keep_beside(
                session,
                merged.kept,
                case_id=issue.case_id,
                row=("issues", issue.id),
                subject=f"of “{issue.title}”",
                labels=_FIELD_LABELS,
                at=self._clock(),
                author=self._author(),
                issue_id=issue.id,
            )
            session.flush()
            return replace(issue_record(issue), kept_beside=notices)

    def get_issue(self, issue_id: int) -> IssueRecord:
        """One issue; a clear error if it does not exist."""
        with self._db.unit_of_work(read_only=True) as session:
            return issue_record(issue_row(session, issue_id))

    def issues(self, case_id: int) -> list[IssueRecord]:
        """A case's issues: agreed order first, then suggested priority, then as raised."""
        with self._db.unit_of_work(read_only=True) as session:
            return _ordered(session, case_id)

    def remove_issue(
        self, issue_id: int, reason: str = "", *, call_id: int | None = None
    ) -> EntryRecord:
        """Remove an issue added by mistake; the entry written says which and why.

        Notes about it stay on the timeline; see :mod:`callnotes.services.issues.removal`.
        """
        with self._db.unit_of_work() as session:
            entry = remove_issue(
                session, issue_id, reason, at=self._clock(), author=self._author(), call_id=call_id
            )
            return entry_record(entry)

    # Progress --------------------------------------------------------------------------------

    def set_status(self, issue_id: int, status: IssueStatus) -> IssueRecord:
        """Move an issue to *status* (any step, forwards or back) and record it on the timeline."""
        new = fields.choice(IssueStatus, status, "issue status")
        with self._db.unit_of_work() as session:
            issue = issue_row(session, issue_id)
            old = IssueStatus(issue.status)
            if new is not old:
                issue.status = new.value
                text = texts.status_text(issue.title, old, new)
                self._record(session, issue.case_id, EntryKind.STATUS_CHANGE, text, issue.id)
            return issue_record(issue)

    def set_owner(self, issue_id: int, owner_id: int | None) -> IssueRecord:
        """Give an issue to a team member (None: nobody yet) and record it on the timeline."""
        with self._db.unit_of_work() as session:
            issue = issue_row(session, issue_id)
            owner = None
            if owner_id is not None:
                owner = session.get(m.TeamMember, owner_id)
                if owner is None:
                    raise NotFoundError(f"There is no team member with id {owner_id}.")
            if owner_id != issue.owner_id:
                previous = session.get(m.TeamMember, issue.owner_id) if issue.owner_id else None
                issue.owner_id = owner_id
                text = texts.owner_text(
                    issue.title,
                    owner.name if owner else None,
                    previous.name if previous else None,
                )
                self._record(session, issue.case_id, EntryKind.STATUS_CHANGE, text, issue.id)
            return issue_record(issue)

    def set_eta(self, issue_id: int, eta: datetime | None) -> IssueRecord:
        """Set (or remove) when the fix is expected, and record it on the timeline."""
        when = fields.moment(eta, "ETA")
        with self._db.unit_of_work() as session:
            issue = issue_row(session, issue_id)
            if when != issue.eta:
                text = texts.eta_text(issue.title, when, issue.eta, _zone(session, issue.case_id))
                issue.eta = when
                self._record(session, issue.case_id, EntryKind.STATUS_CHANGE, text, issue.id)
            return issue_record(issue)

    def set_roadblocks(self, issue_id: int, roadblocks: str) -> IssueRecord:
        """Say what blocks the fix (empty: nothing any more), and record it on the timeline."""
        text = fields.words(roadblocks, "roadblocks", max_chars=fields.MAX_ROADBLOCKS_CHARS)
        with self._db.unit_of_work() as session:
            issue = issue_row(session, issue_id)
            if text != issue.roadblocks:
                issue.roadblocks = text
                entry = texts.roadblocks_text(issue.title, text)
                self._record(session, issue.case_id, EntryKind.STATUS_CHANGE, entry, issue.id)
            return issue_record(issue)

    def status_history(self, issue_id: int) -> list[StatusChange]:
        """Each status an issue went through, oldest first, starting with New when raised."""
        with self._db.unit_of_work() as session:
            issue = issue_row(session, issue_id)
            rows = session.scalars(
                select(m.TimelineEntry)
                .where(
                    m.TimelineEntry.issue_id == issue_id,
                    m.TimelineEntry.kind == EntryKind.STATUS_CHANGE.value,
                )
                .options(selectinload(m.TimelineEntry.revisions))
                .order_by(m.TimelineEntry.id)
            )
            history = [StatusChange(issue.created_at, IssueStatus.NEW, None, "", None)]
            for entry in (entry_record(row) for row in rows):
                change = texts.parse_status(entry)
                if change is not None:
                    history.append(
                        StatusChange(entry.at, change[1], change[0], entry.author, entry.id)
                    )
            return history

    # Order -----------------------------------------------------------------------------------

    def reorder(self, case_id: int, issue_ids: Sequence[int]) -> list[IssueRecord]:
        """Store the order the agent set (every issue of the case, first to last).

        Once the client has agreed an order, a change is recorded on the timeline as a new
        DECISION entry; the earlier agreement is never rewritten.
        """
        with self._db.unit_of_work() as session:
            case_row(session, case_id)
            before = _ordered(session, case_id)
            wanted = checked_order(before, issue_ids)
            rows = {row.id: row for row in _issue_rows(session, case_id)}
            for rank, issue_id in enumerate(wanted, 1):
                rows[issue_id].agreed_rank = rank
            session.flush()
            after = [issue_record(rows[issue_id]) for issue_id in wanted]
            agreed = latest_agreement(_decisions(session, case_id))
            if agreed is not None and wanted != [issue.id for issue in before]:
                now = self._clock()
                text = texts.order_changed_text(
                    after, positions(before), agreed.at, now, _zone(session, case_id)
                )
                self._record(session, case_id, EntryKind.DECISION, text, at=now)
            return after

    def confirm_order(self, case_id: int, *, call_id: int | None = None) -> EntryRecord:
        """The client agreed to the order shown: fix it and write a DECISION listing it."""
        with self._db.unit_of_work() as session:
            case_row(session, case_id)
            ordered = _ordered(session, case_id)
            if not ordered:
                raise InvalidInputError("There are no issues to put in order yet.")
            if call_id is not None:
                call = session.get(m.Call, call_id)
                if call is None or call.case_id != case_id:
                    raise NotFoundError(f"There is no call with id {call_id} in this case.")
            rows = {row.id: row for row in _issue_rows(session, case_id)}
            for rank, issue in enumerate(ordered, 1):
                rows[issue.id].agreed_rank = rank
            previous = latest_agreement(_decisions(session, case_id))
            now = self._clock()
            text = texts.order_agreed_text(
                ordered,
                now,
                _zone(session, case_id),
                previous.at if previous is not None else None,
            )
            entry = self._record(
                session, case_id, EntryKind.DECISION, text, call_id=call_id, at=now
            )
            return entry_record(entry)

    def order_state(self, case_id: int) -> OrderState:
        """Whether the order shown was agreed with the client, and whether it changed since."""
        with self._db.unit_of_work(read_only=True) as session:
            case_row(session, case_id)
            return order_state(_decisions(session, case_id), _ordered(session, case_id))

    # Seen before -----------------------------------------------------------------------------

    def seen_before(
        self, case_id: int, title: str, words: str = "", *, limit: int = 8
    ) -> list[SeenBeforeMatch]:
        """Earlier issues and facts like this one: this case's client first, then everyone.

        *title* is the issue's title and *words* the client's words. Safe to call from a worker
        thread: it opens its own unit of work.
        """
        wanted = similarity_query(title, words)
        with self._db.unit_of_work(read_only=True) as session:
            return find_seen_before(session, self._index, case_id, wanted, limit=limit)

    # Helpers ---------------------------------------------------------------------------------

    def _record(
        self,
        session: Session,
        case_id: int,
        kind: EntryKind,
        text: str,
        issue_id: int | None = None,
        *,
        call_id: int | None = None,
        at: datetime | None = None,
    ) -> m.TimelineEntry:
        entry = write_entry(
            session,
            case_id,
            kind,
            text,
            at=at or self._clock(),
            author=self._author(),
            call_id=call_id,
            issue_id=issue_id,
        )
        return entry


def sort_for_display(issues: list[IssueRecord]) -> list[IssueRecord]:
    """Agreed order first, then suggested priority, then the order they were raised."""
    return sorted(issues, key=_display_order)


def _display_order(issue: IssueRecord) -> tuple[int, int, int]:
    rank = issue.agreed_rank if issue.agreed_rank is not None else 1_000_000
    priority = issue.priority if issue.priority is not None else 6
    return (rank, priority, issue.id)


def _issue_rows(session: Session, case_id: int) -> list[m.Issue]:
    return list(
        session.scalars(select(m.Issue).where(m.Issue.case_id == case_id).order_by(m.Issue.id))
    )


def _ordered(session: Session, case_id: int) -> list[IssueRecord]:
    return sort_for_display([issue_record(row) for row in _issue_rows(session, case_id)])


def _decisions(session: Session, case_id: int) -> list[EntryRecord]:
    rows = session.scalars(
        select(m.TimelineEntry)
        .where(
            m.TimelineEntry.case_id == case_id,
            m.TimelineEntry.kind == EntryKind.DECISION.value,
            m.TimelineEntry.issue_id.is_(None),
        )
        .options(selectinload(m.TimelineEntry.revisions))
        .order_by(m.TimelineEntry.id)
    )
    return [entry_record(row) for row in rows]


def _zone(session: Session, case_id: int) -> tzinfo:
    """The client's time zone: times in entries are read as the client hears them."""
    name = session.scalar(
        select(m.Client.timezone)
        .join(m.Case, m.Case.client_id == m.Client.id)
        .where(m.Case.id == case_id)
    )
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
