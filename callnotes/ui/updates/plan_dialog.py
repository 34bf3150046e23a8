"""The Communication plan dialog: the suggestion and why, then the cadence agreed on."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.domain.cadence import DAY, HOUR, WEEK, CadenceSuggestion, CommunicationPlan
from callnotes.domain.communications import Channel
from callnotes.domain.people import ContactMethod
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.updates import texts

# Minutes between updates; 0 stands for "on change" (a combo box cannot find None).
CADENCES = (30, HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR, 6 * HOUR, DAY, WEEK, 0)


@dataclass(frozen=True)
class PlanChoice:
    """The plan as chosen in the dialog."""

    cadence_minutes: int | None
    channel: ContactMethod
    business_hours_only: bool
    agreed: bool


class PlanDialog(QDialog):
    """Shows the plan, then the suggestion with its reason; *plan_chosen* carries what was
    agreed."""

    plan_chosen = Signal(object)  # PlanChoice

    def __init__(self, plan: CommunicationPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._suggestion: CadenceSuggestion | None = None
        # A plan never agreed nor set takes the suggestion as soon as it is worked out.
        self._take_suggestion = plan.agreed_at is None and plan.cadence_minutes is None
        self.setWindowTitle(self.tr("Communication plan"))
        self.setAccessibleName(self.tr("Communication plan"))
        self.suggestion = QLabel(self.tr("Working out a suggestion…"), self)
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName(self.tr("Suggested plan and why"))
        self.use_suggestion = QPushButton(self.tr("&Use the suggestion"), self)
        self.use_suggestion.setAutoDefault(False)
        self.use_suggestion.setEnabled(False)
        self.cadence = QComboBox(self)
        for minutes in CADENCES:
            self.cadence.addItem(texts.cadence_label(minutes or None).capitalize(), minutes)
        self.channel = QComboBox(self)
        for method in ContactMethod:
            self.channel.addItem(texts.channel_label(Channel(method.value)), method.value)
        hours = plan.business_hours if plan.business_hours != "always" else self.tr("no set hours")
        self.business_hours = QCheckBox(
            self.tr("Count the client's &business hours only ({hours}, {zone})").format(
                hours=hours, zone=plan.timezone
            ),
            self,
        )
        self.agreed = QCheckBox(self.tr("&Agreed with the client"), self)
        self.agreed.setChecked(True)
        self.banner = BannerWidget(self)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            self.tr("&Save plan"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        self.use_suggestion.clicked.connect(lambda _c=False: self._apply_suggestion())

        form = QFormLayout()
        cadence_label = QLabel(self.tr("&Cadence"), self)
        cadence_label.setBuddy(self.cadence)
        channel_label = QLabel(self.tr("C&hannel"), self)
        channel_label.setBuddy(self.channel)
        form.addRow(cadence_label, self.cadence)
        form.addRow(channel_label, self.channel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.use_suggestion)
        layout.addLayout(form)
        layout.addWidget(self.business_hours)
        layout.addWidget(self.agreed)
        layout.addWidget(buttons)
        self._show(plan.cadence_minutes, plan.channel, plan.business_hours_only)
        self.cadence.setFocus()
        self.resize(420, self.sizeHint().height())

    def show_suggestion(self, suggestion: CadenceSuggestion) -> None:
        """The suggestion and why (worked out after the dialog opened)."""
        self._suggestion = suggestion
        self.suggestion.setText(
            self.tr("Suggested: updates {cadence} by {channel}. {why}").format(
                cadence=texts.cadence_label(suggestion.minutes),
                channel=texts.channel_label(suggestion.channel or "phone").lower(),
                why=suggestion.reason,
            )
        )
        self.use_suggestion.setEnabled(True)
        if self._take_suggestion:
            self._take_suggestion = False
            self._apply_suggestion()

    def show_problem(self, message: str) -> None:
        """Say what is wrong; the choices stay."""
        self.banner.show_message(message)

    def choice(self) -> PlanChoice:
        """The plan as chosen."""
        return PlanChoice(
            cadence_minutes=self.cadence.currentData() or None,
            channel=ContactMethod(self.channel.currentData()),
            business_hours_only=self.business_hours.isChecked(),
            agreed=self.agreed.isChecked(),
        )

    def _apply_suggestion(self) -> None:
        s = self._suggestion
        if s is not None:
            self._show(s.minutes, s.channel, s.business_hours_only)

    def _show(self, minutes: int | None, channel: str | None, business: bool) -> None:
        index = self.cadence.findData(minutes or 0)
        if index < 0:  # a cadence agreed earlier that is not in the list
            self.cadence.addItem(texts.cadence_label(minutes).capitalize(), minutes or 0)
            index = self.cadence.count() - 1
        self.cadence.setCurrentIndex(index)
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel or "phone")))
        self.business_hours.setChecked(business)

    def _on_save_clicked(self) -> None:
        self.plan_chosen.emit(self.choice())
