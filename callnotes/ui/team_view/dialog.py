"""The team view's window: updates on time vs late per case, promises by due time, case ages.

Each chart is the SVG drawn by ``callnotes.reports.charts`` (the documents draw their chart the
same way), shown by Qt's SVG widget; the counts are also in each chart's accessible text.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from callnotes.domain.case_chart import Bucket, TeamView
from callnotes.domain.changes import Part
from callnotes.reports.charts import BAR, LATE, ON_TIME, bar_chart_svg, label_column
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.reading_dialog import ReadingDialog
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.team_view.actions import TeamViewActions

#: The narrowest a chart is drawn (the window may be narrower: it then scrolls).
_NARROWEST = 260
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
        column = self._column = QVBoxLayout(body)
        self.updates_chart = self._chart(column, self.tr("Updates to the client, per open case"))
        self.promises_chart = self._chart(column, self.tr("Open promises by due time"))
        self.ages_chart = self._chart(column, self.tr("Open cases by age"))
        column.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidget(body)
        self._scroll.setWidgetResizable(True)
        self._scroll.viewport().installEventFilter(self)
        self._drawn_width = 0
        self.lay_out(self._scroll, 560, 720)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Draw the charts again at the scroll area's new width (their titles get the room)."""
        if (
            event.type() == QEvent.Type.Resize
            and watched is self._scroll.viewport()
            and self._view is not None
            and self._chart_width() != self._drawn_width
        ):
            self._draw_charts(self._view)
        return super().eventFilter(watched, event)

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
        self._draw_charts(view)

    def _chart_width(self) -> int:
        # The viewport less the column's margins: as wide as the window lets a chart be.
        margins = self._column.contentsMargins()
        room = self._scroll.viewport().width() - margins.left() - margins.right()
        return max(room, _NARROWEST)

    def _draw_charts(self, view: TeamView) -> None:
        width = self._drawn_width = self._chart_width()
        rows = [(f"#{c.case_id} {c.title}", (c.on_time, c.late)) for c in view.updates]
        promises = self._rows(view.promises)
        ages = self._rows(view.ages)
        labels = [label for label, _ in rows + promises + ages]
        left = label_column(labels, width)  # the three charts' bars start in line
        series = [(self.tr("On time"), ON_TIME), (self.tr("Late"), LATE)]
        count = [(self.tr("Count"), BAR)]
        self._draw(self.updates_chart, bar_chart_svg(rows, series, width=width, left=left))
        self._draw(self.promises_chart, bar_chart_svg(promises, count, width=width, left=left))
        self._draw(self.ages_chart, bar_chart_svg(ages, count, width=width, left=left))
        self.updates_chart.setAccessibleDescription(
            "; ".join(f"{label}: {v[0]} on time, {v[1]} late" for label, v in rows)
        )
        self.promises_chart.setAccessibleDescription(_described(view.promises))
        self.ages_chart.setAccessibleDescription(_described(view.ages))

    def _rows(self, buckets: tuple[Bucket, ...]) -> list[tuple[str, tuple[int, ...]]]:
        return [(self.tr(b.label), (b.count,)) for b in buckets]

    @staticmethod
    def _draw(widget: QSvgWidget, svg: str) -> None:
        widget.load(QByteArray(svg.encode("utf-8")))
        box = widget.renderer().viewBox()
        widget.setFixedSize(box.width(), box.height())


def _described(buckets: tuple[Bucket, ...]) -> str:
    return "; ".join(f"{b.label}: {b.count}" for b in buckets)
