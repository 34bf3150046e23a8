"""The small forms of the team directory: a member's details, an absence, their clients."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.phones import display_number
from callnotes.domain.team import FIELD_LIMITS, MemberDraft, short_when
from callnotes.services.escalation.team import ClientLink
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.date_time_edit import DateTimeEdit

_DATE_FORMAT = "ddd d MMM yyyy HH:mm"


class MemberDialog(QDialog):
    """Adds or edits one colleague; ``member_chosen`` carries a :class:`MemberDraft`.

    The dialog stays open until the directory has stored the details, so a refused field can
    be corrected without typing everything again.
    """

    member_chosen = Signal(object)

    def __init__(
        self,
        team: Sequence[TeamMemberRecord],
        member: TeamMemberRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if member is not None:
            title = self.tr("Edit {name}").format(name=member.name)
        else:
            title = self.tr("Add a team member")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.name = self._line("name", self.tr("Name"), member.name if member else "")
        self.role = self._line("role", self.tr("Role"), member.role if member else "")
        self.role.setPlaceholderText(self.tr("e.g. Account manager, Team lead"))
        self.team = QComboBox(self)
        self.team.setEditable(True)
        self.team.setAccessibleName(self.tr("Team"))
        teams = sorted({m.team for m in team if m.team}, key=str.casefold)
        self.team.addItems(teams)
        self.team.setCurrentText(member.team if member else "")
        line = self.team.lineEdit()
        if line is not None:
            line.setMaxLength(FIELD_LIMITS["team"])
        self.manager = QComboBox(self)
        self.manager.setAccessibleName(self.tr("Manager"))
        self.manager.addItem(self.tr("(nobody)"), None)
        for other in team:
            if member is None or other.id != member.id:
                self.manager.addItem(other.name, other.id)
        if member is not None and member.manager_id is not None:
            self.manager.setCurrentIndex(max(0, self.manager.findData(member.manager_id)))
        phone = display_number(member.phone) if member and member.phone else ""
        self.phone = self._line("phone", self.tr("Phone"), phone)
        self.email = self._line("email", self.tr("E-mail"), member.email if member else "")
        self.db_login = self._line(
            "db_login", self.tr("Team database login"), member.db_login if member else ""
        )
        self.db_login.setPlaceholderText(self.tr("the login they connect to a team database with"))
        self.db_login.setToolTip(
            self.tr(
                "On a team database, what this login writes is recorded as written by this "
                "colleague. Leave empty on a single desktop."
            )
        )
        self.problem = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Role"), self.role)
        form.addRow(self.tr("&Team"), self.team)
        form.addRow(self.tr("&Manager"), self.manager)
        form.addRow(self.tr("&Phone"), self.phone)
        form.addRow(self.tr("&E-mail"), self.email)
        form.addRow(self.tr("&Login"), self.db_login)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.setMinimumWidth(380)
        self.name.setFocus()

    def draft(self) -> MemberDraft:
        """The details as typed."""
        return MemberDraft(
            name=self.name.text(),
            role=self.role.text(),
            team=self.team.currentText(),
            manager_id=self.manager.currentData(),
            phone=self.phone.text(),
            email=self.email.text(),
            db_login=self.db_login.text(),
        )

    def show_problem(self, message: str) -> None:
        """The directory refused the details: say why, keep what was typed."""
        self.problem.show_message(message)

    def _line(self, field: str, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(f"member_{field}")
        edit.setAccessibleName(name)
        edit.setMaxLength(FIELD_LIMITS[field])
        return edit

    def _on_buttons_accepted(self) -> None:
        self.member_chosen.emit(self.draft())


class AwayDialog(QDialog):
    """When a colleague is back, why they are away and who covers their clients meanwhile.

    ``away_chosen`` carries (until, why, the stand-in's id or None, and by client id who covers
    that client in particular: None for the stand-in above). Tab goes from field to field, one
    "covered by" per client of theirs after the one for all of them.
    """

    away_chosen = Signal(object, str, object, object)

    def __init__(
        self,
        member: TeamMemberRecord,
        now: datetime,
        parent: QWidget | None = None,
        team: Sequence[TeamMemberRecord] = (),
        clients: Sequence[ClientLink] = (),
    ):
        super().__init__(parent)
        title = self.tr("{name} is away").format(name=member.name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.until = DateTimeEdit(self)
        self.until.setObjectName("awayUntil")
        self.until.setAccessibleName(self.tr("Back at"))
        self.until.setDisplayFormat(_DATE_FORMAT)
        self.until.setCalendarPopup(True)
        # An absence not yet over is being edited: it keeps its start (the directory does not
        # move it) and, unless changed here, its end to the second.
        ongoing = member.away_until if member.away_until and member.away_until > now else None
        self._kept_until = ongoing
        self.until.setDateTime(_qt(ongoing) if ongoing else _next_morning(now))
        self.since: QLabel | None = None
        if ongoing is not None and member.away_since is not None:
            self.since = QLabel(short_when(member.away_since, now), self)
            self.since.setObjectName("awaySince")
            self.since.setAccessibleName(self.tr("Away since"))
        self.reason = QLineEdit(member.away_reason, self)
        self.reason.setObjectName("awayReason")
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setMaxLength(FIELD_LIMITS["away_reason"])
        self.reason.setPlaceholderText(self.tr("e.g. annual leave, off-site meeting"))
        self.stand_in = QComboBox(self)
        self.stand_in.setObjectName("awayStandIn")
        self.stand_in.setAccessibleName(self.tr("Stand-in: who covers their clients"))
        self.stand_in.addItem(self.tr("Nobody named"), None)
        for other in team:
            if other.id != member.id:
                self.stand_in.addItem(other.name, other.id)
        found = self.stand_in.findData(member.stand_in_id)
        self.stand_in.setCurrentIndex(max(found, 0))
        # One "covered by" per client of theirs: the stand-in above unless another is chosen.
        self.client_stand_ins: dict[int, QComboBox] = {}
        for client in clients:
            if client.usual_contact_id != member.id:
                continue
            box = QComboBox(self)
            box.setAccessibleName(self.tr("Covers {client}").format(client=client.name))
            box.addItem(self.tr("The stand-in above"), None)
            for other in team:
                if other.id != member.id:
                    box.addItem(other.name, other.id)
            box.setCurrentIndex(max(box.findData(client.stand_in_id), 0))
            self.client_stand_ins[client.id] = box
        self.problem = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if self.since is not None:
            form.addRow(self.tr("Away since"), self.since)
        form.addRow(self.tr("&Back at"), self.until)
        form.addRow(self.tr("&Why"), self.reason)
        form.addRow(self.tr("&Covered by"), self.stand_in)
        if self.client_stand_ins:
            form.addRow(QLabel(self.tr("For one client in particular:"), self))
        names = {client.id: client.name for client in clients}
        for client_id, chooser in self.client_stand_ins.items():
            form.addRow(names[client_id], chooser)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.setMinimumWidth(360)
        self.reason.setFocus()

    def show_problem(self, message: str) -> None:
        """The absence was refused: say why, keep what was typed."""
        self.problem.show_message(message)

    def until_value(self) -> datetime:
        """The time chosen, in UTC (the absence's own end when left as it was)."""
        kept = self._kept_until
        if kept is not None and self.until.dateTime() == _qt(kept):
            return kept
        return datetime.fromtimestamp(self.until.dateTime().toSecsSinceEpoch(), UTC)

    def stand_in_id(self) -> int | None:
        """The colleague chosen to cover (None: nobody named)."""
        found = self.stand_in.currentData()
        return int(found) if found is not None else None

    def client_stand_in_ids(self) -> dict[int, int | None]:
        """By client id, who covers that client in particular (None: the stand-in above)."""
        return {
            client_id: (int(box.currentData()) if box.currentData() is not None else None)
            for client_id, box in self.client_stand_ins.items()
        }

    def _on_buttons_accepted(self) -> None:
        self.away_chosen.emit(
            self.until_value(), self.reason.text(), self.stand_in_id(), self.client_stand_in_ids()
        )


class UsualContactDialog(QDialog):
    """The clients a colleague is the usual contact of, ticked in a list of every client.

    ``clients_chosen`` carries the ids of the ticked clients. Space ticks, Enter saves. Opened
    before the clients have been read (*clients* None), it says so and fills once they are
    given (:meth:`show_clients`).
    """

    clients_chosen = Signal(list)

    def __init__(
        self,
        member: TeamMemberRecord,
        clients: Sequence[ClientLink] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.member_id = member.id
        self._member = member
        self._waiting = True
        title = self.tr("{name} is the usual contact for…").format(name=member.name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.intro = QLabel(self.tr("Reading the clients…"), self)
        self.intro.setWordWrap(True)
        self.clients = QListWidget(self)
        self.clients.setObjectName("usualContactClients")
        self.clients.setAccessibleName(self.tr("Clients"))
        self.problem = BannerWidget(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self._save = buttons.button(QDialogButtonBox.StandardButton.Save)
        self._save.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.clients, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)
        self.clients.setFocus()
        if clients is not None:
            self.show_clients(clients)

    @property
    def waiting(self) -> bool:
        """Whether the clients have not been given yet."""
        return self._waiting

    def show_clients(self, clients: Sequence[ClientLink]) -> None:
        """List *clients*, those the colleague is the usual contact of ticked."""
        member = self._member
        self._waiting = False
        self.clients.clear()
        for client in clients:
            text = client.name
            if client.usual_contact_id not in (None, member.id):
                text = self.tr("{client} (now: {name})").format(
                    client=client.name, name=client.usual_contact_name
                )
            item = QListWidgetItem(text, self.clients)
            item.setData(Qt.ItemDataRole.UserRole, client.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = client.usual_contact_id == member.id
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.intro.setText(
            self.tr(
                "Tick the clients who usually deal with {name}. Space ticks or unticks, "
                "Enter saves."
            ).format(name=member.name)
            if clients
            else self.tr("There are no clients yet: they are added by the first call.")
        )
        self.clients.setCurrentRow(0)
        self._save.setEnabled(True)

    def chosen_ids(self) -> list[int]:
        """The ids of the ticked clients."""
        items = (self.clients.item(row) for row in range(self.clients.count()))
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        ]

    def show_problem(self, message: str) -> None:
        """The choice was refused: say why, keep the ticks."""
        self.problem.show_message(message)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        """Enter saves, also from the list (where it would otherwise do nothing)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_buttons_accepted()
            return
        super().keyPressEvent(event)

    def _on_buttons_accepted(self) -> None:
        if not self._waiting:  # nothing to save before the clients are shown
            self.clients_chosen.emit(self.chosen_ids())


def _qt(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def _next_morning(now: datetime) -> QDateTime:
    """09:00 on the next day, in the computer's time zone: where most absences end."""
    local = _qt(now)
    return QDateTime(local.date().addDays(1), QTime(9, 0))
