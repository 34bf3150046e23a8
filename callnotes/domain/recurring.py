"""Recurring issues: which issues of a client are alike, so a pattern across cases shows.

Two issues are alike when they belong to the same client and their titles share most of their
words (stems, so "prints" and "printing" agree), or, failing that, title and client's words
together do. Groups are the connected sets of alike issues; a lone issue is no pattern.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from callnotes.domain.cases import CaseStatus
from callnotes.domain.issues import IssueStatus
from callnotes.domain.seen_before import similarity_terms

# Share of the shorter word list that must be shared, and how many words at least.
MIN_SHARE = 0.5
MIN_SHARED = 2
# Title and words together are noisier, so they need more words in common.
MIN_SHARED_WITH_WORDS = 3


@dataclass(frozen=True)
class IssueSample:
    """An issue as the recurring view compares it."""

    issue_id: int
    case_id: int
    case_title: str
    case_status: CaseStatus
    client_id: int
    client_name: str
    title: str
    client_words: str
    status: IssueStatus
    raised_at: datetime


@dataclass(frozen=True)
class RecurringGroup:
    """Alike issues of one client, oldest first."""

    client_id: int
    client_name: str
    issues: tuple[IssueSample, ...]
    words: tuple[str, ...]  # the stems most of them share, to name the pattern

    @property
    def count(self) -> int:
        """How many issues are alike."""
        return len(self.issues)

    @property
    def case_ids(self) -> tuple[int, ...]:
        """The cases involved, oldest first."""
        return tuple(dict.fromkeys(i.case_id for i in self.issues))

    @property
    def first_at(self) -> datetime:
        """When the first of them was raised."""
        return self.issues[0].raised_at

    @property
    def last_at(self) -> datetime:
        """When the latest of them was raised."""
        return self.issues[-1].raised_at


def shared_terms(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """Stems of *a* found in *b*; one may be the start of the other ("print" and "printer")."""
    return [t for t in a if any(u.startswith(t) or t.startswith(u) for u in b)]


def alike(a: IssueSample, b: IssueSample) -> bool:
    """Whether *a* and *b* look like the same problem of the same client."""
    if a.client_id != b.client_id or a.issue_id == b.issue_id:
        return False
    return _Terms.of(a).alike(_Terms.of(b))


def group_recurring(samples: Sequence[IssueSample]) -> list[RecurringGroup]:
    """Groups of two or more alike issues, the largest and most recent first.

    Issues are compared only within their client, so the work grows with the largest client's
    history, not with everyone's.
    """
    by_client: dict[int, list[IssueSample]] = {}
    for sample in sorted(samples, key=lambda s: (s.raised_at, s.issue_id)):
        by_client.setdefault(sample.client_id, []).append(sample)
    groups = [group for found in by_client.values() for group in _groups_of(found)]
    return sorted(groups, key=lambda g: (-g.count, -g.last_at.timestamp(), g.client_name))


def groups_containing(samples: Sequence[IssueSample], issue_ids: set[int]) -> list[RecurringGroup]:
    """The groups that hold any of *issue_ids*, as ``group_recurring`` would find them.

    Grown outwards from those issues only, so a case's groups cost in proportion to how many
    issues are alike, not to the square of the client's whole history.
    """
    ordered = sorted(samples, key=lambda s: (s.raised_at, s.issue_id))
    terms = {s.issue_id: _Terms.of(s) for s in ordered}
    placed: set[int] = set()
    groups: list[RecurringGroup] = []
    for seed in (s for s in ordered if s.issue_id in issue_ids):
        if seed.issue_id in placed:
            continue
        found = {seed.issue_id}
        frontier = [seed]
        while frontier:
            current = frontier.pop()
            for other in ordered:
                if (
                    other.issue_id not in found
                    and other.client_id == current.client_id
                    and terms[current.issue_id].alike(terms[other.issue_id])
                ):
                    found.add(other.issue_id)
                    frontier.append(other)
        placed |= found
        if len(found) > 1:
            members = tuple(s for s in ordered if s.issue_id in found)
            groups.append(
                RecurringGroup(
                    client_id=seed.client_id,
                    client_name=seed.client_name,
                    issues=members,
                    words=_common_words(members),
                )
            )
    return sorted(groups, key=lambda g: (-g.count, -g.last_at.timestamp(), g.client_name))


@dataclass(frozen=True)
class _Terms:
    title: tuple[str, ...]
    everything: tuple[str, ...]
    # First three letters of each stem: two stems can only match (one starting the other) when
    # these agree, since stems are at least three letters long. A cheap test before the real one.
    title_heads: frozenset[str]
    heads: frozenset[str]

    @staticmethod
    def of(sample: IssueSample) -> _Terms:
        title = tuple(similarity_terms(sample.title))
        everything = tuple(similarity_terms(f"{sample.title} {sample.client_words}"))
        return _Terms(
            title,
            everything,
            frozenset(t[:3] for t in title),
            frozenset(t[:3] for t in everything),
        )

    def alike(self, other: _Terms) -> bool:
        return _close(
            self.title, other.title, self.title_heads, other.title_heads, MIN_SHARED
        ) or _close(
            self.everything, other.everything, self.heads, other.heads, MIN_SHARED_WITH_WORDS
        )


def _groups_of(ordered: list[IssueSample]) -> list[RecurringGroup]:
    """Connected sets of alike issues of one client (oldest first in each)."""
    terms = [_Terms.of(s) for s in ordered]
    parent = list(range(len(ordered)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i in range(len(ordered)):
        for j in range(i + 1, len(ordered)):
            if root(i) != root(j) and terms[i].alike(terms[j]):
                parent[root(j)] = root(i)
    members: dict[int, list[IssueSample]] = {}
    for n, sample in enumerate(ordered):
        members.setdefault(root(n), []).append(sample)
    return [
        RecurringGroup(
            client_id=found[0].client_id,
            client_name=found[0].client_name,
            issues=tuple(found),
            words=_common_words(found),
        )
        for found in members.values()
        if len(found) > 1
    ]


def _close(
    a: Sequence[str],
    b: Sequence[str],
    heads_a: frozenset[str],
    heads_b: frozenset[str],
    least: int,
) -> bool:
    if not a or not b:
        return False
    short, long_, long_heads = (a, b, heads_b) if len(a) <= len(b) else (b, a, heads_a)
    need = min(least, len(short))
    at_most = sum(1 for t in short if t[:3] in long_heads)
    if at_most < need or at_most / len(short) < MIN_SHARE:
        return False
    shared = len(shared_terms(short, long_))
    return shared >= need and shared / len(short) >= MIN_SHARE


def _common_words(samples: Sequence[IssueSample]) -> tuple[str, ...]:
    """Title stems found in at least half the group's titles, in first-seen order."""
    titles = [similarity_terms(s.title) for s in samples]
    words: list[str] = []
    for terms in titles:
        for term in terms:
            seen = sum(1 for other in titles if shared_terms([term], other))
            if seen * 2 >= len(titles) and term not in words:
                words.append(term)
    return tuple(words[:4])
