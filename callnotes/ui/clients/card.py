"""The client card: who is calling, their usual contact, how to keep them informed.

The GUI thread never waits on the database: the form is stored through the window's task runner
(it stays open, as typed, until stored; a problem is said in the card and the window's banner),
and the card redraws itself from the change notice when its client or the team changes —
whoever changed them (the Client menu, the team directory, another desktop), or erased them.
"""

from __future__ import annotations

import html
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.changes import Changes, Part
from callnotes.domain.people import ClientRecord, ContactMethod, TeamMemberRecord
from callnotes.domain.phones import display_number
from callnotes.domain.team import short_when, short_when_both
from callnotes.domain.time_zones import is_zone, known_zones, zone_named
from callnotes.domain.unnamed import unnamed_caller
from callnotes.errors import CallnotesError, InvalidFieldError, NotFoundError
from callnotes.services.calls.intake import CallerCard
from callnotes.ui.common.bidi import composed, isolated, left_to_right, plain, rich_lines
from callnotes.ui.common.contact_fields import ContactFields
from callnotes.ui.common.key_names import follow_keys, key_text, worded
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner
from callnotes.ui.common.zone_completer import ZoneCompleter

if TYPE_CHECKING:
    from callnotes.ui.common.change_notice import ChangeNotice

SaveContact = Callable[[CallerCard, ContactFields], CallerCard]


@dataclass(frozen=True)
class ClientFieldActions:
    """What the card needs to show and change who the client's usual contact is, and its zone."""

    team: Callable[[], Sequence[TeamMemberRecord]]
    # client id, usual contact (None: nobody), time zone, the client as the agent found it,
    # the case they work on (where their choice is kept if a colleague's stands) → as stored
    save: Callable[[int, int | None, str, ClientRecord, int], ClientRecord]
    #: The client as stored now (NotFoundError: erased).
    client: Callable[[int], ClientRecord]
    edit_action: QAction | None = None  # names its key on the card ("Ctrl+E to choose one")
    #: The team directory's command: an empty team says where colleagues are added, by its key.
    team_action: QAction | None = None


_METHOD_LABELS = {
    ContactMethod.PHONE: "Phone",
    ContactMethod.EMAIL: "E-mail",
    ContactMethod.SMS: "SMS",
    ContactMethod.CHAT: "Chat",
}


