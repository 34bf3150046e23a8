"""The issue list above the selected issue's details, with room for the call's issues.

Until the agent drags the handle, the list keeps room for four to six rows (never more than
three fifths of the height, never less than two fifths) as the height and the number of issues
change; the details, which scroll, get the rest. Sizes shared in proportion left a window
docked beside the softphone a list of two and a half issues. Dragged by hand, the handle stays
where the agent put it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

from callnotes.ui.issues.list_pane import IssueListPane


class IssueSplitter(QSplitter):
    """*pane* (the issue list) above *details*, the list sized for its issues until dragged."""

    def __init__(
        self, pane: IssueListPane, details: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._pane = pane
        self._list = pane.list_view
        self.setObjectName("issueSplitter")
        self.setAccessibleName(self.tr("Issue list and details"))
        self.setChildrenCollapsible(False)
        self.addWidget(pane)
        self.addWidget(details)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self._by_hand = False
        self.splitterMoved.connect(self._on_splitter_moved)
        model = self._list.model()
        for counted in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            counted.connect(self._fit_rows)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        """Room in the list for the issues of the call; the details get the rest."""
        super().resizeEvent(event)
        self._fit_rows()

    def _fit_rows(self) -> None:
        if self._by_hand:
            return
        total = self.height() - self.handleWidth()
        if total <= 0:
            return
        count = self._list.model().rowCount()
        rows = min(max(count, 4), 6)
        row = self._list.sizeHintForRow(0) if count else 0
        row = max(row, self._list.fontMetrics().height() * 2 + 10)
        chrome = self._pane.sizeHint().height() - self._list.sizeHint().height()
        frame = self._list.frameWidth() * 2
        wanted = chrome + frame + rows * row
        top = max(min(wanted, total * 3 // 5), total * 2 // 5)
        self.setSizes([top, total - top])

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._by_hand = True
