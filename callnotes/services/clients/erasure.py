"""Erasing one client and everything held about them, in one transaction.

The client, its contacts and their numbers, its cases and every row that hangs off them
(calls, issues, timeline entries and their revisions, promises, updates, escalation attempts,
team notices, investigation steps, follow-up answers, reviews and prevention actions), links
from *and to* its cases, and the drafts typed for them go together, or nothing goes. Rows of
other clients that merely pointed at an erased row keep their own content (the foreign keys set
those pointers to null), except the words callnotes itself copied from the erased case: linking
a past case quotes its number and title in the linking case's investigation step and timeline
entry, and those (the entry's earlier versions too) are reworded to "same as a case since
erased", keeping the agent's reason for the link.

Deleted text must not stay findable: the full-text index drops the rows through its triggers,
and on SQLite the index is then merged (``optimize``) and freed pages are zeroed
(``secure_delete``), so the words are gone from the file, not just hidden. Afterwards the file
is rewritten (``VACUUM``) and the write-ahead log emptied: text saved earlier with
``secure_delete`` off (a draft autosaved word by word) can linger in free space otherwise.
Backups taken earlier still hold the client until they age out of the rotation (a year at
most); callers say so.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, Connection, CursorResult, delete, func, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from callnotes.domain.drafts import case_of_draft
from callnotes.domain.investigation import SAME_AS_ERASED, InvestigationCheck, naming_of_case
from callnotes.domain.text import counted
from callnotes.errors import CallInProgressError, NotFoundError
from callnotes.services.cases.drafts import DraftService
from callnotes.storage import models as m
from callnotes.storage.audit import forget_chains
from callnotes.storage.database import Database
from callnotes.storage.search.fts5_schema import compact_search_index

log = logging.getLogger(__name__)

BACKUP_NOTE = (
    "Backups made before now still contain this client until they age out (a year at most); "
    "delete them from the backups folder if the client must be gone at once."
)


@dataclass(frozen=True)
class ErasureCounts:
    """How many rows of each kind an erasure removes (or removed) for one client."""

    client_id: int
    client_name: str
    cases: int = 0
    contacts: int = 0
    phone_numbers: int = 0
    calls: int = 0
    call_backs: int = 0
    issues: int = 0
    entries: int = 0
    revisions: int = 0
    commitments: int = 0
    communications: int = 0
    escalation_attempts: int = 0
    team_notices: int = 0
    investigation_steps: int = 0
    case_links: int = 0
    mentions: int = 0  # not removed: reworded in another client's case
    follow_up_checks: int = 0
    reviews: int = 0
    prevention_actions: int = 0
    cover_acknowledgements: int = 0
    closures: int = 0
    drafts: int = 0

    def items(self) -> Iterator[tuple[str, int]]:
        """(kind, count) for every kind of row, in the order the fields are declared."""
        for field in fields(self):
            if field.name not in ("client_id", "client_name"):
                yield field.name, getattr(self, field.name)

    @property
    def total(self) -> int:
        """All rows removed, the client itself not included (the quotes reworded neither)."""
        return sum(count for kind, count in self.items() if kind != "mentions")

    def summary(self) -> str:
        """The non-zero counts in plain English: "2 cases, 48 timeline entries, …"."""
        parts = [_counted(count, kind) for kind, count in self.items() if count]
        return ", ".join(parts) if parts else "no cases or contacts"


_NAMES = {
    "cases": ("case", "cases"),
    "contacts": ("contact", "contacts"),
    "phone_numbers": ("phone number", "phone numbers"),
    "calls": ("call", "calls"),
    "call_backs": ("call-back", "call-backs"),
    "issues": ("issue", "issues"),
    "entries": ("timeline entry", "timeline entries"),
    "revisions": ("earlier version of an entry", "earlier versions of entries"),
    "commitments": ("promise", "promises"),
    "communications": ("update", "updates"),
    "escalation_attempts": ("escalation attempt", "escalation attempts"),
    "team_notices": ("team notice", "team notices"),
    "investigation_steps": ("investigation step", "investigation steps"),
    "case_links": ("case link", "case links"),
    "mentions": ("title quoted in another client's case", "titles quoted in other clients' cases"),
    "follow_up_checks": ("follow-up answer", "follow-up answers"),
    "reviews": ("review", "reviews"),
    "prevention_actions": ("prevention action", "prevention actions"),
    "cover_acknowledgements": (
        "item acknowledged after an absence",
        "items acknowledged after an absence",
    ),
    "closures": ("closure from the client's calendar", "closures from the client's calendar"),
    "drafts": ("unsaved draft", "unsaved drafts"),
}


def _counted(count: int, kind: str) -> str:
    return counted(count, *_NAMES[kind])


class ClientErasureService:
    """Counts and erases what is held about one client."""

    def __init__(self, db: Database, drafts_apart: DraftService | None = None) -> None:
        self._db = db
        # A team database's drafts, on this computer: this desktop's of the client go too
        # (another desktop's stay there, unseen, until their agent opens the case: gone).
        self._drafts_apart = drafts_apart

    def preview(self, client_id: int, *, current_call: int | None = None) -> ErasureCounts:
        """What :meth:`erase` would remove now; nothing is changed.

        Refused, as the erasure is, during a call with the client (see :meth:`erase`).
        """
        with self._db.unit_of_work() as session:
            name = _client_name(session, client_id)
            _refuse_during_call(session, client_id, name, current_call)
            counts = {
                kind: session.scalar(select(func.count()).select_from(model).where(where)) or 0
                for kind, model, where in _targets(client_id)
            }
            counts["drafts"] = len(_draft_keys(session, client_id))
            counts["mentions"] = len(_namings(session, client_id))
            case_ids = list(session.scalars(select(m.Case.id).where(m.Case.client_id == client_id)))
        if self._drafts_apart is not None:
            counts["drafts"] += len(self._drafts_apart.of_cases(case_ids))
        return ErasureCounts(client_id, name, **counts)

    def erase(self, client_id: int, *, current_call: int | None = None) -> ErasureCounts:
        """Remove the client and everything that hangs off it; return what was removed.

        Refused (:class:`~callnotes.errors.CallInProgressError`) while a call with the client
        is in progress: one of its cases' calls has not ended, wherever it is taken, or
        *current_call*, the call the asking desktop is on, is one of its cases' (a call hung up
        stays in progress there until it is wrapped up). What the call records would otherwise
        be written to a case that is gone.

        One transaction: if any step fails, nothing is erased. The log names the client's id
        only, never its name or anything it said.
        """
        with self._db.unit_of_work() as session:
            name = _client_name(session, client_id)
            _refuse_during_call(session, client_id, name, current_call)
            connection = session.connection()
            sqlite = connection.dialect.name == "sqlite"
            case_ids = list(session.scalars(select(m.Case.id).where(m.Case.client_id == client_id)))
            if not sqlite:
                counts = _erase_rows(session, client_id)
                forget_chains(session, case_ids)
            else:
                with _secure_delete(connection):
                    counts = _erase_rows(session, client_id)
                    compact_search_index(connection)
        if sqlite:
            self._checkpoint()
        if self._drafts_apart is not None:
            counts["drafts"] += self._drafts_apart.forget_cases(case_ids)
        erased = ErasureCounts(client_id, name, **counts)
        log.info(
            "erased client #%d: %d cases, %d timeline entries, %d rows in all",
            client_id,
            erased.cases,
            erased.entries,
            erased.total,
        )
        return erased

    def forget_what_was_erased_elsewhere(self) -> int:
        """Remove this computer's drafts and notes not yet shared whose case is no longer on the
        team database: its client was erased, from another desktop (which could remove only its
        own). How many; 0 on one desktop's file, where an erasure removes them with the rest."""
        drafts = self._drafts_apart
        if drafts is None:
            return 0
        kept_for = drafts.case_ids()
        if not kept_for:
            return 0
        with self._db.unit_of_work(read_only=True) as session:
            still_there = set(
                session.scalars(select(m.Case.id).where(m.Case.id.in_(sorted(kept_for))))
            )
        gone = kept_for - still_there
        if not gone:
            return 0
        forgotten = drafts.forget_cases(gone)
        log.info("forgot %d drafts of %d cases erased from another desktop", forgotten, len(gone))
        return forgotten

    def _checkpoint(self) -> None:
        """Rewrite the database file and truncate the write-ahead log: old pages go with them.

        ``secure_delete`` zeroes what the erasure itself deletes, but text rewritten earlier
        with it off (SQLite's default: every autosave of a draft) can linger in free space
        inside pages that are still in use; ``VACUUM`` copies only live rows into a fresh file.
        Best effort: another connection reading at this moment only makes it partial.
        """
        try:
            with self._db.engine.connect() as raw:
                auto = raw.execution_options(isolation_level="AUTOCOMMIT")
                auto.exec_driver_sql("PRAGMA secure_delete=ON")
                auto.exec_driver_sql("VACUUM")
                auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except SQLAlchemyError:
            log.warning("the write-ahead log could not be checkpointed after an erasure")


