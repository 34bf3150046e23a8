"""The first look: the case the window opens on, read from the file before SQLAlchemy loads.

Opening the database the app's way — SQLAlchemy, the models' mapping, the services, the
migration check — takes most of a second, and the panels built on it as long again; the
agent waits for all of it to see the case they were on. The case the window shows first
(the top of the case list) and its newest entries are one read of a few plain columns, which the
standard library's ``sqlite3`` does in milliseconds: read here, read-only, on the file the
app is about to open, they are shown at once, and replaced by the panels once those are built
(``ui/shell/first_look.py``).

It is a second reading of the same rows, so it is held to the first:
``tests/test_first_look.py`` reads a seeded database both ways and finds the same case and the
same records. It reads only a file stamped with the revision it was written for
(:data:`SCHEMA_REVISION`, held to the migrations' head by the same test), and anything it
cannot read — no file yet, an older or newer schema, a locked or damaged file — is no first
look (None): the window then waits for the panels, as it always did. It imports nothing
beyond the standard library, the domain and the storage errors' mapping (a test holds it to
that).

The look reads the case's note draft too, and what the agent types at it is kept as that draft
(:func:`keep_draft`, the one write made here): as the panels' editor keeps it, debounced and at
most a second late, so a note typed while the window opens is not lost if the app is killed
before the panels take it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from callnotes.domain.cases import CaseStatus, CaseSummary, FirstLook
from callnotes.domain.drafts import note_draft_key
from callnotes.domain.issues import IssueStatus
from callnotes.domain.text import clean_text
from callnotes.domain.timeline import EntryKind, EntryRecord, NoteDraft, RevisionRecord
from callnotes.storage.failures import as_storage_error
from callnotes.storage.read_only import WAIT_S, connect_read_only

if TYPE_CHECKING:
    from pathlib import Path

    from callnotes.domain.timestamps import Clock

#: The migration this reading is written for; any other file is not read (a test holds it to
#: the migrations' head, so a new revision cannot be forgotten here).
SCHEMA_REVISION = "0015"
#: How many of the case's newest entries are read: more than a window shows (measuring the rows
#: of a whole long timeline held the panels back by a tenth of a second).
NEWEST_ENTRIES = 40
# Never waits long for a file another program is writing: the panels will read it anyway.
_BUSY_TIMEOUT_S = 0.2

_OPEN_ISSUE_STATES = tuple(s.value for s in IssueStatus if s.is_open)

# As CaseService.case_page reads the top of the case list: off the (last activity, id) index.
_TOP_CASE = f"""
SELECT cases.id, cases.title, cases.status, cases.client_id, clients.name, cases.opened_at,
       cases.next_update_due_at, case_activity.last_activity_at,
       (SELECT count(*) FROM issues
         WHERE issues.case_id = cases.id
           AND issues.status IN ({", ".join("?" for _ in _OPEN_ISSUE_STATES)}))
  FROM case_activity
  JOIN cases ON cases.id = case_activity.case_id
  JOIN clients ON clients.id = cases.client_id
 ORDER BY case_activity.last_activity_at DESC, case_activity.case_id DESC
 LIMIT 1
"""
# As TimelineService.entries reads a case's timeline (in the order the facts were recorded):
# its newest entries, the last of them last.
_ENTRIES = """
SELECT id, case_id, call_id, issue_id, at, kind, text, author, internal, for_client
  FROM timeline_entries WHERE case_id = ? ORDER BY id DESC LIMIT ?
"""
_REVISIONS = """
SELECT entry_revisions.entry_id, revised_at, revised_by, previous_kind, previous_text,
       previous_for_client
  FROM entry_revisions JOIN timeline_entries ON timeline_entries.id = entry_revisions.entry_id
 WHERE timeline_entries.case_id = ? AND entry_revisions.entry_id >= ?
 ORDER BY entry_revisions.id
