"""The fields of one issue, laid out for a narrow window: what the client said, impact, progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.issues import (
    IMPACT_ORDER,
    URGENCY_ORDER,
    Impact,
    IssueRecord,
    IssueStatus,
    Urgency,
)
from callnotes.domain.people import TeamMemberRecord
from callnotes.ui.common.optional_datetime import OptionalDateTimeEdit
from callnotes.ui.issues.labels import impact_label, issue_status_label, urgency_label
from callnotes.ui.issues.seen_before_box import SeenBeforeBox


class KeepTextLineEdit(QLineEdit):
    """A line edit that keeps its words when tabbed into: the cursor goes to the end.

    Qt selects the whole text on Tab, so the first key typed would replace an issue's title.
    """

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        """Arrive with the cursor after the last word, nothing selected."""
        super().focusInEvent(event)
        if event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
        ):
            self.deselect()
            self.end(False)


class IssueForm(QWidget):
    """Widgets only: showing an issue; the editor decides what to save and when."""

    def __init__(self, parent: QWidget | None = None, *, tz: tzinfo | None = None) -> None:
        super().__init__(parent)
        self.empty = QLabel(self.tr("Select an issue in the list, or add one above."), self)
        self.empty.setObjectName("issueEditorEmpty")
        self.empty.setAccessibleName(self.tr("No issue selected"))
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.title = self._line("issueTitle", self.tr("Title"), self.tr("In a few words"))
        self.client_words = self._text(
            "clientWords", self.tr("Client's words"), self.tr("What the client said, as said")
        )
        self.fixed_looks_like = self._text(
            "fixedLooksLike",
            self.tr("What fixed looks like"),
            self.tr("One line per thing the client will check"),
        )
        self.seen_before = SeenBeforeBox(self, tz=tz)
        self.impact = self._combo("impact", self.tr("Impact"))
        self.impact.addItem(self.tr("Not known yet"), None)
        for impact in IMPACT_ORDER:
            self.impact.addItem(impact_label(impact), impact.value)
        self.urgency = self._combo("urgency", self.tr("Urgency"))
        self.urgency.addItem(self.tr("Not known yet"), None)
        for urgency in URGENCY_ORDER:
            self.urgency.addItem(urgency_label(urgency), urgency.value)
        self.priority = QLabel(self)
        self.priority.setObjectName("suggestedPriority")
        self.priority.setAccessibleName(self.tr("Suggested priority"))
        self.priority.setWordWrap(True)
        # Created in the order Tab visits them, the order the questions are asked in.
        self.timeframe = self._line(
            "timeframe", self.tr("Client's timeframe"), self.tr("e.g. before the 16:00 dispatch")
        )
        self.business_critical = self._check("businessCritical", self.tr("Business-critical"))
        self.time_sensitive = self._check("timeSensitive", self.tr("Time-sensitive"))
        self.deadline = OptionalDateTimeEdit(self.tr("Deadline"), self)
        self.deadline.setObjectName("deadline")
        self.first_noticed = OptionalDateTimeEdit(self.tr("First noticed"), self)
        self.first_noticed.setObjectName("firstNoticed")
        self.status = self._combo("status", self.tr("Status"))
        for status in IssueStatus:
            self.status.addItem(issue_status_label(status), status.value)
        self.owner = self._combo("owner", self.tr("Owner"))
        self.eta = OptionalDateTimeEdit(self.tr("ETA"), self)
        self.eta.setObjectName("eta")
        self.roadblocks = self._line(
            "roadblocks", self.tr("Roadblocks"), self.tr("What blocks the fix (Enter to record)")
        )
        self.root_cause = self._text(
            "rootCause", self.tr("Root cause"), self.tr("Once known"), lines=2
        )
        self._details = QWidget(self)
        self._build()

    # Showing ---------------------------------------------------------------------------------

    def show_issue(self, issue: IssueRecord | None) -> None:
        """Fill every field from *issue*; None shows the hint instead of the fields.

        A field that shows the value already is left alone: the agent typing in it keeps the
        cursor where it is.
        """
        self.empty.setVisible(issue is None)
        self._details.setVisible(issue is not None)
        if issue is None:
            return
        _set_line(self.title, issue.title)
        _set_text(self.client_words, issue.client_words)
        _set_text(self.fixed_looks_like, "\n".join(issue.fixed_looks_like))
        self.impact.setCurrentIndex(_index_of(self.impact, issue.impact))
        self.urgency.setCurrentIndex(_index_of(self.urgency, issue.urgency))
        self.time_sensitive.setChecked(issue.time_sensitive)
        self.business_critical.setChecked(issue.business_critical)
        _set_line(self.timeframe, issue.timeframe)
        if self.deadline.value() != issue.deadline:
            self.deadline.set_value(issue.deadline)
        if self.first_noticed.value() != issue.first_noticed_at:
            self.first_noticed.set_value(issue.first_noticed_at)
        _set_text(self.root_cause, issue.root_cause)
        self.show_progress(issue)

    def show_progress(self, issue: IssueRecord | None) -> None:
        """Fill status, owner, ETA and roadblocks from *issue*."""
        if issue is None:
            return
        self.status.setCurrentIndex(_index_of(self.status, issue.status))
        self._choose_owner(issue.owner_id)
        if self.eta.value() != issue.eta:
            self.eta.set_value(issue.eta)
        _set_line(self.roadblocks, issue.roadblocks)

    def chosen_impact(self) -> Impact | None:
        """The impact chosen in the list (None: not known yet)."""
        value = self.impact.currentData()
        return Impact(value) if value else None

    def chosen_urgency(self) -> Urgency | None:
        """The urgency chosen in the list (None: not known yet)."""
        value = self.urgency.currentData()
        return Urgency(value) if value else None

    def chosen_status(self) -> IssueStatus:
        """The status chosen in the list."""
        return IssueStatus(self.status.currentData())

    def show_priority(self, text: str, tooltip: str) -> None:
        """The suggested priority line and its explanation."""
        self.priority.setText(text)
        self.priority.setToolTip(tooltip)
        self.priority.setAccessibleDescription(text)

    def set_team(self, members: Sequence[TeamMemberRecord], owner_id: int | None) -> None:
        """Offer *members* as owners, keeping *owner_id* chosen."""
        self.owner.clear()
        self.owner.addItem(self.tr("Nobody yet"), None)
        for member in members:
            label = f"{member.name} ({member.team})" if member.team else member.name
            self.owner.addItem(label, member.id)
        self._choose_owner(owner_id)

    def _choose_owner(self, owner_id: int | None) -> None:
        found = self.owner.findData(owner_id) if owner_id is not None else 0
        if found < 0:
            self.owner.addItem(self.tr("Someone no longer listed"), owner_id)
            found = self.owner.count() - 1
        self.owner.setCurrentIndex(found)

    # Building --------------------------------------------------------------------------------

    def _build(self) -> None:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(6)

        self._heading(form, self.tr("What the client said"))
        self._row(form, self.tr("Title"), self.title)
        self._row(form, self.tr("Their words"), self.client_words)
        form.addRow(self.seen_before)
        self._row(form, self.tr("Fixed when"), self.fixed_looks_like)

        self._heading(form, self.tr("How much it hurts"))
        self._row(form, self.tr("Impact"), self.impact)
        self._row(form, self.tr("Urgency"), self.urgency)
        flags = QWidget(self._details)
        flags_layout = QHBoxLayout(flags)
        flags_layout.setContentsMargins(0, 0, 0, 0)
        flags_layout.addWidget(self.business_critical)
        flags_layout.addWidget(self.time_sensitive)
        flags_layout.addStretch(1)
        # The seed's questions in the order they are asked: how wide, how urgent, by when;
        # then whether it is business-critical or time-sensitive (Tab reaches them in turn).
        self._row(form, self.tr("Timeframe"), self.timeframe)
        form.addRow("", flags)
        form.addRow("", self.priority)
        self._row(form, self.tr("Deadline"), self.deadline)
        self._row(form, self.tr("First noticed"), self.first_noticed)

        self._heading(form, self.tr("Progress"))
        self._row(form, self.tr("Status"), self.status)
        self._row(form, self.tr("Owner"), self.owner)
        self._row(form, self.tr("ETA"), self.eta)
        self._row(form, self.tr("Roadblocks"), self.roadblocks)
        self._row(form, self.tr("Root cause"), self.root_cause)
        self._details.setLayout(form)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self._details)
        layout.addStretch(1)

    def _heading(self, form: QFormLayout, text: str) -> None:
        label = QLabel(text, self._details)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        label.setAccessibleName(text)
        label.setContentsMargins(0, 8, 0, 0)
        form.addRow(label)

    def _row(self, form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text, self._details)
        label.setBuddy(field)
        form.addRow(label, field)

    def _line(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = KeepTextLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    def _text(
        self, name: str, accessible: str, placeholder: str, *, lines: int = 3
    ) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        height = edit.fontMetrics().lineSpacing() * lines + 12
        edit.setFixedHeight(height)
        edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return edit

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        return combo

    def _check(self, name: str, text: str) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(name)
        box.setAccessibleName(text)
        return box


def _index_of(combo: QComboBox, value: StrEnum | None) -> int:
    """The row holding *value* (combos store the enum's text); the first row for None."""
    if value is None:
        return 0
    return max(combo.findData(value.value), 0)


def _set_line(field: QLineEdit, text: str) -> None:
    if field.text() != text:
        field.setText(text)
        field.setCursorPosition(0)


def _set_text(field: QPlainTextEdit, text: str) -> None:
    if field.toPlainText() != text:
        field.setPlainText(text)
