"""Find a client or a past issue from the call window: results while typing, Enter opens one.

The query runs on the window's task runner, 150 ms after the last key, so typing never waits
for the database; a newer query always wins over an older one that answers late. Up and Down
move through the results without leaving the query field, Enter opens the chosen one (the
popup stays, so the next result is one key away) and Esc closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.cases import CaseSummary
from callnotes.domain.words import query_words
from callnotes.errors import CallnotesError
from callnotes.services.search.full_text import RANKED_WINDOW, SearchPage
from callnotes.ui.common.key_names import literal_label, with_key
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.search.result_delegate import SearchResultDelegate
from callnotes.ui.search.result_model import SearchResultModel
from callnotes.ui.search.results import (
    ResultKind,
    SearchResult,
    results_from_cases,
    results_from_hits,
)

if TYPE_CHECKING:
    from callnotes.services.search.case_finder import CaseMatch

DEBOUNCE_MS = 150
MAX_RESULTS = 50
_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 5,
    Qt.Key.Key_PageUp: -5,
}


@dataclass(frozen=True)
class SearchActions:
    """What the popup needs: the full-text search and the case finder (both run off the GUI
    thread) and the case list.

    ``search(query, client_id, older)`` returns a page; *older*, the ``older`` of the page
    before, asks for the matches its ranked window left out.
    """

    search: Callable[[str, int | None, Any], SearchPage]
    cases: Callable[[], Sequence[CaseSummary]]
    #: ``find_cases(query, client_id, listed)``: the cases the query names (by title, client,
    #: a contact's name or number), best first; *listed*, the cases the list has read, are
    #: matched without being read again.
    find_cases: Callable[[str, int | None, Sequence[CaseSummary]], Sequence[CaseMatch]] = (
        lambda _query, _client_id, _listed: []
    )


class SearchPopup(QDialog):
    """A query field over a list of matching notes, issues and cases."""

    #: The agent opened a result (SearchResult).
    result_activated = Signal(object)
    #: The agent asked to go back to the case of the call in progress.
    back_requested = Signal()

    def __init__(
        self,
        actions: SearchActions,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        tz: tzinfo | None = None,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._runner = runner
        self._key = ("search-popup", id(self))
        self._client: tuple[int, str] | None = None
        self._asked: tuple[str, int | None] | None = None  # the query whose answer is awaited
        self._older: Any = None  # where the matches left out of the ranked window start
        self._page = 0  # 0: the newest matches; 1, 2…: windows of older ones
        self._open_when_ready = False
        self.setObjectName("searchPopup")
        self.setWindowTitle(self.tr("Find a client, issue or note"))
        self.setAccessibleName(self.tr("Find"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._search_now)
        self._query = QLineEdit(self)
        self._query.setObjectName("searchQuery")
        self._query.setAccessibleName(self.tr("Search for"))
        self._query.setPlaceholderText(self.tr("Client, issue or words from a note"))
        self._query.setClearButtonEnabled(True)
        self._scope = QCheckBox(self)
        self._scope.setObjectName("searchScope")
        self._scope.setVisible(False)
        # Alt+L (or a click) narrows the results and the keys stay in the query, where the
        # agent goes on typing; Tab still reaches the box.
        self._scope.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._status = _quiet_label(self, "searchStatus", self.tr("Search status"))
        self._model = SearchResultModel(self, tz=tz)
        self._list = QListView(self)
        self._list.setObjectName("searchResults")
        self._list.setAccessibleName(self.tr("Results"))
        self._list.setModel(self._model)
        self._list.setItemDelegate(SearchResultDelegate(self._list))
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._list.setResizeMode(QListView.ResizeMode.Adjust)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._outcome = QLabel(self)
        self._outcome.setObjectName("searchOutcome")
        self._outcome.setAccessibleName(self.tr("What was opened"))
        self._outcome.setWordWrap(True)
        self._outcome.setTextFormat(Qt.TextFormat.PlainText)
        back = QAction(self)
        back.setShortcut(QKeySequence("Alt+B"))
        self._back = QPushButton(with_key(self.tr("Back to the call's case"), back), self)
        self._back.setAutoDefault(False)  # Enter belongs to the query field
        back.triggered.connect(self._back.click)  # a hidden button ignores the click
        self.addAction(back)
        older = QAction(self)
        older.setShortcut(QKeySequence("Alt+O"))
        self._older_button = QPushButton(with_key(self.tr("Older matches"), older), self)
        self._older_button.setObjectName("olderMatches")
        self._older_button.setAutoDefault(False)
        self._older_button.setVisible(False)
        older.triggered.connect(self._older_button.click)  # a hidden button ignores the click
        self.addAction(older)
        self._hint = _quiet_label(self, "searchKeys", self.tr("Keys"))
        self._hint.setText(self.tr("↑ ↓ choose · Enter opens · Esc closes"))
        self._build()
        self._query.textChanged.connect(self._on_query_text_changed)
        self._query.installEventFilter(self)
        self._scope.toggled.connect(lambda _on: self._search_now())
        self._list.activated.connect(self._activate)
        self._back.clicked.connect(self.back_requested)
        self._older_button.clicked.connect(self._on_older_button_clicked)
        self._show_hint()
        self.show_outcome("")

    # -- public API ------------------------------------------------------------------------

    @property
    def query_field(self) -> QLineEdit:
        """Where the words are typed."""
        return self._query

    @property
    def results_view(self) -> QListView:
        """The list of results."""
        return self._list

    @property
    def scope_box(self) -> QCheckBox:
        """“Only <client>”, shown while a case is shown."""
        return self._scope

    @property
    def back_button(self) -> QPushButton:
        """“Back to the call's case”, shown after a result moved the window off the call."""
        return self._back

    @property
    def status_text(self) -> str:
        """What the popup says about the search (a hint, the count, no matches, a problem)."""
        return self._status.text()

    @property
    def outcome_text(self) -> str:
        """What happened when a result was opened, or an empty string."""
        return self._outcome.text()

    @property
    def searching(self) -> bool:
        """Whether the words in the field still wait for their answer."""
        return self._timer.isActive() or self._asked is not None

    def results(self) -> list[SearchResult]:
        """The results shown, in order."""
        return self._model.results()

    def current_result(self) -> SearchResult | None:
        """The result Enter would open."""
        index = self._list.currentIndex()
        return self._model.result_at(index.row()) if index.isValid() else None

    def set_client(self, client: tuple[int, str] | None) -> None:
        """The client of the shown case (id, name), offered as “only this client”; or None."""
        if client == self._client:
            return
        self._client = client
        scoped = self._scope.isChecked()
        self._scope.setVisible(client is not None)
        if client is not None:
            self._scope.setText(self.tr("On&ly {client}").format(client=literal_label(client[1])))
        if scoped:
            self._search_now()  # the scope now means another client, or none

    def show_outcome(self, text: str, *, offer_back: bool = False) -> None:
        """Say what opening a result did to the window (empty: say nothing)."""
        self._outcome.setText(text)
        self._outcome.setVisible(bool(text))
        self._back.setVisible(offer_back)

    def open_over(self, window: QWidget, top: int = 0) -> None:
        """Show over *window* from *top* down (its tabs stay visible) with the query ready."""
        margin = 8
        width = max(window.width() - 2 * margin, 280)
        height = min(max(int(window.height() * 0.55), 320), 560)
        self.resize(width, height)
        self.move(window.mapToGlobal(QPoint(margin, top)))
        window.installEventFilter(self)  # closes with the window (once, however often opened)
        self.show_outcome("")
        self.show()
        self.activateWindow()
        self._query.setFocus()
        self._query.selectAll()

    # -- reactions -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Up, Down, Page Up/Down and Enter in the query field act on the results."""
        if watched is not self._query and event.type() == QEvent.Type.Close:
            self._timer.stop()  # the window is closing: nothing may search after it
            if self.isVisible():
                self.reject()
            return False
        if watched is self._query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            if key in _MOVES and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self._move(_MOVES[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_query_return_pressed()
                return True
        return super().eventFilter(watched, event)

    def _on_query_text_changed(self, text: str) -> None:
        self._open_when_ready = False
        if not query_words(text):
            self._timer.stop()
            self._runner.cancel(self._key)
            self._asked = None
            self._show_hint()
            return
        self._timer.start()

    def _on_query_return_pressed(self) -> None:
        if self._timer.isActive() or self._asked is not None:
            # The words typed have not been searched yet: open the best match once they are.
            self._open_when_ready = True
            if self._timer.isActive():
                self._search_now()
            return
        self._activate(self._list.currentIndex())

    def _on_older_button_clicked(self) -> None:
        if self._older is not None and self._asked is None:
            self._search_now(older=self._older)

    def _search_now(self, older: Any = None) -> None:
        self._timer.stop()
        query = self._query.text()
        if not query_words(query):
            return
        client_id = self._client[0] if self._client and self._scope.isChecked() else None
        self._asked = (query, client_id)
        page = self._page + 1 if older is not None else 0
        cases = list(self._actions.cases())  # read here: the case list lives on this thread
        search, find_cases = self._actions.search, self._actions.find_cases

        def run() -> tuple[list[SearchResult], Any]:
            found = []
            if older is None:
                found = results_from_cases(find_cases(query, client_id, cases))
            hits = search(query, client_id, older)
            return found + results_from_hits(hits.hits)[: MAX_RESULTS - len(found)], hits.older

        if self._model.rowCount() == 0:  # shown results stay until the new ones: no flicker
            self._set_status(self.tr("Searching…"))
        self._runner.submit(
            run,
            on_result=lambda answer: self._on_results(query, client_id, page, *answer),
            on_error=lambda exc: self._on_error(query, client_id, exc),
            key=self._key,
            owner=self,
        )

    def _on_results(
        self,
        query: str,
        client_id: int | None,
        page: int,
        results: list[SearchResult],
        older: Any = None,
    ) -> None:
        if self._asked != (query, client_id):
            return  # an answer to words no longer in the field
        self._asked = None
        self._page, self._older = page, older
        self._older_button.setVisible(older is not None)
        self._model.set_results(results, query_words(query))
        if not results:
            self._set_status(
                self.tr(
                    "Nothing found for “{query}”. Try fewer words, or just the start of one."
                ).format(query=query.strip())
            )
            self._open_when_ready = False
            return
        self._set_status(self._summary(results) + self._window_note(page, older))
        self._list.selectionModel().setCurrentIndex(
            self._model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._list.scrollToTop()
        if self._open_when_ready:
            self._open_when_ready = False
            self._activate(self._list.currentIndex())

    def _on_error(self, query: str, client_id: int | None, exc: CallnotesError) -> None:
        if self._asked != (query, client_id):
            return
        self._asked = None
        self._open_when_ready = False
        self._model.set_results([], [])
        self._set_status(
            self.tr("Search did not work: {problem}").format(problem=exc), problem=True
        )

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < self._model.rowCount():
            self.result_activated.emit(self._model.result_at(index.row()))

    # -- helpers ---------------------------------------------------------------------------

    def _move(self, step: int) -> None:
        count = self._model.rowCount()
        if count == 0:
            return
        current = self._list.currentIndex()
        row = current.row() + step if current.isValid() else (0 if step > 0 else count - 1)
        index = self._model.index(max(0, min(row, count - 1)), 0)
        self._list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._list.scrollTo(index)

    def _show_hint(self) -> None:
        self._model.set_results([], [])
        self._set_status(self.tr("Type a client's name or a few words from an issue or a note."))

    def _summary(self, results: Sequence[SearchResult]) -> str:
        counts = {kind: sum(1 for r in results if r.kind is kind) for kind in ResultKind}
        parts = []
        for kind, one, many in (
            (ResultKind.CASE, self.tr("1 case"), self.tr("{n} cases")),
            (ResultKind.ISSUE, self.tr("1 issue"), self.tr("{n} issues")),
            (ResultKind.NOTE, self.tr("1 note"), self.tr("{n} notes")),
        ):
            if counts[kind]:
                parts.append(one if counts[kind] == 1 else many.format(n=counts[kind]))
        return self.tr(", ").join(parts)

    def _window_note(self, page: int, older: Any) -> str:
        """What the ranking covered, when it did not cover every match."""
        window = f"{RANKED_WINDOW:,}"
        if page == 0 and older is None:
            return ""
        if page == 0:
            # At most that many: fewer when the words of the search seldom meet (on a team
            # database each word's newest notes are read so far, see storage/search/postings.py).
            note = self.tr(" — the best of the newest matches (up to {n}); older ones: Alt+O")
        elif older is not None:
            note = self.tr(" — older matches, the best of the next (up to {n}); older still: Alt+O")
        else:
            note = self.tr(" — the oldest matches")
        return note.format(n=window)

    def _set_status(self, text: str, *, problem: bool = False) -> None:
        self._status.setText(text)
        self._status.setForegroundRole(
            QPalette.ColorRole.WindowText if problem else QPalette.ColorRole.PlaceholderText
        )

    def _build(self) -> None:
        back_row = QHBoxLayout()
        back_row.setContentsMargins(0, 0, 0, 0)
        back_row.addStretch(1)
        back_row.addWidget(self._back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self._query)
        layout.addWidget(self._scope)
        layout.addWidget(self._status)
        layout.addWidget(self._list, 1)
        layout.addWidget(self._outcome)
        back_row.insertWidget(0, self._older_button)
        layout.addLayout(back_row)
        layout.addWidget(self._hint)


def _quiet_label(parent: QWidget, name: str, accessible: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
