"""How many of each thing a generated database holds, derived from its timeline size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

# Bump when the generator's output changes: it is part of every cache key.
GENERATOR_VERSION = 2
# Generated time ends here (never "now"), so a seed always gives the same rows.
END = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
CALLER_CONTACTS = 100_000


@dataclass(frozen=True)
class Profile:
    """The counts of one generated database.

    One case (the newest, so the app opens it first) is the *report case*: it alone has
    ``report_issues`` issues and ``report_entries`` timeline entries.
    """

    entries: int
    contacts: int
    clients: int
    team: int
    cases: int
    report_issues: int = 50
    report_entries: int = 500

    def __post_init__(self) -> None:
        if self.cases < 2 or self.clients < 1 or self.team < 1 or self.contacts < self.clients:
            raise ValueError(f"an unusable profile: {self}")
        if self.report_entries > self.entries:
            raise ValueError("the report case cannot hold more entries than the database")

    @classmethod
    def for_entries(
        cls,
        entries: int,
        *,
        contacts: int | None = None,
        report_issues: int = 50,
        report_entries: int = 500,
    ) -> Profile:
        """Proportions of a long-lived support team: ~50 entries a case, ~20 contacts a client."""
        contacts = contacts if contacts is not None else min(entries, CALLER_CONTACTS)
        return cls(
            entries=entries,
            contacts=contacts,
            clients=max(2, contacts // 20),
            team=max(3, min(200, entries // 2000)),
            cases=max(3, entries // 50),
            report_issues=report_issues,
            report_entries=min(report_entries, entries),
        )

    @property
    def key(self) -> str:
        """A file-name-safe summary of the counts, for cache keys."""
        return (
            f"e{self.entries}-p{self.contacts}-cl{self.clients}-t{self.team}-ca{self.cases}"
            f"-r{self.report_issues}x{self.report_entries}"
        )

    @property
    def label(self) -> str:
        """A short human label such as ``100k entries``."""
        return f"{_short(self.entries)} entries"


def _short(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)
