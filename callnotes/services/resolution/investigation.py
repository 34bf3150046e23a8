"""Use cases of the investigation checklist: record a check, link a past case, read the list."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, select

from callnotes.domain.investigation import (
    MAX_FINDINGS,
    Investigation,
    InvestigationCheck,
    InvestigationStepRecord,
    LinkedCase,
    build_investigation,
    same_as_case,
    timeline_text,
)
from callnotes.domain.text import clean_text
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.drafts import DraftService, forget_draft
from callnotes.services.cases.entries import write_entry
from callnotes.storage import models as m
from callnotes.storage.database import Database


class InvestigationService:
    """Records the checks of the escalation advice, each on the timeline as an internal action."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        author: Callable[[], str],
        drafts_apart: DraftService | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._author = author
        self._drafts_apart = drafts_apart  # see TimelineService

    def investigation(self, case_id: int) -> Investigation:
        """The checklist of *case_id* with its findings and linked past cases."""
        with self._db.unit_of_work() as session:
            if session.get(m.Case, case_id) is None:
                raise NotFoundError(f"There is no case with id {case_id}.")
            rows = session.scalars(
                select(m.InvestigationStep).where(m.InvestigationStep.case_id == case_id)
            )
            steps = [_step_record(row) for row in rows]
            links = session.execute(
                select(m.CaseLink, m.Case, m.Review)
                .join(m.Case, m.Case.id == m.CaseLink.linked_case_id)
                .outerjoin(m.Review, m.Review.case_id == m.Case.id)
                .where(m.CaseLink.case_id == case_id)
                .order_by(m.CaseLink.id)
            )
            linked = [
                LinkedCase(
                    case_id=case.id,
                    title=case.title,
                    status=case.status,
                    opened_at=case.opened_at,
                    reason=link.reason,
                    root_cause=review.root_cause if review is not None else "",
                )
                for link, case, review in links
            ]
            return build_investigation(case_id, steps, linked)

    def record(
        self,
        case_id: int,
        check: InvestigationCheck,
        findings: str,
        *,
        clear_draft: str | None = None,
    ) -> InvestigationStepRecord:
        """Record that *check* was done and what it found; the timeline gets an internal action.

        *clear_draft* names the draft the findings were typed in; it goes in the same
        transaction.
        """
        cleaned = _findings(findings)
        with self._db.unit_of_work() as session:
            if session.get(m.Case, case_id) is None:
                raise NotFoundError(f"There is no case with id {case_id}.")
            now = self._clock()
            entry = write_entry(
                session,
                case_id,
                EntryKind.ACTION,
                timeline_text(check, cleaned),
                at=now,
                author=self._author(),
                internal=True,
            )
            step = m.InvestigationStep(
                case_id=case_id, step=check.value, findings=cleaned, at=now, entry_id=entry.id
            )
            session.add(step)
            if clear_draft is not None and self._drafts_apart is None:
                session.execute(delete(m.Draft).where(m.Draft.key == clear_draft))
            session.flush()
            recorded = _step_record(step)
        if clear_draft is not None and self._drafts_apart is not None:
            forget_draft(self._drafts_apart, clear_draft)
        return recorded

    def link_case(self, case_id: int, linked_case_id: int, reason: str = "") -> LinkedCase:
        """Link a past case that resembles this one; it counts as "has this happened before?"."""
        if case_id == linked_case_id:
            raise InvalidInputError("A case cannot be linked to itself.")
        cleaned = clean_text(reason, max_chars=2000).text.strip()
        with self._db.unit_of_work() as session:
            case = session.get(m.Case, case_id)
            other = session.get(m.Case, linked_case_id)
            if case is None or other is None:
                missing = linked_case_id if case is not None else case_id
                raise NotFoundError(f"There is no case with id {missing}.")
            already = session.scalar(
                select(m.CaseLink).where(
                    m.CaseLink.case_id == case_id, m.CaseLink.linked_case_id == linked_case_id
                )
            )
            if already is not None:
                raise InvalidInputError(f"Case {linked_case_id} is already linked to this case.")
            now = self._clock()
            findings = same_as_case(other.id, other.title, cleaned)
            entry = write_entry(
                session,
                case_id,
                EntryKind.ACTION,
                timeline_text(InvestigationCheck.SEEN_BEFORE, findings),
                at=now,
                author=self._author(),
                internal=True,
            )
            session.add(
                m.CaseLink(
                    case_id=case_id, linked_case_id=linked_case_id, reason=cleaned, created_at=now
                )
            )
            session.add(
                m.InvestigationStep(
                    case_id=case_id,
                    step=InvestigationCheck.SEEN_BEFORE.value,
                    findings=findings,
                    at=now,
                    entry_id=entry.id,
                )
            )
            review = session.scalar(select(m.Review).where(m.Review.case_id == other.id))
            return LinkedCase(
                case_id=other.id,
                title=other.title,
                status=other.status,
                opened_at=other.opened_at,
                reason=cleaned,
                root_cause=review.root_cause if review is not None else "",
            )


def _findings(text: str) -> str:
    cleaned = clean_text(text, max_chars=MAX_FINDINGS + 1).text.strip()
    if not cleaned:
        raise InvalidInputError("Write what the check found (even “nothing unusual”).")
    if len(cleaned) > MAX_FINDINGS:
        raise InvalidInputError(
            f"The findings are too long: at most {MAX_FINDINGS:,} characters. Nothing was lost;"
            " shorten them or attach the rest as a note."
        )
    return cleaned


def _step_record(row: m.InvestigationStep) -> InvestigationStepRecord:
    return InvestigationStepRecord(
        id=row.id,
        case_id=row.case_id,
        check=InvestigationCheck(row.step),
        findings=row.findings,
        at=row.at,
        entry_id=row.entry_id,
    )