@contextmanager
def _secure_delete(connection: Connection) -> Iterator[None]:
    """Zero what SQLite deletes on *connection* for the block, then restore its setting."""
    previous = int(connection.exec_driver_sql("PRAGMA secure_delete").scalar() or 0)
    connection.exec_driver_sql("PRAGMA secure_delete=ON")
    try:
        yield
    finally:
        # A failed statement must stay the error reported, not a failure to restore this.
        with suppress(SQLAlchemyError):
            connection.exec_driver_sql(f"PRAGMA secure_delete={previous}")


def _client_name(session: Session, client_id: int) -> str:
    name = session.scalar(select(m.Client.name).where(m.Client.id == client_id))
    if name is None:
        raise NotFoundError(f"There is no client with id {client_id}.")
    return name


def _refuse_during_call(
    session: Session, client_id: int, client_name: str, current_call: int | None
) -> None:
    in_progress: ColumnElement[bool] = m.Call.ended_at.is_(None)
    if current_call is not None:
        in_progress = or_(in_progress, m.Call.id == current_call)
    call = session.scalar(
        select(m.Call.id)
        .join(m.Case, m.Case.id == m.Call.case_id)
        .where(m.Case.client_id == client_id, in_progress)
        .limit(1)
    )
    if call is not None:
        log.info("erasing client #%d refused: call #%d is in progress", client_id, call)
        raise CallInProgressError(client_name)


