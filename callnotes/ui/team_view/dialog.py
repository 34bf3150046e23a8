"""The team view's window: updates on time vs late per case, promises by due time, case ages.

Each chart is the SVG drawn by ``callnotes.reports.charts`` (the documents draw their chart the
same way), shown by Qt's SVG widget; the counts are also in each chart's accessible text.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from callnotes.domain.case_chart import Bucket, TeamView
from callnotes.domain.changes import Part
from callnotes.reports.charts import BAR, LATE, ON_TIME, bar_chart_svg
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.reading_dialog import ReadingDialog
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.team_view.actions import TeamViewActions

#: What the view is made of: a change to any of these is read again.
VIEW_PARTS = (Part.CASE, Part.CASE_LIST, Part.UPDATES, Part.PROMISES)


class TeamViewDialog(ReadingDialog):
    """Three charts across every open case, read off the GUI thread."""

    parts = VIEW_PARTS

    def __init__(
        self,
        actions: TeamViewActions,
        runner: TaskRunner,
        changes: ChangeNotice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Team view"), runner, changes, parent, intro=self.tr("Reading the open cases…")
        )
        self._actions = actions
        self._view: TeamView | None = None
        body = QWidget(self)
        column = QVBoxLayout(body)
        self.updates_chart = self._chart(column, self.tr("Updates to the client, per open case"))
        self.promises_chart = self._chart(column, self.tr("Open promises by due time"))
        self.ages_chart = self._chart(column, self.tr("Open cases by age"))
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        self.lay_out(scroll, 480, 720)
        self.reload()

    @property
    def view(self) -> TeamView | None:
        """The view shown (None until read)."""
        return self._view

    def reload(self) -> None:
        """Read the team view again, off the GUI thread."""
        self.read(self._actions.team_view, self._show_view, key="team-view")

    def _chart(self, column: QVBoxLayout, heading: str) -> QSvgWidget:
        label = QLabel(f"<b>{heading}</b>", self)
        chart = QSvgWidget(self)
        chart.setAccessibleName(heading)
        label.setBuddy(chart)
        column.addWidget(label)
        column.addWidget(chart)
        return chart

    def _show_view(self, view: TeamView) -> None:
        self._view = view
        self.banner.clear()
        if view.empty:
            self.intro.setText(self.tr("No case is open: nothing to chart."))
        else:
            late = sum(c.late for c in view.updates)
            on_time = sum(c.on_time for c in view.updates)
            cases = len(view.updates)
            counted = (
                self.tr("1 open case") if cases == 1 else self.tr("{n} open cases").format(n=cases)
            )
            given = (
                self.tr("1 update given on time")
                if on_time == 1
                else self.tr("{n} updates given on time").format(n=on_time)
            )
            self.intro.setText(
                self.tr("{cases}; {given}, {late} late.").format(
                    cases=counted, given=given, late=late
                )
            )
        rows = [(f"#{c.case_id} {c.title}", (c.on_time, c.late)) for c in view.updates]
        series = [(self.tr("On time"), ON_TIME), (self.tr("Late"), LATE)]
        self._draw(self.updates_chart, bar_chart_svg(rows, series))
        self._draw(self.promises_chart, self._bars(view.promises))
        self._draw(self.ages_chart, self._bars(view.ages))
        self.updates_chart.setAccessibleDescription(
            "; ".join(f"{label}: {v[0]} on time, {v[1]} late" for label, v in rows)
        )
        self.promises_chart.setAccessibleDescription(_described(view.promises))
        self.ages_chart.setAccessibleDescription(_described(view.ages))

    def _bars(self, buckets: tuple[Bucket, ...]) -> str:
        return bar_chart_svg(
            [(self.tr(b.label), (b.count,)) for b in buckets], [(self.tr("Count"), BAR)]
        )

    @staticmethod
    def _draw(widget: QSvgWidget, svg: str) -> None:
        widget.load(QByteArray(svg.encode("utf-8")))
        box = widget.renderer().viewBox()
        widget.setFixedSize(box.width(), box.height())


def _described(buckets: tuple[Bucket, ...]) -> str:
    return "; ".join(f"{b.label}: {b.count}" for b in buckets)
