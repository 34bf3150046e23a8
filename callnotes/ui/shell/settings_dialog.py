"""Settings, and the first-run questions: who the agent is, the company, the phone region;
later, when to suggest the next rung of an escalation and how much space backups may take."""

from __future__ import annotations

from typing import TYPE_CHECKING

import phonenumbers
from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from callnotes.settings import (
    MAX_BACKUP_BUDGET_MB,
    MAX_MINUTES,
    MIN_BACKUP_BUDGET_MB,
    Settings,
    team_database_problem,
)

if TYPE_CHECKING:
    from callnotes.recovery import BackupUsage

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


def region_choices() -> list[tuple[str, str]]:
    """(code, "Country (code)") for every region phone numbers know, sorted by name."""
    choices = []
    for code in phonenumbers.SUPPORTED_REGIONS:
        territory = QLocale.codeToTerritory(code)
        name = QLocale.territoryToString(territory) if territory else code
        choices.append((code, f"{name} ({code})"))
    return sorted(choices, key=lambda c: c[1].casefold())


class SettingsDialog(QDialog):
    """Edits :class:`Settings`; ``settings_chosen`` carries the result."""

    settings_chosen = Signal(object)  # Settings

    def __init__(
        self, settings: Settings, *, first_run: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        title = self.tr("Welcome to callnotes") if first_run else self.tr("Settings")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.agent = QLineEdit(settings.agent_name, self)
        self.agent.setAccessibleName(self.tr("Your name"))
        self.agent.setPlaceholderText(self.tr("As you say it on the phone"))
        self.company = QLineEdit(settings.company, self)
        self.company.setAccessibleName(self.tr("Company name"))
        self.region = QComboBox(self)
        self.region.setAccessibleName(self.tr("Default phone region"))
        for code, label in region_choices():
            self.region.addItem(label, code)
        region = settings.default_region
        if first_run:
            # A first guess from the computer's locale (en_GB → GB); the agent can change it.
            local = QLocale.system().name().partition("_")[2]
            region = local if local in phonenumbers.SUPPORTED_REGIONS else region
        self.region.setCurrentIndex(max(0, self.region.findData(region)))
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(self.tr("Appearance"))
        for value, label in THEMES:
            self.theme.addItem(self.tr(label), value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.escalate_after = QSpinBox(self)
        self.escalate_after.setObjectName("escalateAfter")
        self.escalate_after.setAccessibleName(self.tr("Escalate after (minutes)"))
        self.escalate_after.setRange(1, MAX_MINUTES)
        self.escalate_after.setValue(settings.escalate_after_minutes)
        self.escalate_after.setToolTip(
            self.tr(
                "When nobody has acknowledged an escalation for this long, suggest the next person"
            )
        )
        self.backup_budget = QSpinBox(self)
        self.backup_budget.setObjectName("backupBudget")
        self.backup_budget.setAccessibleName(self.tr("Backups may use (MB)"))
        self.backup_budget.setRange(MIN_BACKUP_BUDGET_MB, MAX_BACKUP_BUDGET_MB)
        self.backup_budget.setSingleStep(500)
        self.backup_budget.setSuffix(self.tr(" MB"))
        self.backup_budget.setValue(settings.backup_budget_mb)
        self.backup_usage = QLabel(self.tr("Reading the backups folder…"), self)
        self.backup_usage.setObjectName("backupUsage")
        self.backup_usage.setWordWrap(True)
        self.team_database = QLineEdit(settings.team_database, self)
        self.team_database.setObjectName("teamDatabase")
        self.team_database.setAccessibleName(self.tr("Team database"))
        self.team_database.setPlaceholderText(self.tr("Empty: on this computer only"))
        self.team_database.setToolTip(
            self.tr(
                "A shared PostgreSQL database, e.g. postgresql://priya@db.example/callnotes, "
                "without the password (libpq reads it from ~/.pgpass). Used from the next start."
            )
        )
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self._first_run = first_run
        self.keep_box: QMessageBox | None = None  # "keep what you typed?", when asked
        # A problem goes once the agent corrects the field it is about.
        self.agent.textEdited.connect(lambda _text: self.problem.clear())
        self.team_database.textEdited.connect(lambda _text: self.problem.clear())
        form = QFormLayout(self)
        if first_run:
            intro = QLabel(
                self.tr(
                    "Your name and company go into the greeting and into documents; the region "
                    "lets callnotes read phone numbers written without a country code."
                ),
                self,
            )
            intro.setWordWrap(True)
            form.addRow(intro)
        form.addRow(self.tr("&Your name"), self.agent)
        form.addRow(self.tr("&Company"), self.company)
        form.addRow(self.tr("Phone &region"), self.region)
        form.addRow(self.tr("&Appearance"), self.theme)
        if first_run:  # later questions; the defaults hold until then
            for later in (
                self.escalate_after,
                self.backup_budget,
                self.backup_usage,
                self.team_database,
            ):
                later.hide()
        else:
            form.addRow(self.tr("&Escalate after (minutes)"), self.escalate_after)
            form.addRow(self.tr("&Backups may use"), self.backup_budget)
            form.addRow("", self.backup_usage)
            form.addRow(self.tr("&Team database"), self.team_database)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.setMinimumWidth(420)
        self.adjustSize()

    def reject(self) -> None:
        """Cancel (Esc); the first-run questions, once something is typed, ask whether to keep
        it rather than drop the agent's name and company without a word."""
        typed = self.agent.text().strip() or self.company.text().strip()
        if not self._first_run or not typed or self.keep_box is not None:
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            self.tr("Keep what you typed?"),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.finished.connect(lambda _result: self._on_keep_box_finished(box))
        self.keep_box = box
        box.open()

    def _on_keep_box_finished(self, box: QMessageBox) -> None:
        self.keep_box = None
        clicked = box.clickedButton()  # none: Esc, which is Cancel
        answer = box.standardButton(clicked) if clicked else QMessageBox.StandardButton.Cancel
        if answer == QMessageBox.StandardButton.Save:
            self._on_buttons_accepted()
        elif answer == QMessageBox.StandardButton.Discard:
            QDialog.reject(self)

    def _on_buttons_accepted(self) -> None:
        if not self.agent.text().strip():
            self.problem.setText(self.tr("Please give your name; it goes into the greeting."))
            self.agent.setFocus()
            return
        team = self.team_database.text().strip()
        problem = team_database_problem(team)
        if problem:
            self.problem.setText(self.tr(problem))
            self.team_database.setFocus()
            return
        self.settings_chosen.emit(
            self._settings.with_changes(
                agent_name=self.agent.text().strip(),
                company=self.company.text().strip(),
                default_region=self.region.currentData(),
                theme=self.theme.currentData(),
                escalate_after_minutes=self.escalate_after.value(),
                backup_budget_mb=self.backup_budget.value(),
                team_database=team,
            )
        )
        self.accept()

    def show_backup_usage(self, usage: BackupUsage | None) -> None:
        """Say what the backups take now (None: the database is not a file on this computer)."""
        if usage is None:
            self.backup_usage.setText(self.tr("The team database is backed up on its server."))
            return
        if usage.copies == 0 or usage.newest is None:
            self.backup_usage.setText(self.tr("No backup yet: the first is taken today."))
            return
        local = usage.newest.astimezone()  # this computer's time
        newest = f"{local.day} {local:%b %Y %H:%M}"
        copies = (
            self.tr("One copy takes {size} now; it was taken {when}.")
            if usage.copies == 1
            else self.tr("{copies} copies take {size} now; the newest was taken {when}.")
        )
        size = QLocale().formattedDataSize(  # in the budget's units: 1 MB = 1,000,000 bytes
            usage.total_bytes, 1, QLocale.DataSizeFormat.DataSizeSIFormat
        )
        rule = self.tr(
            "Older copies are thinned to one a day for a week, one a week, then one a month, "
            "within this space; the newest is always kept."
        )
        text = copies.format(copies=usage.copies, size=size, when=newest)
        self.backup_usage.setText(f"{text} {rule}")
        self.adjustSize()  # the text arrives after the dialog was laid out
