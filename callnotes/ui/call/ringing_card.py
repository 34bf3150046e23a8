"""The card that floats over the window while the phone rings: who it is, their open cases."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.team import client_clock
from callnotes.services.calls.intake import CaseNews
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.call.ring_view import (
    ANSWERED,
    MISSED,
    RINGING,
    RingChoice,
    RingingView,
    ring_choices,
)
from callnotes.ui.common.bidi import isolated, plain
from callnotes.ui.common.key_names import key_text, literal_label, with_key, worded

START_KEYS, DISMISS_KEYS = "F7", "Shift+F7"

# Amber says "the phone" on light and dark palettes; a missed call turns grey. Painted by
# hand rather than with a style sheet, so a change of palette (dark mode) reaches every label.
_AMBER_ON_LIGHT, _AMBER_ON_DARK = QColor(180, 83, 9), QColor(245, 170, 60)
_RADIUS = 8.0


class RingingCard(QFrame):
    """Shown without taking the keyboard: the agent is clicking "Answer" in the softphone."""

    start_requested = Signal(object)  # CallChoice
    new_client_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ringingCard")
        self._new_call: QAction | None = None
        self._wrap_up: QAction | None = None
        self._call_backs: QAction | None = None
        self.setAccessibleName(self.tr("Incoming call"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(24)
        shadow.setOffset(0, 4)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)
        self._view: RingingView | None = None
        self._choices: list[RingChoice] = []
        self._header = QWidget(self)
        self._header.setObjectName("ringingHeader")
        self._state = self._label("ringingState", self.tr("Call state"))
        state_font = self._state.font()
        state_font.setBold(True)
        state_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.0)
        self._state.setFont(state_font)
        self._number = self._label("ringingNumber", self.tr("Number"))
        self._number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss_button = QToolButton(self)
        self.dismiss_button.setObjectName("ringingDismiss")
        self.dismiss_button.setText("✕")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.setAccessibleName(self.tr("Dismiss: not a client call"))
        self.dismiss_button.setShortcut(QKeySequence(DISMISS_KEYS))
        self.dismiss_button.setToolTip(
            with_key(
                self.tr("Dismiss: answering then starts no call"), self.dismiss_button.shortcut()
            )
        )
        self.dismiss_button.clicked.connect(self.dismissed)
        self._who = self._label("ringingWho", self.tr("Caller"))
        font = self._who.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self._who.setFont(font)
        self._about = self._label("ringingAbout", self.tr("Caller details"), rich=True)
        # A covered client: the cover brief's part for them, shown before anything else.
        self._cover = self._label("ringingCover", self.tr("Cover brief"), rich=True)
        self._cases = QWidget(self)
        self._cases.setAccessibleName(self.tr("Open cases"))
        self._cases_layout = QVBoxLayout(self._cases)
        self._cases_layout.setContentsMargins(0, 2, 0, 2)
        self._cases_layout.setSpacing(2)
        self._group = QButtonGroup(self)
        self._hint = self._label("ringingHint", self.tr("What happens on answer"))
        self._hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.new_client_button = self._button(self.tr("New client…"), "ringingNewClient")
        self.new_client_button.clicked.connect(self.new_client_requested)
        self.start_button = self._button(self.tr("Start call"), "ringingStart")
        self.start_button.setShortcut(QKeySequence(START_KEYS))
        self.start_button.setToolTip(
            with_key(self.tr("Start the call now"), self.start_button.shortcut())
        )
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self._build_layout()
        self.hide()

    # -- public API -------------------------------------------------------------------------

    @property
    def view(self) -> RingingView | None:
        """What the card shows (None while hidden)."""
        return self._view if self.isVisible() else None

    @property
    def summary_text(self) -> str:
        """The card as plain text (what a screen reader reads)."""
        return self.accessibleDescription()

    def show_view(self, view: RingingView) -> None:
        """Show *view*; the first choice (the most recently active open case) is selected."""
        self._view = view
        palette = self._state.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self._accent(view))
        self._state.setPalette(palette)
        self._state.setText(self._state_text(view))
        self._number.setText(view.display_number)  # withheld: the title says so
        cover = self._cover_html(view)
        self._cover.setText(cover)
        self._cover.setVisible(bool(cover))
        self._who.setText(self._who_text(view))
        about = self._about_html(view)
        self._about.setText(about)
        self._about.setVisible(bool(about))
        self._fill_cases(view)
        self._hint.setText(self._hint_text(view))
        self.new_client_button.setVisible(not view.callers)
        self.start_button.setVisible(view.usable and view.state != MISSED)
        self.start_button.setEnabled(bool(self._choices) and not view.busy)
        self.setAccessibleDescription(self._plain_text())
        self.show()
        self.raise_()

    def choice(self) -> CallChoice | None:
        """The way to take the call the agent picked (the first one unless they chose)."""
        if not self._choices:
            return None
        checked = self._group.checkedId()
        return self._choices[checked if checked >= 0 else 0].choice

    def close_card(self) -> None:
        """Hide the card; its content is forgotten."""
        self._view = None
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        """A rounded card on the base colour with a tinted header band and an accent border."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        outline = QPainterPath()
        outline.addRoundedRect(rect, _RADIUS, _RADIUS)
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        # On dark palettes the base colour would swallow the radio buttons' outlines.
        role = QPalette.ColorRole.Window if dark else QPalette.ColorRole.Base
        painter.fillPath(outline, self.palette().color(role))
        accent = self._accent(self._view)
        band = QColor(accent)
        band.setAlpha(40)
        painter.save()
        painter.setClipPath(outline)
        header = QRectF(rect.left(), rect.top(), rect.width(), self._header.geometry().bottom() + 1)
        painter.fillRect(header, band)
        painter.restore()
        accent.setAlpha(190)
        painter.setPen(QPen(accent, 1.0))
        painter.drawPath(outline)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        """Redraw in the new colours when the palette changes (light ↔ dark)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._view is not None:
            self._restyle()

    def _restyle(self) -> None:
        view = self._view
        if view is None:
            return
        palette = self._state.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self._accent(view))
        self._state.setPalette(palette)
        about = self._about_html(view)
        self._about.setText(about)
        for radio in self._group.buttons():
            radio.setPalette(self._radio_palette())
        self.update()

    def _radio_palette(self) -> QPalette:
        """Radio buttons whose circles stand out from the card in both colour schemes.

        Fusion fills the circle with Base and rings it in a darker shade of Window: on the
        dark card both come out within a shade of the card itself, and on the light one the
        empty ring is a faint grey. The ring is set between text and card (at least 3:1
        against the card), the fill a little lifted on dark, the dot in the phone's amber.
        """
        palette = QPalette(self.palette())
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        card = palette.color(QPalette.ColorRole.Window if dark else QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.WindowText)
        ring = QColor(
            round(0.55 * text.red() + 0.45 * card.red()),
            round(0.55 * text.green() + 0.45 * card.green()),
            round(0.55 * text.blue() + 0.45 * card.blue()),
        )
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Base, card.lighter(145) if dark else card)
            # Fusion draws the ring in Window.darker(…): a lighter Window gives back the ring.
            palette.setColor(group, QPalette.ColorRole.Window, ring.lighter(145))
            palette.setColor(group, QPalette.ColorRole.Text, QColor(self._accent(None)))
        return palette

    def _accent(self, view: RingingView | None) -> QColor:
        if view is not None and view.state == MISSED:
            return self.palette().color(QPalette.ColorRole.PlaceholderText)
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        return QColor(_AMBER_ON_DARK if dark else _AMBER_ON_LIGHT)

    # -- building ---------------------------------------------------------------------------

    def _on_start_button_clicked(self) -> None:
        choice = self.choice()
        if choice is not None:
            self.start_requested.emit(choice)

    def _fill_cases(self, view: RingingView) -> None:
        while self._cases_layout.count():
            item = self._cases_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for button in self._group.buttons():
            self._group.removeButton(button)
        self._choices = ring_choices(view, self.tr) if view.state != MISSED else []
        # An unknown caller has one way to be taken (a new client): the buttons say it.
        offer = self._choices if view.callers else []
        for index, ring_choice in enumerate(offer):
            radio = QRadioButton(literal_label(ring_choice.label), self._cases)
            radio.setPalette(self._radio_palette())
            radio.setAccessibleName(ring_choice.label)
            radio.setAccessibleDescription(ring_choice.detail)
            radio.setChecked(index == 0)
            self._group.addButton(radio, index)
            self._cases_layout.addWidget(radio)
            news = view.news.get(ring_choice.choice.case_id or -1)
            lines = [ring_choice.detail] if ring_choice.detail else []
            if news is not None:
                lines += self._news_lines(news, view.at)
            if lines:
                detail = self._label("", ring_choice.label, rich=True, parent=self._cases)
                detail.setText("<br>".join(lines))
                detail.setContentsMargins(24, 0, 0, 4)
                detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                self._cases_layout.addWidget(detail)
        self._cases.setVisible(bool(offer))

    def _news_lines(self, news: CaseNews, now: datetime | None) -> list[str]:
        e = html.escape
        lines = []
        if news.handed_over_to and news.handed_over_at is not None:
            lines.append(
                e(
                    self.tr("Handed over to {name}, {when}").format(
                        name=news.handed_over_to, when=self._when(news.handed_over_at, now)
                    )
                )
            )
        latest = news.latest
        if latest is not None:
            text = " ".join(latest.text.split())
            if len(text) > 140:
                text = text[:139].rstrip() + "…"
            lines.append(
                e(self.tr("Latest, {when}").format(when=self._when(latest.at, now)))
                + f" · <b>{e(self.tr(latest.kind.label))}</b>: {e(text)}"
            )
        return lines

    def _when(self, at: datetime, now: datetime | None) -> str:
        """``today 14:05``, ``yesterday 09:30`` or ``Tue 24 Nov 16:00`` in local time."""
        local = at.astimezone()
        clock = local.strftime("%H:%M")
        days = (local.date() - now.astimezone().date()).days if now is not None else None
        if days == 0:
            return self.tr("today {time}").format(time=clock)
        if days == -1:
            return self.tr("yesterday {time}").format(time=clock)
        if days == 1:
            return self.tr("tomorrow {time}").format(time=clock)
        return f"{local.strftime('%a %d %b')} {clock}"

    def _state_text(self, view: RingingView) -> str:
        if view.state == MISSED:
            at = view.at.astimezone().strftime("%H:%M") if view.at else ""
            return self.tr("MISSED {time}").format(time=at).strip()
        if view.state == ANSWERED:
            return self.tr("ON THE LINE")
        return self.tr("CALLING") if view.outbound else self.tr("RINGING")

    def _who_text(self, view: RingingView) -> str:
        if view.callers:
            first = view.callers[0]
            names = {o.contact.name for o in view.callers}
            # Each name in its own isolate: an Arabic name beside a Latin one keeps its place.
            who = " / ".join(isolated(name) for name in sorted(names))
            return f"{who} — {isolated(first.client_name)}"
        if view.phone_name:
            return view.phone_name
        return self.tr("Unknown caller") if view.number else self.tr("Number withheld")

    def _about_html(self, view: RingingView) -> str:
        e = html.escape
        lines = []
        if view.callers:
            contact = view.callers[0].contact
            if contact.role:
                lines.append(e(contact.role))
            usual = view.client.usual_contact if view.client else None
            if view.cover is not None:
                usual = None  # the cover brief, above, says who is away and who covers
            if usual is not None and view.at is not None and usual.is_away(view.at):
                until = self._when(usual.away_until, view.at) if usual.away_until else ""
                text = self.tr("Usual contact {name} is away until {until}").format(
                    name=usual.name, until=until
                )
                amber = self._accent(replace(view, state=RINGING)).name()
                lines.append(f"<span style='color:{amber}'>{e(text)}</span>")
            elif usual is not None:
                lines.append(e(self.tr("Usual contact: {name}").format(name=usual.name)))
            if view.phone_name and view.phone_name != contact.name:
                lines.append(e(self.tr("The phone says: {name}").format(name=view.phone_name)))
        elif view.usable:
            lines.append(e(self.tr("No client has this number yet.")))
        elif view.number:
            lines.append(e(self.tr("Not a number callnotes can match (internal or short).")))
        return "<br>".join(lines)

    def _cover_html(self, view: RingingView) -> str:
        """Who is away until when, who covers, the promises due and the next update due."""
        cover = view.cover
        if cover is None or not view.callers:
            return ""
        e = html.escape
        absence, client = cover.absence, cover.client
        now = view.at
        amber = self._accent(replace(view, state=RINGING)).name()
        away = self.tr("{name} is away until {until}").format(
            name=absence.member_name, until=self._when(absence.until, now)
        )
        if absence.reason:
            away += f" ({absence.reason})"
        covers = (
            self.tr("{name} covers").format(name=client.stand_in)
            if client.stand_in
            else self.tr("nobody named to cover")
        )
        lines = [f"<span style='color:{amber}'><b>{e(away)} · {e(covers)}</b></span>"]
        for promise in client.promises[:3]:
            due = self._when(promise.due_at, now)
            there = client_clock(promise.due_at, now or promise.due_at, client.timezone)
            if there:
                due = self.tr("{due} ({there} client time)").format(due=due, there=there)
            late = self.tr(" (overdue)") if promise.overdue else ""
            lines.append(
                e(self.tr("Promised by {due}{late}: ").format(due=due, late=late))
                + f"<b>{e(promise.text)}</b>"
                + e(self.tr(" ({owner})").format(owner=promise.owner))
            )
        if len(client.promises) > 3:
            more = len(client.promises) - 3
            lines.append(e(self.tr("… and {count} more in the cover brief").format(count=more)))
        if not client.promises:
            lines.append(e(self.tr("No promise falls due before they are back.")))
        for case in client.cases:
            if case.next_update_due_at is not None:
                lines.append(
                    e(
                        self.tr("Next update due {when}: {title}").format(
                            when=self._when(case.next_update_due_at, now), title=case.title
                        )
                    )
                )
        if client.contact_method:
            lines.append(
                e(self.tr("Prefers {method}").format(method=client.contact_method))
                + (e(f" · {client.best_times}") if client.best_times else "")
            )
        return "<br>".join(lines)

    def set_key_actions(
        self, new_call: QAction, wrap_up: QAction, call_backs: QAction | None = None
    ) -> None:
        """The window's New call, Wrap up and call-back queue commands, whose keys the hints
        name."""
        self._new_call, self._wrap_up, self._call_backs = new_call, wrap_up, call_backs

    def _hint_text(self, view: RingingView) -> str:
        if view.state == MISSED and view.usable and not view.outbound and self._call_backs:
            # The controller puts a missed ring of a number it can call in the queue.
            return worded(
                self.tr("In the call-back queue ({key})."),
                self.tr("In the call-back queue (Call menu)."),
                self._call_backs,
            )
        if view.state == MISSED:
            return worded(
                self.tr("Nothing was recorded. {key} starts a call by hand."),
                self.tr("Nothing was recorded. New call starts one by hand."),
                self._new_call,
            )
        if not view.usable:
            return worded(
                self.tr("No call starts by itself: {key} starts one by hand."),
                self.tr("No call starts by itself: New call starts one by hand."),
                self._new_call,
            )
        if view.busy and view.state == ANSWERED:
            return worded(
                self.tr("You are on another call: this one starts once it is wrapped up ({key})."),
                self.tr("You are on another call: this one starts once it is wrapped up."),
                self._wrap_up,
            )
        if view.busy:
            return worded(
                self.tr("You are on another call: wrap it up ({key}), then start this one."),
                self.tr("You are on another call: wrap it up, then start this one."),
                self._wrap_up,
            )
        start = key_text(self.start_button.shortcut())
        if view.callers:
            return self.tr(
                "Answering starts the call on the chosen case; {keys} starts it now."
            ).format(keys=start)
        return self.tr("Answering starts the call for a new client; {keys} starts it now.").format(
            keys=start
        )

    def _plain_text(self) -> str:
        parts = [self._state.text(), self._number.text()]
        parts.append(QTextDocumentFragment.fromHtml(self._cover.text()).toPlainText())
        parts.append(plain(self._who.text()))
        parts.append(QTextDocumentFragment.fromHtml(self._about.text()).toPlainText())
        parts += [c.label for c in self._choices]
        parts.append(self._hint.text())
        return "\n".join(p for p in parts if p)

    def _build_layout(self) -> None:
        header = self._header
        top = QHBoxLayout(header)
        top.setContentsMargins(12, 6, 4, 6)
        top.addWidget(self._state)
        top.addSpacing(8)
        top.addWidget(self._number, 1)
        top.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addStretch(1)
        buttons.addWidget(self.new_client_button)
        buttons.addWidget(self.start_button)
        body = QVBoxLayout()
        body.setContentsMargins(12, 8, 12, 10)
        body.setSpacing(4)
        body.addWidget(self._cover)
        body.addWidget(self._who)
        body.addWidget(self._about)
        body.addWidget(self._cases)
        body.addWidget(self._hint)
        body.addStretch(1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body)

    def _label(
        self, name: str, accessible: str, *, rich: bool = False, parent: QWidget | None = None
    ) -> QLabel:
        label = QLabel(parent or self)
        if name:
            label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        return label

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setAutoDefault(False)
        return button
