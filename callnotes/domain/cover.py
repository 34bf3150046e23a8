"""Covering for an absent colleague: the stand-in's brief, and "since you left" on their return.

Both are worked out here from plain records, so the rules can be read in one place and tested
without a database: which promises the stand-in must keep (those falling due before the
colleague is back), which clients they cover (those whose usual contact is the colleague, with
an open case), and what the colleague finds on their return, item by item.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

# Case statuses whose cases still need someone (the brief lists only these).
OPEN_CASE_STATUSES = frozenset({"open", "monitoring"})


@dataclass(frozen=True)
class Absence:
    """A colleague away from ``since`` until ``until``, and who covers for them."""

    member_id: int
    member_name: str
    since: datetime | None
    until: datetime
    reason: str
    stand_in: str  # "" when nobody was named for the whole absence


@dataclass(frozen=True)
class PromiseFact:
    """A promise as the brief and the digest read it."""

    id: int
    case_id: int
    text: str
    owner: str
    due_at: datetime | None
    is_open: bool
    created_at: datetime


@dataclass(frozen=True)
class UpdateFact:
    """An update sent on a case."""

    id: int
    case_id: int
    at: datetime
    audience: str
    channel: str
    summary: str


@dataclass(frozen=True)
class EntryFact:
    """A timeline entry (a fact written on a case)."""

    id: int
    case_id: int
    at: datetime
    kind: str
    text: str
    author: str


@dataclass(frozen=True)
class IssueFact:
    """An issue of a case, and whether work on it remains."""

    id: int
    case_id: int
    title: str
    status: str
    is_open: bool


@dataclass(frozen=True)
class CaseFacts:
    """One case of a covered client and what the brief and the digest read of it."""

    id: int
    title: str
    status: str
    #: The next update as every document names it; None when none or paused.
    next_update_due_at: datetime | None
    promises: tuple[PromiseFact, ...] = ()
    updates: tuple[UpdateFact, ...] = ()
    entries: tuple[EntryFact, ...] = ()
    issues: tuple[IssueFact, ...] = ()
    #: The update clock is paused, waiting on the client.
    next_update_paused: bool = False


@dataclass(frozen=True)
class ClientFacts:
    """A client whose usual contact is the absent colleague."""

    id: int
    name: str
    timezone: str
    hours: str  # described (``Mon–Fri 09:00–17:30``), or "" when not known
    contact_name: str
    contact_method: str  # "phone", "email", … or ""
    best_times: str
    stand_in: str  # who covers this client in particular ("" : the absence's stand-in)
    cases: tuple[CaseFacts, ...] = ()


@dataclass(frozen=True)
class BriefPromise:
    """A promise the stand-in must keep: whose, to whom, by when."""

    case_id: int
    case_title: str
    text: str
    owner: str
    to_whom: str
    due_at: datetime
    overdue: bool


@dataclass(frozen=True)
class BriefCase:
    """An open case: the last update sent to the client and the next one due."""

    id: int
    title: str
    status: str
    last_update_at: datetime | None
    last_update: str
    next_update_due_at: datetime | None
    #: The update clock is paused, waiting on the client (no time is due).
    next_update_paused: bool = False


@dataclass(frozen=True)
class BriefClient:
    """What the stand-in needs about one covered client."""

    id: int
    name: str
    timezone: str
    hours: str
    contact_name: str
    contact_method: str
    best_times: str
    stand_in: str
    cases: tuple[BriefCase, ...]
    promises: tuple[BriefPromise, ...]


@dataclass(frozen=True)
class CoverBrief:
    """The stand-in's brief for one absence (an internal document: never for a client)."""

    absence: Absence
    made_at: datetime
    clients: tuple[BriefClient, ...]

    def for_client(self, client_id: int) -> BriefClient | None:
        """The brief's part for one client (None when it is not covered)."""
        return next((c for c in self.clients if c.id == client_id), None)


def cover_brief(absence: Absence, clients: Iterable[ClientFacts], now: datetime) -> CoverBrief:
    """The brief: each client with an open case, the open promises due before the return.

    A promise falls to the stand-in when it is still open and due before the colleague is
    back (``absence.until``), overdue ones included; one due after the return stays with the
    colleague. Clients are listed by the earliest promise due, then by name.
    """
    listed: list[BriefClient] = []
    for client in clients:
        open_cases = [c for c in client.cases if c.status in OPEN_CASE_STATUSES]
        if not open_cases:
            continue
        promises = sorted(
            (
                BriefPromise(
                    case_id=case.id,
                    case_title=case.title,
                    text=p.text,
                    owner=p.owner or absence.member_name,
                    to_whom=client.contact_name or client.name,
                    due_at=p.due_at,
                    overdue=p.due_at < now,
                )
                for case in open_cases
                for p in case.promises
                if p.is_open and p.due_at is not None and p.due_at < absence.until
            ),
            key=lambda p: (p.due_at, p.case_id),
        )
        cases = tuple(_brief_case(case) for case in open_cases)
        listed.append(
            BriefClient(
                id=client.id,
                name=client.name,
                timezone=client.timezone,
                hours=client.hours,
                contact_name=client.contact_name,
                contact_method=client.contact_method,
                best_times=client.best_times,
                stand_in=client.stand_in or absence.stand_in,
                cases=cases,
                promises=tuple(promises),
            )
        )
    listed.sort(key=lambda c: (c.promises[0].due_at if c.promises else absence.until, c.name))
    return CoverBrief(absence=absence, made_at=now, clients=tuple(listed))


