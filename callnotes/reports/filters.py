"""Named Jinja2 filters: dates, times with their zone, durations, priorities."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


def make_filters(timezone: str) -> dict[str, Callable[..., Any]]:
    """Filters bound to the time zone a document is written in."""
    zone = ZoneInfo(timezone)

    def local(value: datetime) -> datetime:
        return value.astimezone(zone)

    def date(value: datetime | None) -> str:
        return "—" if value is None else local(value).strftime("%a %d %b %Y")

    def time(value: datetime | None) -> str:
        return "—" if value is None else local(value).strftime("%H:%M %Z")

    def clock(value: datetime | None) -> str:
        return "—" if value is None else local(value).strftime("%H:%M")

    def datetime_(value: datetime | None) -> str:
        return "—" if value is None else local(value).strftime("%a %d %b %Y, %H:%M %Z")

    return {
        "date": date,
        "time": time,
        "clock": clock,
        "datetime": datetime_,
        "duration": duration,
        "priority": priority,
        "md": markdown_escape,
    }


def duration(seconds: int | float | None) -> str:
    """``1 h 05 min``, ``12 min 30 s`` or ``45 s``."""
    if seconds is None:
        return "—"
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def priority(value: int | None) -> str:
    """``P1``…``P5``, or ``—`` while not yet known."""
    return "—" if value is None else f"P{value}"


_MD_SPECIAL = '\\`*_{}[]()<>#+-.!|~&"'


def markdown_escape(value: object) -> str:
    """Escape Markdown (and inline HTML) metacharacters so text shows literally."""
    text = str(value)
    out = []
    for ch in text:
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", "  \n")
