"""The review after resolution: root cause, prevention actions, the detection gap, recurrence.

One review per case. What the facts already say (when the client noticed, when we knew, the
steps to resolution, similar issues) is offered beside it, so the team starts from facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.follow_up import FollowUpCheckRecord
from callnotes.domain.recurring import RecurringGroup
from callnotes.domain.resolution import client_noticed, steps_to_resolution, we_detected
from callnotes.domain.reviews import PreventionActionRecord, Recurrence, ReviewRecord
from callnotes.domain.text import single_line
from callnotes.domain.timeline import EntryKind, EntryRecord
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.entries import write_entry
from callnotes.services.issues import fields
from callnotes.services.issues.recurring import RecurringService
from callnotes.services.lookups import case_row
from callnotes.services.records import entry_record, review_record
from callnotes.services.resolution.follow_up import FollowUpService
from callnotes.storage import models as m
from callnotes.storage.database import Database

MAX_REVIEW_CHARS = 10_000


@dataclass(frozen=True)
class ReviewSheet:
    """A case's review (None until written) and the facts it is written from."""

    case_id: int
    case_title: str
    review: ReviewRecord | None
    # Defaults for the detection gap, from the issues and the timeline.
    noticed_default: datetime | None
    detected_default: datetime
    steps: tuple[EntryRecord, ...]
    similar: tuple[RecurringGroup, ...]
    checks: tuple[FollowUpCheckRecord, ...]
    cause_confirmed: bool

    @property
    def client_noticed_at(self) -> datetime | None:
        """When the client noticed: as the review says, else from the issues."""
        if self.review is not None and self.review.client_noticed_at is not None:
            return self.review.client_noticed_at
        return self.noticed_default

    @property
    def detected_at(self) -> datetime:
        """When we knew: as the review says, else when the case was opened."""
        if self.review is not None and self.review.detected_at is not None:
            return self.review.detected_at
        return self.detected_default


