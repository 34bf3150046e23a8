"""The team directory: who is on the team, who manages whom, and who is away until when.

Keyboard: arrows move through the table; Insert adds, Enter or F2 edits, Delete removes; Tab
reaches the buttons (with Alt+W "Set away", Alt+B "Set back", Alt+U "Usual contact for",
Alt+I "Import CSV" where the platform underlines mnemonics); Esc closes.

The directory works through :class:`~callnotes.ui.escalation.actions.TeamActions`, each read
and write through the task runner: it opens at once and fills when the team has been read; a
form stays open until what it asks for is stored, and a refusal shows in it with everything
typed. What it changes reaches the ladder and the issue owners through the change notice, and
the directory redraws from the same notice, whoever changed the team or the clients.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import shiboken6
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

from callnotes.domain.changes import Changes, Part
from callnotes.domain.people import TeamMemberRecord
from callnotes.domain.team import MemberDraft
from callnotes.errors import CallnotesError
from callnotes.services.escalation.team import ClientLink, ImportSummary
from callnotes.ui.common import file_dialogs
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.key_names import with_key
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner
from callnotes.ui.escalation.actions import TeamActions
from callnotes.ui.escalation.team_member_dialog import AwayDialog, MemberDialog, UsualContactDialog
from callnotes.ui.escalation.team_table_model import TeamTableModel

_MAX_COLUMN_WIDTH = 190
#: What the directory shows: the colleagues, and the clients each is the usual contact of.
_SHOWN_PARTS = (Part.TEAM, Part.CLIENTS)
T = TypeVar("T")


class TeamDialog(QDialog):
    """Lists the team and changes it through *team* (its actions).

    With a *runner*, reads and writes run off the GUI thread (without one, at once: for a test
    of the dialog alone); with *changes*, the directory redraws when the team or the clients
    change.
    """

    def __init__(
        self,
        team: TeamActions,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        changes: ChangeNotice | None = None,
    ) -> None:
        super().__init__(parent)
        self._team = team
        self._clock = team.now
        self._runner = runner if runner is not None else SynchronousTaskRunner(self)
        self._follows_changes = changes is not None
        self._clients: list[ClientLink] | None = None  # as last read, for the client chooser
        self._select_next: int | None = None  # the member to select once the team is read
        self._writing: list[QDialog] = []  # the forms whose write is on its way
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
        self.summary.setText(self.tr("Reading the team…"))
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)
        self.reload()
        self.table.setFocus()

    # Public ----------------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Read the team again (off the GUI thread); *select* (a member id), else the member
        selected when the team arrives, stays selected."""
        if select is not None:
            self._select_next = select
        members, clients = self._team.members, self._team.clients
        self._runner.submit(
            lambda: (members(), clients()),
            on_result=lambda found: self._show_team(*found),
            on_error=lambda exc: self.banner.show_message(str(exc)),
            key=("team-directory", id(self)),
            owner=self,
        )

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
        dialog = AwayDialog(member, self._clock(), self, self._members(), self._clients or ())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.away_chosen.connect(
            lambda until, reason, stand_in, per_client: self._store_away(
                dialog, member.id, until, reason, stand_in, per_client
            )
        )
        self.away_dialog = dialog
        dialog.open()
        return dialog

    def set_back(self) -> None:
        """The selected colleague is available again."""
        member_id = self.selected_id()
        if member_id is None:
            return
        set_back = self._team.set_back
        self._apply(lambda: set_back(member_id), member_id)

    def choose_clients(self) -> UsualContactDialog | None:
        """The clients the selected colleague is the usual contact of, to tick or untick."""
        member = self.model.member_at(self.table.currentIndex().row())
        if member is None:
            return None
        # The clients as last read (the directory follows the change notice): no wait.
        dialog = UsualContactDialog(member, self._clients, self)
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

    def import_file(self, path: Path) -> None:
        """Import *path* (off the GUI thread): all of it, and the summary says how many; or
        nothing, and the banner names the bad rows."""
        import_csv_file = self._team.import_csv_file
        self.summary.setText(self.tr("Importing {file}…").format(file=path.name))
        self._runner.submit(
            lambda: import_csv_file(path),
            on_result=lambda summary: self._on_imported(path, summary),
            on_error=self._on_import_failed,
            owner=self,
        )

    # Helpers ---------------------------------------------------------------------------------

    def _on_csv_chosen(self, path: Path) -> None:
        self.import_file(path)

    def _show_team(
        self, members: Sequence[TeamMemberRecord], client_links: Sequence[ClientLink]
    ) -> None:
        keep = self._select_next if self._select_next is not None else self.selected_id()
        self._select_next = None
        if self.summary.text() == self.tr("Reading the team…"):
            self.summary.clear()
        self._clients = list(client_links)
        clients: dict[int, list[str]] = {}
        for client in client_links:
            if client.usual_contact_id is not None:
                clients.setdefault(client.usual_contact_id, []).append(client.name)
        self.model.set_members(members, self._clock(), clients)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):  # long cells elide; tooltips show all
            header.resizeSection(column, min(header.sectionSize(column), _MAX_COLUMN_WIDTH))
        row = self.model.row_of(keep) if keep is not None else None
        if self.model.rowCount():
            self._select_row(row if row is not None else 0)
        self._update_buttons()
        chooser = self.clients_dialog
        if chooser is not None and shiboken6.isValid(chooser) and chooser.waiting:
            chooser.show_clients(self._clients)

    def _on_imported(self, path: Path, summary: ImportSummary) -> None:
        self.summary.setText(
            self.tr("Imported {file}: {added} added, {updated} updated.").format(
                file=path.name, added=summary.added, updated=summary.updated
            )
        )
        self._changed(None)

    def _on_import_failed(self, exc: CallnotesError) -> None:
        self.summary.clear()
        self.banner.show_message(str(exc))

    def _on_changes_changed(self, changes: Changes) -> None:
        if changes.touches(*_SHOWN_PARTS):
            self.reload()

    def _members(self) -> list[TeamMemberRecord]:
        return [m for row in range(self.model.rowCount()) if (m := self.model.member_at(row))]

    def _open_member_dialog(self, dialog: MemberDialog) -> MemberDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.member_dialog = dialog
        dialog.open()
        return dialog

    def _store(self, dialog: MemberDialog, member_id: int | None, draft: MemberDraft) -> None:
        add, update = self._team.add_member, self._team.update_member

        def store() -> TeamMemberRecord:
            return add(draft) if member_id is None else update(member_id, draft)

        self._write(dialog, store, lambda stored: self._changed(stored.id))

    def _store_away(
        self,
        dialog: AwayDialog,
        member_id: int,
        until: datetime,
        why: str,
        stand_in: int | None,
        per_client: dict[int, int | None],
    ) -> None:
        set_away = self._team.set_away
        self._write(
            dialog,
            lambda: set_away(member_id, until, why, stand_in, per_client),
            lambda _: self._changed(member_id),
        )

    def _store_clients(
        self, dialog: UsualContactDialog, member_id: int, client_ids: list[int]
    ) -> None:
        choose = self._team.set_usual_contact_for
        self._write(
            dialog, lambda: choose(member_id, client_ids), lambda _: self._changed(member_id)
        )

    def _remove(self, member_id: int) -> None:
        remove = self._team.remove_member
        self._apply(lambda: remove(member_id), None)

    def _apply(self, change: Callable[[], object], select: int | None) -> None:
        """A change asked for from the directory itself: a refusal shows in its banner."""
        self._runner.submit(
            change,
            on_result=lambda _done: self._changed(select),
            on_error=lambda exc: self.banner.show_message(str(exc)),
            owner=self,
        )

    def _write(self, form: Any, change: Callable[[], T], done: Callable[[T], None]) -> None:
        """Store what *form* asks for; it closes once stored, and a refusal stays in it with
        everything typed. A second Enter while the first is on its way does nothing."""
        if form in self._writing:
            return
        self._writing.append(form)

        def stored(result: T) -> None:
            self._writing.remove(form)
            if shiboken6.isValid(form):
                form.accept()
            done(result)

        def refused(exc: CallnotesError) -> None:
            self._writing.remove(form)
            if shiboken6.isValid(form):
                form.show_problem(str(exc))

        self._runner.submit(change, on_result=stored, on_error=refused, owner=self)

    def _changed(self, select: int | None) -> None:
        """A change of the directory's own was stored: the notice redraws it, *select* chosen."""
        self.banner.clear()
        row = self.model.row_of(select) if select is not None else None
        if row is not None and self._follows_changes:
            # The notice's read arrived before this answer: the member is shown already.
            self._select_row(row)
        else:
            self._select_next = select
        if not self._follows_changes:
            self.reload()
        self.table.setFocus()

    def _select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._update_buttons()

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
