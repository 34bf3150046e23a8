"""Moving a case along open → monitoring → resolved → closed, and the rule for closing it.

A case closes only when no promise is left open, or when the agent explicitly carries the open
ones over to a named colleague; both are recorded on the timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.cases import CaseStatus, CaseSummary
from callnotes.domain.commitments import CommitmentRecord, CommitmentState
from callnotes.domain.text import single_line
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError
from callnotes.services.cases.cases import CaseService
from callnotes.services.cases.entries import write_entry
from callnotes.services.lookups import case_row
from callnotes.services.records import commitment_record
from callnotes.storage import models as m
from callnotes.storage.database import Database

_LABELS = {
    CaseStatus.OPEN: "Open",
    CaseStatus.MONITORING: "Monitoring",
    CaseStatus.RESOLVED: "Resolved",
    CaseStatus.CLOSED: "Closed",
}


class CaseClosingService:
    """Use cases around a case's status, closing included."""

    def __init__(
        self, db: Database, clock: Clock, cases: CaseService, author: Callable[[], str] = str
    ) -> None:
        self._db = db
        self._clock = clock
        self._cases = cases
        self._author = author

    def open_commitments(self, case_id: int) -> list[CommitmentRecord]:
        """The promises of *case_id* still to keep, soonest due first."""
        with self._db.unit_of_work() as session:
            case_row(session, case_id)
            return [commitment_record(c) for c in _open(session, case_id)]

    def set_status(self, case_id: int, status: CaseStatus) -> CaseSummary:
        """Move the case to open, monitoring or resolved (closing has its own rule)."""
        try:
            new = CaseStatus(status)
        except ValueError as exc:
            raise InvalidInputError(f"{status!r} is not a case status.") from exc
        if new is CaseStatus.CLOSED:
            return self.close_case(case_id)
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            old = CaseStatus(case.status)
            if new is not old:
                case.status = new.value
                case.closed_at = None
                self._record(session, case_id, EntryKind.STATUS_CHANGE, _status_text(old, new))
        return self._cases.get_case(case_id)

    def close_case(self, case_id: int, *, carry_over_to: str = "") -> CaseSummary:
        """Close the case; open commitments refuse it unless carried over to a named person."""
        to = single_line(carry_over_to, max_chars=200)
        with self._db.unit_of_work() as session:
            case = case_row(session, case_id)
            old = CaseStatus(case.status)
            if old is CaseStatus.CLOSED:
                raise InvalidInputError(f"Case #{case_id} is already closed.")
            pending = _open(session, case_id)
            if pending and not to:
                raise InvalidInputError(_refusal(case_id, pending))
            now = self._clock()
            for commitment in pending:
                commitment.state = CommitmentState.CARRIED_OVER.value
                commitment.closed_at = now
                self._record(
                    session,
                    case_id,
                    EntryKind.COMMITMENT,
                    f"Carried over to {to} when the case closed: {commitment.text}",
                    at=now,
                )
            case.status = CaseStatus.CLOSED.value
            case.closed_at = now
            self._record(
                session,
                case_id,
                EntryKind.STATUS_CHANGE,
                _status_text(old, CaseStatus.CLOSED),
                at=now,
            )
        return self._cases.get_case(case_id)

    def _record(
        self,
        session: Session,
        case_id: int,
        kind: EntryKind,
        text: str,
        *,
        at: datetime | None = None,
    ) -> None:
        write_entry(session, case_id, kind, text, at=at or self._clock(), author=self._author())


def _open(session: Session, case_id: int) -> list[m.Commitment]:
    rows = session.scalars(
        select(m.Commitment)
        .where(m.Commitment.case_id == case_id, m.Commitment.state == CommitmentState.OPEN.value)
        .order_by(m.Commitment.id)
    )
    return sorted(rows, key=lambda c: (c.due_at is None, c.due_at or c.created_at, c.id))


def _status_text(old: CaseStatus, new: CaseStatus) -> str:
    return f"Case status: {_LABELS[old]} → {_LABELS[new]}"


def _refusal(case_id: int, pending: list[m.Commitment]) -> str:
    names = "; ".join(f"“{single_line(c.text, max_chars=80)}”" for c in pending[:3])
    more = f" and {len(pending) - 3} more" if len(pending) > 3 else ""
    count = "one open commitment" if len(pending) == 1 else f"{len(pending)} open commitments"
    return (
        f"Case #{case_id} still has {count} ({names}{more}): keep them first, "
        "or carry them over to someone."
    )
