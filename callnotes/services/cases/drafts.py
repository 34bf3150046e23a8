"""Drafts: text being typed, saved continuously so a crash never loses it.

On one desktop's SQLite file the drafts are in the file with everything else, and a note's
draft goes in the same transaction as the note (``TimelineService.add_entry``). On a team
database they stay on the agent's own computer, in this desktop's SQLite file, never on the
server: each agent's unsent text is theirs alone (one agent's Enter must not remove another's
draft of the same case), and typing goes on being saved while the network is down. Their keys
are then scoped to the team database and the login (:func:`draft_scope`), so the same case
number of another database, or of this desktop's own data, is another draft.

A note's draft keeps the kind and the marking for the client chosen for it with its text
(:meth:`DraftService.save_note`, in the shape a held note is kept in), so a decision half typed
when the app was killed comes back as a decision.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Select, delete, select

from callnotes.domain.drafts import case_of_draft, is_outbox_key
from callnotes.domain.text import clean_text
from callnotes.domain.timeline import NoteDraft
from callnotes.domain.timestamps import Clock
from callnotes.errors import CallnotesError
from callnotes.storage import models as m
from callnotes.storage.database import Database

log = logging.getLogger(__name__)


def draft_scope(url: str) -> str:
    """The prefix of a team database's drafts in this desktop's file: its login, server and
    database (never a password)."""
    from sqlalchemy.engine import make_url

    address = make_url(url)
    where = f"{address.host or ''}:{address.port or ''}/{address.database or ''}"
    return f"team:{address.username or ''}@{where}|"


def forget_draft(drafts: DraftService, key: str) -> None:
    """Remove the draft a stored note came from, after the note's own commit (drafts kept
    apart). The note is stored whatever happens here: a failure is logged, and the draft
    stays to be seen again rather than the note be reported lost."""
    try:
        drafts.save(key, "")
    except CallnotesError as exc:
        log.warning("a stored note's draft could not be removed: %s", type(exc).__name__)


class DraftService:
    """Stores one draft per editor key (``note:case:7``), under *scope* in *db*.

    *db* may be a function giving the database, called at the first save or read (on the
    thread doing it): this desktop's own file beside a team database is opened, and migrated,
    then — never on the GUI thread while the window is being built.
    """

    def __init__(
        self, db: Database | Callable[[], Database], clock: Clock, scope: str = ""
    ) -> None:
        self._open = db if callable(db) else (lambda: db)
        self._clock = clock
        self._scope = scope

    @property
    def _db(self) -> Database:
        return self._open()

    @property
    def kept_apart(self) -> bool:
        """Whether the drafts live apart from the record (a team database's, on this computer):
        the note's own transaction cannot remove its draft, the writer does it after."""
        return bool(self._scope)

    def save(self, key: str, text: str) -> None:
        """Save (or, for empty text, remove) the draft under *key*."""
        cleaned = clean_text(text).text
        self._keep(key, cleaned if cleaned else None)

    def load(self, key: str) -> str:
        """The saved draft, or an empty string."""
        with self._db.unit_of_work(read_only=True) as session:
            draft = session.get(m.Draft, self._scope + key)
            return draft.text if draft is not None else ""

    def save_note(self, key: str, note: NoteDraft) -> None:
        """Save a note being typed with the kind and marking chosen for it (empty text: remove
        the draft, whatever kind was chosen)."""
        cleaned = clean_text(note.text).text
        # Cleaned before it is wrapped: the JSON a kind is kept in is never cut or changed.
        self._keep(key, replace(note, text=cleaned).as_json() if cleaned else None)

    def load_note(self, key: str) -> NoteDraft:
        """The note being typed, with its kind and marking (a draft saved as plain text: a
        note), or an empty note."""
        return NoteDraft.from_json(self.load(key))

    def _keep(self, key: str, stored: str | None) -> None:
        """Keep *stored* under *key* as it is (None: remove the draft)."""
        scoped = self._scope + key
        with self._db.unit_of_work() as session:
            if stored is None:
                session.execute(delete(m.Draft).where(m.Draft.key == scoped))
                return
            draft = session.get(m.Draft, scoped)
            if draft is None:
                session.add(m.Draft(key=scoped, text=stored, updated_at=self._clock()))
            else:
                draft.text = stored
                draft.updated_at = self._clock()

    def replace(self, key: str | None, held_key: str, text: str) -> None:
        """In one transaction: keep *text* under *held_key*, and remove the draft *key* it was
        typed in (a note entered, kept until it is shared)."""
        with self._db.unit_of_work() as session:
            if key is not None:
                session.execute(delete(m.Draft).where(m.Draft.key == self._scope + key))
            stored = self._scope + held_key
            held = session.get(m.Draft, stored)
            if held is None:
                session.add(m.Draft(key=stored, text=text, updated_at=self._clock()))
            else:
                held.text = text

    def held(self) -> list[str]:
        """The texts kept under outbox keys (:func:`~callnotes.domain.drafts.outbox_key`)."""
        with self._db.unit_of_work(read_only=True) as session:
            return [
                draft.text
                for draft in session.scalars(self._mine())
                if is_outbox_key(draft.key[len(self._scope) :])
            ]

    def of_cases(self, case_ids: Collection[int]) -> list[tuple[str, str, datetime]]:
        """The drafts typed for *case_ids* (key, text as stored, when saved), for a client's
        export."""
        with self._db.unit_of_work(read_only=True) as session:
            return [
                (key, draft.text, draft.updated_at)
                for draft in session.scalars(self._mine())
                if (key := draft.key[len(self._scope) :]) and case_of_draft(key) in case_ids
            ]

    def case_ids(self) -> set[int]:
        """The cases drafts are kept for here (typed, or entered and not stored yet)."""
        with self._db.unit_of_work(read_only=True) as session:
            named = (
                case_of_draft(key[len(self._scope) :])
                for key in session.scalars(self._mine().with_only_columns(m.Draft.key))
            )
            return {case_id for case_id in named if case_id is not None}

    def forget_cases(self, case_ids: Collection[int]) -> int:
        """Remove the drafts typed for *case_ids* (their client was erased); how many."""
        with self._db.unit_of_work() as session:
            keys = [
                draft.key
                for draft in session.scalars(self._mine())
                if case_of_draft(draft.key[len(self._scope) :]) in case_ids
            ]
            if keys:
                session.execute(delete(m.Draft).where(m.Draft.key.in_(keys)))
            return len(keys)

    def _mine(self) -> Select[m.Draft]:
        query = select(m.Draft).order_by(m.Draft.key)
        if self._scope:
            query = query.where(m.Draft.key.startswith(self._scope, autoescape=True))
        return query
