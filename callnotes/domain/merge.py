"""Two people changing the same record at once: what is saved, and what is kept beside.

A save says where it started (each field as the agent saw it when they began changing it). A
field nobody else touched meanwhile takes the agent's value; a field a colleague changed since
keeps the colleague's value, and the agent's is *kept beside* it — never silently dropped, never
silently overwriting theirs. The same rule holds for an issue, a client card and the amendment
of a timeline entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Kept:
    """A field both changed: the colleague's value stays, the agent's is kept beside it."""

    field: str
    mine: object
    theirs: object


@dataclass(frozen=True)
class Merged:
    """What a save writes (``changes``) and what it keeps beside (``kept``)."""

    changes: dict[str, object]
    kept: tuple[Kept, ...]


def merge(
    current: Mapping[str, object], mine: Mapping[str, object], began: Mapping[str, object]
) -> Merged:
    """Merge the agent's values *mine* into the stored *current* ones.

    *began* holds, for the fields the agent changed, what they saw when they began; a field
    missing from it is saved as the agent asks (a save that does not say where it started).
    A field the colleague changed but the agent left as they found it keeps the colleague's
    value without a word; one both changed to the same value is simply saved.
    """
    changes: dict[str, object] = {}
    kept: list[Kept] = []
    for name, value in mine.items():
        stored = current[name]
        if stored == value:
            continue
        if name in began and stored != began[name]:
            if value != began[name]:
                kept.append(Kept(name, value, stored))
            continue
        changes[name] = value
    return Merged(changes, tuple(kept))


def ago(delta: timedelta) -> str:
    """How long ago, as said in a notice: "just now", "8 s ago", "3 min ago", "2 h ago"."""
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 5:
        return "just now"
    if seconds < 90:
        return f"{seconds} s ago"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def quoted(value: object) -> str:
    """A kept value on one line, for the timeline entry that keeps it (at most 300 characters)."""
    if value is None or value == "":
        text = "(empty)"
    elif isinstance(value, str):
        text = " / ".join(value.splitlines())
    elif isinstance(value, list | tuple):
        text = "; ".join(str(item) for item in value) or "(empty)"
    else:
        text = str(getattr(value, "value", value))
    return text if len(text) <= 300 else text[:299] + "…"