def _targets(client_id: int) -> list[tuple[str, Any, ColumnElement[bool]]]:
    """(kind, table, which rows) for everything held about the client, children first.

    Subqueries instead of lists of ids: a large client would exceed SQLite's limit on bound
    values, and the rows they select are still there until their own turn comes.
    """
    cases = select(m.Case.id).where(m.Case.client_id == client_id)
    issues = select(m.Issue.id).where(m.Issue.case_id.in_(cases))
    entries = select(m.TimelineEntry.id).where(m.TimelineEntry.case_id.in_(cases))
    reviews = select(m.Review.id).where(m.Review.case_id.in_(cases))
    contacts = select(m.Contact.id).where(m.Contact.client_id == client_id)
    return [
        ("prevention_actions", m.PreventionAction, m.PreventionAction.review_id.in_(reviews)),
        ("reviews", m.Review, m.Review.case_id.in_(cases)),
        (
            "follow_up_checks",
            m.FollowUpCheck,
            or_(m.FollowUpCheck.case_id.in_(cases), m.FollowUpCheck.issue_id.in_(issues)),
        ),
        (
            "case_links",
            m.CaseLink,
            or_(m.CaseLink.case_id.in_(cases), m.CaseLink.linked_case_id.in_(cases)),
        ),
        ("investigation_steps", m.InvestigationStep, m.InvestigationStep.case_id.in_(cases)),
        ("team_notices", m.TeamNotice, m.TeamNotice.case_id.in_(cases)),
        ("escalation_attempts", m.EscalationAttempt, m.EscalationAttempt.case_id.in_(cases)),
        ("communications", m.Communication, m.Communication.case_id.in_(cases)),
        ("commitments", m.Commitment, m.Commitment.case_id.in_(cases)),
        ("revisions", m.EntryRevision, m.EntryRevision.entry_id.in_(entries)),
        ("entries", m.TimelineEntry, m.TimelineEntry.case_id.in_(cases)),
        ("issues", m.Issue, m.Issue.case_id.in_(cases)),
        (
            "call_backs",
            m.CallBack,
            or_(m.CallBack.client_id == client_id, m.CallBack.case_id.in_(cases)),
        ),
        ("calls", m.Call, m.Call.case_id.in_(cases)),
        ("cases", m.Case, m.Case.client_id == client_id),
        (
            "cover_acknowledgements",
            m.CoverAcknowledgement,
            m.CoverAcknowledgement.client_id == client_id,
        ),
        ("closures", m.ClientClosure, m.ClientClosure.client_id == client_id),
        ("phone_numbers", m.ContactPhone, m.ContactPhone.contact_id.in_(contacts)),
        ("contacts", m.Contact, m.Contact.client_id == client_id),
    ]


