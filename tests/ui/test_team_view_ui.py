"""The team view in the window: opened by its key, charts read off the GUI thread, redrawn
when a case, an update or a promise changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea
from sqlalchemy import select

from callnotes.domain.communications import Audience, Channel, CommunicationKind
from callnotes.storage import models as m
from callnotes.ui.shell.main_window import MainWindow
from tests.ui.conftest import shown_window


@pytest.fixture
def window(qtbot, ctx, case, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, (420, 820))


def _update(ctx, case_id: int, at) -> None:
    with ctx.db.unit_of_work() as session:
        session.add(
            m.Communication(
                case_id=case_id,
                at=at,
                audience=Audience.CLIENT.value,
                channel=Channel.PHONE.value,
                kind=CommunicationKind.ROUTINE.value,
                summary="Driver rolled back on two printers",
            )
        )


def test_the_team_view_opens_by_its_key_and_redraws_from_the_change_notice(
    qtbot, ctx, case, clock, window
):
    with ctx.db.unit_of_work() as session:
        session.get(m.Case, case.id).update_cadence_minutes = 60
    _update(ctx, case.id, clock.now + timedelta(minutes=30))  # due after an hour: on time
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.areas.team_view.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.view is not None)
    assert dialog.intro.text() == "1 open case; 1 update given on time, 0 late."
    described = dialog.updates_chart.accessibleDescription()
    assert f"#{case.id} Warehouse cannot print delivery labels: 1 on time, 0 late" == described
    assert "Under a day: 1" in dialog.ages_chart.accessibleDescription()
    assert dialog.updates_chart.renderer().isValid()
    assert dialog.updates_chart.width() > 300

    # An update given two hours after the one before, with an hourly cadence: late. The view
    # redraws by itself, from the change notice.
    _update(ctx, case.id, clock.now + timedelta(minutes=150))
    qtbot.waitUntil(lambda: "1 on time, 1 late" in dialog.updates_chart.accessibleDescription())
    with ctx.db.unit_of_work() as session:
        session.add(
            m.Commitment(
                case_id=case.id,
                text="Call Dana back",
                created_at=clock.now,
                due_at=clock.now - timedelta(minutes=5),
            )
        )
    qtbot.waitUntil(lambda: "Overdue: 1" in dialog.promises_chart.accessibleDescription())
    # Closing the case leaves nothing open to chart.
    with ctx.db.unit_of_work() as session:
        row = session.scalar(select(m.Case).where(m.Case.id == case.id))
        row.status = "closed"
    qtbot.waitUntil(lambda: dialog.intro.text() == "No case is open: nothing to chart.")


def test_the_charts_take_the_windows_width_and_a_wider_window_shows_more_of_a_title(
    qtbot, ctx, case, window
):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.areas.team_view.dialog
    qtbot.waitUntil(lambda: dialog.view is not None)
    charts = (dialog.updates_chart, dialog.promises_chart, dialog.ages_chart)
    dialog.resize(1000, 720)
    qtbot.waitUntil(lambda: dialog.updates_chart.width() > 900)
    assert {chart.width() for chart in charts} == {dialog.updates_chart.width()}
    dialog.resize(560, 720)
    qtbot.waitUntil(lambda: dialog.updates_chart.width() < 560)
    dialog.resize(380, 720)  # docked beside the softphone, as the README's window is
    qtbot.waitUntil(lambda: dialog.updates_chart.width() < 380)
    scroll = dialog.findChild(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()  # the counts are not cut off


@pytest.mark.parametrize(("width", "whole"), [(420, False), (900, True)])
def test_a_title_is_given_the_room_a_wider_chart_has(width: int, whole: bool) -> None:
    from callnotes.reports.charts import BAR, bar_chart_svg

    title = "#1 Warehouse cannot print delivery labels"
    svg = bar_chart_svg([(title, (1,)), ("Overdue", (2,))], [("Count", BAR)], width=width)
    assert (f">{title}<" in svg) is whole
    assert ">Overdue<" in svg


def test_a_long_case_title_is_cut_to_fit_beside_its_bar_not_drawn_off_the_picture(qtbot):
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    from callnotes.reports.charts import BAR, bar_chart_svg

    titles = ["#1 Warehouse cannot print delivery labels", "#22 WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"]
    svg = bar_chart_svg([(title, (1,)) for title in titles], [("Count", BAR)])
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(renderer.defaultSize(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    # Nothing is drawn in the first pixels: the labels' starts ("#1", "#22") are in the picture.
    inked = [
        (x, y)
        for x in range(3)
        for y in range(image.height())
        if QColor(image.pixel(x, y)).lightness() < 200
    ]
    assert inked == []
    assert "#1 Warehouse" in svg and "#22 WWW" in svg and "…" in svg
