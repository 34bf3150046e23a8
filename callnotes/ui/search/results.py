"""What the call window's search shows: notes, issues and cases matching the words typed.

Notes and issues come from the full-text search; cases from the case finder
(services/search/case_finder.py), by their title, their client, or a contact's name or phone
number, so a client is found even when no note names them. Words are marked by the search's
one rule (domain/words.py): every word must start a word of the text, ignoring case and accents.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from callnotes.domain.timeline import EntryKind
from callnotes.domain.words import matched_spans
from callnotes.services.search.full_text import SearchHit

if TYPE_CHECKING:
    from callnotes.services.search.case_finder import CaseMatch

# A long note is cut to start shortly before its first matching word, so the match shows.
_LEAD_CHARS, _CUT_AFTER = 30, 60
_MAX_SNIPPET = 300  # two lines of a narrow window hold about 140 characters


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
    #: For a case found through a contact: who ("Dana Whitfield"), with the number when it
    #: was their number that was typed ("Dana Whitfield, +44 20 7946 0321").
    contact: str = ""


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


def results_from_cases(matches: Iterable[CaseMatch]) -> list[SearchResult]:
    """The cases the case finder named, in its order (most recently active first)."""
    return [
        SearchResult(
            ResultKind.CASE,
            match.case.id,
            match.case.id,
            match.case.title,
            match.case.client_id,
            match.case.client_name,
            match.case.last_activity_at,
            match.case.title,
            contact=match.contact,
        )
        for match in matches
    ]