def _draft_keys(session: Session, client_id: int) -> list[str]:
    cases = set(session.scalars(select(m.Case.id).where(m.Case.client_id == client_id)))
    return [key for key in session.scalars(select(m.Draft.key)) if case_of_draft(key) in cases]


def _namings(session: Session, client_id: int) -> dict[int, tuple[m.InvestigationStep, str]]:
    """By step id: the investigation steps of other clients' cases that name one of the
    client's cases (linked as "has this happened before?"), each with the words naming it."""
    cases = select(m.Case.id).where(m.Case.client_id == client_id)
    rows = session.execute(
        select(m.InvestigationStep, m.CaseLink, m.Case)
        .join(m.CaseLink, m.CaseLink.case_id == m.InvestigationStep.case_id)
        .join(m.Case, m.Case.id == m.CaseLink.linked_case_id)
        .where(
            m.CaseLink.linked_case_id.in_(cases),
            m.CaseLink.case_id.not_in(cases),
            m.InvestigationStep.step == InvestigationCheck.SEEN_BEFORE.value,
        )
        .order_by(m.InvestigationStep.id)
    )
    found: dict[int, tuple[m.InvestigationStep, str]] = {}
    for step, link, case in rows:
        words = naming_of_case(step.findings, case.id, case.title, link.reason)
        if words is not None:
            found[step.id] = (step, words)
    return found


def _reword_namings(session: Session, client_id: int) -> int:
    """Take the client's case titles out of other clients' cases: each step that names one,
    its timeline entry and that entry's earlier versions. The full-text index follows the
    entries' text (triggers on SQLite, a generated column on PostgreSQL)."""
    found = _namings(session, client_id)
    for step, words in found.values():
        step.findings = step.findings.replace(words, SAME_AS_ERASED)
        if step.entry_id is None:
            continue
        entry = session.get(m.TimelineEntry, step.entry_id)
        if entry is not None:
            entry.text = entry.text.replace(words, SAME_AS_ERASED)
        revisions = session.scalars(
            select(m.EntryRevision).where(m.EntryRevision.entry_id == step.entry_id)
        )
        for revision in revisions:
            revision.previous_text = revision.previous_text.replace(words, SAME_AS_ERASED)
    session.flush()  # before the links that found them are deleted
    return len(found)


def _erase_rows(session: Session, client_id: int) -> dict[str, int]:
    counts = {"drafts": 0, "mentions": _reword_namings(session, client_id)}
    keys = _draft_keys(session, client_id)  # before the cases they name are gone
    if keys:
        counts["drafts"] = _deleted(session, delete(m.Draft).where(m.Draft.key.in_(keys)))
    for kind, model, where in _targets(client_id):
        counts[kind] = _deleted(session, delete(model).where(where))
    _deleted(session, delete(m.Client).where(m.Client.id == client_id))
    return counts


def _deleted(session: Session, statement: Any) -> int:
    result = session.execute(statement, execution_options={"synchronize_session": False})
    assert isinstance(result, CursorResult)  # a DELETE always has a cursor with its row count
    return int(result.rowcount)
