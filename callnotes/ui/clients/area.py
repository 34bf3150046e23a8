"""The Client menu of the call window: details, calendar, export everything about, or erase the
client.

The client is the one of the case the window shows. Reads, the export and the erasure run on
the window's task runner; erasing is refused while a call with that client is in progress. The
client card's form (Ctrl+E) changes the client's usual contact and time zone through the
:class:`~callnotes.ui.clients.card.ClientFieldActions` this area builds (``card_actions``).

The area never touches the card: the card, like every other view (the case list, the escalation
ladder), redraws from the change notice when a client is corrected or erased.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from callnotes.domain.people import ClientRecord, TeamMemberRecord
from callnotes.domain.text import counted
from callnotes.errors import CallInProgressError, CallnotesError
from callnotes.ui.clients.calendar_dialog import ClientCalendarDialog
from callnotes.ui.clients.card import ClientFieldActions
from callnotes.ui.clients.details_dialog import ClientDetailsDialog
from callnotes.ui.clients.erase_dialog import ClientEraseDialog
from callnotes.ui.common import file_dialogs
from callnotes.ui.common.key_names import key_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from callnotes.app import AppContext
    from callnotes.domain.cases import CaseSummary
    from callnotes.services.clients.calendar import ClientCalendar, ClosureImport
    from callnotes.services.clients.erasure import ErasureCounts
    from callnotes.services.clients.export import ClientExport
    from callnotes.ui.common.host import WindowHost


class ClientArea(QObject):
    """The Client menu, and what the client card may change about the client."""

    def __init__(self, host: WindowHost, ctx: AppContext) -> None:
        super().__init__(host.dialog_parent)
        self._host = host
        self._ctx = ctx
        self._case_id: int | None = None
        self.dialog: QDialog | None = None
        self.box: QMessageBox | None = None
        # Replaced in tests, like every file dialog (see file_dialogs).
        self.ask_save_path: file_dialogs.AskSavePath = file_dialogs.ask_save_path
        self.folder = file_dialogs.documents_folder()
        self.menu = host.menu("client")
        add = host.add_command
        # Name, time zone and usual contact (once only "Rename client…").
        self.rename_action = add(self.menu, self.tr("Client &details…"), "", self.rename)
        # Public holidays and closures: the update countdown skips them like weekends.
        self.calendar_action = add(
            self.menu, self.tr("Client &calendar…"), "Ctrl+Shift+X", self.edit_calendar
        )
        # Replaced in tests, like every file dialog (see file_dialogs).
        self.ask_open_path: Callable[..., object] = file_dialogs.ask_open_path
        self.export_action = add(self.menu, self.tr("E&xport client's data…"), "", self.export_data)
        self.menu.addSeparator()
        self.erase_action = add(self.menu, self.tr("&Erase client…"), "", self.erase)
        # Not in a menu (Ctrl+E opens the same form): what the guide's "choose one" link does;
        # the shell points it at the card.
        self.choose_usual_contact_action = QAction(
            self.tr("Choose the usual contact"), host.dialog_parent
        )
        clients = ctx.clients
        self.card_actions = ClientFieldActions(
            team=clients.team,
            save=lambda client_id, member_id, zone, began, case_id: clients.set_usual_contact(
                client_id, member_id, timezone=zone, started_from=began, case_id=case_id
            ),
            edit_action=host.command("edit_card"),
            client=clients.get_client,
        )
        self.show_case(None)

    # -- the Area interface -------------------------------------------------------------------

    def show_case(self, case_id: int | None) -> None:
        """Follow the case the window shows: its client is the one these actions are about."""
        self._case_id = case_id
        for action in (
            self.rename_action, self.calendar_action, self.export_action, self.erase_action
        ):  # fmt: skip
            action.setEnabled(case_id is not None)

    def wrap_up_warnings(self, case_id: int) -> list[str]:
        """Nothing about the client holds a call back."""
        return []

    # -- actions --------------------------------------------------------------------------------

    def rename(self) -> None:
        """Correct the name, time zone or usual contact of the shown case's client."""
        case_id, ctx = self._case_id, self._ctx
        if case_id is None:
            return

        def read() -> tuple[ClientRecord, list[TeamMemberRecord]]:
            client = ctx.clients.get_client(ctx.cases.get_case(case_id).client_id)
            return client, list(ctx.clients.team())

        self._host.runner.submit(
            read,
            on_result=lambda found: self._open_details(*found),
            on_error=lambda exc: self._host.show_message(str(exc)),
            key="client-details",
            owner=self,
        )

    def edit_calendar(self) -> None:
        """The shown case's client's public holidays and closures."""
        case_id, ctx = self._case_id, self._ctx
        if case_id is None:
            return

        def read() -> tuple[ClientCalendar, str, list[str]]:
            case = ctx.cases.get_case(case_id)
            calendar = ctx.client_calendar.calendar(case.client_id)
            return calendar, case.client_name, ctx.client_calendar.countries()

        self._host.runner.submit(
            read,
            on_result=lambda found: self._open_calendar(*found),
            on_error=lambda exc: self._host.show_message(str(exc)),
            key="client-calendar",
            owner=self,
        )

    def export_data(self) -> None:
        """Ask where to save everything held about the client, then write it off the GUI thread."""
        if self._shown_case(self._ask_export_path):
            self._host.flush()  # what was just typed belongs in the copy

    def erase(self) -> None:
        """Count what the client's erasure removes, then ask for confirmation."""
        if self._case_id is None:
            return
        self._host.flush()  # so the count includes what is being typed
        case_id, current_call, ctx = self._case_id, self._current_call_id(), self._ctx
        key = self._wrap_up_key

        def preview() -> ErasureCounts:
            client_id = ctx.cases.get_case(case_id).client_id
            return ctx.client_erasure.preview(client_id, current_call=current_call)

        self._host.runner.submit(
            preview,
            on_result=self._open_erase_dialog,
            on_error=lambda exc: self._host.show_message(self._refusal(exc, key)),
            owner=self,
        )

    # -- reactions ------------------------------------------------------------------------------

    def _open_details(self, client: ClientRecord, team: list[TeamMemberRecord]) -> None:
        zones = sorted(zoneinfo.available_timezones() | {client.timezone})
        dialog = ClientDetailsDialog(
            client, zones, self._host.dialog_parent, team=team, now=self._ctx.clock()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.details_chosen.connect(
            lambda name, zone, hours: self._store(dialog, name, zone, hours)
        )
        self._keep(dialog)
        dialog.open()

    def _open_calendar(self, calendar: ClientCalendar, client_name: str, codes: list[str]) -> None:
        dialog = ClientCalendarDialog(calendar, client_name, codes, self._host.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.holidays_chosen.connect(
            lambda country, region: self._store_holidays(dialog, country, region)
        )
        dialog.import_requested.connect(lambda: self._ask_calendar_file(dialog))
        dialog.remove_requested.connect(lambda closure_id: self._remove_closure(dialog, closure_id))
        self._keep(dialog)
        dialog.open()

    def _store_holidays(self, dialog: ClientCalendarDialog, country: str, region: str) -> None:
        service, client_id = self._ctx.client_calendar, dialog.client_id
        self._host.runner.submit(
            lambda: service.set_holidays(client_id, country, region),
            on_result=lambda _calendar: dialog.accept() if self.dialog is dialog else None,
            on_error=lambda exc: self._on_dialog_failed(dialog, exc),
            owner=self,
        )

    def _ask_calendar_file(self, dialog: ClientCalendarDialog) -> None:
        self.ask_open_path(
            dialog,
            self.tr("Import the client's closures"),
            self.folder,
            self.tr("Calendar files (*.ics);;All files (*)"),
            lambda path: self._import_closures(dialog, path),
        )

    def _import_closures(self, dialog: ClientCalendarDialog, path: Path) -> None:
        service, client_id = self._ctx.client_calendar, dialog.client_id
        self.folder = path.parent

        def write() -> tuple[ClosureImport, ClientCalendar]:
            return service.import_closures_from(client_id, path), service.calendar(client_id)

        def done(found: tuple[ClosureImport, ClientCalendar]) -> None:
            result, calendar = found
            if self.dialog is not dialog:
                return
            dialog.show_calendar(calendar)
            text = self.tr("Imported {closures} from “{file}”.").format(
                closures=counted(result.added, "closure", "closures"), file=path.name
            )
            if result.already_there:
                there = result.already_there
                text += " " + (
                    self.tr("1 was there already.")
                    if there == 1
                    else self.tr("{n} were there already.").format(n=there)
                )
            dialog.show_result(text)

        self._host.runner.submit(
            write, on_result=done, on_error=lambda exc: self._on_dialog_failed(dialog, exc),
            owner=self,
        )  # fmt: skip

    def _remove_closure(self, dialog: ClientCalendarDialog, closure_id: int) -> None:
        service, client_id = self._ctx.client_calendar, dialog.client_id

        def write() -> ClientCalendar:
            service.remove_closure(closure_id)
            return service.calendar(client_id)

        def done(calendar: ClientCalendar) -> None:
            if self.dialog is dialog:
                dialog.show_calendar(calendar)
                dialog.show_result(self.tr("Closure removed."))

        self._host.runner.submit(
            write, on_result=done, on_error=lambda exc: self._on_dialog_failed(dialog, exc),
            owner=self,
        )  # fmt: skip

    def _store(self, dialog: ClientDetailsDialog, name: str, zone: str, hours: str) -> None:
        clients, found, member_id = self._ctx.clients, dialog.found, dialog.usual_contact_id()
        case_id = self._case_id

        def write() -> ClientRecord:
            client = clients.update_client(
                found.id,
                name=name,
                timezone=zone,
                business_hours=hours,
                started_from=found,
                case_id=case_id,
            )
            usual = found.usual_contact
            if member_id != (usual.id if usual else None):
                kept = client.kept_beside
                client = clients.set_usual_contact(
                    client.id, member_id, started_from=found, case_id=case_id
                )
                client = replace(client, kept_beside=kept + client.kept_beside)
            return client

        self._host.runner.submit(
            write,
            on_result=lambda client: self._on_stored(dialog, client),
            on_error=lambda exc: self._on_dialog_failed(dialog, exc),
            owner=self,
        )

    def _on_stored(self, dialog: ClientDetailsDialog, client: ClientRecord) -> None:
        if self.dialog is dialog:
            dialog.accept()  # the card and the other views follow the change notice
        if client.kept_beside:  # a colleague changed it meanwhile: theirs stands, ours is kept
            self._host.show_message(" ".join(sentence for _f, sentence in client.kept_beside))

    def _ask_export_path(self, case: CaseSummary) -> None:
        self.ask_save_path(
            self._host.dialog_parent,
            self.tr("Export the data of {client}").format(client=case.client_name),
            self.folder / self._ctx.client_export.suggested_file_name(case.client_name),
            self.tr("JSON document (*.json)"),
            lambda path: self._write(case.client_id, path),
        )

    def _write(self, client_id: int, path: Path) -> None:
        self.folder = path.parent
        export = self._ctx.client_export
        self._host.runner.submit(
            lambda: export.write(client_id, path),
            on_result=self._on_written,
            on_error=lambda exc: self._host.show_message(str(exc)),
        )

    def _on_written(self, written: ClientExport) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Client's data exported"),
            self.tr("Saved everything about {client} ({cases}) to {path}.").format(
                client=written.client_name,
                cases=self.tr("1 case")
                if written.case_count == 1
                else self.tr("{count} cases").format(count=written.case_count),
                path=written.path,
            ),
            QMessageBox.StandardButton.Close,
            self._host.dialog_parent,
        )
        box.setInformativeText(
            self.tr("Only you can read the file; it holds personal data, so keep it safe.")
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setAccessibleName(self.tr("Client's data exported"))
        box.finished.connect(lambda _result: self._forget_box(box))
        self.box = box
        box.open()

    def _open_erase_dialog(self, counts: ErasureCounts) -> None:
        dialog = ClientEraseDialog(counts, self._host.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.erase_requested.connect(lambda: self._on_erase_requested(dialog))
        self._keep(dialog)
        dialog.open()

    def _on_erase_requested(self, dialog: ClientEraseDialog) -> None:
        client_id = dialog.client_id
        host, ctx = self._host, self._ctx
        if not host.flush():
            # A draft that could not be saved now would be saved after the erasure.
            dialog.show_problem(
                self.tr("What you typed could not be saved yet; nothing was erased. Try again.")
            )
            return
        current_call, key = self._current_call_id(), self._wrap_up_key
        host.runner.submit(
            lambda: ctx.client_erasure.erase(client_id, current_call=current_call),
            on_result=lambda counts: self._on_erased(dialog, counts),
            on_error=lambda exc: self._on_dialog_failed(dialog, exc, key),
        )

    def _on_erased(self, dialog: ClientEraseDialog, counts: ErasureCounts) -> None:
        if self.dialog is dialog:
            dialog.show_erased(counts)

    def _on_dialog_failed(
        self,
        dialog: ClientEraseDialog | ClientDetailsDialog | ClientCalendarDialog,
        exc: CallnotesError,
        key: str = "",
    ) -> None:
        said = self._refusal(exc, key)
        if self.dialog is dialog:
            dialog.show_problem(said)  # what was typed stays in the dialog
        else:
            self._host.show_message(said)

    # -- helpers --------------------------------------------------------------------------------

    def _shown_case(self, then: Callable[[CaseSummary], None]) -> bool:
        """Read the shown case off the GUI thread, then go on with it; False: no case shown."""
        if self._case_id is None:
            return False
        case_id, cases = self._case_id, self._ctx.cases
        self._host.runner.submit(
            lambda: cases.get_case(case_id),
            on_result=then,
            on_error=lambda exc: self._host.show_message(str(exc)),
            owner=self,
        )
        return True

    def _current_call_id(self) -> int | None:
        """The call in progress in this window: hung up, it stays so until wrapped up."""
        call = self._host.current_call()
        return call.id if call is not None else None

    def _refusal(self, exc: CallnotesError, key: str) -> str:
        """What the window says of *exc*: the erasure service's refusal during a call says
        the key that wraps the call up (*key*, read on the GUI thread from the menu)."""
        if isinstance(exc, CallInProgressError):
            return self._during_call(exc.client_name, key)
        return str(exc)

    def _during_call(self, client_name: str, key: str) -> str:
        if not key:
            return self.tr(
                "A call with {client} is in progress: wrap it up before erasing their data."
            ).format(client=client_name)
        return self.tr(
            "A call with {client} is in progress: wrap it up ({key}) before erasing their data."
        ).format(client=client_name, key=key)

    @property
    def _wrap_up_key(self) -> str:
        return key_text(self._host.command("wrap_up"))

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
