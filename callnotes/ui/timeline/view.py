"""The table of a case's entries: time, kind and the note, each row as tall as its note."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from callnotes.domain.timeline import EntryKind
from callnotes.domain.timestamps import MONTH_NAMES
from callnotes.ui.timeline.model import (
    KIND_COLUMN,
    TEXT_COLUMN,
    TIME_COLUMN,
    TimelineModel,
    kind_label,
)

_BOTTOM = QAbstractItemView.ScrollHint.PositionAtBottom  # a found entry, clear of popups above
# Rows are measured in slices of at most this long per turn of the event loop: a long timeline
# (500 notes take about 200 ms) is measured without freezing the window, the newest rows first.
MEASURE_SLICE_S = 0.006


class TimelineView(QTableView):
    """Shows a :class:`TimelineModel`; keeps the newest entry in view unless told otherwise.

    Rows take the height of their wrapped note, so a narrow window still shows all of it. They
    are measured explicitly (all rows when the width changes, one row when an entry is added):
    Qt's ResizeToContents re-measures every row on every insert, which made each Enter stall
    the window on a long timeline. All rows are measured a slice at a time, the rows in view
    and the newest first, so that typing goes on while the window is resized.
    """

    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        # Coalesces row measuring: one pass after a load or a change of width, once visible.
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._resize_all_rows)
        self._unmeasured: list[int] = []  # rows still to measure, the next one last
        self._measure_more = QTimer(self)
        self._measure_more.setSingleShot(True)
        self._measure_more.setInterval(0)
        self._measure_more.timeout.connect(self._measure_slice)
        self._scroll_to_end = False
        self._keep_end = False  # the pass of measuring under way keeps the newest in view
        self.setObjectName("timelineTable")
        self.setAccessibleName(self.tr("Timeline"))
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setCornerButtonEnabled(False)
        self.setItemDelegate(_SpacedDelegate(self))
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Time and kind have one width whatever the rows, measured from the font: sized from
        # the rows in view Qt cut "Commitment" to "Commitm…" and "18:40" to "18…", later grew
        # the kind column with a long kind until notes wrapped to five lines in a narrow
        # window, and measured five times over while the window was shown (half a second of
        # start-up on a 500-entry timeline). A long kind wraps inside its column instead.
        for column in (TIME_COLUMN, KIND_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self._measure_columns()
        header.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._on_header_section_resized)
        # At the newest entry, the view stays there when its height changes (a reminder bar
        # appears above it, the window is resized): the scroll range grows, the value would not.
        self._at_end = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scroll_value_changed)
        bar.rangeChanged.connect(self._on_scroll_range_changed)

    def show_from_the_end(self) -> None:
        """The entries were replaced: measure them and show the newest once laid out."""
        self._scroll_to_end = True
        self._relayout.start()

    def show_appended(self) -> None:
        """One entry was added at the end: measure it and bring it into view."""
        last = self._model.rowCount() - 1
        self.resizeRowToContents(last)
        self.updateGeometries()  # the scroll range must include the measured row
        self.scrollTo(self._model.index(last, TEXT_COLUMN))

    def measure_rows(self, rows: range) -> None:
        """Measure *rows* again: their text changed (a note waiting to be stored says why on
        a line of its own, which was cut off at its old height)."""
        for row in rows:
            self.resizeRowToContents(row)
        self.updateGeometries()

    def show_row(self, row: int) -> None:
        """Select *row* and scroll to it (a found entry, not the newest, is what is looked for)."""
        self._scroll_to_end = False
        self._measure_all_now()  # real heights first, so the scroll lands on the row
        self.selectRow(row)
        self.scrollTo(self._model.index(row, TEXT_COLUMN), _BOTTOM)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Measure the rows once the table has its real width."""
        super().showEvent(event)
        self._relayout.start()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        """Measure the time and kind columns again when the font or style changes."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measure_columns()

    def _measure_columns(self) -> None:
        """Time: "00:00", a day ("30 Sep") or its title; kind: the longest word of any kind or
        of its second line ("(internal)", "for the client")."""
        metrics = self.fontMetrics()
        header = self.horizontalHeader()
        model = self._model
        words = {w for kind in EntryKind for w in kind_label(kind).split()}
        words |= set(model.tr("{kind}\n(internal)").format(kind="").split())
        words |= set(model.tr("{kind}\nfor the client").format(kind="").split())
        # The delegate's extra room and the text margins Qt's delegate keeps on both sides.
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        room = _SpacedDelegate.EXTRA.width() + 2 * margin + 2
        # Time: the clock, and the day above a day's first entry ("30 Sep").
        times = ["00:00", "23:59", *(f"30 {month}" for month in MONTH_NAMES)]
        for column, texts in ((TIME_COLUMN, times), (KIND_COLUMN, sorted(words))):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            cells = max(metrics.horizontalAdvance(text) for text in texts) + room
            header.resizeSection(
                column, max(cells, header.fontMetrics().horizontalAdvance(title) + 12)
            )

    def _on_scroll_value_changed(self, value: int) -> None:
        self._at_end = value >= self.verticalScrollBar().maximum()

    def _on_scroll_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._at_end:
            self.verticalScrollBar().setValue(maximum)

    def _on_header_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index == TEXT_COLUMN:
            self._relayout.start()

    def _resize_all_rows(self) -> None:
        """Measure every row again, a slice at a time: the rows in view first, then the rest
        from the newest back."""
        if not self.isVisible():
            return
        count = self._model.rowCount()
        bar = self.verticalScrollBar()
        # Kept at the newest while measured, unless the agent scrolls away meanwhile.
        self._keep_end = self._scroll_to_end or bar.value() >= bar.maximum()
        if self._scroll_to_end:
            self._at_end = True  # a timeline just shown: its newest entries
        self._scroll_to_end = False
        if self._keep_end:
            in_view = range(count)  # the newest are what will be in view
        else:
            top = max(0, self.rowAt(0))
            bottom = self.rowAt(self.viewport().height() - 1)
            in_view = range(top, (bottom if bottom >= 0 else count - 1) + 1)
        rest = [row for row in range(count) if row not in in_view]
        self._unmeasured = rest + list(in_view)  # popped from the end: in view first
        self._measure_slice()

    def _measure_slice(self) -> None:
        deadline = time.perf_counter() + MEASURE_SLICE_S
        count = self._model.rowCount()
        while self._unmeasured:
            row = self._unmeasured.pop()
            if row < count:
                self.resizeRowToContents(row)
            if time.perf_counter() >= deadline:
                break
        if self._keep_end and self._at_end:
            # Qt moves the scroll range to the measured heights only on its next layout pass;
            # scrolled before that, "the bottom" is where it was with the default row heights.
            self.updateGeometries()
            self.scrollToBottom()
        if self._unmeasured:
            self._measure_more.start()

    def _measure_all_now(self) -> None:
        """Measure every row at once (a row is about to be scrolled to)."""
        if not self.isVisible():
            return
        self._relayout.stop()
        self._measure_more.stop()
        self._unmeasured = []
        self._keep_end = False
        self.resizeRowsToContents()


class _SpacedDelegate(QStyledItemDelegate):
    """Adds air below each row and after each column: dense text is hard to scan mid-call.

    Text stays top-aligned, so the extra height shows as a gap between entries. (A style sheet
    padding would do the same but breaks the row-height calculation and clips wrapped notes.)
    """

    EXTRA = QSize(8, 6)

    def initStyleOption(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """A note's long unbroken words (a link, a path) may break anywhere on screen."""
        super().initStyleOption(option, index)
        if index.column() == TEXT_COLUMN and option.text:
            option.text = breakable(option.text)

    def sizeHint(  # noqa: N802 (Qt API)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The default size plus a little room."""
        return super().sizeHint(option, index) + self.EXTRA


# A word this long may not fit a docked window's note column: Qt wraps at spaces only, and cut
# such a word with "…", the rest of a link unreadable.
_LONG_WORD = re.compile(r"\S{20,}")
_ANYWHERE = "\u200b"  # a zero-width space: a place to break the line, invisible


def breakable(text: str) -> str:
    """*text* shown with its long words breakable anywhere (the text itself is unchanged)."""
    return _LONG_WORD.sub(lambda word: _ANYWHERE.join(word.group()), text)