"""
_DRAFT = "SELECT text FROM drafts WHERE key = ?"
# As DraftService keeps a draft (the models' DateTime on SQLite: naive UTC text).
_KEEP_DRAFT = """
INSERT INTO drafts (key, text, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
"""
_FORGET_DRAFT = "DELETE FROM drafts WHERE key = ?"
_STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's DateTime on SQLite, microseconds always


def read_first_look(path: Path) -> FirstLook | None:
    """The first look at the database file *path*; None when there is nothing to show from
    it (no case), or it cannot be read this way (see the module's note)."""
    if not path.is_file():
        return None
    try:
        with contextlib.closing(connect_read_only(path, timeout=_BUSY_TIMEOUT_S)) as connection:
            return _read(connection)
    except (sqlite3.Error, ValueError, TypeError):
        return None  # not this schema after all, or not readable now: the panels will say


def _read(connection: sqlite3.Connection) -> FirstLook | None:
    # One snapshot for the three reads: the case and its timeline agree.
    connection.execute("BEGIN")
    stamped = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if stamped != [(SCHEMA_REVISION,)]:
        return None
    row = connection.execute(_TOP_CASE, _OPEN_ISSUE_STATES).fetchone()
    if row is None:
        return None
    case_id, title, status, client_id, client_name, opened, next_due, last, count = row
    case = CaseSummary(
        id=case_id,
        title=title,
        status=CaseStatus(status),
        client_id=client_id,
        client_name=client_name,
        opened_at=_utc(opened),
        last_activity_at=_utc(last),
        open_issue_count=count or 0,
        next_update_due_at=_utc(next_due) if next_due is not None else None,
    )
    rows = connection.execute(_ENTRIES, (case_id, NEWEST_ENTRIES)).fetchall()[::-1]
    oldest = rows[0][0] if rows else 0
    revisions: dict[int, list[RevisionRecord]] = {}
    for entry_id, at, by, kind, text, for_client in connection.execute(
        _REVISIONS, (case_id, oldest)
    ):
        revisions.setdefault(entry_id, []).append(
            RevisionRecord(
                revised_at=_utc(at),
                revised_by=by,
                previous_kind=EntryKind(kind),
                previous_text=text,
                previous_for_client=bool(for_client),
            )
        )
    entries = tuple(
        EntryRecord(
            id=entry_id,
            case_id=entry_case,
            call_id=call_id,
            issue_id=issue_id,
            seq=entry_id,
            at=_utc(at),
            kind=EntryKind(kind),
            text=text,
            author=author,
            internal=bool(internal),
            for_client=bool(for_client),
            revisions=tuple(revisions.get(entry_id, ())),
        )
        for (entry_id, entry_case, call_id, issue_id, at, kind, text, author, internal,
             for_client) in rows
    )  # fmt: skip
    draft = connection.execute(_DRAFT, (note_draft_key(case_id),)).fetchone()
    return FirstLook(case, entries, NoteDraft.from_json(draft[0]) if draft else NoteDraft(""))


def keep_draft(path: Path, case_id: int, note: NoteDraft, clock: Clock) -> None:
    """Keep *note* as the draft of *case_id*'s note editor in the file *path*, as
    ``DraftService.save_note`` keeps it (cleaned; empty text: no draft).

    One transaction, committed with the app's own durability (``synchronous=FULL``), waiting as
    long as the app does for another writer. A failure raises the storage error the app's own
    writes raise for it (locked, disk full, read-only), so the line it is in retries it.
    """
    key = note_draft_key(case_id)
    cleaned = clean_text(note.text).text
    try:
        # mode=rw: never a new, empty database made where the file was.
        uri = f"{path.absolute().as_uri()}?mode=rw"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=WAIT_S)) as connection:
            connection.execute("PRAGMA synchronous=FULL")
            with connection:  # committed here, or rolled back
                if cleaned:
                    stored = NoteDraft(cleaned, note.kind, note.for_client).as_json()
                    at = clock().astimezone(UTC).strftime(_STORED_TIME)
                    connection.execute(_KEEP_DRAFT, (key, stored, at))
                else:
                    connection.execute(_FORGET_DRAFT, (key,))
    except sqlite3.Error as exc:
        known = as_storage_error(exc, path.parent)
        if known is None:
            raise
        raise known from exc


def _utc(stored: str) -> datetime:
    """A time as the models store it on SQLite (naive UTC text) — as ``UTCDateTime`` reads it."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)
