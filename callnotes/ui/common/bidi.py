"""Lines composed of the app's words and what the agent typed, kept in reading order.

A client name in Arabic or Hebrew beside a phone number reorders both: the Unicode
bidirectional algorithm carries the right-to-left run across the separator and into the digits
("+971 41234567" shows as "41234567 971+"), and a line that starts with such a name is laid out
right to left as a whole. Every line that puts user-supplied text beside other text is composed
here: each value in its own isolate (FSI … PDI, its direction taken from its own first letter),
numbers always left to right (LRI … PDI), and rich text in the direction of the app's language.
A screen reader reads logical order: :func:`plain` takes the marks away for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

FSI = "\u2068"  # first strong isolate: the value's own direction
LRI = "\u2066"  # left-to-right isolate: numbers, addresses
PDI = "\u2069"  # pop directional isolate
_MARKS = str.maketrans(dict.fromkeys("\u2066\u2067\u2068\u2069\u200e\u200f"))


def isolated(text: str) -> str:
    """*text* (a name, a title) in an isolate of its own direction ("" stays "")."""
    return f"{FSI}{text}{PDI}" if text else ""


def left_to_right(text: str) -> str:
    """*text* that always reads left to right (a phone number, an e-mail address, a time)."""
    return f"{LRI}{text}{PDI}" if text else ""


def composed(template: str, **values: str) -> str:
    """*template* (translated, with ``{name}`` fields) with every value isolated."""
    return template.format(**{name: isolated(value) for name, value in values.items()})


def joined(parts: Iterable[str], separator: str = " · ") -> str:
    """The non-empty *parts*, each isolated, between *separator*s."""
    return separator.join(isolated(part) for part in parts if part)


def rich_lines(lines: Iterable[str]) -> str:
    """Rich-text *lines* (already escaped) as one block laid out in the app's direction.

    Without it, a block whose first letter is right to left (an isolated Arabic name is still
    its first letter to Qt's block layout) is laid out right to left, every line reversed.
    """
    ltr = QGuiApplication.layoutDirection() != Qt.LayoutDirection.RightToLeft
    return f"<div dir='{'ltr' if ltr else 'rtl'}'>{'<br>'.join(lines)}</div>"


def plain(text: str) -> str:
    """*text* without the isolation marks (what a screen reader or a copy should get)."""
    return text.translate(_MARKS)
