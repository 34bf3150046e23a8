import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QSplitter

from callnotes.ui.case_list_model import CASE_ID_ROLE
from callnotes.ui.main_window import MainWindow
from callnotes.ui.timeline_model import KIND_COLUMN, TEXT_COLUMN

NON_ASCII = [
    "Café crème: déjà vu à Zürich",
    "Client is furious 😡 — thumbs up 👍🏽, family 👨‍👩‍👧",
    "العميل يقول إن الملصقات لا تطبع منذ الصباح",
    "Mixed: order #4411 تم الشحن at 16:00",
]


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    main = MainWindow(
        ctx.cases.list_cases, ctx.timeline.entries, ctx.timeline.add_entry, state=window_state
    )
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_window_lists_the_case_and_shows_its_timeline(window, case):
    model = window.case_list.model()
    assert model.rowCount() == 1
    assert "Northwind Logistics" in model.index(0, 0).data()

    window.case_list.setCurrentIndex(model.index(0, 0))

    assert window.timeline.case_id == case.id
    assert "Warehouse cannot print delivery labels" in window.header_text
    assert "Northwind Logistics" in window.header_text
    table = window.timeline.table_view.model()
    assert table.rowCount() == 2
    assert table.index(0, KIND_COLUMN).data() == "Client said"
    assert table.index(1, TEXT_COLUMN).data() == "Printer driver update pushed at 22:40."


def test_typed_note_is_shown_and_saved(qtbot, window, ctx, case):
    note_input = window.timeline.note_input
    qtbot.keyClicks(note_input, "Offered a call back by 11:30")
    qtbot.keyClick(note_input, Qt.Key.Key_Return)

    table = window.timeline.table_view.model()
    assert table.index(table.rowCount() - 1, TEXT_COLUMN).data() == "Offered a call back by 11:30"
    assert ctx.timeline.entries(case.id)[-1].text == "Offered a call back by 11:30"
    assert note_input.text() == ""


@pytest.mark.parametrize("text", NON_ASCII)
def test_non_ascii_notes_round_trip_exactly(qtbot, window, ctx, case, type_unicode, text):
    note_input = window.timeline.note_input
    type_unicode(note_input, text)
    assert note_input.text() == text
    qtbot.keyClick(note_input, Qt.Key.Key_Return)

    assert ctx.timeline.entries(case.id)[-1].text == text
    table = window.timeline.table_view.model()
    assert table.index(table.rowCount() - 1, TEXT_COLUMN).data() == text


def test_empty_database_shows_a_friendly_empty_state(qtbot, ctx, window_state):
    main = MainWindow(
        ctx.cases.list_cases, ctx.timeline.entries, ctx.timeline.add_entry, state=window_state
    )
    qtbot.addWidget(main)
    main.show()

    empty = main.findChild(QLabel, "emptyState")
    assert empty.isVisible()
    assert "No cases yet" in empty.text()
    assert "callnotes demo" in empty.text()
    assert not main.case_list.isVisible()


def test_f5_picks_up_new_cases_and_entries_and_keeps_the_chosen_case(qtbot, window, ctx, case):
    qtbot.keyClicks(window.timeline.note_input, "draft")
    ctx.cases.open_case(case.client_id, "Driver app logs everyone out")
    ctx.timeline.add_entry(case.id, "Written from the command line.")

    refresh = next(a for a in window.findChildren(QAction) if a.shortcut().toString() == "F5")
    refresh.trigger()

    assert window.case_list.model().rowCount() == 2
    assert window.case_list.currentIndex().data(CASE_ID_ROLE) == case.id
    table = window.timeline.table_view.model()
    assert table.index(2, TEXT_COLUMN).data() == "Written from the command line."
    assert window.timeline.note_input.text() == "draft"


def test_geometry_and_splitter_survive_a_restart(qtbot, ctx, case, window_state):
    first = MainWindow(
        ctx.cases.list_cases, ctx.timeline.entries, ctx.timeline.add_entry, state=window_state
    )
    qtbot.addWidget(first)
    first.show()
    first.resize(431, 520)  # within the offscreen screen (800×600)
    splitter = first.findChild(QSplitter, "mainSplitter")
    splitter.setSizes([120, 380])
    saved_sizes = splitter.sizes()
    first.close()

    second = MainWindow(
        ctx.cases.list_cases, ctx.timeline.entries, ctx.timeline.add_entry, state=window_state
    )
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (431, 520)
    assert second.findChild(QSplitter, "mainSplitter").sizes() == saved_sizes


def test_controls_have_accessible_names(window):
    for widget in (window.case_list, window.timeline.table_view, window.timeline.note_input):
        assert widget.accessibleName()


def test_about_opens_without_blocking(qtbot, window):
    about = next(a for a in window.menuBar().actions() if "Help" in a.text()).menu().actions()[0]
    about.trigger()

    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert boxes
    assert "callnotes" in boxes[0].text()
    boxes[0].close()


def test_window_paints_at_its_narrowest_docked_width(window):
    window.resize(420, 560)
    assert not window.grab().isNull()  # runs every delegate's paint and size hint
