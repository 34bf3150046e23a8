"""Plain context objects every document is rendered from, so all documents agree on facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from callnotes.domain.calls import CallRecord
from callnotes.domain.cases import CaseSummary
from callnotes.domain.commitments import CommitmentRecord
from callnotes.domain.communications import CommunicationRecord
from callnotes.domain.issues import IssueRecord
from callnotes.domain.people import ClientRecord, ContactRecord, TeamMemberRecord
from callnotes.domain.reviews import ReviewRecord
from callnotes.domain.timeline import EntryRecord


@dataclass(frozen=True)
class IssueView:
    """An issue with the names a document needs beside it."""

    issue: IssueRecord
    position: int
    owner_name: str


@dataclass(frozen=True)
class ReportContext:
    """Every fact about one case that any document may show."""

    case: CaseSummary
    client: ClientRecord
    caller: ContactRecord | None
    agent_name: str
    company: str
    generated_at: datetime
    timezone: str
    calls: tuple[CallRecord, ...]
    issues: tuple[IssueView, ...]
    entries: tuple[EntryRecord, ...]
    commitments: tuple[CommitmentRecord, ...]
    communications: tuple[CommunicationRecord, ...]
    team: tuple[TeamMemberRecord, ...]
    review: ReviewRecord | None

    @property
    def client_visible_entries(self) -> tuple[EntryRecord, ...]:
        """Entries that may appear in documents written for the client."""
        return tuple(e for e in self.entries if not e.internal)

    @property
    def decisions(self) -> tuple[EntryRecord, ...]:
        """Decision entries, in order."""
        return tuple(e for e in self.entries if e.kind.value == "decision")

    @property
    def open_commitments(self) -> tuple[CommitmentRecord, ...]:
        """Promises still to keep."""
        return tuple(c for c in self.commitments if c.state.value == "open")
