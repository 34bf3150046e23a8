"""``callnotes report KIND --case ID --format FMT -o PATH``, run as a real process."""

from __future__ import annotations

import email
import io
import json
import unicodedata
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.test_cli import assert_one_clear_sentence, run

KINDS = ("status", "minutes", "handover", "review")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-reports") / "data"
    assert run("--data-dir", str(folder), "demo").returncode == 0
    return folder


def report(folder: Path, *args: str) -> tuple[int, str, str]:
    result = run("--data-dir", str(folder), "report", *args)
    return result.returncode, result.stdout, result.stderr


def test_help_names_every_kind_and_format() -> None:
    help_text = run("report", "--help").stdout
    for word in (*KINDS, "html", "pdf", "md", "txt", "eml", "ics"):
        assert word in help_text


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_as_pdf(demo_dir: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    code, _, stderr = report(demo_dir, kind, "--case", "1", "--format", "pdf", "-o", str(out))
    assert code == 0, stderr
    text = "".join(PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text().split())
    assert "NorthwindLogistics" in unicodedata.normalize("NFKC", text)
    assert [p.name for p in tmp_path.iterdir()] == [out.name], "no temporary file left behind"


def test_text_formats_to_stdout(demo_dir: Path) -> None:
    code, md, _ = report(demo_dir, "status", "--case", "1", "--format", "md")
    assert code == 0 and md.startswith("# Status report: Warehouse cannot print delivery labels")
    code, txt, _ = report(demo_dir, "handover", "--case", "1", "--format", "txt")
    assert code == 0 and txt.startswith("HANDOVER: Warehouse cannot print delivery labels")
    code, html, _ = report(demo_dir, "review", "--case", "1")
    assert code == 0 and html.startswith("<!DOCTYPE html>")


def test_email_draft_and_calendar_event(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "status.eml"
    code, _, stderr = report(demo_dir, "status", "--case", "1", "--format", "eml", "-o", str(out))
    assert code == 0, stderr
    draft = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert draft["To"] == "Dana Whitfield <dana.whitfield@northwind.example>"
    assert draft["X-Unsent"] == "1"
    assert "no recipient" not in stderr
    code, ics, _ = report(demo_dir, "status", "--case", "1", "--format", "ics")
    assert code == 0 and ics.startswith("BEGIN:VCALENDAR")


def _blank_emails(value: object) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "email":
                value[key] = ""
            else:
                _blank_emails(inner)
    elif isinstance(value, list):
        for inner in value:
            _blank_emails(inner)


def test_an_email_draft_with_nobody_to_send_to_says_so(demo_dir: Path, tmp_path: Path) -> None:
    exported = json.loads(run("--data-dir", str(demo_dir), "export", "--case", "1").stdout)
    _blank_emails(exported)
    source = tmp_path / "case.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert run("--data-dir", str(fresh), "import", str(source)).returncode == 0
    out = tmp_path / "status.eml"
    code, _, stderr = report(fresh, "status", "--case", "1", "--format", "eml", "-o", str(out))
    assert code == 0  # written all the same: the draft is sound, its address can be added
    assert stderr == "callnotes: No e-mail address for the client: the draft has no recipient.\n"
    assert email.message_from_bytes(out.read_bytes(), policy=policy.default)["To"] is None
    code, _, stderr = report(fresh, "handover", "--case", "1", "--format", "eml", "-o", str(out))
    assert stderr == (
        "callnotes: No e-mail address for the client's usual contact: the draft has no recipient.\n"
    )


def test_a_case_without_a_promised_update_has_no_calendar_event(
    demo_dir: Path, tmp_path: Path
) -> None:
    exported = json.loads(run("--data-dir", str(demo_dir), "export", "--case", "1").stdout)
    exported["case"]["next_update_due_at"] = None
    for update in exported["case"]["communications"]:
        update["next_update_at"] = None
    for promise in exported["case"]["commitments"]:
        promise["state"] = "done"  # a call-back promised is a next update too
    source = tmp_path / "case.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert run("--data-dir", str(fresh), "import", str(source)).returncode == 0
    result = run("--data-dir", str(fresh), "report", "status", "--case", "1", "--format", "ics")
    assert_one_clear_sentence(result)
    assert "no next update promised" in result.stderr


def test_a_broken_user_template_is_reported_and_the_built_in_used(
    demo_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    assert run("--data-dir", str(folder), "demo").returncode == 0
    templates = folder / "config" / "templates"
    templates.mkdir(parents=True)
    (templates / "status.txt").write_text("fine\n{% for %}\n", encoding="utf-8")
    code, stdout, stderr = report(folder, "status", "--case", "1", "--format", "txt")
    assert code == 0
    assert stdout.startswith("STATUS REPORT")
    assert stderr.startswith("callnotes: Your template status.txt, line 2 failed")


def test_unknown_kind_is_a_usage_error(demo_dir: Path) -> None:
    assert_one_clear_sentence(run("--data-dir", str(demo_dir), "report", "memo", "--case", "1"))


def test_a_broken_template_of_another_format_is_neither_run_nor_reported(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    assert run("--data-dir", str(folder), "demo").returncode == 0
    templates = folder / "config" / "templates"
    templates.mkdir(parents=True)
    (templates / "status.md").write_text("{% for %}\n", encoding="utf-8")
    (templates / "status.html").write_text("{{ r.case.titel.upper() }}\n", encoding="utf-8")
    code, stdout, stderr = report(folder, "status", "--case", "1", "--format", "txt")
    assert code == 0 and stdout.startswith("STATUS REPORT")
    assert stderr == ""  # the Markdown and HTML were not asked for
    code, _, stderr = report(folder, "status", "--case", "1", "--format", "md")
    assert stderr.startswith("callnotes: Your template status.md, line 1 failed")
    assert "status.html" not in stderr
