"""Aware-UTC time helpers and the clock the services read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def require_aware(value: datetime, what: str = "time") -> datetime:
    """Return *value* converted to UTC; refuse a naive datetime, whose zone is unknowable."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(f"{what} must carry a time zone (got a naive datetime {value!r})")
    return value.astimezone(UTC)


def parse_iso(text: str, what: str = "time") -> datetime:
    """Parse an ISO 8601 timestamp that must include its offset; return it in UTC."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} is not an ISO 8601 timestamp: {text!r}") from exc
    return require_aware(value, what)


def to_iso(value: datetime) -> str:
    """Format an aware datetime as ISO 8601 in UTC with a trailing ``Z``."""
    return require_aware(value).isoformat().replace("+00:00", "Z")


# Day and month names as the app writes them, whatever the computer's locale (``strftime``
# would follow it): "Mon 9 Mar".
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_and_month(moment: datetime) -> str:
    """``6 Dec``: the day of *moment* (as given, in its own zone)."""
    return f"{moment.day} {MONTH_NAMES[moment.month - 1]}"
