"""Timeline entries: timestamped, typed, append-only facts with visible revisions."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class RevisionRecord:
    """What an entry said before an edit, and who changed it when."""

    revised_at: datetime
    revised_by: str
    previous_kind: EntryKind
    previous_text: str


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
    revisions: tuple[RevisionRecord, ...] = ()

    @property
    def amended(self) -> bool:
        """Whether the entry was edited after it was first written."""
        return bool(self.revisions)
