"""How a note committed with Enter is stored: in the write line, or held here first, then shared."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from PySide6.QtCore import QObject

from callnotes.domain.timeline import EntryKind, EntryRecord, NoteToShare
from callnotes.errors import CallnotesError
from callnotes.ui.common.write_queue import WriteQueue

# How long a note's write to the server waits for the note to be held on this computer.
HOLD_WAIT_S = 10.0


@dataclass(frozen=True)
class NewEntry:
    """What the agent committed with Enter."""

    case_id: int
    text: str
    kind: EntryKind
    call_id: int | None
    draft_key: str | None
    # Marked for the client: a note or action then reaches the client's documents.
    for_client: bool = False
    # Given at Enter: the note is stored once however often it is sent (see add_note).
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    entered_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def to_share(self) -> NoteToShare:
        """The note as the timeline stores it."""
        return NoteToShare(
            self.case_id,
            self.text,
            self.kind,
            self.uid,
            self.entered_at,
            call_id=self.call_id,
            for_client=self.for_client,
        )

    @classmethod
    def kept(cls, note: NoteToShare) -> NewEntry:
        """A note entered earlier and kept on this computer, to be sent again."""
        return cls(
            note.case_id,
            note.text,
            note.kind,
            note.call_id,
            None,
            for_client=note.for_client,
            uid=note.uid,
            entered_at=note.at,
        )


class NoteSender(QObject):
    """Puts each note in *writes*, the window's line, in the order committed.

    Given *add*, the note is stored there at once. On a team database (*hold* and *share*
    given) it is first held on this computer, in a line of local writes of the sender's own
    (:attr:`drafts_line`: behind the draft saves typed before it, never behind the server's),
    then shared in *writes* and, once stored, let go (*release*) in the local line again.
    """

    def __init__(
        self,
        writes: WriteQueue,
        add: Callable[[NewEntry], EntryRecord],
        parent: QObject | None = None,
        *,
        hold: Callable[[NewEntry], None] | None = None,
        share: Callable[[NewEntry], EntryRecord] | None = None,
        release: Callable[[NewEntry], None] | None = None,
        retry_ms: int,
    ) -> None:
        super().__init__(parent)
        self._writes = writes
        self._add, self._hold, self._share, self._release = add, hold, share, release
        # On a team database the drafts and held notes are on this computer: their own line,
        # so typing is saved while the server's line waits for a network that is down.
        self._local = WriteQueue(self, retry_ms=retry_ms) if hold is not None else None

    @property
    def drafts_line(self) -> WriteQueue:
        """The line the editor's drafts are saved in: the held notes' own on a team database
        (a note is held after the draft saves before it), else the window's line."""
        return self._local or self._writes

    def send(
        self,
        entry: NewEntry,
        *,
        on_stored: Callable[[EntryRecord], None],
        on_failed: Callable[[CallnotesError], None],
        held: bool = False,
    ) -> None:
        """Put *entry* in line; *on_stored* gets the entry stored, *on_failed* each failure (it
        is retried unless refused). *held*: kept on this computer already, by an earlier run."""
        write: Callable[[], EntryRecord]
        hold, share = self._hold, self._share
        if self._local is not None and hold is not None and share is not None:
            kept = threading.Event()
            if held:
                kept.set()  # held already: kept on this computer from an earlier run
            else:

                def keep() -> None:
                    hold(entry)
                    kept.set()

                self._local.put(keep)  # in line after the draft saves before it

            def write() -> EntryRecord:
                kept.wait(HOLD_WAIT_S)  # the local line is quick; shared anyway if it is not
                return share(entry)

            release, local = self._release, self._local
            if release is not None:

                def done(stored: EntryRecord) -> None:
                    local.put(lambda: release(entry))  # off the server's line
                    on_stored(stored)

                self._writes.put(write, on_done=done, on_failed=on_failed)
                return

        else:
            add_entry = self._add

            def write() -> EntryRecord:
                return add_entry(entry)

        self._writes.put(write, on_done=on_stored, on_failed=on_failed)

    def drain(self, wait_ms: int) -> bool:
        """Wait (at most *wait_ms* for each line) until every note is held and stored and every
        other write in the window's line too; False if something is not stored yet."""
        if self._local is not None:
            self._local.drain(wait_ms)
        return self._writes.drain(wait_ms)

    def shutdown_local(self) -> None:
        """Stop the line of local writes (the window is closing, or let go)."""
        if self._local is not None:
            self._local.shutdown()
