"""The case over time: marks from the facts, the SVG drawn from them, and the chart in the PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from callnotes.app import AppContext
from callnotes.domain.case_chart import (
    GivenUpdate,
    MarkKind,
    case_chart,
    cases_by_age,
    promises_by_due,
    update_marks,
)
from callnotes.reports.charts import COLOURS, bar_chart_svg, case_chart_svg

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --- marks from facts ----------------------------------------------------------------------


def test_updates_are_measured_against_the_cadence_and_a_promise() -> None:
    marks = update_marks(
        [
            GivenUpdate(at(100)),  # due 120: on time
            GivenUpdate(at(250), next_promised_at=at(300)),  # due 220: 30 min late
            GivenUpdate(at(310)),  # due 300 by the promise (not 370 by the cadence): late
        ],
        knew_at=T0,
        cadence_minutes=120,
        next_due_at=at(430),
    )
    assert [(m.kind, m.due_at) for m in marks] == [
        (MarkKind.UPDATE_ON_TIME, at(120)),
        (MarkKind.UPDATE_LATE, at(220)),
        (MarkKind.UPDATE_LATE, at(300)),
        (MarkKind.UPDATE_DUE, at(430)),
    ]
    assert marks[1].late_by == timedelta(minutes=30)
    assert marks[0].late_by is None


def test_without_cadence_or_promise_an_update_is_not_late() -> None:
    [mark] = update_marks([GivenUpdate(at(900))], knew_at=T0, cadence_minutes=None)
    assert mark.kind is MarkKind.UPDATE_ON_TIME and mark.due_at is None


def test_the_chart_orders_every_fact_and_spans_to_now() -> None:
    chart = case_chart(
        noticed_at=at(-180),
        knew_at=T0,
        updates=[GivenUpdate(at(130))],
        cadence_minutes=120,
        next_due_at=None,
        escalations=[(at(20), "Called Priya: voicemail")],
        fixed=[(at(200), "Labels print again")],
        now=at(240),
    )
    assert [m.kind for m in chart.marks] == [
        MarkKind.NOTICED,
        MarkKind.KNEW,
        MarkKind.ESCALATION,
        MarkKind.UPDATE_LATE,
        MarkKind.FIXED,
    ]
    assert (chart.start, chart.end) == (at(-180), at(240))
    assert (chart.updates_on_time, chart.updates_late) == (0, 1)


def test_team_buckets() -> None:
    now = at(0)
    promises = promises_by_due([at(-5), at(30), at(60 * 5), at(60 * 30), None, at(-60)], now)
    assert [(b.label, b.count) for b in promises] == [
        ("Overdue", 2),
        ("Within 2 hours", 1),
        ("Later today", 1),
        ("Later", 1),
        ("No due time", 1),
    ]
    ages = cases_by_age([at(-60), at(-60 * 30), at(-60 * 24 * 5), at(-60 * 24 * 9)], now)
    assert [b.count for b in ages] == [1, 1, 1, 1]


def test_the_svg_labels_times_in_the_zone_and_escapes_text() -> None:
    chart = case_chart(
        noticed_at=None,
        knew_at=T0,
        updates=[],
        cadence_minutes=None,
        next_due_at=None,
        escalations=[(at(30), "<script>")],
        fixed=[],
        now=at(300),
    )
    svg = case_chart_svg(chart, ZoneInfo("America/New_York"))
    assert "Mon 04:00" in svg  # 09:00 UTC is 04:00 in New York
    assert "<script>" not in svg
    bars = bar_chart_svg([("Acme & Co", [2, 1])], [("On time", "#0f0"), ("Late", "#f00")])
    assert "Acme &amp; Co" in bars and "2 / 1" in bars


# --- the chart in the documents --------------------------------------------------------------


@pytest.fixture
def demo(ctx: AppContext) -> int:
    return ctx.demo.load_demo()


def test_the_client_document_has_no_chart(ctx: AppContext, demo: int) -> None:
    status = ctx.documents.build(demo, "status").html
    assert "The case over time" not in status and "image/svg" not in status
    for kind in ("review", "handover"):
        html = ctx.documents.build(demo, kind).html
        assert "The case over time" in html and "data:image/svg+xml;base64," in html


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("kind", ["review", "handover"])
def test_the_chart_is_printed_in_the_pdf(
    qapp: object, ctx: AppContext, demo: int, kind: str, tmp_path: Path
) -> None:
    # qapp: the tests' QApplication, made before the PDF writer would make a bare one.
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(ctx.documents.export(ctx.documents.build(demo, kind), "pdf"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "The case over time" in text
    # The demo's case: the detection, two calls to the ladder, an update given on time.
    for label in ("Client noticed", "We knew", "Escalation attempt", "Update given on time"):
        assert label in text
    page = 1 + next(n for n, p in enumerate(text.split("\f")) if "The case over time" in p)
    images = subprocess.run(
        ["pdfimages", "-f", str(page), "-l", str(page), "-list", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert any(line.split()[2] == "image" for line in images), "no picture on the chart's page"
    # Render the page and find the chart's marks by their colours.
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "90",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    from PySide6.QtGui import QColor, QImage

    [png] = tmp_path.glob("page*.png")
    image = QImage(str(png))
    seen = [
        image.pixelColor(x, y) for x in range(image.width()) for y in range(0, image.height(), 2)
    ]

    def painted(colour: str) -> int:
        want = QColor(colour)
        return sum(
            1
            for c in seen
            if abs(c.red() - want.red())
            + abs(c.green() - want.green())
            + abs(c.blue() - want.blue())
            < 40
        )

    for mark in (MarkKind.ESCALATION, MarkKind.UPDATE_ON_TIME, MarkKind.KNEW):
        assert painted(COLOURS[mark]) >= 3, f"no {mark.label} mark painted on the page"
