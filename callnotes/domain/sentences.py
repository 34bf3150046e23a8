"""Joining sentences typed by people with sentences the app adds, so they never run together."""

from __future__ import annotations

# What may end a sentence, and what may follow its end mark (a closing quote or bracket).
_END_MARKS = (".", "!", "?", "…")
_CLOSERS = "\"'”’»)]"


def ended(sentence: str) -> str:
    """*sentence* without trailing spaces, with a full stop unless it ends a sentence already.

    ``being tested`` → ``being tested.``; ``Done!``, ``Fixed?``, ``He said "yes."`` are kept.
    """
    text = sentence.rstrip()
    if not text or text.rstrip(_CLOSERS).endswith(_END_MARKS):
        return text
    return text + "."


def join_sentences(*sentences: str) -> str:
    """The non-empty *sentences* joined by one space; each one followed by another is ended
    (see :func:`ended`), the last is kept as it is."""
    kept = [s.strip() for s in sentences if s.strip()]
    return " ".join([ended(s) for s in kept[:-1]] + kept[-1:])
