"""“Seen before?”: earlier matches for the issue being described, with how each one ended."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from callnotes.domain.seen_before import SeenBeforeMatch
from callnotes.ui.issues.labels import issue_status_label

MAX_SHOWN = 4


class SeenBeforeBox(QWidget):
    """A heading that says what the search found, and the closest matches beneath it."""

    #: The agent opened a match (its “open case” link): the SeenBeforeMatch.
    match_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._matches: list[SeenBeforeMatch] = []
        self._labels: list[QLabel] = []
        self._row_widgets: list[QWidget] = []
        self._heading = QLabel(self)
        self._heading.setObjectName("seenBeforeHeading")
        self._heading.setAccessibleName(self.tr("Seen before"))
        self._heading.setTextFormat(Qt.TextFormat.PlainText)
        self._heading.setWordWrap(True)
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self._heading)
        layout.addLayout(self._rows)
        self.clear()

    @property
    def heading_text(self) -> str:
        """What the heading says."""
        return self._heading.text()

    def matches(self) -> list[SeenBeforeMatch]:
        """The matches shown, in order."""
        return list(self._matches)

    def match_labels(self) -> list[QLabel]:
        """One label per match shown."""
        return list(self._labels)

    def clear(self) -> None:
        """Nothing to look for: hide everything."""
        self._set_rows([])
        self._heading.clear()
        self.hide()

    def set_searching(self) -> None:
        """A search is on its way; earlier matches stay until it answers."""
        self.show()
        if not self._matches:
            self._show_heading(self.tr("Seen before? Looking…"), muted=True)

    def set_problem(self, message: str) -> None:
        """The search failed; say so quietly (it is a hint, not the agent's work)."""
        self.show()
        self._set_rows([])
        self._show_heading(self.tr("Seen before? {problem}").format(problem=message), muted=True)

    def set_matches(self, matches: Sequence[SeenBeforeMatch]) -> None:
        """Show the answer of the latest search (the closest few)."""
        self.show()
        shown = list(matches[:MAX_SHOWN])
        self._set_rows(shown)
        if not shown:
            self._show_heading(self.tr("Seen before? Nothing similar on record."), muted=True)
            return
        own = sum(1 for match in shown if match.same_client)
        others = len(shown) - own
        if own and others:
            heading = self.tr("Seen before: {own} for this client, {others} for others").format(
                own=own, others=others
            )
        elif own:
            heading = self.tr("Seen before: {own} for this client").format(own=own)
        else:
            heading = self.tr("Seen before: {count} for other clients").format(count=others)
        self._show_heading(heading, muted=False)

    def _set_rows(self, matches: list[SeenBeforeMatch]) -> None:
        for row in self._row_widgets:
            self._rows.removeWidget(row)
            row.hide()  # gone from the screen now, not when Qt gets round to deleting it
            row.deleteLater()
        self._matches = matches
        self._labels = [self._label(match) for match in matches]
        self._row_widgets = [self._row(label) for label in self._labels]
        for row in self._row_widgets:
            self._rows.addWidget(row)

    def _row(self, label: QLabel) -> QWidget:
        """A quiet bar down the left groups a match's three lines (in the palette's colours)."""
        row = QWidget(self)
        bar = QFrame(row)
        bar.setFixedWidth(3)
        bar.setAutoFillBackground(True)
        bar.setBackgroundRole(QPalette.ColorRole.Mid)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(7)
        layout.addWidget(bar)
        label.setParent(row)
        layout.addWidget(label, 1)
        return row

    def _label(self, match: SeenBeforeMatch) -> QLabel:
        lines = self._lines(match)
        muted = _muted(self.palette())
        link = html.escape(self.tr("open case"))
        text = (
            f"<b>{html.escape(lines[0])}</b><br>"
            f"<span style='color:{muted}'>{html.escape(lines[1])}</span><br>"
            f"{html.escape(lines[2])} · <a href='#'>{link}</a>"
        )
        label = QLabel(text, self)
        label.setObjectName("seenBeforeMatch")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        label.setAccessibleName(". ".join(lines))
        label.setToolTip(self._tooltip(match))
        label.linkActivated.connect(lambda _link, found=match: self.match_activated.emit(found))
        return label

    def _lines(self, match: SeenBeforeMatch) -> list[str]:
        who = self.tr("This client") if match.same_client else match.client_name
        where = self.tr("{who} · {date} · {case}").format(
            who=who, date=self._date(match.at), case=match.case_title
        )
        return [_short(match.title, 160), where, self._outcome(match)]

    def _outcome(self, match: SeenBeforeMatch) -> str:
        if match.resolved:
            if match.resolved_at is not None:
                outcome = self.tr("Resolved {date}").format(date=self._date(match.resolved_at))
            else:
                outcome = self.tr("Resolved")
            if match.root_cause:
                outcome += self.tr(" — cause: {cause}").format(cause=_short(match.root_cause, 120))
        elif match.issue_status is not None:
            outcome = self.tr("Not resolved: {status}").format(
                status=issue_status_label(match.issue_status)
            )
        else:
            outcome = self.tr("Case still open")
        if match.recurred:
            outcome += self.tr(" · recurred ({count} cases)").format(count=match.occurrences)
        return outcome

    def _tooltip(self, match: SeenBeforeMatch) -> str:
        parts = [f"<b>{html.escape(match.title)}</b>"]
        if match.excerpt and match.excerpt != match.title:
            parts.append(f"<p>{html.escape(_short(match.excerpt, 600))}</p>")
        parts.append(
            "<p>"
            + html.escape(
                self.tr("{client}, case “{case}”").format(
                    client=match.client_name, case=match.case_title
                )
            )
            + "</p>"
        )
        return "<qt>" + "".join(parts) + "</qt>"

    def _date(self, moment: datetime) -> str:
        local = moment.astimezone(self._tz)
        return QLocale().toString(QDate(local.year, local.month, local.day), "d MMM yyyy")

    def _show_heading(self, text: str, *, muted: bool) -> None:
        self._heading.setText(text)
        font = self._heading.font()
        font.setBold(not muted)
        self._heading.setFont(font)
        self._heading.setForegroundRole(
            QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.WindowText
        )


def _muted(palette: QPalette) -> str:
    """The text colour halfway to the background: rich text cannot take the palette's own
    placeholder colour, which is the text colour with transparency."""
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        (text.red() + back.red()) // 2,
        (text.green() + back.green()) // 2,
        (text.blue() + back.blue()) // 2,
    )
    return mixed.name()


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
