"""The timeline of one case and the line where the agent types the next note."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.timeline import EntryRecord
from callnotes.errors import CallnotesError
from callnotes.ui.banner import BannerWidget
from callnotes.ui.timeline_model import KIND_COLUMN, TEXT_COLUMN, TIME_COLUMN, TimelineModel

LoadEntries = Callable[[int], Sequence[EntryRecord]]
AddEntry = Callable[[int, str], EntryRecord]


class TimelinePanel(QWidget):
    """Shows a case's entries and appends what the agent types; a failed save keeps the text."""

    entry_added = Signal(object)  # the EntryRecord the service returned

    def __init__(
        self,
        load_entries: LoadEntries,
        add_entry: AddEntry,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._load_entries = load_entries
        self._add_entry = add_entry
        self._case_id: int | None = None
        # Unsent text per case: switching cases mid-sentence must neither lose the words nor
        # file them under the wrong client.
        self._drafts: dict[int, str] = {}
        self._model = TimelineModel(self, tz=tz)
        self._table = self._build_table()
        self._banner = BannerWidget(self)
        self._input = QLineEdit(self)
        self._input.setObjectName("noteInput")
        self._input.setAccessibleName(self.tr("New note"))
        self._input.setClearButtonEnabled(True)
        self._input.returnPressed.connect(self._on_input_return_pressed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._banner)
        layout.addWidget(self._input)
        self.show_case(None)

    @property
    def table_view(self) -> QTableView:
        """The table of entries."""
        return self._table

    @property
    def note_input(self) -> QLineEdit:
        """The line the agent types into."""
        return self._input

    @property
    def banner(self) -> BannerWidget:
        """Where save and load problems are shown."""
        return self._banner

    @property
    def model(self) -> TimelineModel:
        """The entries shown."""
        return self._model

    @property
    def case_id(self) -> int | None:
        """The case shown, or None."""
        return self._case_id

    def show_case(self, case_id: int | None) -> None:
        """Load and show *case_id*'s timeline; None shows nothing and disables typing."""
        if self._case_id is not None:
            self._drafts[self._case_id] = self._input.text()
        self._case_id = case_id
        self._banner.clear()
        self._input.setText(self._drafts.pop(case_id, "") if case_id is not None else "")
        enabled = case_id is not None
        self._input.setEnabled(enabled)
        self._input.setPlaceholderText(
            self.tr("Type a note and press Enter") if enabled else self.tr("Select a case first")
        )
        self.reload()

    def reload(self) -> None:
        """Fetch the shown case's entries again; the text being typed is kept."""
        if self._case_id is None:
            self._model.set_entries([])
            return
        try:
            entries = self._load_entries(self._case_id)
        except CallnotesError as exc:
            self._model.set_entries([])
            self._banner.show_message(str(exc))
            return
        self._model.set_entries(entries)
        self._table.scrollToBottom()

    def _on_input_return_pressed(self) -> None:
        text = self._input.text()
        if self._case_id is None or not text.strip():
            return
        try:
            entry = self._add_entry(self._case_id, text)
        except CallnotesError as exc:
            # The text stays in the line so the agent can retry once the problem is fixed.
            self._banner.show_message(str(exc))
            return
        self._banner.clear()
        self._input.clear()
        self._model.append_entry(entry)
        self._table.scrollTo(self._model.index(self._model.rowCount() - 1, TEXT_COLUMN))
        self.entry_added.emit(entry)

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("timelineTable")
        table.setAccessibleName(self.tr("Timeline"))
        table.setModel(self._model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setTabKeyNavigation(False)
        table.setWordWrap(True)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setCornerButtonEnabled(False)
        table.setItemDelegate(_SpacedDelegate(table))
        table.verticalHeader().hide()
        # Rows take the height of their wrapped note, so a narrow window still shows all of it.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(TIME_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KIND_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        return table


class _SpacedDelegate(QStyledItemDelegate):
    """Adds air below each row and after each column: dense text is hard to scan mid-call.

    Text stays top-aligned, so the extra height shows as a gap between entries. (A style sheet
    padding would do the same but breaks the row-height calculation and clips wrapped notes.)
    """

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The default size plus a little room."""
        return super().sizeHint(option, index) + QSize(8, 6)
