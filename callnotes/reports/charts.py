"""Charts drawn as SVG text by small pure functions: the case over time, and counted bars.

Why SVG from plain Python rather than a plotting library: documents are HTML laid out by Qt's
QTextDocument, which shows an ``<img>`` whose source is an SVG data URI (Qt's SVG image
plugin), on screen and in the PDF alike; the team view shows the same SVG in a ``QSvgWidget``.
So one function draws each chart for every place it appears, with nothing imported at start-up
(matplotlib would cost seconds and tens of megabytes the first time a chart is drawn). The
marks are also written as text beside the chart, so the PDF's text holds every label.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from xml.sax.saxutils import escape

from callnotes.domain.case_chart import LANES, CaseChart, MarkKind

#: How many times larger than its shown size an SVG is rasterised, so a printed chart is sharp.
SCALE = 3
WIDTH = 680
_FONT = "font-family='Noto Sans, DejaVu Sans, sans-serif'"
_INK, _MUTED, _RULE = "#1f2933", "#5b6673", "#c3cad3"
COLOURS = {
    MarkKind.NOTICED: "#b7791f",
    MarkKind.KNEW: "#2b6cb0",
    MarkKind.UPDATE_ON_TIME: "#2f855a",
    MarkKind.UPDATE_LATE: "#c53030",
    MarkKind.UPDATE_DUE: "#718096",
    MarkKind.ESCALATION: "#6b46c1",
    MarkKind.FIXED: "#2f855a",
}
ON_TIME, LATE, BAR = "#2f855a", "#c53030", "#2b6cb0"
_LEFT, _LANE_HEIGHT, _TOP = 150, 34, 14
CASE_CHART_HEIGHT = _TOP + _LANE_HEIGHT * len(LANES) + 62


def _svg(width: int, height: int, body: Sequence[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width * SCALE}' "
        f"height='{height * SCALE}' viewBox='0 0 {width} {height}'>"
        f"<rect width='{width}' height='{height}' fill='white'/>" + "".join(body) + "</svg>"
    )


def _text(
    x: float, y: float, text: str, *, size: int = 11, anchor: str = "start", colour: str = _INK
) -> str:
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' "
        f"fill='{colour}' {_FONT}>{escape(text)}</text>"
    )


def _marker(kind: MarkKind, x: float, y: float) -> str:
    colour = COLOURS[kind]
    if kind is MarkKind.UPDATE_DUE:
        return (
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='6' fill='white' stroke='{colour}' "
            "stroke-width='2' stroke-dasharray='3,2'/>"
        )
    if kind in (MarkKind.NOTICED, MarkKind.KNEW):
        return f"<rect x='{x - 2:.1f}' y='{y - 10:.1f}' width='4' height='20' fill='{colour}'/>"
    if kind is MarkKind.ESCALATION:
        return (
            f"<polygon points='{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} "
            f"{x - 7:.1f},{y:.1f}' fill='{colour}'/>"
        )
    if kind is MarkKind.FIXED:
        return (
            f"<polyline points='{x - 6:.1f},{y:.1f} {x - 1:.1f},{y + 5:.1f} {x + 7:.1f},"
            f"{y - 6:.1f}' fill='none' stroke='{colour}' stroke-width='3'/>"
        )
    return f"<circle cx='{x:.1f}' cy='{y:.1f}' r='6' fill='{colour}'/>"


def _ticks(start: datetime, end: datetime, zone: tzinfo) -> list[tuple[datetime, str]]:
    """About six round times between *start* and *end*, labelled in *zone*."""
    span = end - start
    steps = [timedelta(hours=h) for h in (1, 2, 3, 6, 12, 24, 48, 168)]
    step = next((s for s in steps if span / s <= 7), steps[-1])
    local = start.astimezone(zone)
    first = local.replace(minute=0, second=0, microsecond=0)
    if step >= timedelta(days=1):
        first = first.replace(hour=0)
    ticks, at = [], first
    while at <= end.astimezone(zone):
        if at >= local:
            fmt = "%a %d %b" if step >= timedelta(days=1) else "%a %H:%M"
            ticks.append((at, at.strftime(fmt)))
        at = (at.astimezone(start.tzinfo) + step).astimezone(zone)
    return ticks


def case_chart_svg(chart: CaseChart, zone: tzinfo) -> str:
    """The case over time: one lane per kind of fact, times labelled in *zone*."""
    right = WIDTH - 16
    height = CASE_CHART_HEIGHT
    span = (chart.end - chart.start).total_seconds() or 1.0

    def x_of(at: datetime) -> float:
        return _LEFT + (right - _LEFT) * (at - chart.start).total_seconds() / span

    body: list[str] = []
    axis_y = _TOP + _LANE_HEIGHT * len(LANES)
    for n, lane in enumerate(LANES):
        y = _TOP + _LANE_HEIGHT * n + _LANE_HEIGHT / 2
        body.append(f"<line x1='{_LEFT}' y1='{y}' x2='{right}' y2='{y}' stroke='{_RULE}'/>")
        body.append(_text(_LEFT - 8, y + 4, lane, anchor="end"))
    for at, label in _ticks(chart.start, chart.end, zone):
        x = x_of(at)
        body.append(
            f"<line x1='{x:.1f}' y1='{_TOP}' x2='{x:.1f}' y2='{axis_y + 4}' stroke='{_RULE}' "
            "stroke-dasharray='2,3'/>"
        )
        body.append(_text(x, axis_y + 16, label, size=9, anchor="middle", colour=_MUTED))
    lane_of = {lane: n for n, lane in enumerate(LANES)}
    for mark in chart.marks:
        y = _TOP + _LANE_HEIGHT * lane_of[mark.kind.lane] + _LANE_HEIGHT / 2
        if mark.due_at is not None and mark.kind is MarkKind.UPDATE_LATE:
            # A late update: a red bar from when it was due to when it was given.
            body.append(
                f"<line x1='{x_of(mark.due_at):.1f}' y1='{y}' x2='{x_of(mark.at):.1f}' y2='{y}' "
                f"stroke='{COLOURS[mark.kind]}' stroke-width='4' stroke-opacity='0.45'/>"
            )
        body.append(_marker(mark.kind, x_of(mark.at), y))
    # The legend below the axis, wrapped onto a second line when it would run off the right.
    x, legend_y = float(_LEFT), axis_y + 36
    shown = [k for k in MarkKind if any(m.kind is k for m in chart.marks)]
    for kind in shown:
        width = 26 + 6.2 * len(kind.label)
        if x + width > right and x > _LEFT:
            x, legend_y = float(_LEFT), legend_y + 16
        body.append(_marker(kind, x + 6, legend_y - 4))
        body.append(_text(x + 16, legend_y, kind.label, size=9))
        x += width
    return _svg(WIDTH, height, body)


def bar_chart_svg(
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[tuple[str, str]],
    *,
    width: int = 420,
    left: int | None = None,
) -> str:
    """Horizontal bars, one row per label, stacked by *series* (name, colour); counts written
    at the end of each bar, a legend below when there is more than one series. The labels
    take *left* pixels (by default :func:`label_column` of the rows' own labels)."""
    if left is None:
        left = label_column([label for label, _ in rows], width)
    row_height = 24
    legend = 22 if len(series) > 1 else 0
    height = 10 + row_height * max(len(rows), 1) + legend + 6
    most = max((sum(values) for _, values in rows), default=0) or 1
    room = width - left - 40
    body: list[str] = []
    for n, (label, values) in enumerate(rows):
        y = 10 + row_height * n
        shown = fitted(label, left - 12, size=11)
        body.append(_text(left - 8, y + 15, shown, anchor="end"))
        x = float(left)
        for value, (_, colour) in zip(values, series, strict=True):
            w = room * value / most
            if w:
                body.append(
                    f"<rect x='{x:.1f}' y='{y + 3}' width='{w:.1f}' height='{row_height - 8}' "
                    f"fill='{colour}'/>"
                )
            x += w
        body.append(_text(x + 5, y + 15, " / ".join(str(v) for v in values), size=10))
    if not rows:
        body.append(_text(left, 28, "Nothing to show", colour=_MUTED))
    if legend:
        x, y = float(left), height - 10
        for name, colour in series:
            body.append(f"<rect x='{x:.1f}' y='{y - 9}' width='10' height='10' fill='{colour}'/>")
            body.append(_text(x + 14, y, name, size=10))
            x += 24 + 6 * len(name)
    return _svg(width, height, body)


# Advance widths in ems of the widest of the fonts named (DejaVu Sans), by kind of character:
# enough to keep a label inside its room without measuring text (no font is loaded here).
_NARROW, _WIDE = set("iljtfr.,:;'|!() "), set("WMmw@%#…")


def _em(char: str) -> float:
    if char in _NARROW:
        return 0.36
    if char in _WIDE:
        return 1.0
    return 0.75 if char.isupper() else 0.64


def label_column(labels: Sequence[str], width: int) -> int:
    """How wide the labels' column of a bar chart *width* pixels wide is: as the longest label
    needs, up to half the picture (a longer label is cut with "…"), so a wider picture shows
    more of a case's title. Charts shown one above the other take the widest of them all, so
    their bars start in line."""
    longest = max((text_width(label, size=11) for label in labels), default=0)
    return round(min(max(longest + 20, 90), width / 2))


def text_width(label: str, *, size: int) -> float:
    """About how many pixels *label* takes at *size* px (never fewer)."""
    return sum(_em(c) for c in label) * size


def fitted(label: str, room: float, *, size: int) -> str:
    """*label*, cut with "…" so that it fits *room* pixels at *size* px: a label right-aligned
    to the bars that ran longer had its start drawn off the picture."""
    if text_width(label, size=size) <= room:
        return label
    used = _em("…") * size
    kept = []
    for char in label:
        used += _em(char) * size
        if used > room:
            break
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def svg_data_uri(svg: str) -> str:
    """The SVG as a ``data:`` URI for an HTML ``<img>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
