"""Drafts: text being typed, saved continuously so a crash never loses it."""

from __future__ import annotations

from sqlalchemy import delete

from callnotes.domain.text import clean_text
from callnotes.domain.timestamps import Clock
from callnotes.storage import models as m
from callnotes.storage.database import Database


class DraftService:
    """Stores one draft per editor key (``note:case:7``)."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def save(self, key: str, text: str) -> None:
        """Save (or, for empty text, remove) the draft under *key*."""
        cleaned = clean_text(text).text
        with self._db.unit_of_work() as session:
            if not cleaned:
                session.execute(delete(m.Draft).where(m.Draft.key == key))
                return
            draft = session.get(m.Draft, key)
            if draft is None:
                session.add(m.Draft(key=key, text=cleaned, updated_at=self._clock()))
            else:
                draft.text = cleaned
                draft.updated_at = self._clock()

    def load(self, key: str) -> str:
        """The saved draft, or an empty string."""
        with self._db.unit_of_work(read_only=True) as session:
            draft = session.get(m.Draft, key)
            return draft.text if draft is not None else ""
