"""A wording check for reviews and client-facing text: blame and guesses stated as facts.

It only gives hints; nothing is ever refused because of them. "Deal with facts" and "don't get
into the blame game" (the escalation advice) are what it encourages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class HintKind(StrEnum):
    """Why a phrase was flagged."""

    BLAME = "blame"
    SPECULATION = "speculation"


BLAME_SUGGESTION = "Describe what happened, not who is at fault."
SPECULATION_SUGGESTION = "Say “we believe” until the cause is confirmed."


@dataclass(frozen=True)
class WordingHint:
    """A phrase worth rewording: where it is in the text, and how to put it instead."""

    start: int
    end: int
    phrase: str
    kind: HintKind
    suggestion: str


_BLAME = (
    r"\b(?:their|his|her|your|its|the client's|the vendor's)\s+fault\b",
    r"\bshould\s+have\s+known\b",
    r"\bcareless(?:ly|ness)?\b",
    r"\bincompeten(?:t|ce|tly)\b",
    r"\bblam(?:e|es|ed|ing)\b",
    r"\b(?:screwed|messed)\s+up\b",
)
_SPECULATION = (
    r"\b(?:obviously|clearly|certainly)\s+(?:caused|due|because)\b(?:\s+(?:by|to))?",
    r"\bdefinitely\b",
    r"\bmust\s+have\s+been\b",
    r"\bwithout\s+(?:a|any)\s+doubt\b",
)
# "X broke it" needs a name or a person: "the update broke the labels" is a fact, not blame.
_BROKE_RE = re.compile(
    r"\b(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?|[Hh]e|[Ss]he|[Tt]hey|[Yy]ou|[Ss]omeone)"
    r"\s+(?i:broke\s+(?:it|them|everything|the\s+\w+))\b"
)
_BLAME_RE = re.compile("|".join(f"(?:{p})" for p in _BLAME), re.IGNORECASE)
_SPECULATION_RE = re.compile("|".join(f"(?:{p})" for p in _SPECULATION), re.IGNORECASE)


def check_wording(text: str, *, cause_confirmed: bool = False) -> list[WordingHint]:
    """Hints for *text*, in the order they appear.

    Speculation is flagged only while the cause is not confirmed: once it is, saying so plainly
    is stating a fact.
    """
    hints = [
        WordingHint(m.start(), m.end(), m.group(0), HintKind.BLAME, BLAME_SUGGESTION)
        for pattern in (_BLAME_RE, _BROKE_RE)
        for m in pattern.finditer(text)
    ]
    if not cause_confirmed:
        hints += [
            WordingHint(
                m.start(), m.end(), m.group(0), HintKind.SPECULATION, SPECULATION_SUGGESTION
            )
            for m in _SPECULATION_RE.finditer(text)
        ]
    return sorted(hints, key=lambda h: h.start)


def describe(hints: list[WordingHint]) -> list[str]:
    """One line per hint, for showing under a text field: “careless”: describe what happened…"""
    return [f"“{hint.phrase}”: {hint.suggestion}" for hint in hints]
