"""What the call window's search shows: notes, issues and cases matching the words typed.

Notes and issues come from the full-text search; cases come from the case list already loaded,
matched on their title and client name, so a client is found by name even when no note names
them. Matching here follows the search index: every word must start a word of the text,
ignoring case and accents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from callnotes.domain.cases import CaseSummary
from callnotes.domain.text import without_accents
from callnotes.domain.timeline import EntryKind
from callnotes.services.search.full_text import SearchHit

_WORD = re.compile(r"\w[\w'’-]*")
# A long note is cut to start shortly before its first matching word, so the match shows.
_LEAD_CHARS, _CUT_AFTER = 30, 60
_MAX_SNIPPET = 300  # two lines of a narrow window hold about 140 characters
MAX_CASES = 5


class ResultKind(StrEnum):
    """What a search result points at."""

    CASE = "case"
    ISSUE = "issue"
    NOTE = "entry"  # the search calls timeline entries "entry"


@dataclass(frozen=True)
class SearchResult:
    """One line of the search list; *item_id* is the issue or entry id (the case id for cases)."""

    kind: ResultKind
    item_id: int
    case_id: int
    case_title: str
    client_id: int
    client_name: str
    at: datetime
    text: str
    entry_kind: EntryKind | None = None  # for a timeline entry: note, decision, commitment…


def query_words(query: str) -> list[str]:
    """The words of *query*, folded for matching (lower case, accents removed)."""
    return [without_accents(word) for word in _WORD.findall(query)]


def matched_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, length) of every word of *text* that starts with one of *words*."""
    if not words:
        return []
    return [
        (m.start(), len(m.group()))
        for m in _WORD.finditer(text)
        if any(without_accents(m.group()).startswith(word) for word in words)
    ]


def snippet(text: str, words: Sequence[str]) -> str:
    """*text* on one line, starting a little before its first match when that is far in."""
    flat = " ".join(text.split())
    spans = matched_spans(flat, words)
    if spans and spans[0][0] > _CUT_AFTER:
        flat = "…" + flat[flat.rfind(" ", 0, spans[0][0] - _LEAD_CHARS) + 1 :]
    return flat if len(flat) <= _MAX_SNIPPET else flat[: _MAX_SNIPPET - 1] + "…"


def results_from_hits(hits: Iterable[SearchHit]) -> list[SearchResult]:
    """The full-text search's hits, in its order (best first)."""
    return [
        SearchResult(
            ResultKind(hit.source),
            hit.id,
            hit.case_id,
            hit.case_title,
            hit.client_id,
            hit.client_name,
            hit.at,
            hit.text,
            hit.entry_kind,
        )
        for hit in hits
    ]


def matching_cases(
    cases: Iterable[CaseSummary],
    query: str,
    *,
    client_id: int | None = None,
    limit: int = MAX_CASES,
) -> list[SearchResult]:
    """Cases whose client name or title holds every word of *query*, most recent first."""
    words = query_words(query)
    if not words:
        return []
    found = []
    for case in cases:
        if client_id is not None and case.client_id != client_id:
            continue
        own = query_words(f"{case.client_name} {case.title}")
        if all(any(w.startswith(word) for w in own) for word in words):
            found.append(case)
    found.sort(key=lambda c: (c.last_activity_at, c.id), reverse=True)
    return [
        SearchResult(
            ResultKind.CASE,
            case.id,
            case.id,
            case.title,
            case.client_id,
            case.client_name,
            case.last_activity_at,
            case.title,
        )
        for case in found[:limit]
    ]
