"""A user's template cannot break a document: every failure falls back, quickly and in bounds.

Each attack is its own case: the document still renders with the built-in template, its
problems name the user's file and line (or the limit that stopped it), the whole thing takes
a few seconds at most, and the app's own process does not grow: the child's limits stop it.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from callnotes.app import AppContext
from callnotes.reports import environment, render, user_render
from callnotes.reports.render import ReportRenderer
from callnotes.resources import templates_dir
from tests.test_cli import run

SECONDS = 10.0  # generous: each case takes well under a second, the time-limit one about 3 s
PARENT_GROWTH_BYTES = 200 * 1024 * 1024  # the attacks ask for gigabytes; the app must not
CHILD_BASE_BYTES = 200 * 1024 * 1024  # Python, Jinja and the case, before the template runs


@pytest.fixture
def demo(ctx: AppContext) -> int:
    return ctx.demo.load_demo()


def _max_rss_bytes(who: int = resource.RUSAGE_SELF) -> int:
    rss = resource.getrusage(who).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # kilobytes on Linux


def _children_max_rss_bytes() -> int:
    """The most memory any finished child of this process held: the template's child among
    them, stopped by its own limit long before the gigabytes it asked for."""
    return _max_rss_bytes(resource.RUSAGE_CHILDREN)


def _write(ctx: AppContext, name: str, source: str) -> None:
    folder = ctx.paths.templates_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")


ATTACKS = [
    pytest.param("one\n{{ 1 // 0 }}\n", "status.txt, line 2", id="division-by-zero"),
    pytest.param("one\n\n{{ r.issues + 1 }}\n", "status.txt, line 3", id="tuple-plus-int"),
    pytest.param(
        "{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n",
        "status.txt, line 1 failed (it calls itself without end)",
        id="self-recursive-macro",
    ),
    pytest.param(
        "start\n{% include 'status.txt' %}\n",
        "status.txt, line 2 failed (it calls itself without end)",
        id="includes-itself",
    ),
    pytest.param(
        "{% set ns = namespace(s='x') %}\n"
        "{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n",
        "status.txt, line 2 failed (it ran out of memory)",
        id="string-doubling-with-tilde",
    ),
    pytest.param(
        "{% set ns = namespace(s='x') %}\n"
        "{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}\n",
        "status.txt, line 2 failed (joining values that large is not allowed)",
        id="string-doubling-with-plus",
    ),
    pytest.param("{{ 'x'.ljust(10**11) }}", "status.txt, line 1 failed (a width above", id="ljust"),
    pytest.param("{{ 'x'.zfill(10**11) }}", "status.txt, line 1 failed (a width above", id="zfill"),
    pytest.param(
        "{{ 'x'|center(10**11) }}", "status.txt, line 1 failed (a width above", id="center-filter"
    ),
    pytest.param(
        "{{ 'x'.center(10**11) }}", "status.txt, line 1 failed (a width above", id="center-method"
    ),
    pytest.param(
        "{{ '{:>99999999999}'.format(1) }}",
        "status.txt, line 1 failed (a width above",
        id="format-width",
    ),
    pytest.param(
        "{{ '{:>{}}'.format(1, 10**11) }}",
        "status.txt, line 1 failed (a width taken from a value",
        id="format-nested-width",
    ),
    pytest.param(
        "{{ '%99999999999s' % 'x' }}", "status.txt, line 1 failed (a width above", id="percent"
    ),
    pytest.param(
        "{{ '%*s' % (10**11, 'x') }}",
        "status.txt, line 1 failed (a width taken from a value",
        id="percent-star",
    ),
    pytest.param(
        "{{ '%99999999999s'|format('x') }}",
        "status.txt, line 1 failed (a width above",
        id="format-filter",
    ),
    pytest.param("{{ 'x'|indent(10**11) }}", "status.txt, line 1 failed (a width", id="indent"),
    pytest.param(
        "{{ [1]|batch(10**11, 0)|list }}", "status.txt, line 1 failed (a width", id="batch"
    ),
    pytest.param(
        "{{ (((9**64)**64)**64)**64 }}",
        "status.txt, line 1 failed (a number that large",
        id="repeated-power",
    ),
    pytest.param(
        "{% set ns = namespace(n=9) %}\n"
        "{% for i in range(1000) %}{% set ns.n = ns.n ** 64 %}{% endfor %}",
        "status.txt, line 2 failed (a number that large",
        id="power-in-a-loop",
    ),
    pytest.param(
        "{% set ns = namespace(n=3) %}\n"
        "{% for i in range(1000) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        "status.txt, line 2 failed (a number that large",
        id="squaring-in-a-loop",
    ),
    pytest.param(
        "{{ ('a' * 999999)|replace('a', 'a' * 999999) }}",
        "status.txt, line 1 failed (it ran out of memory)",
        id="replace-to-a-terabyte",
    ),
]


@pytest.mark.parametrize(("source", "expected"), ATTACKS)
def test_an_attack_falls_back_to_the_built_in_within_bounds(
    ctx: AppContext, demo: int, source: str, expected: str
) -> None:
    _write(ctx, "status.txt", source)
    before = _max_rss_bytes()
    started = time.monotonic()
    document = ctx.documents.build(demo, "status")
    elapsed = time.monotonic() - started
    assert document.text.startswith("STATUS REPORT: Warehouse cannot print delivery labels")
    [problem] = document.problems
    assert expected in problem
    assert problem.startswith("Your template status.txt")
    assert problem.endswith("the built-in one was used.")
    assert elapsed < SECONDS
    assert _max_rss_bytes() - before < PARENT_GROWTH_BYTES
    assert _children_max_rss_bytes() < user_render.CHILD_MEMORY_BYTES + CHILD_BASE_BYTES
    # The app goes on: with the template fixed, the user's own output is back.
    _write(ctx, "status.txt", "Fixed for {{ r.client.name }}\n")
    again = ctx.documents.build(demo, "status")
    assert again.text == "Fixed for Northwind Logistics\n"
    assert again.problems == ()


def test_a_template_busy_past_its_time_is_stopped_by_the_limit(
    ctx: AppContext, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One expression that runs for many seconds without giving Jinja a chance to check the
    # clock: only the child's CPU limit (or the parent's timeout) can stop it.
    monkeypatch.setattr(environment, "RENDER_SECONDS", 0.5)
    _write(ctx, "status.txt", "{{ ('a ' * 499999)" + "|wordwrap(1)" * 60 + "|length }}")
    started = time.monotonic()
    document = ctx.documents.build(demo, "status")
    elapsed = time.monotonic() - started
    assert document.text.startswith("STATUS REPORT: Warehouse cannot print delivery labels")
    [problem] = document.problems
    assert "status.txt failed (it was stopped after 0.5 s, the time limit)" in problem
    assert elapsed < SECONDS


def test_without_a_child_process_the_built_in_is_used_and_said(
    ctx: AppContext, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", "/no/such/python")
    _write(ctx, "status.txt", "Mine\n")
    document = ctx.documents.build(demo, "status")
    assert document.text.startswith("STATUS REPORT")
    [problem] = document.problems
    assert problem.startswith("Your template status.txt could not be run (no separate process")


@pytest.mark.parametrize(
    ("exitcode", "expected"),
    [
        (None, "stopped after 5 s, the time limit"),
        (-24, "stopped after 5 s, the time limit"),
        (-9, "MB memory limit was reached"),
        (3, "MB memory limit was reached"),
        (-11, "ended unexpectedly, exit status -11"),
    ],
)
def test_a_child_that_ends_without_answering_is_named_by_how_it_ended(
    exitcode: int | None, expected: str
) -> None:
    job = user_render.UserRender((), "status.txt", None, "", 5.0)  # type: ignore[arg-type]
    sentence = user_render._stopped_sentence(job, exitcode)
    assert sentence.startswith("Your template status.txt failed (")
    assert expected in sentence


def test_a_hostile_shared_layout_falls_back_too(ctx: AppContext, demo: int) -> None:
    _write(ctx, "_document.html", "<p>{{ 'x'.rjust(10**11) }}</p>")
    document = ctx.documents.build(demo, "status")
    assert "Delivery labels do not print" in document.html
    [problem] = document.problems
    assert "_document.html, line 1 failed (a width above" in problem


def test_a_well_behaved_user_template_renders_in_a_child(
    ctx: AppContext, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_calls(monkeypatch)
    _write(ctx, "status.txt", "{{ title }} for {{ r.client.name }}: {{ '%-6s|' % 'ok' }}\n")
    document = ctx.documents.build(demo, "status")
    assert document.text == "Status report for Northwind Logistics: ok    |\n"
    assert document.problems == ()
    assert calls == ["status.txt"], "only the format the user overrides goes to a child"


def test_built_in_templates_render_in_the_app_process(
    tmp_path: Path, ctx: AppContext, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_calls(monkeypatch)
    document = ctx.documents.build(demo, "status")
    assert document.text.startswith("STATUS REPORT")
    assert document.problems == ()
    renderer = ReportRenderer(templates_dir(), tmp_path / "no-such-folder")
    assert renderer.render("status", "html", ctx.reports.context(demo)).problems == ()
    assert calls == []


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real: Callable[[user_render.UserRender], str] = user_render.render_user_template

    def counting(job: user_render.UserRender) -> str:
        calls.append(job.name)
        return real(job)

    monkeypatch.setattr(render, "render_user_template", counting)
    return calls


def test_the_command_line_reports_a_failing_template_and_prints_the_built_in(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    assert run("--data-dir", str(folder), "demo").returncode == 0
    templates = folder / "config" / "templates"
    templates.mkdir(parents=True)
    (templates / "status.txt").write_text("fine\n{{ 1 // 0 }}\n", encoding="utf-8")
    result = run("--data-dir", str(folder), "report", "status", "--case", "1", "--format", "txt")
    assert result.returncode == 0
    assert result.stdout.startswith("STATUS REPORT")
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "callnotes: Your template status.txt, line 2 failed (ZeroDivisionError"
    )


def test_a_mistyped_field_and_a_file_not_in_utf8_are_said_in_the_templates_words(
    ctx: AppContext, demo: int
) -> None:
    _write(ctx, "status.txt", "{{ r.case.titel.upper() }}\n")
    [problem] = ctx.documents.build(demo, "status").problems
    assert problem == (
        "Your template status.txt, line 1 failed (there is no field “titel” on a "
        "CaseSummary); the built-in one was used."
    )
    folder = ctx.paths.templates_dir
    (folder / "status.txt").write_bytes(b"\xff\xfeS\x00t\x00")  # saved as UTF-16
    [problem] = ctx.documents.build(demo, "status").problems
    assert problem == (
        "Your template status.txt failed (it is not UTF-8 text: save it as UTF-8); the "
        "built-in one was used."
    )
