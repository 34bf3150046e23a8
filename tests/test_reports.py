"""Documents: one sandboxed, strict environment; user templates; escaping; PDF text."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind
from callnotes.reports.context import ReportContext
from callnotes.reports.filters import duration, markdown_escape
from callnotes.reports.render import ReportRenderer
from callnotes.resources import templates_dir

HOSTILE = '<script>alert("x")</script> & "quotes" *stars* _under_ [link](http://x) # not a heading'


@pytest.fixture
def context(ctx: AppContext) -> ReportContext:
    case_id = ctx.demo.load_demo()
    ctx.timeline.add_entry(case_id, HOSTILE, EntryKind.CLIENT_SAID)
    ctx.issues.add_issue(case_id, "Title with <b>tags</b> & *stars*")
    return ctx.reports.context(case_id)


@pytest.fixture
def renderer(tmp_path: Path) -> ReportRenderer:
    return ReportRenderer(templates_dir(), tmp_path / "user-templates")


def test_html_minutes_escape_every_field(renderer: ReportRenderer, context: ReportContext) -> None:
    html = renderer.render("minutes", "html", context).text
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Title with &lt;b&gt;tags&lt;/b&gt; &amp; *stars*" in html
    assert "Northwind Logistics" in html


def test_markdown_minutes_escape_metacharacters(
    renderer: ReportRenderer, context: ReportContext
) -> None:
    md = renderer.render("minutes", "md", context).text
    assert "<script>" not in md
    assert r"\*stars\*" in md
    assert r"\[link\]\(http://x\)" in md
    assert r"\# not a heading" in md


def test_text_minutes_are_verbatim(renderer: ReportRenderer, context: ReportContext) -> None:
    txt = renderer.render("minutes", "txt", context).text
    assert HOSTILE in txt


def test_every_entry_and_issue_appears_in_every_format(
    renderer: ReportRenderer, context: ReportContext
) -> None:
    for fmt in ("html", "md", "txt"):
        text = renderer.render("minutes", fmt, context).text
        for view in context.issues:
            assert view.position > 0
            assert str(view.position) in text
        assert context.client.name in text
        assert "Priya Shah" in text


def test_a_user_template_overrides_the_built_in(
    renderer: ReportRenderer, context: ReportContext, tmp_path: Path
) -> None:
    user = tmp_path / "user-templates"
    user.mkdir()
    (user / "minutes.txt").write_text("Custom minutes for {{ r.client.name }}\n", encoding="utf-8")
    rendered = renderer.render("minutes", "txt", context)
    assert rendered.text == "Custom minutes for Northwind Logistics\n"
    assert rendered.problems == ()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("line one\n{% for x in %}\n", "minutes.txt, line 2"),
        ("{{ r.no_such_field }}", "there is no field “no_such_field” on a ReportContext"),
        ("{{ r.__class__.__mro__ }}", "minutes.txt"),
        ("{{ ''.__class__.__subclasses__() }}", "unsafe"),
    ],
)
def test_a_broken_or_hostile_user_template_falls_back_with_a_message(
    renderer: ReportRenderer, context: ReportContext, tmp_path: Path, source: str, expected: str
) -> None:
    user = tmp_path / "user-templates"
    user.mkdir()
    (user / "minutes.txt").write_text(source, encoding="utf-8")
    rendered = renderer.render("minutes", "txt", context)
    assert rendered.text.startswith("MEETING MINUTES")
    [problem] = rendered.problems
    assert expected in problem
    assert "built-in one was used" in problem


def test_unknown_kind_or_format_is_a_clear_error(
    renderer: ReportRenderer, context: ReportContext
) -> None:
    from callnotes.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="no 'memo' document"):
        renderer.render("memo", "html", context)
    with pytest.raises(InvalidInputError, match="not a text format"):
        renderer.render("minutes", "docx", context)


def test_pdf_holds_the_client_every_issue_and_client_visible_entry(
    qapp: object, renderer: ReportRenderer, context: ReportContext
) -> None:
    # qapp: the exporter reuses the running application, as it does inside the app.
    from callnotes.reports.pdf import html_to_pdf

    pdf = html_to_pdf(renderer.render("minutes", "html", context).text, title="Minutes")
    reader = PdfReader(io.BytesIO(pdf))
    # Table cells wrap lines anywhere, so compare with all whitespace removed; NFKC undoes
    # the typographic ligatures (ﬁ, ﬀ) the PDF uses.
    raw = "".join(page.extract_text() for page in reader.pages)
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    assert reader.metadata is not None and reader.metadata.title == "Minutes"
    assert "NorthwindLogistics" in text
    for view in context.issues:
        assert "".join(view.issue.title.split()) in text
    for entry in context.client_visible_entries:
        assert "".join(entry.text.split()) in text


def test_filters() -> None:
    assert duration(45) == "45 s"
    assert duration(750) == "12 min 30 s"
    assert duration(3900) == "1 h 05 min"
    assert markdown_escape("a*b_c") == r"a\*b\_c"