class ClientCard(QFrame):
    """Shows the caller; Ctrl+E edits in place, Enter saves, Escape cancels."""

    saved = Signal(object)  # the updated CallerCard
    problem = Signal(str)
    problem_withdrawn = Signal(str)  # the refusal said with ``problem`` is being corrected
    editing_finished = Signal()

    def __init__(
        self,
        save_contact: SaveContact,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        changes: ChangeNotice | None = None,
    ) -> None:
        """*save_contact* runs on *runner*'s worker thread (by default at once)."""
        super().__init__(parent)
        self.setObjectName("clientCard")
        self.setAccessibleName(self.tr("Client card"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._save_contact = save_contact
        self._now = now
        self._card: CallerCard | None = None
        self._began: CallerCard | None = None  # the card as it was when the form opened
        self._client_actions: ClientFieldActions | None = None
        self._runner = runner if runner is not None else SynchronousTaskRunner(self)
        self._team: list[TeamMemberRecord] = []  # read off the GUI thread, kept for the form
        self._team_read = False  # until it is, an empty team is not said to be empty
        self._saving = False
        self._zones: list[str] = []
        self.refused = ""  # why the form was last refused: said once, in the window's banner
        self._view = QLabel(self)
        self._view.setObjectName("clientCardText")
        self._view.setAccessibleName(self.tr("Caller details"))
        self._view.setTextFormat(Qt.TextFormat.RichText)
        self._view.setWordWrap(True)
        self._view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form = QWidget(self)
        self.name = self._field("Name")
        self.role = self._field("Role")
        self.phones = self._field("Phone numbers (comma-separated)")
        self.email = self._field("E-mail")
        self.method = QComboBox(self._form)
        self.method.setAccessibleName(self.tr("Preferred contact method"))
        self.method.addItem(self.tr("Not asked yet"), None)
        for method, label in _METHOD_LABELS.items():
            self.method.addItem(self.tr(label), method)
        self.best_times = self._field("Best times")
        self.usual_contact = QComboBox(self._form)
        self.usual_contact.setObjectName("cardUsualContact")
        self.usual_contact.setAccessibleName(self.tr("Usual contact (a team member)"))
        self.usual_contact.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.usual_contact.setMinimumContentsLength(12)  # a long reason must not widen the window
        self.usual_contact.setToolTip(
            self.tr("Who on the team usually deals with this client; type a name to jump to it.")
        )
        self.timezone = QComboBox(self._form)
        self.timezone.setObjectName("cardTimezone")
        self.timezone.setAccessibleName(self.tr("Client's time zone"))
        self.timezone.setEditable(True)
        self.timezone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.timezone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.timezone.setMinimumContentsLength(12)
        zone_line = self.timezone.lineEdit()
        assert zone_line is not None
        zone_line.returnPressed.connect(self._on_zone_line_return_pressed)
        zone_line.textEdited.connect(self._on_field_edited)
        form = QFormLayout(self._form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Phone"), self.phones)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Prefers"), self.method)
        form.addRow(self.tr("Best times"), self.best_times)
        form.addRow(self.tr("Usual contact"), self.usual_contact)
        # With nobody in the team yet the list holds only "(nobody yet)": say how to fill it.
        self._team_hint = QLabel(self._form)
        self._team_hint.setObjectName("cardTeamHint")
        self._team_hint.setWordWrap(True)
        self._team_hint.setEnabled(False)  # a hint, in the hint's grey
        form.addRow("", self._team_hint)
        form.addRow(self.tr("Time zone"), self.timezone)
        self._form_layout = form
        hint = QLabel(self.tr("Enter saves · Esc cancels"), self._form)
        hint.setEnabled(False)
        form.addRow(hint)
        self._problem = QLabel(self._form)
        self._problem.setObjectName("clientCardProblem")
        self._problem.setAccessibleName(self.tr("Why the card was not saved"))
        self._problem.setWordWrap(True)
        self._problem.setStyleSheet("color: #b91c1c")
        self._problem.hide()
        form.addRow(self._problem)
        self._show_client_rows(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._view)
        layout.addWidget(self._form)
        self._form.hide()
        # The client's "… there now" turns with the minute, while the card is shown.
        self._minute = QTimer(self)
        self._minute.setSingleShot(True)
        self._minute.timeout.connect(self._on_minute_timeout)
        self.show_card(None)
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)

    def set_client_actions(self, actions: ClientFieldActions) -> None:
        """Let the form change the client's usual contact and time zone too."""
        self._client_actions = actions
        self._show_client_rows(True)
        self.show_card(self._card)
        self._read_team()
        follow_keys(actions.team_action, self._show_team_hint)  # its key, as it is now

    def _show_client_rows(self, shown: bool) -> None:
        for field in (self.usual_contact, self.timezone):
            self._form_layout.setRowVisible(field, shown)
        self._show_team_hint()

    def _show_team_hint(self) -> None:
        actions = self._client_actions
        empty = actions is not None and self._team_read and not self._team
        if empty and actions is not None:
            self._team_hint.setText(
                worded(
                    self.tr(
                        "Nobody is in the team directory yet: add colleagues there ({key}), "
                        "then choose one here."
                    ),
                    self.tr(
                        "Nobody is in the team directory yet: add colleagues there (Case menu, "
                        "Team directory), then choose one here."
                    ),
                    actions.team_action,
                )
            )
        self._form_layout.setRowVisible(self._team_hint, empty)

    def _field(self, accessible: str) -> QLineEdit:
        field = QLineEdit(self._form)
        field.setAccessibleName(self.tr(accessible))
        field.returnPressed.connect(self.save)
        field.textEdited.connect(self._on_field_edited)
        return field

    def _on_field_edited(self) -> None:
        """The agent is correcting what was refused: the refusal goes from the card and the
        banner (a new one comes with the next Enter if it is still wrong)."""
        if self._problem.isHidden():
            return
        self._problem.hide()
        self._problem.clear()
        self.problem_withdrawn.emit(self.refused)

    def _on_zone_line_return_pressed(self) -> None:
        # Enter on a suggestion chosen in the open list only takes that zone (the completer
        # does so after this); the next Enter saves. With none chosen, the city typed is saved.
        completer = self.timezone.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            return
        self.save()

    @property
    def card(self) -> CallerCard | None:
        """The card shown."""
        return self._card

    @property
    def is_editing(self) -> bool:
        """Whether the form is open."""
        return not self._form.isHidden()

    @property
    def problem_text(self) -> str:
        """Why the form was not saved, as the card says it ("" when it was)."""
        return self._problem.text() if not self._problem.isHidden() else ""

    @property
    def summary_text(self) -> str:
        """The card as plain text (what a screen reader reads)."""
        return self._view.accessibleDescription()

    def show_card(self, card: CallerCard | None) -> None:
        """Show *card* (None: nobody on the line)."""
        self._card = card
        self._form.hide()
        self._problem.hide()
        self._problem.clear()
        self._show_text(card)
        self.setVisible(card is not None)

    def _show_text(self, card: CallerCard | None) -> None:
        now = self._now()  # one reading: the text and its next redraw agree
        shown = self._render(card, now)
        self._view.show()
        self._view.setText(shown)
        self._view.setAccessibleDescription(_plain(shown))
        self._wait_for_minute(now)

    def _wait_for_minute(self, now: datetime | None = None) -> None:
        """Redraw just after the client's clock next turns a minute (only while shown)."""
        if self._card is None or not self.isVisible():
            self._minute.stop()
            return
        now = now or self._now()
        left_ms = 60_000 - (now.second * 1000 + now.microsecond // 1000)
        self._minute.start(left_ms + 20)  # just past the turn: never a minute behind

    def _on_minute_timeout(self) -> None:
        if self._card is not None and not self.is_editing:
            self._show_text(self._card)  # "… there now", and who is back from being away
        else:
            self._wait_for_minute()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Shown again: the client's time as it is now, then kept current."""
        super().showEvent(event)
        if self._card is not None and not self.is_editing:
            self._show_text(self._card)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Hidden: no clock to keep."""
        super().hideEvent(event)
        self._minute.stop()

    def edit(self) -> None:
        """Open the form at the field the call needs next: the contact method of a known caller
        who has none, else the name."""
        card = self._card
        if card is None:
            return
        contact = card.contact
        self._began = card
        self._problem.hide()
        self.name.setText(contact.name if contact else "")
        self.role.setText(contact.role if contact else "")
        numbers = (
            contact.phones
            if contact and contact.phones
            else ((card.number,) if card.number else ())
        )
        self.phones.setText(", ".join(display_number(n) for n in numbers))
        self.email.setText(contact.email if contact else "")
        self.method.setCurrentIndex(
            max(0, self.method.findData(contact.preferred_method if contact else None))
        )
        self.best_times.setText(contact.best_times if contact else "")
        if self._client_actions is not None:
            self._fill_client_fields(card.client)
            self._read_team()  # a colleague away since: the list follows when it is read
        self._view.hide()
        self._form.show()
        if contact is not None and contact.name and contact.preferred_method is None:
            # A known caller: what the call still needs is how they want to be kept informed.
            self.method.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.name.setFocus()
            self.name.selectAll()

    def edit_usual_contact(self) -> None:
        """Open the form with the usual contact chosen next (the guide's "choose one" link)."""
        self.edit()
        if self.is_editing and self._client_actions is not None:
            self.usual_contact.setFocus()

    def _fill_client_fields(self, client: ClientRecord) -> None:
        usual = client.usual_contact
        self._fill_team(usual.id if usual else None, client)
        if not self._zones:
            self._zones = list(known_zones())
            self.timezone.addItems(self._zones)
            # "New York" or "sao paulo" finds its zone, as the hint promises.
            self.timezone.setCompleter(ZoneCompleter(self._zones, self.timezone))
        self.timezone.setCurrentText(client.timezone)

    def _fill_team(self, chosen: int | None, client: ClientRecord) -> None:
        """Offer the team as last read, with *chosen* chosen."""
        team = list(self._team)
        usual = client.usual_contact
        if usual is not None and all(m.id != usual.id for m in team):
            team.append(usual)
        now = self._now()
        self.usual_contact.clear()
        self.usual_contact.addItem(self.tr("(nobody yet)"), None)
        for member in team:
            self.usual_contact.addItem(self._member_label(member, now), member.id)
        self.usual_contact.setCurrentIndex(max(0, self.usual_contact.findData(chosen)))

    # Reading, off the GUI thread ---------------------------------------------------------------

    def _read_team(self) -> None:
        actions = self._client_actions
        if actions is None:
            return
        self._runner.submit(
            lambda: list(actions.team()),
            on_result=self._on_team_read,
            on_error=lambda exc: self.problem.emit(str(exc)),
            key=("card-team", id(self)),
            owner=self,
        )

    def _on_team_read(self, team: list[TeamMemberRecord]) -> None:
        first = not self._team_read
        self._team_read = True
        if team == self._team:
            if first:
                self._show_team_hint()  # read: the team really is empty
            return
        self._team = team
        self._show_team_hint()
        if self.is_editing and self._card is not None:
            self._fill_team(self.usual_contact.currentData(), self._card.client)  # kept chosen
        elif self._card is not None:
            self._show_text(self._card)  # the usual contact's availability

    def _on_changes_changed(self, changes: Changes) -> None:
        card = self._card
        if card is None or self._client_actions is None:
            return
        if changes.touches(Part.TEAM, case_id=card.case_id):
            self._read_team()
        if changes.touches(Part.CLIENTS, Part.TEAM, case_id=card.case_id):
            read, client_id = self._client_actions.client, card.client.id
            self._runner.submit(
                lambda: read(client_id),
                on_result=self._on_client_read,
                on_error=lambda exc: self._on_client_not_read(client_id, exc),
                key=("card-client", id(self)),
                owner=self,
            )

    def _on_client_read(self, client: ClientRecord) -> None:
        card = self._card
        if card is None or card.client.id != client.id or card.client == client:
            return
        contact = card.contact
        if contact is not None:  # renamed elsewhere too (Client details, a colleague)?
            contact = next((c for c in client.contacts if c.id == contact.id), contact)
        updated = replace(card, client=client, contact=contact)
        if self.is_editing:
            self._card = updated  # the form stays as typed; the card shows it once closed
        else:
            self.show_card(updated)
        self.saved.emit(updated)  # the call's guide follows

    def _on_client_not_read(self, client_id: int, error: CallnotesError) -> None:
        card = self._card
        if isinstance(error, NotFoundError) and card is not None and card.client.id == client_id:
            self.show_card(None)  # erased: nothing of theirs stays on screen

    def _member_label(self, member: TeamMemberRecord, now: datetime) -> str:
        """ "Priya Shah — away until 14:00 (client meeting)", or the name and role."""
        if member.is_away(now) and member.away_until is not None:
            away = self.tr("{name} — away until {until}").format(
                name=member.name, until=short_when(member.away_until, now)
            )
            return f"{away} ({member.away_reason})" if member.away_reason else away
        # Not isolated: the list jumps to the name typed, which must start the item's text.
        return f"{member.name} — {member.role}" if member.role else member.name

    def save(self) -> None:
        """Store the form (off the GUI thread); the card stays open, as typed, until it is
        stored, and with the problem shown if it cannot be."""
        if self._card is None or not self.is_editing or self._saving:
            return
        typed = self.timezone.currentText().strip()
        # A city as typed ("New York") is its zone; checked before the contact is stored.
        zone = typed if is_zone(typed) else zone_named(typed, self._zones or None)
        if self._client_actions is not None and zone is None:
            self._refuse(
                self.tr(
                    "“{zone}” is not a time zone callnotes knows; type a city and choose from "
                    "the list (for example Europe/London)."
                ).format(zone=typed[:60]),
                self.timezone,
            )
            return
        zone = zone or typed
        fields = ContactFields(
            name=self.name.text(),
            role=self.role.text(),
            phones=tuple(p.strip() for p in self.phones.text().split(",") if p.strip()),
            email=self.email.text(),
            preferred_method=ContactMethod(method)
            if (method := self.method.currentData())
            else None,
            best_times=self.best_times.text(),
        )
        # Saved from the card as the agent found it: what a colleague changed since stays.
        began = self._began or self._card
        save_contact, actions = self._save_contact, self._client_actions
        member_id = self.usual_contact.currentData() if actions is not None else None

        def store() -> CallerCard:
            card = save_contact(began, fields)
            return _with_client_fields(card, actions, member_id, zone, began.client)

        self._saving = True
        self._runner.submit(
            store, on_result=self._on_stored, on_error=self._on_store_failed, owner=self
        )

    def _on_stored(self, card: CallerCard) -> None:
        self._saving = False
        self.show_card(card)
        self.saved.emit(card)
        self.editing_finished.emit()
        if card.kept_beside:  # a colleague changed it meanwhile: theirs shows, ours is kept
            self.problem.emit(" ".join(card.kept_beside))

    def _on_store_failed(self, error: CallnotesError) -> None:
        self._saving = False
        if self.is_editing:
            # The keyboard goes to the field refused (a bad number, whatever field Enter was in).
            fields: dict[str, QWidget] = {
                "name": self.name,
                "phones": self.phones,
                "email": self.email,
                "timezone": self.timezone,
            }
            field = fields.get(error.field) if isinstance(error, InvalidFieldError) else None
            self._refuse(str(error), field)
        else:
            self.problem.emit(str(error))

    def _refuse(self, message: str, field: QWidget | None) -> None:
        """Say in one sentence why the card was not saved; the form stays as typed, with the
        keyboard in the refused *field* (its text selected, to be typed over)."""
        self.refused = message
        self._problem.setText(message)
        self._problem.show()
        self.problem.emit(message)
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(field, QLineEdit):
                field.selectAll()

    def cancel(self) -> None:
        """Close the form without saving."""
        self.show_card(self._card)
        self.editing_finished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Escape closes the form; Enter on a list (prefers, usual contact) saves it."""
        if event.key() == Qt.Key.Key_Escape and self.is_editing:
            self.cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.is_editing:
            self.save()
            return
        super().keyPressEvent(event)

    def _edit_key(self) -> str:
        return key_text(self._client_actions.edit_action if self._client_actions else None)

    def _render(self, card: CallerCard | None, now: datetime) -> str:
        if card is None:
            return ""
        # What the agent typed is isolated, numbers read left to right (see common/bidi.py).
        e = html.escape
        contact = card.contact
        lines = []
        who = e(isolated(contact.name)) if contact else self.tr("Unknown caller")
        role = f" · {e(isolated(contact.role))}" if contact and contact.role else ""
        client = card.client
        if contact is None and client.name == unnamed_caller(card.number):
            lines.append(f"<b>{who}</b>")  # a client named after its unknown caller: said once
        elif client.is_client(contact):
            lines.append(f"<b>{who}</b>{role}")  # the client in person: one name
        else:
            lines.append(f"<b>{who}</b>{role} — {e(isolated(client.name))}")
        numbers = (
            contact.phones
            if contact and contact.phones
            else ((card.number,) if card.number else ())
        )
        reach = [left_to_right(display_number(n)) for n in numbers]
        if contact and contact.email:
            reach.append(left_to_right(contact.email))
        if reach:
            lines.append(e(" · ".join(reach)))
        if contact and contact.preferred_method:
            prefers = self.tr("Prefers {method}").format(
                method=self.tr(_METHOD_LABELS[contact.preferred_method]).lower()
            )
            if contact.best_times:
                prefers += composed(self.tr(", best {times}"), times=contact.best_times)
            lines.append(e(prefers))
        else:
            lines.append(
                _to_fill(self._with_key(self.tr("Preferred contact method not asked yet")))
            )
        usual = card.client.usual_contact
        if usual is None:
            lines.append(_to_fill(self._with_key(self.tr("No usual contact set"), choose=True)))
        elif usual.is_away(now) and usual.away_until is not None:
            away = composed(
                self.tr("Usual contact {name} is away until {until}"),
                name=usual.name,
                until=short_when_both(usual.away_until, now, card.client.timezone),
            )
            if usual.away_reason:
                away += f" ({isolated(usual.away_reason)})"
            lines.append(f"<span style='color:#8a8f98'>{e(away)}</span>")
        else:
            usual_line = composed(self.tr("Usual contact: {name}"), name=usual.name)
            lines.append(f"<span style='color:#8a8f98'>{e(usual_line)}</span>")
        lines.append(f"<span style='color:#8a8f98'>{e(self._zone_line(card.client, now))}</span>")
        return rich_lines(lines)

    def _with_key(self, text: str, *, choose: bool = False) -> str:
        """*text* and the key that opens the form: "No usual contact set (Ctrl+E to choose one)"."""
        key = self._edit_key()
        if not key:
            return text
        if choose:
            return self.tr("{text} ({key} to choose one)").format(text=text, key=key)
        return self.tr("{text} ({key})").format(text=text, key=key)

    def _zone_line(self, client: ClientRecord, now: datetime) -> str:
        try:
            there = now.astimezone(zoneinfo.ZoneInfo(client.timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            return self.tr("Time zone {zone} (unknown)").format(zone=client.timezone)
        return self.tr("Time zone {zone} · {time} there now").format(
            zone=client.timezone, time=f"{there:%H:%M}"
        )


def _plain(rich_text: str) -> str:
    """The card's text as a screen reader reads it: logical order, no marks."""
    text = QTextDocument()
    text.setHtml(rich_text)
    return plain(text.toPlainText())


def _to_fill(text: str) -> str:
    """Something the agent still has to ask or set, in the colour the guide uses for it."""
    return f"<span style='color:#b45309'>{html.escape(text)}</span>"


def _with_client_fields(
    card: CallerCard,
    actions: ClientFieldActions | None,
    member_id: int | None,
    zone: str,
    began: ClientRecord,
) -> CallerCard:
    """On the worker thread: *card* with the usual contact and zone stored, if the agent
    changed them from what they found (*began*)."""
    if actions is None:
        return card
    usual = began.usual_contact
    if member_id == (usual.id if usual else None) and zone == began.timezone:
        return card
    client = actions.save(card.client.id, member_id, zone, began, card.case_id)
    kept = card.kept_beside + tuple(sentence for _field, sentence in client.kept_beside)
    return replace(card, client=client, kept_beside=kept)
