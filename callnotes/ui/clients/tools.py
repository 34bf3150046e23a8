"""The Client menu of the call window: details, export everything about, or erase the client.

The client is the one of the case the window shows. Export and erasure run on the window's task
runner; erasing is refused while a call with that client is in progress. The client card's form
(Ctrl+E) changes the client's usual contact and time zone through here too.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from callnotes.domain.people import ClientRecord
from callnotes.errors import CallnotesError
from callnotes.services.clients.erasure import ErasureCounts
from callnotes.services.clients.export import ClientExport
from callnotes.ui.clients.card import ClientFieldActions
from callnotes.ui.clients.details_dialog import ClientDetailsDialog
from callnotes.ui.clients.erase_dialog import ClientEraseDialog
from callnotes.ui.common import file_dialogs
from callnotes.ui.common.key_names import key_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from callnotes.domain.cases import CaseSummary
    from callnotes.ui.shell.main_window import MainWindow


class ClientTools(QObject):
    """Plugs the Client menu into the call window (see case_tools)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = window.ctx
        self._case_id: int | None = None
        self.dialog: QDialog | None = None
        self.box: QMessageBox | None = None
        # Replaced in tests, like every file dialog (see file_dialogs).
        self.ask_save_path: file_dialogs.AskSavePath = file_dialogs.ask_save_path
        self.folder = file_dialogs.documents_folder()
        self.menu = window.menu("client")
        add = window.menus.add
        # Name, time zone and usual contact (once only "Rename client…").
        self.rename_action = add(self.menu, window.tr("Client &details…"), "", self.rename)
        self.export_action = add(
            self.menu, window.tr("E&xport client's data…"), "", self.export_data
        )
        self.menu.addSeparator()
        self.erase_action = add(self.menu, window.tr("&Erase client…"), "", self.erase)
        # Not in a menu (Ctrl+E opens the same form): what the guide's "choose one" link does.
        self.choose_usual_contact_action = QAction(window.tr("Choose the usual contact"), window)
        self.choose_usual_contact_action.triggered.connect(window.card.edit_usual_contact)
        window.card.set_client_actions(
            ClientFieldActions(
                team=self._ctx.clients.team,
                save=self._save_from_card,
                edit_action=window.menus.edit_card,
            )
        )
        # The team directory or another desktop may have changed the client: look again
        # whenever the window is back in front.
        window.installEventFilter(self)
        self.show_case(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """The window is active again: show the client as it now stands on the card."""
        if watched is self._window and event.type() == QEvent.Type.WindowActivate:
            self.reload_card()
        return False

    def reload_card(self) -> None:
        """Read the client on the card again; the card and the guide follow a change."""
        card = self._window.card.card
        if card is None or self._window.card.is_editing:
            return
        try:
            client = self._ctx.clients.get_client(card.client.id)
        except CallnotesError:
            return  # erased meanwhile: the erasure itself clears the card
        if client != card.client:
            self._client_changed(client)

    # -- the CaseTool interface ---------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows: its client is the one these actions are about."""
        self._case_id = case_id
        for action in (self.rename_action, self.export_action, self.erase_action):
            action.setEnabled(case_id is not None)

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Nothing about the client holds a call back."""
        return []

    # -- actions --------------------------------------------------------------------------------

    def rename(self) -> ClientDetailsDialog | None:
        """Correct the name, time zone or usual contact of the shown case's client."""
        case = self._shown_case()
        if case is None:
            return None
        try:
            client = self._ctx.clients.get_client(case.client_id)
            team = self._ctx.clients.team()
        except CallnotesError as exc:
            self._window.banner.show_message(str(exc))
            return None
        zones = sorted(zoneinfo.available_timezones() | {client.timezone})
        dialog = ClientDetailsDialog(client, zones, self._window, team=team, now=self._ctx.clock())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.details_chosen.connect(lambda name, zone: self._store(dialog, name, zone))
        self._keep(dialog)
        dialog.open()
        return dialog

    def export_data(self) -> None:
        """Ask where to save everything held about the client, then write it off the GUI thread."""
        case = self._shown_case()
        if case is None:
            return
        self._window.flush()  # what was just typed belongs in the copy
        self.ask_save_path(
            self._window,
            self._window.tr("Export the data of {client}").format(client=case.client_name),
            self.folder / self._ctx.client_export.suggested_file_name(case.client_name),
            self._window.tr("JSON document (*.json)"),
            lambda path: self._write(case.client_id, path),
        )

    def erase(self) -> None:
        """Count what the client's erasure removes, then ask for confirmation."""
        case = self._shown_case()
        if case is None or self._refused_during_call(case.client_id, case.client_name):
            return
        client_id = case.client_id
        self._window.flush()  # so the count includes what is being typed
        self._window.runner.submit(
            lambda: self._ctx.client_erasure.preview(client_id),
            on_result=self._open_erase_dialog,
            on_error=lambda exc: self._window.banner.show_message(str(exc)),
        )

    # -- reactions ------------------------------------------------------------------------------

    def _store(self, dialog: ClientDetailsDialog, name: str, zone: str) -> None:
        try:
            client = self._ctx.clients.update_client(dialog.client_id, name=name, timezone=zone)
            member_id = dialog.usual_contact_id()
            usual = client.usual_contact
            if member_id != (usual.id if usual else None):
                client = self._ctx.clients.set_usual_contact(client.id, member_id)
        except CallnotesError as exc:
            dialog.show_problem(str(exc))
            return
        dialog.accept()
        self._client_changed(client)
        self._window.refresh()

    def _save_from_card(self, client_id: int, member_id: int | None, zone: str) -> ClientRecord:
        """The card's form changed the usual contact or the time zone."""
        client = self._ctx.clients.set_usual_contact(client_id, member_id, timezone=zone)
        self._sync_session(client)
        self._window.areas.escalation.reload()  # the ladder starts at the usual contact
        return client

    def _client_changed(self, client: ClientRecord) -> None:
        self._sync_session(client)
        self._window.card.client_changed(client)
        tools = getattr(self._window, "tools", None)
        if tools is not None:
            tools.escalation.reload()

    def _sync_session(self, client: ClientRecord) -> None:
        session = self._window.session
        if session.card is not None and session.card.client.id == client.id:
            session.card = replace(session.card, client=client)

    def _write(self, client_id: int, path: Path) -> None:
        self.folder = path.parent
        self._window.runner.submit(
            lambda: self._ctx.client_export.write(client_id, path),
            on_result=self._on_written,
            on_error=lambda exc: self._window.banner.show_message(str(exc)),
        )

    def _on_written(self, written: ClientExport) -> None:
        window = self._window
        box = QMessageBox(
            QMessageBox.Icon.Information,
            window.tr("Client's data exported"),
            window.tr("Saved everything about {client} ({cases}) to {path}.").format(
                client=written.client_name,
                cases=window.tr("1 case")
                if written.case_count == 1
                else window.tr("{count} cases").format(count=written.case_count),
                path=written.path,
            ),
            QMessageBox.StandardButton.Close,
            window,
        )
        box.setInformativeText(
            window.tr("Only you can read the file; it holds personal data, so keep it safe.")
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setAccessibleName(window.tr("Client's data exported"))
        box.finished.connect(lambda _result: self._forget_box(box))
        self.box = box
        box.open()

    def _open_erase_dialog(self, counts: ErasureCounts) -> None:
        dialog = ClientEraseDialog(counts, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.erase_requested.connect(lambda: self._on_erase_requested(dialog))
        self._keep(dialog)
        dialog.open()

    def _on_erase_requested(self, dialog: ClientEraseDialog) -> None:
        client_id = dialog.client_id
        window = self._window
        if self._live_call_client() == client_id:
            dialog.show_problem(_during_call(window, dialog.client_name))
            return
        if not window.flush():
            # A draft that could not be saved now would be saved after the erasure.
            dialog.show_problem(
                window.tr("What you typed could not be saved yet; nothing was erased. Try again.")
            )
            return
        window.runner.submit(
            lambda: self._ctx.client_erasure.erase(client_id),
            on_result=lambda counts: self._on_erased(dialog, counts),
            on_error=lambda exc: self._on_erase_failed(dialog, exc),
        )

    def _on_erased(self, dialog: ClientEraseDialog, counts: ErasureCounts) -> None:
        self._window.card.client_erased(counts.client_id)
        self._window.refresh()  # shows another case, or none
        if self.dialog is dialog:
            dialog.show_erased(counts)

    def _on_erase_failed(self, dialog: ClientEraseDialog, exc: CallnotesError) -> None:
        if self.dialog is dialog:
            dialog.show_problem(str(exc))
        else:
            self._window.banner.show_message(str(exc))

    # -- helpers --------------------------------------------------------------------------------

    def _shown_case(self) -> CaseSummary | None:
        if self._case_id is None:
            return None
        try:
            return self._ctx.cases.get_case(self._case_id)
        except CallnotesError as exc:
            self._window.banner.show_message(str(exc))
            return None

    def _live_call_client(self) -> int | None:
        session = self._window.session
        if session.call is None:
            return None
        if session.card is not None:
            return session.card.client.id
        try:
            return self._ctx.cases.get_case(session.call.case_id).client_id
        except CallnotesError:
            return None

    def _refused_during_call(self, client_id: int, client_name: str) -> bool:
        if self._live_call_client() != client_id:
            return False
        self._window.banner.show_message(_during_call(self._window, client_name))
        return True

    def _keep(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.close()  # one client dialog at a time
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _forget_box(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None


def _during_call(window: MainWindow, client_name: str) -> str:
    key = key_text(window.menus.wrap_up)
    if not key:
        return window.tr(
            "A call with {client} is in progress: wrap it up before erasing their data."
        ).format(client=client_name)
    return window.tr(
        "A call with {client} is in progress: wrap it up ({key}) before erasing their data."
    ).format(client=client_name, key=key)
