"""Text longer than its column is refused before it is written, on every database alike.

The column lengths of the models are the one source of the limits. SQLite stores any length
in a ``VARCHAR(300)``; PostgreSQL refuses it with a driver error in the middle of a unit of
work. Every row is checked as it is flushed (inserted, or updated in the columns that
changed), so no service, import or future path can write text the team database would refuse,
and the agent reads which field is too long and its limit; nothing of the unit of work is
written.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Mapper

from callnotes.errors import InvalidInputError
from callnotes.storage.models.base import Base

# What the agent calls a row of each table, for the sentence that names the field.
_ROW_NAMES = {
    "clients": "client",
    "contacts": "contact",
    "contact_phones": "phone",
    "team_members": "team member",
    "team_notices": "team notice",
    "cases": "case",
    "calls": "call",
    "issues": "issue",
    "timeline_entries": "note",
    "entry_revisions": "note revision",
    "escalation_attempts": "attempt",
    "commitments": "promise",
    "communications": "update",
    "drafts": "draft",
    "reviews": "review",
    "prevention_actions": "prevention action",
    "investigation_steps": "investigation step",
    "case_links": "case link",
    "follow_up_checks": "follow-up check",
}


def column_length(attribute: Any) -> int:
    """The width of a length-limited text column, named as ``column_length(m.Client.name)``:
    what a service that caps or checks a field reads, so the number is written once."""
    [column] = attribute.property.columns
    length = getattr(column.type, "length", None)
    if not isinstance(length, int):
        raise TypeError(f"{attribute} is not a text column with a length")
    return length


@cache
def text_limits(mapper: Mapper[Any]) -> dict[str, int]:
    """The longest text each length-limited column of *mapper* holds, by attribute name."""
    limits: dict[str, int] = {}
    for attribute in mapper.column_attrs:
        for column in attribute.columns:
            if isinstance(column.type, String) and column.type.length is not None:
                limits[attribute.key] = column.type.length
    return limits


def field_name(mapper: Mapper[Any], attribute: str) -> str:
    """A column as the agent would name it: "client name", "issue timeframe"."""
    table = mapper.persist_selectable.name if hasattr(mapper.persist_selectable, "name") else ""
    row = _ROW_NAMES.get(str(table), str(table).replace("_", " ").rstrip("s"))
    return f"{row} {attribute.replace('_', ' ')}".strip()


def check_text_lengths(mapper: Mapper[Any], target: Any, *, changed_only: bool) -> None:
    """Refuse *target* if a text it is about to write is longer than its column."""
    state = inspect(target)
    for attribute, limit in text_limits(mapper).items():
        if changed_only and not state.attrs[attribute].history.has_changes():
            continue
        value = getattr(target, attribute, None)
        if isinstance(value, str) and len(value) > limit:
            raise InvalidInputError(
                f"The {field_name(mapper, attribute)} is too long: at most {limit:,} "
                "characters; nothing was saved."
            )


@event.listens_for(Base, "before_insert", propagate=True)
def _before_insert(mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    check_text_lengths(mapper, target, changed_only=False)


@event.listens_for(Base, "before_update", propagate=True)
def _before_update(mapper: Mapper[Any], _connection: Any, target: Any) -> None:
    check_text_lengths(mapper, target, changed_only=True)
