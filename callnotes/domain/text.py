"""Normalising text the agent types or pastes, so what is stored is what was meant."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# C0/C1 control characters except tab and newline; they include NUL and the ESC that starts
# terminal escape sequences.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")

MAX_NOTE_CHARS = 100_000


@dataclass(frozen=True)
class CleanText:
    """Text made safe to store, and whether anything had to change."""

    text: str
    changed: bool


def clean_text(raw: str, *, max_chars: int = MAX_NOTE_CHARS) -> CleanText:
    """Remove NUL, control characters, terminal escapes and lone surrogates; cap the length.

    Emoji sequences, right-to-left text and combining marks pass through unchanged: only
    code points that cannot be stored or displayed safely are dropped.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI_ESCAPE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _LONE_SURROGATE.sub("\ufffd", text)
    if len(text) > max_chars:
        text = text[:max_chars]
    return CleanText(text=text, changed=text != raw.replace("\r\n", "\n"))


def single_line(raw: str, *, max_chars: int = 500) -> str:
    """Clean a one-line field (a title, a name): whitespace collapsed, length capped."""
    text = clean_text(raw, max_chars=max_chars * 2).text
    text = " ".join(text.split())
    return text[:max_chars]


def counted(count: int, one: str, many: str) -> str:
    """``1 timeline entry``, ``3 timeline entries``: *count* with the word it takes."""
    return f"{count} {one if count == 1 else many}"


def without_accents(text: str) -> str:
    """*text* compared as people type it: case folded, accents dropped ("São" → "sao")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
