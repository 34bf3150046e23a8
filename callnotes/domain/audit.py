"""The audit log of a team database: the head of a case's chain, and where a chain breaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# How many hexadecimal digits of a hash a document shows: enough to compare two printouts.
SHORT_HASH = 12


@dataclass(frozen=True)
class AuditHead:
    """The latest entry of a case's audit chain: its hash, when it was written, how many."""

    hash: str
    at: datetime
    entries: int

    @property
    def short(self) -> str:
        """The first digits of the hash, as a document prints it."""
        return self.hash[:SHORT_HASH]


@dataclass(frozen=True)
class AuditBreak:
    """One place where a case's chain does not hold."""

    case_id: int
    entry_id: int
    reason: str

    @property
    def sentence(self) -> str:
        """Where the chain breaks and why, in one sentence."""
        return (
            f"Case {self.case_id}: the audit chain breaks at entry {self.entry_id}: {self.reason}."
        )
