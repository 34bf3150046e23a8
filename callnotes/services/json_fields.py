"""Reading fields of an untrusted JSON document, naming the exact field that is wrong."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from callnotes.domain.timestamps import parse_iso
from callnotes.errors import InvalidInputError

E = TypeVar("E", bound=StrEnum)
_MISSING = object()
MAX_TEXT = 1_000_000


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

    def text(self, key: str, *, required: bool = False) -> str:
        """A string (possibly empty unless *required*)."""
        value = self._get(key)
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise self.fail(key, "a string")
        if required and not value.strip():
            raise self.fail(key, "a non-empty string")
        return value

    def optional_text(self, key: str) -> str | None:
        """A string or null."""
        return None if self._get(key) is None else self.text(key)

    def integer(self, key: str) -> int:
        """A whole number."""
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "a whole number")
        return value

    def optional_integer(self, key: str) -> int | None:
        """A whole number or null."""
        return None if self._get(key) is None else self.integer(key)

    def boolean(self, key: str) -> bool:
        """true or false."""
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def time(self, key: str) -> datetime:
        """An ISO 8601 timestamp with its offset."""
        value = self._get(key)
        if not isinstance(value, str):
            raise self.fail(key, "an ISO 8601 timestamp with a time zone")
        try:
            return parse_iso(value)
        except ValueError as exc:
            raise self.fail(key, "an ISO 8601 timestamp with a time zone") from exc

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

    def strings(self, key: str) -> list[str]:
        """A list of strings."""
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of strings")
        return list(value)

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
