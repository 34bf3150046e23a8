"""Timeline entries: timestamped, typed, append-only facts with visible revisions.

Also the one rule of what the client reads (``client_may_read``): every document written for
the client, in every format, is built from the entries this rule lets through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EntryKind(StrEnum):
    """What sort of fact an entry records."""

    NOTE = "note"
    CLIENT_SAID = "client_said"
    ACTION = "action"
    DECISION = "decision"
    COMMITMENT = "commitment"
    NEW_INFORMATION = "new_information"
    ESCALATION = "escalation"
    COMMUNICATION = "communication"
    STATUS_CHANGE = "status_change"

    @property
    def label(self) -> str:
        """A short human name for the kind."""
        return _LABELS[self]


_LABELS = {
    EntryKind.NOTE: "Note",
    EntryKind.CLIENT_SAID: "Client said",
    EntryKind.ACTION: "Action",
    EntryKind.DECISION: "Decision",
    EntryKind.COMMITMENT: "Commitment",
    EntryKind.NEW_INFORMATION: "New information",
    EntryKind.ESCALATION: "Escalation attempt",
    EntryKind.COMMUNICATION: "Communication",
    EntryKind.STATUS_CHANGE: "Status change",
}


# The facts a returning colleague must not miss: what was decided, learned, promised or done
# (notes and the client's words stay in the full timeline).
CHANGE_KINDS = frozenset(
    {
        EntryKind.DECISION,
        EntryKind.NEW_INFORMATION,
        EntryKind.COMMITMENT,
        EntryKind.ACTION,
        EntryKind.ESCALATION,
        EntryKind.STATUS_CHANGE,
        EntryKind.COMMUNICATION,
    }
)


# What the client reads by default: their own words, what was decided and promised, the updates
# sent to them, what was learned and how their issues moved. An agent's note or action (and any
# kind not listed here) reaches the client only when the agent marked it for the client.
CLIENT_READS_BY_DEFAULT = frozenset(
    {
        EntryKind.CLIENT_SAID,
        EntryKind.DECISION,
        EntryKind.COMMITMENT,
        EntryKind.COMMUNICATION,
        EntryKind.NEW_INFORMATION,
        EntryKind.STATUS_CHANGE,
    }
)


def client_reads_by_default(kind: EntryKind) -> bool:
    """Whether an entry of *kind* reaches the client without being marked for them."""
    return kind in CLIENT_READS_BY_DEFAULT


def client_may_read(entry: EntryRecord) -> bool:
    """Whether *entry* may appear in a document written for the client.

    Internal entries (escalation attempts, investigation findings, team notices…) never do;
    the kinds in ``CLIENT_READS_BY_DEFAULT`` do; a note or an action only when marked.
    """
    if entry.internal:
        return False
    return entry.for_client or client_reads_by_default(entry.kind)


@dataclass(frozen=True)
class RevisionRecord:
    """What an entry said before an edit (and whether it was marked for the client then)."""

    revised_at: datetime
    revised_by: str
    previous_kind: EntryKind
    previous_text: str
    previous_for_client: bool = False


def _note_json(text: str, kind: EntryKind, for_client: bool) -> dict[str, object]:
    """A note's text, kind and marking for the client, as a note typed or entered is kept on
    this computer (:class:`NoteDraft`, :class:`NoteToShare`): one shape for both."""
    return {"text": text, "kind": kind.value, "for_client": for_client}


def _note_from_json(data: dict[str, object]) -> tuple[str, EntryKind, bool]:
    """What :func:`_note_json` kept."""
    return str(data["text"]), EntryKind(str(data["kind"])), bool(data.get("for_client", False))


@dataclass(frozen=True)
class NoteToShare:
    """A note the agent entered with Enter, as it goes to the record: with the uid it was given
    then (sending it twice stores it once) and the time it was entered."""

    case_id: int
    text: str
    kind: EntryKind
    uid: str
    at: datetime
    call_id: int | None = None
    for_client: bool = False

    def as_json(self) -> str:
        """The note as kept on this computer until it is shared."""
        return json.dumps(
            {
                "case_id": self.case_id,
                **_note_json(self.text, self.kind, self.for_client),
                "uid": self.uid,
                "at": self.at.isoformat(),
                "call_id": self.call_id,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> NoteToShare:
        """A note kept by :meth:`as_json`."""
        data = json.loads(text)
        note_text, kind, for_client = _note_from_json(data)
        return cls(
            case_id=int(data["case_id"]),
            text=note_text,
            kind=kind,
            uid=str(data["uid"]),
            at=datetime.fromisoformat(data["at"]),
            call_id=data.get("call_id"),
            for_client=for_client,
        )


_DRAFT_FIELDS = frozenset(_note_json("", EntryKind.NOTE, False))
_KIND_VALUES = frozenset(kind.value for kind in EntryKind)


@dataclass(frozen=True)
class NoteDraft:
    """A note being typed, with the kind and the marking for the client chosen for it: saved
    together, so that a crash gives back a decision as a decision, not as an internal note."""

    text: str
    kind: EntryKind = EntryKind.NOTE
    for_client: bool = False

    def as_json(self) -> str:
        """The draft as kept in the drafts table: a plain note as its bare text (as every draft
        was kept before the kind was), one with a kind or a marking as the JSON a held note
        is kept in (:class:`NoteToShare`). A plain note whose text would read back as such
        JSON is kept as JSON too, so that reading it back never mistakes it."""
        plain = not self.for_client and self.kind is EntryKind.NOTE
        if plain and NoteDraft.from_json(self.text) == self:
            return self.text
        return json.dumps(_note_json(self.text, self.kind, self.for_client))

    @classmethod
    def from_json(cls, stored: str) -> NoteDraft:
        """A draft kept by :meth:`as_json`; any other text (a draft saved before kinds were
        kept with drafts) is a plain note."""
        if stored.startswith("{"):
            try:
                data = json.loads(stored)
            except ValueError:
                data = None
            if (
                isinstance(data, dict)
                and set(data) == _DRAFT_FIELDS
                and isinstance(data["text"], str)
                and isinstance(data["for_client"], bool)
                and isinstance(data["kind"], str)
                and data["kind"] in _KIND_VALUES
            ):
                return cls(*_note_from_json(data))
        return cls(stored)


@dataclass(frozen=True)
class EntryRecord:
    """A timeline entry with its earlier revisions, oldest first."""

    id: int
    case_id: int
    call_id: int | None
    issue_id: int | None
    seq: int
    at: datetime
    kind: EntryKind
    text: str
    author: str
    internal: bool
    # Marked by the agent for the client: a note or action then reaches the client's documents.
    for_client: bool = False
    revisions: tuple[RevisionRecord, ...] = ()
    # After an amendment that met a colleague's: (part, the sentence to show the agent) for
    # each part kept beside theirs (see callnotes.domain.merge).
    kept_beside: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def client_mark(self) -> str:
        """Who reads the entry, as the team's documents mark it in the timeline's own words:
        "(internal)" when the client never reads it (``client_may_read``), "for the client" for
        a note or action the agent marked for them, nothing for a kind the client reads anyway.
        """
        if not client_may_read(self):
            return "(internal)"
        return "for the client" if self.for_client else ""

    @property
    def amended(self) -> bool:
        """Whether the entry's wording or kind was changed after it was first written.

        Marking it for the client (or taking the mark back) is kept as a revision too, but it
        changes who reads the fact, not the fact: documents do not call it corrected.
        """
        return any(not change.marking_only for change in self.history)

    @property
    def history(self) -> tuple[RevisionChange, ...]:
        """Each revision with what it changed: the wording or kind, or only the marking."""
        if not self.revisions:
            return ()
        following = [
            (r.previous_kind, r.previous_text, r.previous_for_client) for r in self.revisions[1:]
        ]
        following.append((self.kind, self.text, self.for_client))
        return tuple(
            RevisionChange(
                revision=r,
                marking_only=(r.previous_kind, r.previous_text) == (kind, text),
                for_client_after=for_client,
            )
            for r, (kind, text, for_client) in zip(self.revisions, following, strict=True)
        )


@dataclass(frozen=True)
class RevisionChange:
    """One revision of an entry and what it changed, for documents that list amendments."""

    revision: RevisionRecord
    # Only the marking for the client changed (the wording and kind stayed).
    marking_only: bool
    # Whether the entry was marked for the client after this revision.
    for_client_after: bool
