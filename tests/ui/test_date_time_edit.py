"""Dates stepped from the keyboard move by calendar days, across months and years."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication

from callnotes.domain.people import TeamMemberRecord
from callnotes.ui.common.date_time_edit import DateTimeEdit
from callnotes.ui.escalation.team_member_dialog import AwayDialog

FORMAT = "ddd d MMM yyyy HH:mm"


def _edit(qtbot, day: QDate) -> DateTimeEdit:
    edit = DateTimeEdit()
    qtbot.addWidget(edit)
    edit.setDisplayFormat(FORMAT)
    edit.setDateTime(QDateTime(day, QTime(9, 0)))
    edit.show()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Home)  # the cursor on the weekday
    return edit


def test_up_on_the_weekday_goes_to_the_next_day_across_the_year(qtbot):
    edit = _edit(qtbot, QDate(2026, 12, 31))
    assert edit.text() == "Thu 31 Dec 2026 09:00"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    # Qt's own field went back to "Fri 25 Dec" here: the weekday stepped within its week.
    assert edit.text() == "Fri 1 Jan 2027 09:00"
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "Sat 2 Jan 2027 09:00"
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.text() == "Wed 30 Dec 2026 09:00"


def test_up_on_a_sunday_is_monday(qtbot):
    edit = _edit(qtbot, QDate(2026, 12, 13))
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # Qt's own field did nothing on a Sunday
    assert edit.text() == "Mon 14 Dec 2026 09:00"


def test_the_day_of_the_month_steps_into_the_next_month_and_the_hour_as_before(qtbot):
    edit = _edit(qtbot, QDate(2026, 11, 30))
    edit.setCurrentSectionIndex(1)  # the day of the month
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "Tue 1 Dec 2026 09:00"
    assert edit.currentSectionIndex() == 1  # the key stays on the day
    edit.setCurrentSectionIndex(4)  # the hour
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "Tue 1 Dec 2026 10:00"


def test_an_absence_is_moved_a_day_on_from_the_keyboard(qtbot):
    until = QDateTime(QDate(2026, 12, 31), QTime(9, 0))
    ends = datetime.fromtimestamp(until.toSecsSinceEpoch(), UTC)
    now = ends.replace(day=28)
    member = TeamMemberRecord(
        7, "Priya Shah", "", "", None, "", "", ends, "Annual leave", away_since=now
    )
    dialog = AwayDialog(member, now)
    qtbot.addWidget(dialog)
    chosen = []
    dialog.away_chosen.connect(lambda *values: chosen.append(values))
    dialog.show()
    qtbot.waitUntil(dialog.reason.hasFocus)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Backtab)  # back to "Back at"
    field = QApplication.focusWidget()
    assert field is dialog.until or dialog.until.isAncestorOf(field)
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert dialog.until.text() == "Fri 1 Jan 2027 09:00"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(chosen) == 1)
    assert chosen[0][0] == datetime.fromtimestamp(until.addDays(1).toSecsSinceEpoch(), UTC)
    assert chosen[0][1] == "Annual leave"
