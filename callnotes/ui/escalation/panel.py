"""The Escalation tab: the ladder to work down, the attempts so far, and who has most context.

Keyboard: Ctrl+4 shows the tab with the ladder focused; arrows move along it; F9 (or Enter)
logs an attempt on the selected person; Tab moves on to the attempts and to "most context",
where F9 logs a call to the person selected there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QFont, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.context_ranking import RankedMember
from callnotes.domain.escalation import AttemptRecord, Rung
from callnotes.domain.phones import display_number
from callnotes.domain.team import short_when
from callnotes.services.escalation.escalation import EscalationOverview
from callnotes.ui.common.key_names import follow_keys, with_key, worded
from callnotes.ui.escalation.cards import Card, CardLine, CardListModel, card_list_view


class EscalationPanel(QWidget):
    """Shows one case's escalation; the area around it does the reading and the storing."""

    #: Log an attempt on the selected person (F9, Enter, or the button).
    log_requested = Signal()
    #: Open the team directory.
    team_requested = Signal()
    #: The tab came to the front (what was put off while it was hidden can be read now).
    shown = Signal()

    def __init__(self, parent: QWidget | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._overview: EscalationOverview | None = None
        self._ranked: list[RankedMember] = []
        self.ladder_model = CardListModel(self)
        self.log_model = CardListModel(self)
        self.context_model = CardListModel(self)
        self.ladder_view = card_list_view(self.ladder_model, "escalationLadder", self)
        self.log_view = card_list_view(self.log_model, "escalationLog", self)
        self.context_view = card_list_view(self.context_model, "mostContext", self)
        self.ladder_view.setAccessibleName(self.tr("Escalation ladder"))
        self.log_view.setAccessibleName(self.tr("Escalation attempts, newest first"))
        self.context_view.setAccessibleName(self.tr("Who has the most context"))
        self.status = self._quiet_label("escalationStatus")
        self.log_empty = self._quiet_label("escalationLogEmpty")
        self._log_action: QAction | None = None
        self._team_action: QAction | None = None
        self.context_status = self._quiet_label("mostContextStatus")
        self.log_button = QToolButton(self)
        self.log_button.setObjectName("logAttempt")
        self.log_button.setText(self.tr("Log attempt…"))
        self.team_button = QToolButton(self)
        self.team_button.setObjectName("teamDirectory")
        self.team_button.setText(self.tr("Team…"))
        self._show_keys()
        self._build()
        self.log_button.clicked.connect(self.log_requested)
        self.team_button.clicked.connect(self.team_requested)
        self.ladder_view.activated.connect(lambda _index: self.log_requested.emit())
        self.context_view.activated.connect(lambda _index: self.log_requested.emit())
        self.show_none(self.tr("Select a case first."))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Say the tab came to the front."""
        super().showEvent(event)
        self.shown.emit()

    # Public ----------------------------------------------------------------------------------

    def set_key_actions(self, log: QAction, team: QAction) -> None:
        """The window's commands to log an attempt and open the team directory: shown keys."""
        self._log_action, self._team_action = log, team
        for action in (log, team):
            follow_keys(action, self._show_keys)

    def _show_keys(self) -> None:
        log = self._log_action
        self.log_empty.setText(
            worded(
                self.tr("No attempts yet. Select a person and press {key}."),
                self.tr("No attempts yet. Select a person and log an attempt."),
                log,
            )
        )
        self.log_button.setToolTip(with_key(self.tr("Log a call to the selected person"), log))
        self.team_button.setToolTip(with_key(self.tr("Team directory"), self._team_action))
        if self._overview is not None:
            self.status.setText(self._status(self._overview))

    @property
    def overview(self) -> EscalationOverview | None:
        """What is shown, or None."""
        return self._overview

    def status_text(self) -> str:
        """The line under the ladder's heading."""
        return self.status.text()

    def show_none(self, message: str) -> None:
        """No case (or no data): say *message*, show empty lists."""
        self._overview = None
        self.status.setText(message)
        self.ladder_model.set_cards([])
        self.log_model.set_cards([])
        self._show_log_empty(True)
        self.show_ranking([])
        self.context_status.setText("")
        self.log_button.setEnabled(False)

    def show_overview(self, overview: EscalationOverview) -> None:
        """Show a fresh read of the case; the selected person stays selected."""
        keep = self.selected_ladder_member()
        self._overview = overview
        self.ladder_model.set_cards([self._rung_card(r, overview) for r in overview.ladder])
        self.log_model.set_cards([self._attempt_card(a, overview) for a in overview.attempts])
        self._show_log_empty(not overview.attempts)
        self.status.setText(self._status(overview))
        self.log_button.setEnabled(bool(overview.ladder) or bool(self._ranked))
        row = self.ladder_model.row_of(keep) if keep is not None else None
        if row is None and overview.prompt is not None and overview.prompt.rung is not None:
            row = overview.prompt.rung.position
        self._select(self.ladder_view, row if row is not None else 0)

    def show_searching(self) -> None:
        """The ranking is on its way; the last one stays until it arrives."""
        if not self._ranked:
            self.context_status.setText(self.tr("Looking through past cases…"))

    def show_ranking(self, ranked: Sequence[RankedMember]) -> None:
        """Show who has the most context, with the reasons."""
        self._ranked = list(ranked)
        keep = self._current_key(self.context_view)
        self.context_model.set_cards([self._context_card(r) for r in ranked])
        if self._overview is not None:
            self.context_status.setText(
                self.tr("Nobody on the team has worked with this client or a similar issue yet.")
                if not ranked
                else self.tr("From this client's cases and similar issues; those away last.")
            )
            self.log_button.setEnabled(bool(self._overview.ladder) or bool(ranked))
        row = self.context_model.row_of(keep) if keep is not None else None
        # Current but not highlighted until the agent goes there: one highlight on the tab.
        self._select(self.context_view, row if row is not None else 0, highlight=False)

    def show_ranking_problem(self, message: str) -> None:
        """The ranking could not be worked out: say so quietly."""
        self.context_status.setText(message)

    def focus_ladder(self) -> None:
        """Put the keyboard on the ladder."""
        self.ladder_view.setFocus()

    def select_member(self, member_id: int) -> bool:
        """Select *member_id* on the ladder and focus it; False if they are not on it."""
        row = self.ladder_model.row_of(member_id)
        if row is None:
            return False
        self._select(self.ladder_view, row)
        self.ladder_view.setFocus()
        return True

    def selected_ladder_member(self) -> int | None:
        """The member id selected on the ladder."""
        return self._current_key(self.ladder_view)

    def chosen_person(self) -> tuple[int, str] | None:
        """Who F9 is about: the person selected in "most context" when it has the keyboard,
        else the one selected on the ladder."""
        view = self.context_view if self.context_view.hasFocus() else self.ladder_view
        model = self.context_model if view is self.context_view else self.ladder_model
        card = model.card_at(view.currentIndex().row())
        if card is None:
            return None
        name = next(
            (r.member.name for r in self._ranked if r.member.id == card.key), None
        ) or self._ladder_name(card.key)
        return (card.key, name) if name else None

    # Cards -----------------------------------------------------------------------------------

    def _rung_card(self, rung: Rung, overview: EscalationOverview) -> Card:
        member = rung.member
        tag = self.tr(rung.kind.label)
        if not rung.available:
            tag = self.tr("{kind} · away").format(kind=tag)
        prompt = overview.prompt
        if prompt is not None and prompt.rung is not None and prompt.rung.position == rung.position:
            tag = self.tr("{kind} · try next").format(kind=tag)
        phone = display_number(member.phone) if member.phone else self.tr("no phone on record")
        details = [member.role, phone] if member.role else [phone]
        if rung.available:
            details.insert(0, self.tr("Available"))
        lines = [CardLine(" · ".join(details))]
        if not rung.available:
            lines.append(CardLine(self._away_text(rung, overview.now), muted=True, italic=True))
        last = next((a for a in overview.attempts if a.member_id == member.id), None)
        if last is not None:
            lines.append(
                CardLine(
                    self.tr("Last tried {when}: {outcome}").format(
                        when=self._when(last.at, overview.now), outcome=self.tr(last.outcome.label)
                    ),
                    muted=True,
                )
            )
        return Card(
            key=member.id,
            title=f"{rung.position + 1}. {member.name}",
            tag=tag,
            lines=tuple(lines),
            tooltip=member.email,
        )

    def _attempt_card(self, attempt: AttemptRecord, overview: EscalationOverview) -> Card:
        rung = overview.rung_of(attempt.member_id)
        who = f"{attempt.who} ({self.tr(rung.kind.label)})" if rung else attempt.who
        lines = (CardLine(attempt.note),) if attempt.note else ()
        return Card(
            key=attempt.id,
            title=f"{self._when(attempt.at, overview.now)} · {who}",
            tag=self.tr(attempt.outcome.label),
            lines=lines,
        )

    def _context_card(self, ranked: RankedMember) -> Card:
        member = ranked.member
        about = " · ".join(part for part in (member.role, member.team) if part)
        reasons = "; ".join(ranked.reasons)
        lines = [CardLine(reasons[:1].upper() + reasons[1:])]
        if about:
            lines.insert(0, CardLine(about, muted=True))
        return Card(
            key=member.id,
            title=member.name,
            tag=ranked.away or self.tr("available"),
            lines=tuple(lines),
            tooltip=ranked.text,
        )

    # Helpers ---------------------------------------------------------------------------------

    def _status(self, overview: EscalationOverview) -> str:
        if not overview.has_usual_contact:
            return self.tr(
                "This client has no usual contact on record, so there is no ladder; "
                "“most context” below suggests who to call."
            )
        if overview.acknowledged is not None:
            return self.tr("{who} acknowledged at {when}.").format(
                who=overview.acknowledged.who,
                when=self._when(overview.acknowledged.at, overview.now),
            )
        if not overview.attempts:
            return worded(
                self.tr("Start at the top; {key} logs each call."),
                self.tr("Start at the top; log each call."),
                self._log_action,
            )
        return self.tr("Nobody has acknowledged yet.")

    def _away_text(self, rung: Rung, now: datetime) -> str:
        until = rung.availability.until
        text = self.tr("Away")
        if until is not None:
            text = self.tr("Away until {when}").format(when=short_when(until, now, self._tz))
        if rung.availability.reason:
            text += f" — {rung.availability.reason}"
        return text

    def _when(self, moment: datetime, now: datetime) -> str:
        return short_when(moment, now, self._tz)

    def _ladder_name(self, member_id: int) -> str:
        overview = self._overview
        rung = overview.rung_of(member_id) if overview is not None else None
        return rung.member.name if rung is not None else ""

    def _show_log_empty(self, empty: bool) -> None:
        self.log_empty.setVisible(empty)
        self.log_view.setVisible(not empty)

    @staticmethod
    def _current_key(view: QListView) -> int | None:
        index = view.currentIndex()
        model = view.model()
        if not index.isValid() or not isinstance(model, CardListModel):
            return None
        card = model.card_at(index.row())
        return card.key if card is not None else None

    @staticmethod
    def _select(view: QListView, row: int, *, highlight: bool = True) -> None:
        model = view.model()
        if not 0 <= row < model.rowCount():
            return
        index = model.index(row, 0)
        flag = QItemSelectionModel.SelectionFlag
        view.selectionModel().setCurrentIndex(
            index, flag.ClearAndSelect if highlight else flag.NoUpdate
        )
        view.scrollTo(index)

    def _quiet_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        return label

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    def _section(self, parts: Sequence[QWidget | QHBoxLayout]) -> QWidget:
        section = QWidget(self)
        layout = QVBoxLayout(section)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        for part in parts:
            if isinstance(part, QHBoxLayout):
                layout.addLayout(part)
            else:
                part.setParent(section)
                layout.addWidget(part, 1 if isinstance(part, QListView) else 0)
        return section

    def _build(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self._heading(self.tr("Ladder")))
        top.addStretch(1)
        top.addWidget(self.log_button)
        top.addWidget(self.team_button)
        ladder = self._section([top, self.status, self.ladder_view])
        log = self._section(
            [self._heading(self.tr("Attempts, newest first")), self.log_empty, self.log_view]
        )
        context = self._section(
            [self._heading(self.tr("Most context")), self.context_status, self.context_view]
        )
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("escalationSplitter")
        splitter.setChildrenCollapsible(False)
        for part, stretch in ((ladder, 5), (log, 2), (context, 4)):
            splitter.addWidget(part)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
