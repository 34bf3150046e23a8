"""What a new caller, their client and their case are called until the agent names them.

A call taken with only a number gives the client and the caller a name made of the number
("Caller +44 161 496 0000") and the case the title "New call": the app's own placeholders,
never words for the client.
"""

from __future__ import annotations

from collections.abc import Iterable

from callnotes.domain.phones import display_number

NEW_CASE_TITLE = "New call"


def unnamed_caller(e164: str | None) -> str:
    """What a caller (and their new client) is called until someone gives a name."""
    return f"Caller {display_number(e164)}" if e164 else "Unknown caller"


def is_unnamed(name: str, numbers: Iterable[str]) -> bool:
    """Whether *name* is still the placeholder of a caller with these *numbers* (E.164)."""
    return name == unnamed_caller(None) or any(name == unnamed_caller(n) for n in numbers)
