"""The main window: a thin shell of menus, the case list and the timeline of the chosen case."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.cases import CaseSummary
from callnotes.errors import CallnotesError
from callnotes.ui import messages
from callnotes.ui.banner import BannerWidget
from callnotes.ui.case_delegate import CaseDelegate
from callnotes.ui.case_list_model import (
    CASE_ID_ROLE,
    CaseListModel,
    open_issues_label,
    status_label,
)
from callnotes.ui.timeline_panel import AddEntry, LoadEntries, TimelinePanel

ListCases = Callable[[], Sequence[CaseSummary]]

_GEOMETRY_KEY = "main_window/geometry"
_STATE_KEY = "main_window/state"
_SPLITTER_KEY = "main_window/splitter"
# Narrow by default: the window usually sits docked beside a softphone.
_DEFAULT_SIZE = (440, 820)
_EMPTY_PAGE, _CASES_PAGE = 0, 1


class MainWindow(QMainWindow):
    """Case list on top, the chosen case's timeline below; window state kept in *state*."""

    def __init__(
        self,
        list_cases: ListCases,
        load_entries: LoadEntries,
        add_entry: AddEntry,
        *,
        state: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._list_cases = list_cases
        self._state = state if state is not None else QSettings()
        self.setWindowTitle(self.tr("callnotes"))

        self._cases = CaseListModel(self)
        self._case_list = self._build_case_list()
        self._title = QLabel(self)
        self._subtitle = QLabel(self)
        self._timeline = TimelinePanel(load_entries, add_entry, self)
        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._banner = BannerWidget(self)
        self._pages = QStackedWidget(self)
        self._build_layout()
        self._build_menus()

        self.resize(*_DEFAULT_SIZE)
        self._restore_state()
        self.refresh()
        if self._timeline.case_id is not None:
            self._timeline.note_input.setFocus()

    @property
    def case_list(self) -> QListView:
        """The list of cases."""
        return self._case_list

    @property
    def timeline(self) -> TimelinePanel:
        """The panel of the chosen case."""
        return self._timeline

    @property
    def header_text(self) -> str:
        """The chosen case's title and client line, as shown."""
        return f"{self._title.text()}\n{self._subtitle.text()}".strip()

    def refresh(self) -> None:
        """Reload the case list and the shown timeline, keeping the chosen case if it remains."""
        chosen = self._chosen_case_id()
        try:
            cases = self._list_cases()
        except CallnotesError as exc:
            self._banner.show_message(str(exc))
            return
        self._banner.clear()
        self._cases.set_cases(cases)
        if not cases:
            self._pages.setCurrentIndex(_EMPTY_PAGE)
            self._show_case(None)
            return
        self._pages.setCurrentIndex(_CASES_PAGE)
        row = self._cases.row_of(chosen) if chosen is not None else None
        # The reset dropped the current index, so this always announces a change.
        self._case_list.selectionModel().setCurrentIndex(
            self._cases.index(row or 0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def select_case(self, case_id: int) -> bool:
        """Choose *case_id* in the list (and show its timeline); False when it is not listed."""
        row = self._cases.row_of(case_id)
        if row is None:
            return False
        self._case_list.setCurrentIndex(self._cases.index(row, 0))
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        """Remember the window's size, position and splitter before closing."""
        self._state.setValue(_GEOMETRY_KEY, self.saveGeometry())
        self._state.setValue(_STATE_KEY, self.saveState())
        self._state.setValue(_SPLITTER_KEY, self._splitter.saveState())
        self._state.sync()
        super().closeEvent(event)

    def _chosen_case_id(self) -> int | None:
        current = self._case_list.currentIndex()
        return current.data(CASE_ID_ROLE) if current.isValid() else None

    def _on_case_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_case(self._cases.case_at(current.row()) if current.isValid() else None)

    def _show_case(self, case: CaseSummary | None) -> None:
        if case is None:
            self._title.clear()
            self._subtitle.clear()
            self.setWindowTitle(self.tr("callnotes"))
        else:
            self._title.setText(case.title)
            self._subtitle.setText(
                self.tr("{client} · {status} · {issues}").format(
                    client=case.client_name,
                    status=status_label(case.status),
                    issues=open_issues_label(case.open_issue_count),
                )
            )
            self.setWindowTitle(self.tr("{case} — callnotes").format(case=case.title))
        self._timeline.show_case(case.id if case is not None else None)

    def _build_case_list(self) -> QListView:
        view = QListView(self)
        view.setObjectName("caseList")
        view.setAccessibleName(self.tr("Cases"))
        view.setModel(self._cases)
        view.setItemDelegate(CaseDelegate(view))
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setUniformItemSizes(True)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.selectionModel().currentChanged.connect(self._on_case_list_current_changed)
        return view

    def _build_layout(self) -> None:
        self._title.setObjectName("caseTitle")
        self._title.setAccessibleName(self.tr("Case title"))
        self._title.setWordWrap(True)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self._title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self._title.setFont(font)
        self._subtitle.setObjectName("caseSubtitle")
        self._subtitle.setAccessibleName(self.tr("Client and status"))
        self._subtitle.setWordWrap(True)
        self._subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self._subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        case_pane = QWidget(self)
        case_layout = QVBoxLayout(case_pane)
        case_layout.setContentsMargins(0, 6, 0, 0)
        case_layout.setSpacing(2)
        case_layout.addWidget(self._title)
        case_layout.addWidget(self._subtitle)
        case_layout.addSpacing(6)
        case_layout.addWidget(self._timeline, 1)

        self._splitter.setObjectName("mainSplitter")
        self._splitter.setAccessibleName(self.tr("Cases and timeline"))
        self._splitter.setChildrenCollapsible(False)
        self._splitter.addWidget(self._case_list)
        self._splitter.addWidget(case_pane)
        self._splitter.setStretchFactor(0, 1)
        self._splitter.setStretchFactor(1, 4)
        # About four cases on top; the timeline, where the work happens, gets the rest.
        self._splitter.setSizes([180, 620])

        empty = QLabel(
            self.tr(
                "<p style='font-size: large'><b>No cases yet</b></p>"
                "<p>Run <code>callnotes demo</code> to load a sample,<br>then press F5.</p>"
            ),
            self,
        )
        empty.setObjectName("emptyState")
        empty.setAccessibleName(self.tr("No cases yet"))
        empty.setTextFormat(Qt.TextFormat.RichText)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._pages.addWidget(empty)
        self._pages.addWidget(self._splitter)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self._banner)
        layout.addWidget(self._pages, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(self.tr("Ctrl+Q")))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        refresh_action = QAction(self.tr("&Refresh"), self)
        refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        refresh_action.triggered.connect(self.refresh)
        about_action = QAction(self.tr("&About callnotes"), self)
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(lambda: messages.show_about(self))

        self.menuBar().addMenu(self.tr("&File")).addAction(quit_action)
        self.menuBar().addMenu(self.tr("&View")).addAction(refresh_action)
        self.menuBar().addMenu(self.tr("&Help")).addAction(about_action)

    def _restore_state(self) -> None:
        for key, restore in (
            (_GEOMETRY_KEY, self.restoreGeometry),
            (_STATE_KEY, self.restoreState),
            (_SPLITTER_KEY, self._splitter.restoreState),
        ):
            value = self._state.value(key)
            if isinstance(value, QByteArray):
                restore(value)
