"""Named Jinja2 filters: dates, times with their zone, durations, priorities, labels, lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from callnotes.domain.case_chart import CaseChart
from callnotes.domain.phones import display_number
from callnotes.domain.time_zones import times_note, zone_label
from callnotes.reports.charts import CASE_CHART_HEIGHT, WIDTH, case_chart_svg, svg_data_uri

# Issue states in the words a client reads in a status report.
_CLIENT_STATUS = {
    "new": "Not started yet",
    "investigating": "Investigating",
    "cause_identified": "Cause found",
    "fix_in_progress": "Fix in progress",
    "resolved": "Fixed, waiting for your confirmation",
    "confirmed": "Fixed (confirmed by you)",
}


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

    def when(value: datetime | None, today: datetime | None = None) -> str:
        """``11:30 GMT`` on the day of *today*, ``Mon 09 Mar, 11:30 GMT`` on any other day."""
        if value is None:
            return "—"
        shown = local(value)
        if today is not None and shown.date() == local(today).date():
            return shown.strftime("%H:%M %Z")
        return shown.strftime("%a %d %b, %H:%M %Z")

    def by_day(items: Iterable[Any], attribute: str = "at") -> list[tuple[datetime, list[Any]]]:
        """Consecutive items grouped by local calendar day: ``[(first time, items), …]``.

        Items stay in their order (the timeline's sequence); a day that comes back after a
        clock jump starts a new group rather than reordering facts.
        """
        groups: list[tuple[datetime, list[Any]]] = []
        for item in items:
            at = getattr(item, attribute)
            if groups and local(groups[-1][0]).date() == local(at).date():
                groups[-1][1].append(item)
            else:
                groups.append((at, [item]))
        return groups

    def zone_name(value: datetime) -> str:
        """The zone's abbreviation in force at *value* (``GMT``, ``BST``)."""
        return local(value).strftime("%Z")

    def times_note_(value: datetime) -> str:
        """ "Times are London time (GMT)" — the document's clock, as of *value*."""
        return times_note(timezone, value)

    def chart(value: CaseChart) -> Markup:
        """The case's chart as an ``<img>`` of its SVG, times in the document's zone."""
        svg = case_chart_svg(value, zone)
        width = 640
        height = round(width * CASE_CHART_HEIGHT / WIDTH)
        return Markup("<img src='{}' width='{}' height='{}' alt='{}'>").format(
            svg_data_uri(svg), width, height, "The case over time"
        )

    return {
        "chart": chart,
        "date": date,
        "time": time,
        "clock": clock,
        "datetime": datetime_,
        "when": when,
        "by_day": by_day,
        "zone": zone_name,
        "times_note": times_note_,
        "zone_label": zone_label,
        "duration": duration,
        "cadence": cadence,
        "priority": priority,
        "label": label,
        "client_status": client_status,
        "phone": display_number,
        "md": markdown_escape,
        "lines": lines,
    }


def lines(value: object) -> Markup:
    """Text for HTML with each line as typed on a line of its own (``<br>`` between them).

    HTML (and Qt's layout of it, in a table cell too) folds a line break into a space, which
    ran "1. Roll back 2. Reprint" into one line; the text itself is escaped.
    """
    return Markup("<br>").join(escape(line) for line in str(value).splitlines())


def duration(value: int | float | timedelta | None) -> str:
    """``1 h 05 min``, ``12 min 30 s`` or ``45 s``; a ``timedelta`` or seconds."""
    if value is None:
        return "—"
    seconds = value.total_seconds() if isinstance(value, timedelta) else value
    total = int(seconds)
    if total < 0:
        return "−" + duration(-total)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def cadence(minutes: int | None) -> str:
    """``every 2 hours``, ``every 45 minutes``, ``every 1 h 30 min``, ``every day``, ``every
    week``; ``—`` when none agreed."""
    if not minutes:
        return "—"
    days, in_day = divmod(minutes, 24 * 60)
    if days and not in_day:
        if days % 7 == 0:
            return "every week" if days == 7 else f"every {days // 7} weeks"
        return "every day" if days == 1 else f"every {days} days"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"every {minutes} minutes"
    if rest:
        return f"every {hours} h {rest:02d} min"
    return "every hour" if hours == 1 else f"every {hours} hours"


def priority(value: int | None) -> str:
    """``P1``…``P5``, or ``—`` while not yet known."""
    return "—" if value is None else f"P{value}"


def label(value: Enum | str | None) -> str:
    """An enum value for reading: ``cause_identified`` → ``Cause identified``."""
    if value is None:
        return "—"
    text = str(value.value if isinstance(value, Enum) else value).replace("_", " ")
    return text[:1].upper() + text[1:]


def client_status(value: Enum | str) -> str:
    """An issue's status in the words of a status report for the client."""
    key = str(value.value if isinstance(value, Enum) else value)
    return _CLIENT_STATUS.get(key, label(key))


# Characters that change meaning anywhere in a line; the rest only matter at a line start.
_MD_INLINE = frozenset("\\`*_[]#|~")
_MD_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=\.))", re.MULTILINE)


def markdown_escape(value: object) -> str:
    """Escape Markdown (and inline HTML) metacharacters so text shows literally.

    Only what would change the meaning is escaped, so the Markdown stays readable as plain
    text too: ``*``, ``_``, brackets and the like anywhere; the parentheses of a would-be link
    ``[text](url)``; ``-``, ``+``, ``=`` and ``1.`` only where they would start a list or a
    heading.
    """
    out: list[str] = []
    link_depth = 0
    previous = ""
    for ch in str(value):
        if ch in _MD_HTML:
            out.append(_MD_HTML[ch])
        elif ch in _MD_INLINE:
            out.append("\\" + ch)
        elif ch == "(" and (previous == "]" or link_depth):
            link_depth += 1
            out.append("\\(")
        elif ch == ")" and link_depth:
            link_depth -= 1
            out.append("\\)")
        else:
            out.append(ch)
        previous = ch
    text = _MD_LINE_START.sub(_escape_line_start, "".join(out))
    return text.replace("\n", "  \n")


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    if mark.isdigit():
        # "1." starts an ordered list; escaping the dot keeps the number.
        return f"{indent}{mark}\\"
    return f"{indent}\\{mark}"
