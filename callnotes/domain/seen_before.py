"""“Has this happened before?”: what an earlier match looks like, and which words to look for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from callnotes.domain.cases import CaseStatus
from callnotes.domain.issues import IssueStatus

# Words that say nothing about *what* is broken. Without them a search for "labels do not
# print" would also find every note that contains "not".
_STOP_TEXT = """
about after again all also and any are aren't around back been before being but can can't
cannot could did didn't does doesn't doing don't for from get gets getting got had has hasn't
have haven't her his how into isn't it's its just keep keeps like more most much need needs not
now off our out over said says she should since some still than that the their them then there
these they this those too under until use very was wasn't were weren't what when where which
while who why will with won't work works would you your yours every each other others one ones
thing things issue issues problem problems today yesterday morning afternoon evening please
urgent nothing anything something everything always never anyone everyone
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_WORD = re.compile(r"\w[\w'’]*")
MAX_TERMS = 12
# A past fact counts as a match when it shares at least half the terms, and at least two of
# them once two are known: "labels do not print" must not find every note about printing.
MIN_COVERAGE = 0.5
MIN_SHARED_TERMS = 2


@dataclass(frozen=True)
class SeenBeforeMatch:
    """An issue (or a timeline fact) from an earlier case that resembles one being described."""

    # The earlier issue; None when the match is a timeline entry not linked to an issue.
    issue_id: int | None
    # The timeline entry that matched; None when the issue itself matched.
    entry_id: int | None
    case_id: int
    case_title: str
    case_status: CaseStatus
    client_id: int
    client_name: str
    # The match belongs to the client on the line now.
    same_client: bool
    # When the issue was raised, or when the entry was written.
    at: datetime
    # The issue's title, or the entry's text.
    title: str
    # The client's words for an issue, or the matching entry's text; may be empty.
    excerpt: str
    issue_status: IssueStatus | None
    # The issue's root cause, or the case review's when the issue has none.
    root_cause: str
    # When the issue (or, for a plain entry, the case) was resolved, if it was.
    resolved_at: datetime | None
    # Earlier cases of that client with a similar match.
    occurrences: int
    # The client had it in more than one case, or the case review called it recurring.
    recurred: bool
    # Share of the search terms found, 0–1; higher is closer.
    coverage: float

    @property
    def resolved(self) -> bool:
        """Whether the earlier problem was fixed."""
        if self.issue_status is not None:
            return not self.issue_status.is_open
        return self.case_status in (CaseStatus.RESOLVED, CaseStatus.CLOSED)


def similarity_terms(text: str, *, max_terms: int = MAX_TERMS) -> list[str]:
    """The words worth searching for, reduced to simple stems, first occurrence first.

    Stems are searched as prefixes, so "printing" → "print" finds "printer" and "prints" too.
    """
    terms: list[str] = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        if word in _STOP_WORDS or len(word) < 3 or word.isdigit():
            continue
        stem = _stem(word.split("'")[0])
        if len(stem) >= 3 and stem not in _STOP_WORDS and stem not in terms:
            terms.append(stem)
        if len(terms) == max_terms:
            break
    return terms


def coverage(terms: Sequence[str], text: str) -> float:
    """Share of *terms* that start some word of *text* (0 when there are no terms)."""
    if not terms:
        return 0.0
    words = _WORD.findall(text.lower())
    found = sum(1 for term in terms if any(word.startswith(term) for word in words))
    return found / len(terms)


def close_enough(share: float, term_count: int) -> bool:
    """Whether a text sharing *share* of *term_count* search terms is worth showing."""
    shared = round(share * term_count)
    return share >= MIN_COVERAGE and shared >= min(MIN_SHARED_TERMS, term_count)


@dataclass(frozen=True)
class SimilarityQuery:
    """What to look for: the title's terms, and further terms from the client's words.

    The title says what the problem *is*; the client's words add colour ("trucks leave at
    16:00") that an earlier record of the same problem rarely shares. So a match must cover
    half the title's terms, or half of all of them.
    """

    title_terms: tuple[str, ...]
    word_terms: tuple[str, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        """Every term, title first."""
        return self.title_terms + self.word_terms

    def score(self, text: str) -> float:
        """How close *text* is, 0–1, or 0 when it is not close enough to show."""
        by_title = coverage(self.title_terms, text)
        overall = coverage(self.terms, text)
        title_ok = close_enough(by_title, len(self.title_terms))
        overall_ok = close_enough(overall, len(self.terms))
        if not (title_ok or overall_ok):
            return 0.0
        return (2 * by_title + overall) / 3 if self.title_terms else overall


def similarity_query(title: str, words: str = "") -> SimilarityQuery:
    """The terms of an issue's title and of the client's words (repeats dropped)."""
    title_terms = similarity_terms(title, max_terms=MAX_TERMS // 2)
    extra = [t for t in similarity_terms(words) if t not in title_terms]
    return SimilarityQuery(tuple(title_terms), tuple(extra[: MAX_TERMS - len(title_terms)]))


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            # "stopped" → "stopp" → "stop", so the prefix also finds "stops".
            if suffix in ("ing", "ed") and len(stem) >= 4 and stem[-1] == stem[-2]:
                stem = stem[:-1]
            return stem
    return word
