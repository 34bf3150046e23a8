"""The timeline: appending facts and amending them without losing what they said before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from callnotes.domain.drafts import outbox_key
from callnotes.domain.merge import merge
from callnotes.domain.text import clean_text
from callnotes.domain.timeline import EntryKind, EntryRecord, NoteToShare
from callnotes.domain.timestamps import Clock
from callnotes.errors import InvalidInputError, NotFoundError
from callnotes.services.cases.drafts import DraftService, forget_draft
from callnotes.services.cases.entries import write_entry
from callnotes.services.kept_beside import keep_beside
from callnotes.services.records import entry_record
from callnotes.services.updates.commitments import sync_commitment
from callnotes.storage import models as m
from callnotes.storage.database import Database

#: How a notice names each part of an entry an amendment changes.
_AMENDED_LABELS = {"text": "wording", "kind": "kind", "for_client": "marking for the client"}


def _opening(text: str) -> str:
    """An entry's first words, to name it by."""
    line = " ".join(text.split())
    return line if len(line) <= 50 else line[:49] + "…"


@dataclass(frozen=True)
class TimelineRead:
    """What a view of one case's timeline reads to catch up: entries new or amended since what
    it shows, and the marks to catch up from next time (all read in one unit of work).

    ``count`` is how many entries the case has: a view that shows fewer once it has added
    ``entries`` knows that some were removed, and reads the whole timeline again.
    """

    entries: tuple[EntryRecord, ...]  # by id: new ones (after ``after_id``) and amended ones
    last_id: int  # the case's newest entry (0: none)
    last_revision: int  # the newest amendment of any case (0: none)
    count: int


