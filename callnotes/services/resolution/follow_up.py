"""The follow-up call: the client's answer on each criterion, their satisfaction, reassurance.

Every answer is written to the timeline in the same transaction as the answer itself, and an
issue's status follows the answers: one criterion still wrong puts it back to work, all of them
confirmed make it confirmed by the client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from callnotes.domain.follow_up import (
    CheckOutcome,
    FollowUpCheckRecord,
    FollowUpScript,
    build_script,
    criteria_of,
    status_after_checks,
)
from callnotes.domain.issues import IssueRecord
from callnotes.domain.playbooks import Playbook
from callnotes.domain.text import single_line
from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.entries import write_entry
from callnotes.services.issues import entries as texts
from callnotes.services.issues import fields
from callnotes.services.issues.issues import sort_for_display
from callnotes.services.lookups import case_row
from callnotes.services.records import issue_record
from callnotes.storage import models as m
from callnotes.storage.database import Database

MAX_ANSWER_CHARS = 2000


@dataclass(frozen=True)
class CheckResult:
    """An answer recorded, and the issue as it stands after it."""

    check: FollowUpCheckRecord
    issue: IssueRecord
    status_changed: bool


class FollowUpService:
    """Use cases of the follow-up call."""

    def __init__(self, db: Database, clock: Clock, author: Callable[[], str] = str) -> None:
        self._db = db
        self._clock = clock
        self._author = author

    def script(self, case_id: int, playbook: Playbook) -> FollowUpScript:
        """*playbook* written out for the criteria of the case's issues, in the agreed order."""
        with self._db.unit_of_work() as session:
            case_row(session, case_id)
            issues = sort_for_display([issue_record(i) for i in _issues(session, case_id)])
        return build_script(playbook, criteria_of(issues))

    def checks(self, case_id: int) -> list[FollowUpCheckRecord]:
        """Every answer recorded on the case, oldest first."""
        with self._db.unit_of_work(read_only=True) as session:
            return self.checks_in(session, case_id)

    def checks_in(self, session: Session, case_id: int) -> list[FollowUpCheckRecord]:
        """:meth:`checks` read in *session*: part of a reader's one unit of work."""
        return [check_record(row) for row in _check_rows(session, case_id)]

    def record_check(
        self,
        case_id: int,
        issue_id: int,
        criterion: str,
        outcome: CheckOutcome,
        note: str = "",
        *,
        call_id: int | None = None,
    ) -> CheckResult:
        """Record the client's answer on one criterion, and move the issue's status with it."""
        outcome = fields.choice(CheckOutcome, outcome, "answer")  # type: ignore[type-var]
        what = fields.words(note, "note", max_chars=MAX_ANSWER_CHARS)
        if outcome is CheckOutcome.STILL_WRONG and not what:
            raise InvalidInputError("Say what is still wrong, in the client's words.")
        with self._db.unit_of_work() as session:
            issue = session.get(m.Issue, issue_id)
            if issue is None or issue.case_id != case_id:
                raise NotFoundError(f"There is no issue with id {issue_id} in this case.")
            if criterion not in issue.fixed_looks_like.split("\n"):
                raise InvalidInputError(
                    f"“{single_line(criterion, max_chars=80)}” is not one of this issue's "
                    "criteria any more; the script was refreshed."
                )
            now = self._clock()
            row = m.FollowUpCheck(
                case_id=case_id,
                issue_id=issue_id,
                call_id=call_id,
                criterion=criterion,
                outcome=outcome.value,
                note=what,
                at=now,
            )
            session.add(row)
            text = check_text(issue.title, criterion, outcome, what)
            self._record(session, case_id, EntryKind.CLIENT_SAID, text, issue_id, call_id)
            session.flush()
            before = issue_record(issue)
            after = status_after_checks(
                before, [check_record(r) for r in _check_rows(session, case_id)]
            )
            if after is not before.status:
                issue.status = after.value
                status = texts.status_text(issue.title, before.status, after)
                self._record(session, case_id, EntryKind.STATUS_CHANGE, status, issue_id, call_id)
                session.flush()
            return CheckResult(check_record(row), issue_record(issue), after is not before.status)

    def record_satisfaction(self, case_id: int, text: str, *, call_id: int | None = None) -> str:
        """Keep the client's answer to "are you satisfied?" on the review and the timeline."""
        answer = self._answer(text, "Write down how satisfied the client is.")
        with self._db.unit_of_work() as session:
            _review(session, case_id).satisfaction = answer
            entry = satisfaction_text(answer)
            self._record(session, case_id, EntryKind.CLIENT_SAID, entry, None, call_id)
        return answer

    def record_reassurance(self, case_id: int, text: str, *, call_id: int | None = None) -> str:
        """Keep the reassurance given (the measures taken) on the review and the timeline."""
        answer = self._answer(text, "Write down what you told the client.")
        with self._db.unit_of_work() as session:
            _review(session, case_id).reassurance = answer
            entry = reassurance_text(answer)
            self._record(session, case_id, EntryKind.ACTION, entry, None, call_id)
        return answer

    def suggested_reassurance(self, case_id: int) -> str:
        """What to tell the client, from the review's prevention actions (empty without any)."""
        with self._db.unit_of_work() as session:
            review = session.scalar(select(m.Review).where(m.Review.case_id == case_id))
            if review is None:
                return ""
            if review.reassurance:
                return review.reassurance
            actions = [a.text.rstrip(".") for a in review.prevention_actions]
        return ("We have taken these measures: " + "; ".join(actions) + ".") if actions else ""

    def _answer(self, text: str, empty_message: str) -> str:
        answer = fields.words(text, "answer", max_chars=MAX_ANSWER_CHARS)
        if not answer:
            raise InvalidInputError(empty_message)
        return answer

    def _record(
        self,
        session: Session,
        case_id: int,
        kind: EntryKind,
        text: str,
        issue_id: int | None,
        call_id: int | None,
    ) -> None:
        write_entry(
            session,
            case_id,
            kind,
            text,
            at=self._clock(),
            author=self._author(),
            call_id=call_id,
            issue_id=issue_id,
        )


