"""The status report as HTML and PDF, beside a bare Jinja2 render of the same template."""

from __future__ import annotations

import statistics
from collections.abc import Callable

import jinja2

from benchmarks.figure import Figure, ms, ratio, timed_ms, verdict
from callnotes.app import AppContext
from callnotes.reports.context import ReportContext
from callnotes.reports.filters import make_filters
from callnotes.reports.next_steps import next_steps
from callnotes.reports.render import KIND_TITLES, ReportRenderer
from callnotes.resources import templates_dir

HTML = "status report, HTML"
PDF = "status report, PDF"
HTML_TARGET_MS = 50.0
PDF_TARGET_MS = 500.0


def report_kind(renderer: ReportRenderer, context: ReportContext) -> tuple[str, str]:
    """``status`` when its template exists and renders, else ``minutes``; and which, and why."""
    if not (templates_dir() / "status.html").is_file():
        return "minutes", "template used: minutes.html (there is no status.html yet)"
    try:
        renderer.render("status", "html", context)
    except jinja2.TemplateError as exc:
        reason = f"{type(exc).__name__}: {str(exc)[:100]}"
        return "minutes", f"template used: minutes.html; status.html failed to render ({reason})"
    return "status", "template used: status.html"


def raw_renderer(kind: str, context: ReportContext) -> Callable[[], str]:
    """The same template through a plain, unsandboxed Jinja2 environment, compiled and with
    its variables ready: calling the result is nothing but the render."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(make_filters(context.timezone))
    template = env.get_template(f"{kind}.html")
    variables = {
        "r": context,
        "title": KIND_TITLES.get(kind, ""),
        "next_steps": next_steps(context),
    }
    return lambda: template.render(**variables)


def report_figures(
    ctx: AppContext, case_id: int, html_runs: int, pdf_runs: int, dataset: str
) -> tuple[Figure, Figure]:
    """Context + render (+ PDF) as the app does it for one case, medians over the runs."""
    from callnotes.reports.pdf import html_to_pdf  # Qt: imported only when measuring

    renderer = ReportRenderer(templates_dir(), ctx.paths.templates_dir)
    context = ctx.reports.context(case_id)
    kind, used = report_kind(renderer, context)
    html = renderer.render(kind, "html", context).text  # warm-up: template compiled
    html_to_pdf(html, title=context.case.title)  # warm-up: fonts loaded once per process
    shape = f"{len(context.issues)} issues / {len(context.entries)} entries"

    raw = raw_renderer(kind, context)
    raw()
    baseline_ms = [timed_ms(raw) for _ in range(html_runs)]
    context_ms, render_ms, html_ms = [], [], []
    for _ in range(html_runs):
        context_ms.append(timed_ms(lambda: ctx.reports.context(case_id)))
        render_ms.append(timed_ms(lambda: renderer.render(kind, "html", context)))
        html_ms.append(
            timed_ms(lambda: renderer.render(kind, "html", ctx.reports.context(case_id)))
        )
    pdf_ms = [
        timed_ms(
            lambda: html_to_pdf(
                renderer.render(kind, "html", ctx.reports.context(case_id)).text,
                title=context.case.title,
            )
        )
        for _ in range(pdf_runs)
    ]
    base = statistics.median(baseline_ms)
    html_median, pdf_median = statistics.median(html_ms), statistics.median(pdf_ms)
    split = (
        f"context {ms(statistics.median(context_ms))} + render {ms(statistics.median(render_ms))}"
    )
    html_figure = Figure(
        name=HTML,
        dataset=f"{dataset}, {shape}",
        measured=f"median {ms(html_median)}",
        baseline=f"raw Jinja2 render {ms(base)}",
        ratio=ratio(html_median, base),
        target=f"≤ {HTML_TARGET_MS:.0f} ms",
        verdict=verdict(html_median <= HTML_TARGET_MS),
        values={
            "median": html_median,
            "context_median": statistics.median(context_ms),
            "render_median": statistics.median(render_ms),
        },
        baseline_values={"median": base},
        notes=[f"{used}; {split}; {html_runs} runs."],
    )
    pdf_figure = Figure(
        name=PDF,
        dataset=f"{dataset}, {shape}",
        measured=f"median {ms(pdf_median)}",
        baseline=f"raw Jinja2 render {ms(base)}",
        ratio=ratio(pdf_median, base),
        target=f"≤ {PDF_TARGET_MS:.0f} ms",
        verdict=verdict(pdf_median <= PDF_TARGET_MS),
        values={"median": pdf_median},
        baseline_values={"median": base},
        notes=[f"context + render + QTextDocument → QPdfWriter; {pdf_runs} runs."],
    )
    return html_figure, pdf_figure
