"""The shown case's title, client, status and open issues, above the tabs."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from callnotes.domain.cases import CaseSummary
from callnotes.ui.cases.list_model import open_issues_label, status_label
from callnotes.ui.common.bidi import isolated, plain
from callnotes.ui.common.key_names import follow_keys, worded


class CaseHeader(QWidget):
    """Two lines: the case title in bold, then client · status · open issues."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case: CaseSummary | None = None
        self._new_call: QAction | None = None
        self._title = QLabel(self)
        self._title.setObjectName("caseTitle")
        self._title.setAccessibleName(self.tr("Case title"))
        self._title.setWordWrap(True)
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        font = self._title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self._title.setFont(font)
        self._subtitle = QLabel(self)
        self._subtitle.setObjectName("caseSubtitle")
        self._subtitle.setAccessibleName(self.tr("Client and status"))
        self._subtitle.setWordWrap(True)
        self._subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self._subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # On a team database: who else has this case open, so two agents do not call the
        # client twice or answer the same issue in two ways.
        self._company = QLabel(self)
        self._company.setObjectName("casePresence")
        self._company.setAccessibleName(self.tr("Also on this case"))
        self._company.setWordWrap(True)
        self._company.setTextFormat(Qt.TextFormat.PlainText)
        self._company.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addWidget(self._company)

    @property
    def text(self) -> str:
        """Both lines as read (without the marks that keep a name's direction to itself)."""
        return plain(f"{self._title.text()}\n{self._subtitle.text()}".strip())

    def set_new_call_action(self, action: QAction) -> None:
        """The window's New call command, whose key the empty header names."""
        self._new_call = action
        follow_keys(action, self._show_again)

    def _show_again(self) -> None:
        self.show_case(self._case)

    def show_case(self, case: CaseSummary | None) -> None:
        """Describe *case*, or say that none is open and how to start."""
        self._case = case
        if case is None:
            self._title.setText(self.tr("No case open"))
            self._subtitle.setText(
                worded(
                    self.tr(
                        "{key} starts a call. To look around a sample case first, "
                        "run “callnotes demo” in a terminal."
                    ),
                    self.tr(
                        "New call starts a call. To look around a sample case first, "
                        "run “callnotes demo” in a terminal."
                    ),
                    self._new_call,
                )
            )
            return
        self._title.setText(case.title)
        self._subtitle.setText(
            self.tr("{client} · {status} · {issues}").format(
                client=isolated(case.client_name),  # an Arabic name must not turn the line
                status=status_label(case.status),
                issues=open_issues_label(case.open_issue_count),
            )
        )

    @property
    def company_text(self) -> str:
        """Who else is on the case, as shown ("" when nobody)."""
        return self._company.text() if not self._company.isHidden() else ""

    def show_company(self, names: list[str]) -> None:
        """Say who else has the case open (nobody: the line goes)."""
        if not names:
            self._company.clear()
            self._company.hide()
            return
        if len(names) == 1:
            text = self.tr("{name} is on this case too").format(name=names[0])
        else:
            text = self.tr("{names} and {last} are on this case too").format(
                names=", ".join(names[:-1]), last=names[-1]
            )
        self._company.setText("● " + text)
        self._company.show()

    def show_open_issues(self, case_id: int, count: int) -> None:
        """The case shown (if it is *case_id*) now has *count* open issues."""
        if self._case is not None and self._case.id == case_id:
            self.show_case(replace(self._case, open_issue_count=count))
