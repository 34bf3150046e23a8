"""The Client menu as the agent uses it: rename, export everything, erase by typing the name."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from callnotes.app import AppContext
from callnotes.domain.drafts import note_draft_key
from callnotes.services.clients.erasure import ErasureCounts
from callnotes.ui.call.new_call_dialog import CallChoice
from callnotes.ui.clients.details_dialog import ClientDetailsDialog
from callnotes.ui.clients.erase_dialog import ClientEraseDialog
from callnotes.ui.shell.main_window import MainWindow
from tests.ui.conftest import wait_filled
from tests.ui.keypress import choose_from_menu

BACKUPS = (
    "Backups made before now still contain this client until they age out (a year at most); "
    "delete them from the backups folder if the client must be gone at once."
)


@pytest.fixture
def fabrikam_case(ctx: AppContext) -> int:
    ctx.demo.load_demo()
    fabrikam = ctx.clients.create_client("Fabrikam Bakeries", timezone="Europe/Paris")
    case = ctx.cases.open_case(fabrikam.id, "Ovens offline")
    ctx.timeline.add_entry(case.id, "The sourdough batch failed twice.")
    return case.id


@pytest.fixture
def window(qtbot, ctx, fabrikam_case, window_state) -> MainWindow:
    main = MainWindow(ctx, state=window_state)
    qtbot.addWidget(main)
    wait_filled(qtbot, main)
    main.show()
    qtbot.waitExposed(main)
    assert main.select_case(1)  # Northwind's open case
    return main


def open_erase_dialog(qtbot, window: MainWindow) -> ClientEraseDialog:
    tools = window.areas.client
    choose_from_menu(qtbot, window, "Alt+L", tools.erase_action)  # Client ▸ Erase client…
    qtbot.waitUntil(lambda: isinstance(tools.dialog, ClientEraseDialog))
    dialog = tools.dialog
    assert isinstance(dialog, ClientEraseDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_client_menu_sits_before_the_case_menu(window: MainWindow) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("C&lient") == titles.index("C&ase") - 1
    menu = [a.text() for a in window.areas.client.menu.actions() if not a.isSeparator()]
    assert menu == [
        "Client &details…",
        "Client &calendar…",
        "E&xport client's data…",
        "&Erase client…",
    ]


def test_erase_is_confirmed_by_typing_the_name_then_the_client_is_gone(
    qtbot, ctx: AppContext, window: MainWindow, fabrikam_case: int
) -> None:
    qtbot.keyClicks(window.timeline.note_input, "Dana wants a call at noon")
    dialog = open_erase_dialog(qtbot, window)
    assert dialog.heading.text() == "Erase everything about Northwind Logistics?"
    said = dialog.what.text()
    assert "2 cases, 3 calls, 6 issues, 48 timeline entries" in said
    assert "1 unsaved draft" in said  # what was being typed was saved, and goes too
    assert BACKUPS in dialog.backups.text()
    assert dialog.confirm.hasFocus()
    assert not dialog.erase_button.isEnabled()

    qtbot.keyClicks(dialog.confirm, "northwind logistic")
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)  # not the name yet: nothing happens
    assert dialog.isVisible() and not dialog.is_busy
    assert len(ctx.clients.list_clients()) == 2

    qtbot.keyClicks(dialog.confirm, "s")
    assert dialog.erase_button.isEnabled()
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.heading.text() == "Northwind Logistics was erased")
    assert dialog.what.text().startswith("Erased:\n")
    assert "48 timeline entries" in dialog.what.text()
    assert dialog.backups.text() == BACKUPS
    assert not dialog.confirm.isVisible() and not dialog.erase_button.isVisible()

    # The window moved on to the other client's case; nothing of Northwind is left anywhere.
    # (The case list is read again off the GUI thread once the erasure is announced.)
    qtbot.waitUntil(lambda: window.case_list.model().rowCount() == 1)
    qtbot.waitUntil(lambda: window.timeline.case_id == fabrikam_case)
    assert window.header_text.startswith("Ovens offline\nFabrikam Bakeries")
    assert "Dana" not in window.timeline.note_input.toPlainText()
    assert ctx.search.search("labels") == [] and ctx.search.search("Northwind") == []
    assert [c.name for c in ctx.clients.list_clients()] == ["Fabrikam Bakeries"]
    assert ctx.drafts.load(note_draft_key(1)) == ""

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.areas.client.dialog is None)


def test_the_question_names_every_kind_of_row_the_erasure_removes(qtbot) -> None:
    # Call-backs owed, closures and acknowledged items went unsaid, erased all the same: the
    # question now says each kind the erasure counts, whatever kinds it comes to count.
    kinds = [kind for kind, _count in ErasureCounts(1, "Northwind Logistics").items()]
    counts = ErasureCounts(1, "Northwind Logistics", **{kind: 7 for kind in kinds})
    dialog = ClientEraseDialog(counts)
    qtbot.addWidget(dialog)
    lines = dialog.what.text().splitlines()
    assert lines[0] == "This removes, for good:"
    said = [part for line in lines[1:] for part in line.removeprefix("• ").split(", ")]
    assert said[0] == "the client's details"
    assert len(said) == len(kinds) + 1
    assert all(part.startswith("7 ") for part in said[1:]), said
    assert {"7 call-backs owed", "7 closures in their calendar"} <= set(said)


def test_escape_cancels_and_erases_nothing(qtbot, ctx: AppContext, window: MainWindow) -> None:
    dialog = open_erase_dialog(qtbot, window)
    qtbot.keyClicks(dialog.confirm, "Northwind Logistics")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.areas.client.dialog is None)
    assert len(ctx.clients.list_clients()) == 2
    assert window.header_text.startswith("Warehouse cannot print delivery labels")


def test_the_last_client_erased_leaves_the_empty_window(
    qtbot, ctx: AppContext, window: MainWindow, fabrikam_case: int
) -> None:
    assert window.select_case(fabrikam_case)
    dialog = open_erase_dialog(qtbot, window)
    qtbot.keyClicks(dialog.confirm, "Fabrikam Bakeries")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.is_busy and dialog.heading.text().endswith("was erased"))
    # The case list is read again off the GUI thread once the erasure is announced.
    qtbot.waitUntil(lambda: window.timeline.case_id == 1)  # Northwind's case is shown again
    dialog.accept()
    assert window.select_case(2)
    dialog = open_erase_dialog(qtbot, window)
    qtbot.keyClicks(dialog.confirm, "Northwind Logistics")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.heading.text() == "Northwind Logistics was erased")
    qtbot.waitUntil(lambda: window.header_text.startswith("No case open"))
    assert window.timeline.case_id is None
    assert not window.areas.client.erase_action.isEnabled()


def test_erasing_is_refused_during_a_call_with_that_client(
    qtbot, ctx: AppContext, window: MainWindow
) -> None:
    window.session.start(CallChoice(number="+44 20 7946 0321", caller_name="", case_id=1))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    assert window.session.call is not None
    choose_from_menu(qtbot, window, "Alt+L", window.areas.client.erase_action)
    qtbot.waitUntil(
        lambda: (
            window.banner.text()
            == (
                "A call with Northwind Logistics is in progress: wrap it up (F8) before erasing "
                "their data."
            )
        )
    )
    assert window.areas.client.dialog is None
    assert len(ctx.clients.list_clients()) == 2


def test_rename_corrects_the_name_everywhere_it_shows(
    qtbot, ctx: AppContext, window: MainWindow
) -> None:
    window.session.start(CallChoice(number="+44 20 7946 0321", caller_name="", case_id=1))
    qtbot.waitUntil(lambda: window.session.call is not None)  # stored off the GUI thread
    choose_from_menu(qtbot, window, "Alt+L", window.areas.client.rename_action)
    qtbot.waitUntil(lambda: window.areas.client.dialog is not None)  # read off the GUI thread
    dialog = window.areas.client.dialog
    assert isinstance(dialog, ClientDetailsDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.name.hasFocus)
    assert dialog.name.selectedText() == "Northwind Logistics"
    assert dialog.timezone.currentText() == "Europe/London"

    qtbot.keyClicks(dialog.name, "fabrikam bakeries")  # typing replaces the selected name
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            dialog.problem.text()
            == (
                "Another client is already called Fabrikam Bakeries; choose a name that tells them "
                "apart."
            )
        )
    )
    assert dialog.isVisible() and dialog.name.text() == "fabrikam bakeries"

    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Northwind Logistics Ltd")
    # Picked from the list (typing opens the completer's popup, which offscreen Qt refuses).
    dialog.timezone.setCurrentIndex(dialog.timezone.findText("Europe/Dublin"))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.areas.client.dialog is None)

    client = ctx.clients.get_client(1)
    assert (client.name, client.timezone) == ("Northwind Logistics Ltd", "Europe/Dublin")
    # The header and the card redraw from the change notice, read off the GUI thread.
    qtbot.waitUntil(lambda: "Northwind Logistics Ltd" in window.header_text)
    qtbot.waitUntil(lambda: "— Northwind Logistics Ltd" in window.card.summary_text)
    assert window.session.card is not None
    assert window.session.card.client.name == "Northwind Logistics Ltd"


def test_export_writes_a_private_file_off_the_gui_thread(
    qtbot, ctx: AppContext, window: MainWindow, tmp_path: Path
) -> None:
    asked: list[tuple[str, Path]] = []
    target = tmp_path / "northwind.json"

    def ask_save_path(parent, caption, suggested, name_filter, on_chosen) -> None:
        asked.append((caption, suggested))
        on_chosen(target)

    tools = window.areas.client
    tools.ask_save_path = ask_save_path
    choose_from_menu(qtbot, window, "Alt+L", tools.export_action)
    qtbot.waitUntil(lambda: bool(asked))  # the case is read off the GUI thread first
    [(caption, suggested)] = asked
    assert caption == "Export the data of Northwind Logistics"
    assert suggested.name.startswith("northwind-logistics-data-")
    qtbot.waitUntil(lambda: tools.box is not None)
    assert tools.box.text() == f"Saved everything about Northwind Logistics (2 cases) to {target}."
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text(encoding="utf-8"))["client"]["name"] == (
        "Northwind Logistics"
    )
    tools.box.close()


def test_business_hours_typed_in_the_client_details_move_the_next_update(
    qtbot, ctx: AppContext, window: MainWindow, fabrikam_case: int
) -> None:
    from datetime import UTC, datetime

    from callnotes.domain.people import ContactMethod

    # Monday 2 March, 10:00 in Paris; an update every 2 h of the client's business hours,
    # and no hours set yet: counted round the clock, due at noon Paris time.
    ctx.plans.save_plan(fabrikam_case, cadence_minutes=120, channel=ContactMethod.PHONE)
    window.select_case(fabrikam_case)
    qtbot.waitUntil(lambda: "Ovens offline" in window.header_text)
    choose_from_menu(qtbot, window, "Alt+L", window.areas.client.rename_action)
    qtbot.waitUntil(lambda: window.areas.client.dialog is not None)
    dialog = window.areas.client.dialog
    assert isinstance(dialog, ClientDetailsDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.name.hasFocus)
    assert dialog.hours.text() == ""
    assert dialog.hours_preview.text() == "No set hours: updates are counted round the clock."

    qtbot.keyClick(dialog.name, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)  # Business hours
    assert dialog.hours.hasFocus()
    qtbot.keyClicks(dialog.hours, "weekdays")
    assert "have no opening times" in dialog.hours_preview.text()
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Return)  # refused, and what was typed stays
    qtbot.waitUntil(lambda: "have no opening times" in dialog.problem.text())
    assert dialog.isVisible() and dialog.hours.text() == "weekdays"
    assert ctx.clients.get_client(dialog.client_id).business_hours == ""

    dialog.hours.selectAll()
    qtbot.keyClicks(dialog.hours, "Mon-Fri 11:00-18:00")
    assert dialog.hours_preview.text() == "Read as Mon–Fri 11:00–18:00"
    qtbot.keyClick(dialog.hours, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.areas.client.dialog is None)

    assert ctx.clients.get_client(dialog.client_id).business_hours == "Mon-Fri 11:00-18:00"
    # Counted from when the client opens (11:00 Paris): due 13:00 Paris, 12:00 UTC.
    plan = ctx.plans.plan(fabrikam_case)
    assert plan.next_update_due_at == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    qtbot.keyClick(
        window.focusWidget() or window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier
    )
    panel = window.areas.updates.panel
    qtbot.waitUntil(lambda: "Mon–Fri 11:00–18:00" in panel.client_time.text())
    qtbot.waitUntil(lambda: "Next update due 13:00 (client time)" in panel.countdown.text())
