"""Translated names for impact, urgency, status and priority, and the matrix explained."""

from __future__ import annotations

import html
from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from callnotes.domain.issues import (
    IMPACT_ORDER,
    URGENCY_ORDER,
    Impact,
    IssueRecord,
    IssueStatus,
    Urgency,
    matrix_priority,
)


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def impact_label(impact: Impact) -> str:
    """``Whole business``, for choosing in a list."""
    return _tr("Impact", impact.label)


def urgency_label(urgency: Urgency) -> str:
    """``Critical``, for choosing in a list."""
    return _tr("Urgency", urgency.label)


def issue_status_label(status: IssueStatus) -> str:
    """``Cause identified``."""
    return _tr("IssueStatus", status.label)


def impact_phrase(impact: Impact) -> str:
    """``whole business``: the impact as it is said in a sentence read to the client."""
    phrases = {
        Impact.WHOLE_BUSINESS: _tr("ImpactPhrase", "whole business"),
        Impact.DEPARTMENT: _tr("ImpactPhrase", "one department"),
        Impact.FEW_USERS: _tr("ImpactPhrase", "a few users"),
        Impact.ONE_USER: _tr("ImpactPhrase", "one user"),
    }
    return phrases[impact]


def urgency_phrase(urgency: Urgency) -> str:
    """``critical``, ``high urgency``: the urgency as said in a sentence."""
    phrases = {
        Urgency.CRITICAL: _tr("UrgencyPhrase", "critical"),
        Urgency.HIGH: _tr("UrgencyPhrase", "high urgency"),
        Urgency.MEDIUM: _tr("UrgencyPhrase", "medium urgency"),
        Urgency.LOW: _tr("UrgencyPhrase", "low urgency"),
    }
    return phrases[urgency]


def priority_label(priority: int | None) -> str:
    """``P1`` … ``P5``, or ``P?`` while impact or urgency is unknown."""
    if priority is None:
        return _tr("Priority", "P?")
    return _tr("Priority", "P{n}").format(n=priority)


def read_aloud(position: int, issue: IssueRecord) -> str:
    """``1. Labels do not print — P1 — whole business, critical``: how the agent reads it out."""
    parts = [_tr("IssueLine", "{position}. {title}").format(position=position, title=issue.title)]
    if issue.priority is None:
        parts.append(_tr("IssueLine", "no priority yet"))
    else:
        parts.append(priority_label(issue.priority))
    known = []
    if issue.impact is not None:
        known.append(impact_phrase(issue.impact))
    if issue.urgency is not None:
        known.append(urgency_phrase(issue.urgency))
    if known:
        parts.append(_tr("IssueLine", ", ").join(known))
    return _tr("IssueLine", " — ").join(parts)


def local_time(moment: datetime, tz: tzinfo | None = None) -> str:
    """``Tue 3 Mar 14:00`` in *tz* (None: the computer's zone), in the user's language."""
    local = moment.astimezone(tz)
    wall = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(wall, "ddd d MMM HH:mm")


def short_time(moment: datetime, tz: tzinfo | None = None) -> str:
    """``10:42`` today, ``Mon 2 Mar 10:42`` on another day, in *tz* (None: the computer's)."""
    local = moment.astimezone(tz)
    if local.date() == datetime.now(local.tzinfo).date():
        return QLocale().toString(QTime(local.hour, local.minute), "HH:mm")
    return local_time(moment, tz)


def priority_tooltip(issue: IssueRecord) -> str:
    """Rich text: the suggested priority, why, and the whole impact × urgency matrix."""
    parts: list[str] = []
    if issue.priority is None:
        parts.append("<b>" + _e(_tr("PriorityTip", "No suggested priority yet")) + "</b>")
        parts.append(
            "<p>" + _e(_tr("PriorityTip", "Choose the impact and the urgency to get one.")) + "</p>"
        )
    else:
        parts.append(
            "<b>"
            + _e(
                _tr("PriorityTip", "Suggested priority {p}").format(
                    p=priority_label(issue.priority)
                )
            )
            + "</b>"
        )
        assert issue.impact is not None and issue.urgency is not None
        cell = matrix_priority(issue.impact, issue.urgency)
        parts.append(
            "<p>"
            + _e(
                _tr("PriorityTip", "Impact {impact} × urgency {urgency} gives {p}.").format(
                    impact=impact_phrase(issue.impact),
                    urgency=urgency_phrase(issue.urgency),
                    p=priority_label(cell),
                )
            )
            + "</p>"
        )
        if cell != issue.priority:
            parts.append(
                "<p>" + _e(_tr("PriorityTip", "Business-critical: raised one level.")) + "</p>"
            )
    parts.append(_matrix_table(issue))
    parts.append(
        "<p><i>"
        + _e(
            _tr(
                "PriorityTip",
                "P1 is the most urgent. The list keeps the order agreed with the client; "
                "the priority is only a suggestion.",
            )
        )
        + "</i></p>"
    )
    return "<qt>" + "".join(parts) + "</qt>"


def _matrix_table(issue: IssueRecord) -> str:
    head = "".join(f"<th>{_e(urgency_label(u))}</th>" for u in URGENCY_ORDER)
    rows = [f"<tr><th></th>{head}</tr>"]
    for impact in IMPACT_ORDER:
        cells = []
        for urgency in URGENCY_ORDER:
            text = _e(priority_label(matrix_priority(impact, urgency)))
            if impact is issue.impact and urgency is issue.urgency:
                cells.append(
                    f"<td align='center' bgcolor='#ffd54f'><font color='#000000'><b>{text}</b>"
                    "</font></td>"
                )
            else:
                cells.append(f"<td align='center'>{text}</td>")
        rows.append(f"<tr><th align='left'>{_e(impact_label(impact))}</th>{''.join(cells)}</tr>")
    return "<table cellspacing='0' cellpadding='3' border='1'>" + "".join(rows) + "</table>"


def _e(text: str) -> str:
    return html.escape(text)