class TimelineService:
    """Use cases around timeline entries."""

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
        # A team database's drafts, kept on this computer: removed once the note is stored.
        self._drafts_apart = drafts_apart

    def add_entry(
        self,
        case_id: int,
        text: str,
        kind: EntryKind = EntryKind.NOTE,
        *,
        call_id: int | None = None,
        issue_id: int | None = None,
        internal: bool = False,
        for_client: bool = False,
        clear_draft: str | None = None,
        uid: str | None = None,
        at: datetime | None = None,
    ) -> EntryRecord:
        """Append a timestamped fact to a case (at *at*, by default now).

        With *uid*, adding it again stores nothing new and returns the entry stored first: a
        note sent again after a lost connection, or a crash, is stored once.

        *for_client* marks a note or action for the client's documents (see
        ``callnotes.domain.timeline.client_may_read``). *clear_draft* names the editor draft the
        text came from; it is removed in the same transaction, so a crash can neither lose the
        note nor leave it behind as a draft. (A team database's drafts are on this computer:
        the draft goes right after the note is stored, and stays if it could not be.)
        """
        with self._db.unit_of_work() as session:
            if uid is not None and (
                known := session.scalar(select(m.TimelineEntry).where(m.TimelineEntry.uid == uid))
            ):
                return entry_record(known)
            entry = self.append(
                session,
                case_id,
                text,
                kind,
                call_id=call_id,
                issue_id=issue_id,
                internal=internal,
                for_client=for_client,
                uid=uid,
                at=at,
            )
            if clear_draft is not None and self._drafts_apart is None:
                session.execute(delete(m.Draft).where(m.Draft.key == clear_draft))
            stored = entry_record(entry)
        if clear_draft is not None and self._drafts_apart is not None:
            forget_draft(self._drafts_apart, clear_draft)
        return stored

    def add_note(self, note: NoteToShare, draft_key: str | None = None) -> EntryRecord:
        """Store a note the agent entered with Enter, removing the draft it was typed in.

        On one desktop's file: in one transaction. On a team database the note is first kept on
        this computer in place of its draft (one local transaction), then stored on the server,
        then let go: if the server cannot be reached, or the app is killed meanwhile, the note
        is safe here and :meth:`notes_to_share` gives it back to be sent again — stored once,
        by its uid, with the time it was entered.
        """
        if self._drafts_apart is None:
            return self._store(note, clear_draft=draft_key)
        self.hold_note(note, draft_key)
        stored = self.share_note(note)
        self.release_note(note)
        return stored

    def hold_note(self, note: NoteToShare, draft_key: str | None = None) -> None:
        """Keep *note* on this computer in place of its draft (a team database; one local
        transaction): from now on it survives a kill and a lost network."""
        if self._drafts_apart is not None:
            self._drafts_apart.replace(
                draft_key, outbox_key(note.case_id, note.uid), note.as_json()
            )

    def share_note(self, note: NoteToShare) -> EntryRecord:
        """Store a held note in the record (once, by its uid)."""
        return self._store(note)

    def release_note(self, note: NoteToShare) -> None:
        """Let go of a held note once it is stored (kept, it would only be sent again and
        stored once more by its uid: nothing is lost if this fails)."""
        if self._drafts_apart is not None:
            forget_draft(self._drafts_apart, outbox_key(note.case_id, note.uid))

    def notes_to_share(self) -> list[NoteToShare]:
        """Notes entered on this desktop and not yet stored on the team database (the
        network was down, or the app was killed before they were), oldest first."""
        if self._drafts_apart is None:
            return []
        notes = [NoteToShare.from_json(text) for text in self._drafts_apart.held()]
        return sorted(notes, key=lambda n: n.at)

    def _store(self, note: NoteToShare, clear_draft: str | None = None) -> EntryRecord:
        return self.add_entry(
            note.case_id,
            note.text,
            note.kind,
            call_id=note.call_id,
            for_client=note.for_client,
            clear_draft=clear_draft,
            uid=note.uid,
            at=note.at,
        )

    def append(
        self,
        session: Session,
        case_id: int,
        text: str,
        kind: EntryKind = EntryKind.NOTE,
        *,
        call_id: int | None = None,
        issue_id: int | None = None,
        internal: bool = False,
        for_client: bool = False,
        uid: str | None = None,
        at: datetime | None = None,
    ) -> m.TimelineEntry:
        """Append a fact inside another use case's unit of work (flushed, so it has an id).

        Services that record something *and* put it on the timeline use this, so both land in
        one transaction or neither does.
        """
        cleaned = clean_text(text).text.strip()
        if not cleaned:
            raise InvalidInputError("An empty note was not added.")
        if session.get(m.Case, case_id) is None:
            raise NotFoundError(f"There is no case with id {case_id}.")
        entry = write_entry(
            session,
            case_id,
            kind,
            cleaned,
            at=at or self._clock(),
            author=self._author(),
            internal=internal,
            for_client=for_client,
            call_id=call_id,
            issue_id=issue_id,
            uid=uid,
        )
        sync_commitment(session, entry, entry.at)  # a promise lands in the ledger at once
        return entry

    def amend_entry(
        self,
        entry_id: int,
        text: str,
        kind: EntryKind | None = None,
        for_client: bool | None = None,
        *,
        started_from: EntryRecord | None = None,
    ) -> EntryRecord:
        """Change an entry's text, kind or marking for the client (None: keep it).

        The earlier version, its marking included, is kept as a revision: sharing a note with
        the client afterwards, or taking it back, is on record like any other amendment.

        With *started_from* (the entry as the agent saw it when they began amending it), no
        amendment is lost unseen: what a colleague amended meanwhile keeps their version, the
        agent's is kept on the timeline beside it and named in ``kept_beside``.
        """
        cleaned = clean_text(text).text.strip()
        if not cleaned:
            raise InvalidInputError("An entry cannot be emptied; add a correcting entry instead.")
        with self._db.unit_of_work() as session:
            entry = session.scalar(
                select(m.TimelineEntry)
                .where(m.TimelineEntry.id == entry_id)
                .options(selectinload(m.TimelineEntry.revisions))
                .with_for_update(of=m.TimelineEntry)
            )
            if entry is None:
                raise NotFoundError(f"There is no timeline entry with id {entry_id}.")
            mine = {
                "text": cleaned,
                "kind": EntryKind(kind).value if kind else entry.kind,
                "for_client": entry.for_client if for_client is None else for_client,
            }
            if mine["for_client"] and entry.internal:
                raise InvalidInputError(
                    "This entry is for the team only; it never reaches the client."
                )
            began = (
                {}
                if started_from is None
                else {
                    "text": started_from.text,
                    "kind": started_from.kind.value,
                    "for_client": started_from.for_client,
                }
            )
            merged = merge(
                {"text": entry.text, "kind": entry.kind, "for_client": entry.for_client},
                mine,
                began,
            )
            now = self._clock()
            notices = keep_beside(
                session,
                merged.kept,
                case_id=entry.case_id,
                row=("timeline_entries", entry.id),
                subject=f"of the entry “{_opening(entry.text)}”",
                labels=_AMENDED_LABELS,
                at=now,
                author=self._author(),
                issue_id=entry.issue_id,
            )
            if merged.changes:
                entry.revisions.append(
                    m.EntryRevision(
                        revised_at=now,
                        revised_by=self._author(),
                        previous_kind=entry.kind,
                        previous_text=entry.text,
                        previous_for_client=entry.for_client,
                    )
                )
                for name, value in merged.changes.items():
                    setattr(entry, name, value)
                session.flush()
                sync_commitment(session, entry, now, amended=True)
            return replace(entry_record(entry), kept_beside=notices)

    def entries(self, case_id: int) -> list[EntryRecord]:
        """A case's timeline in the order the facts were recorded."""
        with self._db.unit_of_work(read_only=True) as session:
            rows = session.scalars(
                select(m.TimelineEntry)
                .where(m.TimelineEntry.case_id == case_id)
                .options(selectinload(m.TimelineEntry.revisions))
                .order_by(m.TimelineEntry.id)
            )
            return [entry_record(r) for r in rows]

    def entries_since(
        self, case_id: int, after_id: int = 0, after_revision: int = 0
    ) -> TimelineRead:
        """The entries of *case_id* added after entry *after_id* or amended after revision
        *after_revision* (both 0: the whole timeline), in one read-only unit of work.

        A view that shows the timeline reads only what it lacks after each change notice: after
        a note committed, one entry rather than the hundreds it shows.
        """
        with self._db.unit_of_work(read_only=True) as session:
            of_case = m.TimelineEntry.case_id == case_id
            last_revision = session.scalar(select(func.max(m.EntryRevision.id))) or 0
            wanted = m.TimelineEntry.id > after_id
            if after_id and after_revision < last_revision:
                amended = (
                    select(m.EntryRevision.entry_id)
                    .where(m.EntryRevision.id > after_revision)
                    .scalar_subquery()
                )
                wanted = wanted | m.TimelineEntry.id.in_(amended)
            rows = session.scalars(
                select(m.TimelineEntry)
                .where(of_case, wanted)
                .options(selectinload(m.TimelineEntry.revisions))
                .order_by(m.TimelineEntry.id)
            )
            entries = tuple(entry_record(r) for r in rows)
            count, last_id = session.execute(
                select(func.count(), func.max(m.TimelineEntry.id)).where(of_case)
            ).one()
            return TimelineRead(entries, last_id or 0, last_revision, count)
