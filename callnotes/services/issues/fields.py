"""Checking what the agent typed into an issue's fields; bad input gets one clear sentence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TypeVar

from callnotes.domain.issues import Impact, IssueStatus, Urgency
from callnotes.domain.text import clean_text, single_line
from callnotes.errors import InvalidInputError
from callnotes.storage import models as m
from callnotes.storage.models.limits import column_length

MAX_TITLE_CHARS = column_length(m.Issue.title)
MAX_ROADBLOCKS_CHARS = 2000

_E = TypeVar("_E", Impact, Urgency, IssueStatus)


def title(raw: object) -> str:
    """A one-line title; an issue cannot be without one."""
    if not isinstance(raw, str):
        raise InvalidInputError("An issue title must be text.")
    cleaned = single_line(raw, max_chars=MAX_TITLE_CHARS)
    if not cleaned:
        raise InvalidInputError("An issue needs a title.")
    return cleaned


def words(raw: object, what: str, *, max_chars: int | None = None) -> str:
    """Free text (the client's words, a root cause): control characters removed, trimmed."""
    if not isinstance(raw, str):
        raise InvalidInputError(f"The {what} must be text.")
    if max_chars is None:
        return clean_text(raw).text.strip()
    return clean_text(raw, max_chars=max_chars).text.strip()


def line(raw: object, what: str) -> str:
    """A one-line field such as the timeframe."""
    if not isinstance(raw, str):
        raise InvalidInputError(f"The {what} must be text.")
    return single_line(raw)


def criteria(lines: object) -> str:
    """What “fixed” looks like, one criterion per line, blank lines dropped."""
    if (
        isinstance(lines, str)
        or not isinstance(lines, Sequence)
        or not all(isinstance(item, str) for item in lines)
    ):
        raise InvalidInputError("What fixed looks like must be a list of lines of text.")
    cleaned = (single_line(item) for item in lines)
    return "\n".join(item for item in cleaned if item)


def flag(value: object, what: str) -> bool:
    """A yes/no field."""
    if not isinstance(value, bool):
        raise InvalidInputError(f"The {what} flag must be yes or no.")
    return value


def moment(value: object, what: str) -> datetime | None:
    """An optional date and time, stored as UTC; a time without a zone is refused."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise InvalidInputError(f"The {what} must be a date and time.")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise InvalidInputError(f"The {what} must include a time zone.")
    return value.astimezone(UTC)


def choice(kind: type[_E], value: object, what: str) -> _E:
    """One of an enumeration's values (the member or its stored text)."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    raise InvalidInputError(f"{value!r} is not a known {what}.")


def optional_choice(kind: type[_E], value: object, what: str) -> str | None:
    """The stored text of an optional enumeration value (None: not known yet)."""
    return None if value is None else choice(kind, value, what).value
