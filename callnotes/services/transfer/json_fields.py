"""Reading fields of an untrusted JSON document, naming the exact field that is wrong.

Text goes through the editor's cleaning (:mod:`callnotes.domain.text`): control characters,
terminal escapes and lone surrogates are removed as when typed or pasted; a one-line field
(a title, a name) has its line breaks folded into spaces; anything longer than the editor
accepts is refused. Numbers and times must lie in ranges callnotes can store and compute with.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from callnotes.domain.text import MAX_NOTE_CHARS, clean_text, single_line
from callnotes.domain.timestamps import parse_iso
from callnotes.errors import InvalidInputError

E = TypeVar("E", bound=StrEnum)
_MISSING = object()
MAX_LINE_CHARS = 500  # single_line's cap in the editor
MAX_INTEGER = 2**31 - 1
# Times callnotes can store, add a cadence to and show: the first and last moment accepted.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
_TIME = "an ISO 8601 timestamp with a time zone, between the years 1900 and 2999"


class Fields:
    """A JSON object at a known path (``case.issues[2]``) with typed accessors."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, dict):
            raise InvalidInputError(f"{path}: expected an object.")
        self._data = data
        self.path = path

    def _get(self, key: str) -> Any:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            raise InvalidInputError(f"{self.path}.{key}: this field is missing.")
        return value

    def has(self, key: str) -> bool:
        """Whether the field is present (fields added in a later format version may not be)."""
        return key in self._data

    def fail(self, key: str, expected: str) -> InvalidInputError:
        """An error naming the field and what was expected there."""
        return InvalidInputError(f"{self.path}.{key}: expected {expected}.")

    def _string(self, key: str, max_chars: int) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self.fail(key, "a string")
        if len(value) > max_chars:
            raise self.fail(key, f"a string of at most {max_chars:,} characters")
        return value

    def text(self, key: str, *, required: bool = False, max_chars: int = MAX_NOTE_CHARS) -> str:
        """Text of several lines (possibly empty unless *required*), cleaned as the editor does."""
        value = clean_text(self._string(key, max_chars), max_chars=max_chars).text
        if required and not value.strip():
            raise self.fail(key, "a non-empty string")
        return value

    def line(self, key: str, *, required: bool = False, max_chars: int = MAX_LINE_CHARS) -> str:
        """One line (a title, a name): cleaned, line breaks and runs of spaces made one space."""
        value = single_line(self._string(key, max_chars), max_chars=max_chars)
        if required and not value:
            raise self.fail(key, "a non-empty string")
        return value

    def optional_line(self, key: str, *, max_chars: int = MAX_LINE_CHARS) -> str | None:
        """One line or null."""
        return None if self._get(key) is None else self.line(key, max_chars=max_chars)

    def integer(self, key: str, *, low: int = 0, high: int = MAX_INTEGER) -> int:
        """A whole number from *low* to *high* (true and false are not numbers here)."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"a whole number from {low:,} to {high:,}")
        return value

    def optional_integer(self, key: str, *, low: int = 0, high: int = MAX_INTEGER) -> int | None:
        """A whole number or null."""
        return None if self._get(key) is None else self.integer(key, low=low, high=high)

    def boolean(self, key: str) -> bool:
        """true or false."""
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def time(self, key: str) -> datetime:
        """An ISO 8601 timestamp with its offset."""
        value = self._get(key)
        if not isinstance(value, str) or len(value) > 64:
            raise self.fail(key, _TIME)
        try:
            moment = parse_iso(value)
        except (ValueError, OverflowError) as exc:
            raise self.fail(key, _TIME) from exc
        if not EARLIEST <= moment <= LATEST:
            raise self.fail(key, _TIME)
        return moment

    def optional_time(self, key: str) -> datetime | None:
        """A timestamp or null."""
        return None if self._get(key) is None else self.time(key)

    def choice(self, key: str, enum: type[E]) -> E:
        """One of an enumeration's values."""
        value = self._get(key)
        try:
            return enum(value)
        except ValueError as exc:
            options = ", ".join(e.value for e in enum)
            raise self.fail(key, f"one of {options}") from exc

    def optional_choice(self, key: str, enum: type[E]) -> E | None:
        """One of an enumeration's values, or null."""
        return None if self._get(key) is None else self.choice(key, enum)

    def lines(self, key: str, *, max_chars: int = MAX_LINE_CHARS) -> list[str]:
        """A list of one-line strings, each cleaned as :meth:`line` cleans one."""
        value = self._get(key)
        if not isinstance(value, list):
            raise self.fail(key, "a list of strings")
        cleaned = []
        for n, item in enumerate(value):
            if not isinstance(item, str) or len(item) > max_chars:
                raise InvalidInputError(
                    f"{self.path}.{key}[{n}]: expected a string of at most {max_chars:,} "
                    "characters."
                )
            cleaned.append(single_line(item, max_chars=max_chars))
        return cleaned

    def objects(self, key: str) -> list[Fields]:
        """A list of objects."""
        value = self._get(key)
        if not isinstance(value, list):
            raise self.fail(key, "a list")
        return [Fields(item, f"{self.path}.{key}[{n}]") for n, item in enumerate(value)]

    def optional_object(self, key: str) -> Fields | None:
        """An object or null."""
        value = self._get(key)
        return None if value is None else Fields(value, f"{self.path}.{key}")

    def raw(self, key: str) -> Any:
        """The value as it is."""
        return self._get(key)
