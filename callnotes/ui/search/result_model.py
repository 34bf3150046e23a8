"""The search results as a Qt item model: data only, with the words to highlight in each."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from callnotes.domain.timeline import EntryKind
from callnotes.domain.words import matched_spans
from callnotes.ui.search.results import ResultKind, SearchResult, snippet

RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "Note", "Issue", "Case"
TEXT_ROLE = Qt.ItemDataRole.UserRole + 3  # the matched text, cut so the match shows
SPANS_ROLE = Qt.ItemDataRole.UserRole + 4  # [(start, length)] of matching words in TEXT_ROLE
# "Client · case title"; for a case the client alone, or "contact · Client" when a contact of
# theirs was found ("Dana Whitfield, +44 20 7946 0321 · Northwind Logistics": the contact and
# number first, so a narrow window cuts the client's name and never what was typed).
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 5
DATE_ROLE = Qt.ItemDataRole.UserRole + 6  # "2 Mar 2026", in the agent's time zone
_ROOT = QModelIndex()


def kind_label(kind: ResultKind, entry_kind: EntryKind | None = None) -> str:
    """A translated, short name for what a result is: a timeline entry by its own kind."""
    if kind is ResultKind.NOTE and entry_kind is not None:
        # The timeline's own name for the kind (same translation context as the timeline).
        return QCoreApplication.translate("EntryKind", entry_kind.label)
    labels = {
        ResultKind.NOTE: QCoreApplication.translate("SearchResult", "Note"),
        ResultKind.ISSUE: QCoreApplication.translate("SearchResult", "Issue"),
        ResultKind.CASE: QCoreApplication.translate("SearchResult", "Case"),
    }
    return labels[kind]


class SearchResultModel(QAbstractListModel):
    """The results of the latest search, replaced whole when a newer one answers."""

    def __init__(self, parent: QObject | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self._results: list[SearchResult] = []
        self._texts: list[str] = []
        self._spans: list[list[tuple[int, int]]] = []

    def set_results(self, results: Sequence[SearchResult], words: Sequence[str]) -> None:
        """Show *results*; *words* (folded query words) are highlighted in their text."""
        self.beginResetModel()
        self._results = list(results)
        self._texts = [snippet(r.text, words) for r in self._results]
        self._spans = [matched_spans(text, words) for text in self._texts]
        self.endResetModel()

    def results(self) -> list[SearchResult]:
        """The results shown, in order."""
        return list(self._results)

    def result_at(self, row: int) -> SearchResult:
        """The result shown on *row*."""
        return self._results[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        """Number of results; a list has no children."""
        return 0 if parent.isValid() else len(self._results)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The text and where it was found, for painting, tooltips and screen readers."""
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        row = index.row()
        result = self._results[row]
        if role in (Qt.ItemDataRole.DisplayRole, TEXT_ROLE):
            return self._texts[row]
        if role == RESULT_ROLE:
            return result
        if role == KIND_ROLE:
            return kind_label(result.kind, result.entry_kind)
        if role == SPANS_ROLE:
            return list(self._spans[row])
        if role == DETAIL_ROLE:
            return self._detail(result)
        if role == DATE_ROLE:
            return self._date(result.at)
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = html.escape(kind_label(result.kind, result.entry_kind))
            detail = html.escape(self._detail(result))
            date, text = html.escape(self._date(result.at)), html.escape(result.text[:600])
            return f"<qt><b>{kind}</b> · {detail} · {date}<p>{text}</p></qt>"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("{kind}: {text}. {detail}, {date}").format(
                kind=kind_label(result.kind, result.entry_kind),
                text=self._texts[row],
                detail=self._detail(result),
                date=self._date(result.at),
            )
        return None

    def _detail(self, result: SearchResult) -> str:
        if result.kind is ResultKind.CASE and result.contact:
            return self.tr("{contact} · {client}").format(
                contact=result.contact, client=result.client_name
            )
        if result.kind is ResultKind.CASE:
            return result.client_name
        return self.tr("{client} · {case}").format(
            client=result.client_name, case=result.case_title
        )

    def _date(self, moment: datetime) -> str:
        local = moment.astimezone(self._tz)
        return QLocale().toString(QDate(local.year, local.month, local.day), "d MMM yyyy")