def _brief_case(case: CaseFacts) -> BriefCase:
    to_client = [u for u in case.updates if u.audience == "client"]
    last = max(to_client, key=lambda u: (u.at, u.id), default=None)
    return BriefCase(
        id=case.id,
        title=case.title,
        status=case.status,
        last_update_at=last.at if last else None,
        last_update=last.summary if last else "",
        next_update_due_at=case.next_update_due_at,
        next_update_paused=case.next_update_paused,
    )


@dataclass(frozen=True)
class ClientCover:
    """What the ringing card shows first for a client whose usual contact is away."""

    absence: Absence
    client: BriefClient


class DigestSection(StrEnum):
    """The parts of "since you left", in the order they are read."""

    CHANGED = "changed"  # facts written on their clients' cases while they were away
    UPDATES = "updates"  # updates sent while they were away
    PROMISED = "promised"  # promises made in their name while they were away
    OPEN = "open"  # what is still open: issues and promises

    @property
    def label(self) -> str:
        """The section's heading."""
        return _SECTION_LABELS[self]


_SECTION_LABELS = {
    DigestSection.CHANGED: "What changed",
    DigestSection.UPDATES: "Updates sent",
    DigestSection.PROMISED: "Promised in your name",
    DigestSection.OPEN: "Still open",
}


@dataclass(frozen=True)
class DigestItem:
    """One thing to read on return; ``key`` names it for its acknowledgement."""

    key: str
    section: DigestSection
    client_id: int
    client_name: str
    case_id: int
    case_title: str
    at: datetime | None
    text: str
    acknowledged: bool = False


@dataclass(frozen=True)
class SinceYouLeft:
    """Everything across a returning colleague's clients since they left."""

    member_id: int
    member_name: str
    since: datetime
    items: tuple[DigestItem, ...] = field(default=())

    @property
    def waiting(self) -> int:
        """Items not yet acknowledged."""
        return sum(not i.acknowledged for i in self.items)

    @property
    def client_names(self) -> tuple[str, ...]:
        """The clients the digest spans, in order of appearance."""
        return tuple(dict.fromkeys(i.client_name for i in self.items))


def since_you_left(
    member_id: int,
    member_name: str,
    since: datetime,
    clients: Iterable[ClientFacts],
    acknowledged: Collection[str] = (),
) -> SinceYouLeft:
    """One digest across every client of the colleague, oldest first within each section.

    What changed (timeline entries written since *since*), the updates sent, the promises
    made in their name (their name as owner, made since *since*), and what is still open
    (issues, and open promises not already listed); each with the key its acknowledgement is
    stored under.
    """
    items: list[DigestItem] = []
    name = member_name.casefold()
    for client in clients:
        for case in client.cases:

            def item(
                key: str,
                section: DigestSection,
                at: datetime | None,
                text: str,
                case: CaseFacts = case,
                client: ClientFacts = client,
            ) -> DigestItem:
                return DigestItem(
                    key, section, client.id, client.name, case.id, case.title, at, text,
                    key in acknowledged,
                )  # fmt: skip

            for e in case.entries:
                if e.at >= since:
                    items.append(item(f"entry:{e.id}", DigestSection.CHANGED, e.at, _entry(e)))
            for u in case.updates:
                if u.at >= since:
                    text = f"To the {u.audience} by {u.channel}: {u.summary}".rstrip(": ")
                    items.append(item(f"update:{u.id}", DigestSection.UPDATES, u.at, text))
            promised = {
                p.id for p in case.promises if p.created_at >= since and p.owner.casefold() == name
            }
            for p in case.promises:
                if p.id in promised:
                    items.append(item(f"promise:{p.id}", DigestSection.PROMISED, p.due_at, p.text))
            for p in case.promises:
                if p.is_open and p.id not in promised:
                    items.append(item(f"promise:{p.id}", DigestSection.OPEN, p.due_at, p.text))
            for i in case.issues:
                if i.is_open and case.status in OPEN_CASE_STATUSES:
                    text = f"{i.title} ({i.status.replace('_', ' ')})"
                    items.append(item(f"issue:{i.id}", DigestSection.OPEN, None, text))
    order = list(DigestSection)
    items.sort(key=lambda i: (order.index(i.section), i.at is None, i.at or since, i.key))
    return SinceYouLeft(member_id, member_name, since, tuple(items))


def _entry(entry: EntryFact) -> str:
    kind = entry.kind.replace("_", " ")
    by = f" ({entry.author})" if entry.author else ""
    return f"{kind.capitalize()}{by}: {entry.text}"