class ReviewService:
    """Use cases of the review."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        recurring: RecurringService,
        follow_up: FollowUpService,
        author: Callable[[], str] = str,
    ) -> None:
        self._db = db
        self._clock = clock
        self._recurring = recurring
        self._follow_up = follow_up
        self._author = author

    def sheet(self, case_id: int) -> ReviewSheet:
        """The review of *case_id* with the facts beside it, read in one unit of work."""
        with self._db.unit_of_work(read_only=True) as session:
            case = case_row(session, case_id)
            similar = tuple(self._recurring.groups_of_case_in(session, case_id))
            checks = tuple(self._follow_up.checks_in(session, case_id))
            issues = session.scalars(select(m.Issue).where(m.Issue.case_id == case_id)).all()
            first_at = session.scalar(
                select(func.min(m.TimelineEntry.at)).where(m.TimelineEntry.case_id == case_id)
            )
            entries = [
                entry_record(e)
                for e in session.scalars(
                    select(m.TimelineEntry)
                    .where(m.TimelineEntry.case_id == case_id)
                    .options(selectinload(m.TimelineEntry.revisions))
                    .order_by(m.TimelineEntry.id)
                )
            ]
            review = _review_row(session, case_id)
            return ReviewSheet(
                case_id=case_id,
                case_title=case.title,
                review=_record(session, review) if review is not None else None,
                noticed_default=client_noticed(i.first_noticed_at for i in issues),
                detected_default=we_detected(case.opened_at, first_at),
                steps=steps_to_resolution(entries),
                similar=similar,
                checks=checks,
                cause_confirmed=any(i.root_cause for i in issues)
                or bool(review is not None and review.root_cause),
            )

    def save(
        self,
        case_id: int,
        *,
        root_cause: str,
        contributing_factors: str,
        client_noticed_at: datetime | None,
        detected_at: datetime | None,
        detection_gap_reason: str,
        recurrence: Recurrence,
        author_id: int | None,
    ) -> ReviewRecord:
        """Write the review (the first time, or again); it is dated and signed by its author."""
        values = {
            "root_cause": fields.words(root_cause, "root cause", max_chars=MAX_REVIEW_CHARS),
            "contributing_factors": fields.words(
                contributing_factors, "contributing factors", max_chars=MAX_REVIEW_CHARS
            ),
            "client_noticed_at": fields.moment(client_noticed_at, "time the client noticed"),
            "detected_at": fields.moment(detected_at, "time we knew"),
            "detection_gap_reason": fields.words(
                detection_gap_reason, "reason", max_chars=MAX_REVIEW_CHARS
            ),
            "recurrence": _recurrence(recurrence).value,
        }
        with self._db.unit_of_work() as session:
            case_row(session, case_id, for_update=True)  # the review is created once
            author = None
            if author_id is not None:
                author = session.get(m.TeamMember, author_id)
                if author is None:
                    raise NotFoundError(f"There is no team member with id {author_id}.")
            review = _review_row(session, case_id)
            first = review is None or review.written_at is None
            if review is None:
                review = m.Review(case_id=case_id)
                session.add(review)
            for name, value in values.items():
                setattr(review, name, value)
            review.author_id = author_id
            review.written_at = self._clock()
            by = f" by {author.name}" if author is not None else ""
            self._note(
                session, case_id, f"Review written{by}." if first else f"Review updated{by}."
            )
            session.flush()
            return _record(session, review)

    def add_action(
        self, case_id: int, text: str, *, owner: str = "", due_at: datetime | None = None
    ) -> PreventionActionRecord:
        """Add a prevention action with its owner and due date (starting the review if need be)."""
        what = _action_text(text)
        with self._db.unit_of_work() as session:
            case_row(session, case_id, for_update=True)  # the review is created once
            review = _review_row(session, case_id)
            if review is None:
                review = m.Review(case_id=case_id)
                session.add(review)
            action = m.PreventionAction(
                text=what,
                owner=single_line(owner, max_chars=200),
                due_at=fields.moment(due_at, "due date"),
                done=False,
            )
            review.prevention_actions.append(action)
            self._note(session, case_id, f"Prevention action agreed: {what}")
            session.flush()
            return _action_record(action)

    def update_action(
        self,
        action_id: int,
        *,
        text: str,
        owner: str,
        due_at: datetime | None,
        done: bool,
    ) -> PreventionActionRecord:
        """Change a prevention action; marking it done is recorded on the timeline."""
        what = _action_text(text)
        with self._db.unit_of_work() as session:
            action = session.get(m.PreventionAction, action_id)
            if action is None:
                raise NotFoundError(f"There is no prevention action with id {action_id}.")
            was_done = action.done
            action.text = what
            action.owner = single_line(owner, max_chars=200)
            action.due_at = fields.moment(due_at, "due date")
            action.done = fields.flag(done, "done")
            if done and not was_done:
                self._note(session, action.review.case_id, f"Prevention action done: {what}")
            session.flush()
            return _action_record(action)

    def set_action_done(self, action_id: int, done: bool = True) -> PreventionActionRecord:
        """Mark a prevention action done (or not done after all)."""
        with self._db.unit_of_work() as session:
            action = session.get(m.PreventionAction, action_id)
            if action is None:
                raise NotFoundError(f"There is no prevention action with id {action_id}.")
            current = _action_record(action)
        return self.update_action(
            action_id, text=current.text, owner=current.owner, due_at=current.due_at, done=done
        )

    def _note(self, session: Session, case_id: int, text: str) -> None:
        write_entry(
            session,
            case_id,
            EntryKind.NOTE,
            text,
            at=self._clock(),
            author=self._author(),
            internal=True,
        )


def _review_row(session: Session, case_id: int) -> m.Review | None:
    return session.scalar(
        select(m.Review)
        .where(m.Review.case_id == case_id)
        .options(selectinload(m.Review.prevention_actions))
    )


def _record(session: Session, review: m.Review) -> ReviewRecord:
    author = session.get(m.TeamMember, review.author_id) if review.author_id else None
    return review_record(review, author.name if author is not None else "")


def _action_record(action: m.PreventionAction) -> PreventionActionRecord:
    return PreventionActionRecord(
        text=action.text, owner=action.owner, due_at=action.due_at, done=action.done, id=action.id
    )


def _action_text(text: str) -> str:
    what = fields.words(text, "prevention action", max_chars=2000)
    if not what:
        raise InvalidInputError("A prevention action needs a description.")
    return what


def _recurrence(value: object) -> Recurrence:
    if isinstance(value, Recurrence):
        return value
    try:
        return Recurrence(str(value))
    except ValueError as exc:
        raise InvalidInputError(f"{value!r} is not recurring, once-off or unknown.") from exc
