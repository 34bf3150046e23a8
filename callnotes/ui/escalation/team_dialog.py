"""The team directory: who is on the team, who manages whom, and who is away until when.

Keyboard: arrows move through the table; Insert adds, Enter or F2 edits, Delete removes; Tab
reaches the buttons (with Alt+W "Set away", Alt+B "Set back", Alt+U "Usual contact for",
Alt+I "Import CSV" where the platform underlines mnemonics); Esc closes.

The directory works through :class:`~callnotes.ui.escalation.actions.TeamActions`; what it
changes reaches the ladder and the issue owners through the change notice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import MemberDraft
from callnotes.errors import CallnotesError
from callnotes.services.escalation.team import ImportSummary
from callnotes.ui.common import file_dialogs
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.key_names import with_key
from callnotes.ui.escalation.actions import TeamActions
from callnotes.ui.escalation.team_member_dialog import AwayDialog, MemberDialog, UsualContactDialog
from callnotes.ui.escalation.team_table_model import TeamTableModel

_MAX_COLUMN_WIDTH = 190


class TeamDialog(QDialog):
    """Lists the team and changes it through *team* (its actions)."""

    def __init__(self, team: TeamActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._team = team
        self._clock = team.now
        self.member_dialog: MemberDialog | None = None
        self.away_dialog: AwayDialog | None = None
        self.clients_dialog: UsualContactDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Team directory"))
        self.setAccessibleName(self.tr("Team directory"))
        self.model = TeamTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("teamTable")
        self.table.setAccessibleName(self.tr("Team members"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("teamSummary")
        self.summary.setWordWrap(True)
        self.banner = BannerWidget(self)
        # Tooltips name the keys of the table's own shortcuts (see _connect), never typed by hand.
        self.add_button = self._button(self.tr("&Add…"), self.tr("Add a member"))
        self.edit_button = self._button(self.tr("&Edit…"), self.tr("Edit the selected member"))
        self.remove_button = self._button(self.tr("&Remove…"), self.tr("Remove"))
        self.away_button = self._button(self.tr("Set a&way…"), self.tr("Away until a time"))
        self.back_button = self._button(self.tr("Set &back"), self.tr("Available again"))
        self.clients_button = self._button(
            self.tr("&Usual contact for…"),
            self.tr("The clients who usually deal with the selected member"),
        )
        self.import_button = self._button(
            self.tr("&Import CSV…"), self.tr("Add or update members from a CSV file")
        )
        self.close_button = self._button(
            self.tr("Close"), _with_key(self.tr("Close"), QKeySequence(Qt.Key.Key_Escape))
        )
        self._build()
        self._connect()
        self.resize(760, 440)
        self.reload()
        self.table.setFocus()

    # Public ----------------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the team again; *select* (a member id) or the selected member stays selected."""
        keep = select if select is not None else self.selected_id()
        try:
            members = self._team.members()
            clients: dict[int, list[str]] = {}
            for client in self._team.clients():
                if client.usual_contact_id is not None:
                    clients.setdefault(client.usual_contact_id, []).append(client.name)
        except CallnotesError as exc:
            self.banner.show_message(str(exc))
            return
        self.model.set_members(members, self._clock(), clients)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):  # long cells elide; tooltips show all
            header.resizeSection(column, min(header.sectionSize(column), _MAX_COLUMN_WIDTH))
        row = self.model.row_of(keep) if keep is not None else None
        if self.model.rowCount():
            index = self.model.index(row if row is not None else 0, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._update_buttons()

    def selected_id(self) -> int | None:
        """The member selected in the table."""
        member = self.model.member_at(self.table.currentIndex().row())
        return member.id if member is not None else None

    def add_member(self) -> MemberDialog:
        """Insert: a form for a new colleague."""
        dialog = MemberDialog(self._members(), None, self)
        dialog.member_chosen.connect(lambda draft: self._store(dialog, None, draft))
        return self._open_member_dialog(dialog)

    def edit_member(self) -> MemberDialog | None:
        """Enter or F2: the selected colleague's details."""
        member = self.model.member_at(self.table.currentIndex().row())
        if member is None:
            return None
        dialog = MemberDialog(self._members(), member, self)
        dialog.member_chosen.connect(lambda draft: self._store(dialog, member.id, draft))
        return self._open_member_dialog(dialog)

    def remove_member(self) -> QMessageBox | None:
        """Delete: ask first, then remove the selected colleague."""
        member = self.model.member_at(self.table.currentIndex().row())
        if member is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove {name}?").format(name=member.name),
            self.tr(
                "Remove {name} from the team? Issues they own become unowned; what they did "
                "stays on record under their name."
            ).format(name=member.name),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("Keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        remove.clicked.connect(lambda: self._remove(member.id))
        self.confirm_box = box
        box.open()
        return box

    def set_away(self) -> AwayDialog | None:
        """When the selected colleague is back, and why they are away."""
        member = self.model.member_at(self.table.currentIndex().row())
        if member is None:
            return None
        dialog = AwayDialog(member, self._clock(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.away_chosen.connect(
            lambda until, reason: self._store_away(dialog, member.id, until, reason)
        )
        self.away_dialog = dialog
        dialog.open()
        return dialog

    def set_back(self) -> None:
        """The selected colleague is available again."""
        member_id = self.selected_id()
        if member_id is None:
            return
        self._apply(lambda: self._team.set_back(member_id), member_id)

    def choose_clients(self) -> UsualContactDialog | None:
        """The clients the selected colleague is the usual contact of, to tick or untick."""
        member = self.model.member_at(self.table.currentIndex().row())
        if member is None:
            return None
        try:
            clients = self._team.clients()
        except CallnotesError as exc:
            self.banner.show_message(str(exc))
            return None
        dialog = UsualContactDialog(member, clients, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.clients_chosen.connect(lambda ids: self._store_clients(dialog, member.id, ids))
        self.clients_dialog = dialog
        dialog.open()
        return dialog

    def choose_csv(self) -> QWidget:
        """Ask for a CSV file, then import it."""
        return file_dialogs.ask_open_path(
            self,
            self.tr("Import team from CSV"),
            file_dialogs.documents_folder(),
            self.tr("CSV files (*.csv);;All files (*)"),
            self._on_csv_chosen,
        )

    def import_file(self, path: Path) -> ImportSummary | None:
        """Import *path*: all of it, or nothing and a message naming the bad rows."""
        try:
            summary = self._team.import_csv_file(path)
        except CallnotesError as exc:
            self.banner.show_message(str(exc))
            return None
        self.banner.clear()
        self.summary.setText(
            self.tr("Imported {file}: {added} added, {updated} updated.").format(
                file=path.name, added=summary.added, updated=summary.updated
            )
        )
        self.reload()
        return summary

    # Helpers ---------------------------------------------------------------------------------

    def _on_csv_chosen(self, path: Path) -> None:
        self.import_file(path)

    def _members(self) -> list[TeamMemberRecord]:
        return [m for row in range(self.model.rowCount()) if (m := self.model.member_at(row))]

    def _open_member_dialog(self, dialog: MemberDialog) -> MemberDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.member_dialog = dialog
        dialog.open()
        return dialog

    def _store(self, dialog: MemberDialog, member_id: int | None, draft: MemberDraft) -> None:
        try:
            if member_id is None:
                stored = self._team.add_member(draft)
            else:
                stored = self._team.update_member(member_id, draft)
        except CallnotesError as exc:
            dialog.show_problem(str(exc))
            return
        dialog.accept()
        self._changed(stored.id)

    def _store_away(self, dialog: AwayDialog, member_id: int, until: datetime, why: str) -> None:
        try:
            self._team.set_away(member_id, until, why)
        except CallnotesError as exc:
            dialog.show_problem(str(exc))
            return
        dialog.accept()
        self._changed(member_id)

    def _store_clients(
        self, dialog: UsualContactDialog, member_id: int, client_ids: list[int]
    ) -> None:
        try:
            self._team.set_usual_contact_for(member_id, client_ids)
        except CallnotesError as exc:
            dialog.show_problem(str(exc))
            return
        dialog.accept()
        self._changed(member_id)

    def _remove(self, member_id: int) -> None:
        self._apply(lambda: self._team.remove_member(member_id), None)

    def _apply(self, change: Callable[[], object], select: int | None) -> None:
        try:
            change()
        except CallnotesError as exc:
            self.banner.show_message(str(exc))
            return
        self._changed(select)

    def _changed(self, select: int | None) -> None:
        self.banner.clear()
        self.reload(select)
        self.table.setFocus()

    def _update_buttons(self) -> None:
        member = self.model.member_at(self.table.currentIndex().row())
        for button in (
            self.edit_button,
            self.remove_button,
            self.away_button,
            self.clients_button,
        ):
            button.setEnabled(member is not None)
        away = member is not None and member.away_until is not None
        self.back_button.setEnabled(away)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        # No default button: Enter in the table edits the member instead of closing.
        button.setAutoDefault(False)
        button.setDefault(False)
        return button

    def _shortcut(
        self,
        keys: QKeySequence.StandardKey | str,
        slot: Callable[[], object],
        button: QPushButton,
    ) -> None:
        """A key of the table that does what *button* does; the button's tooltip names it."""
        action = QAction(self.table)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.table.addAction(action)
        button.setToolTip(_with_key(button.toolTip(), action.shortcut()))

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_member)
        self.remove_button.clicked.connect(self.remove_member)
        self.away_button.clicked.connect(self.set_away)
        self.back_button.clicked.connect(self.set_back)
        self.clients_button.clicked.connect(self.choose_clients)
        self.import_button.clicked.connect(self.choose_csv)
        self.close_button.clicked.connect(self.accept)
        self.table.activated.connect(lambda _index: self.edit_member())
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self._shortcut("Insert", self.add_member, self.add_button)
        self._shortcut("F2", self.edit_member, self.edit_button)
        self._shortcut(QKeySequence.StandardKey.Delete, self.remove_member, self.remove_button)

    def _build(self) -> None:
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.away_button,
            self.back_button,
            self.clients_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addLayout(bottom)


def _with_key(text: str, keys: QKeySequence) -> str:
    """``Add a member (Ins)``: *text* and the key as this keyboard names it."""
    return with_key(text, keys)
