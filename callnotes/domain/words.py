"""How Find matches typed words: each must start a word of the text, case and accents folded.

The search index matches notes and issues this way (FTS5 and PostgreSQL's ``unaccent`` fold
the same); cases and contacts are matched here, in Python, by the same rule, and the words
found are marked with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from callnotes.domain.text import without_accents

_WORD = re.compile(r"\w[\w'’-]*")


def query_words(query: str) -> list[str]:
    """The words of *query* (or of any text), folded for matching (lower case, no accents)."""
    return [without_accents(word) for word in _WORD.findall(query)]


def holds_words(text_words: Sequence[str], words: Sequence[str]) -> bool:
    """Whether each of *words* starts one of *text_words* (both folded by :func:`query_words`)."""
    return bool(words) and all(any(w.startswith(word) for w in text_words) for word in words)


def matched_spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """(start, length) of every word of *text* that starts with one of *words*."""
    if not words:
        return []
    return [
        (m.start(), len(m.group()))
        for m in _WORD.finditer(text)
        if any(without_accents(m.group()).startswith(word) for word in words)
    ]