def _issues(session: Session, case_id: int) -> list[m.Issue]:
    return list(
        session.scalars(select(m.Issue).where(m.Issue.case_id == case_id).order_by(m.Issue.id))
    )


def _review(session: Session, case_id: int) -> m.Review:
    """The case's review, started empty when there is none yet."""
    case_row(session, case_id)
    review = session.scalar(select(m.Review).where(m.Review.case_id == case_id))
    if review is None:
        review = m.Review(case_id=case_id)
        session.add(review)
    return review


def _check_rows(session: Session, case_id: int) -> list[m.FollowUpCheck]:
    return list(
        session.scalars(
            select(m.FollowUpCheck)
            .where(m.FollowUpCheck.case_id == case_id)
            .order_by(m.FollowUpCheck.at, m.FollowUpCheck.id)
        )
    )


def check_text(title: str, criterion: str, outcome: CheckOutcome, note: str = "") -> str:
    """The timeline's sentence for an answer on a criterion."""
    if outcome is CheckOutcome.CONFIRMED:
        return f"Follow-up: the client confirmed “{criterion}” ({title})."
    return f"Follow-up: “{criterion}” is still wrong for the client ({title}): {note}"


def satisfaction_text(answer: str) -> str:
    """The timeline's sentence for the client's satisfaction."""
    return f"Follow-up: the client's satisfaction: {answer}"


def reassurance_text(answer: str) -> str:
    """The timeline's sentence for the reassurance given."""
    return f"Reassurance given to the client: {answer}"


def check_record(row: m.FollowUpCheck) -> FollowUpCheckRecord:
    """A follow-up check row as a record."""
    return FollowUpCheckRecord(
        id=row.id,
        case_id=row.case_id,
        issue_id=row.issue_id,
        call_id=row.call_id,
        criterion=row.criterion,
        outcome=CheckOutcome(row.outcome),
        note=row.note,
        at=row.at,
    )
