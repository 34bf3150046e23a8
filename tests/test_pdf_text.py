"""What a PDF's text layer and pages hold: every script typed, letters not ligatures, the paper."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from callnotes.app import AppContext, open_context
from callnotes.domain.timeline import EntryKind
from callnotes.reports.print_check import PrintCheck, check_text, script_name
from tests.test_cli import run

# One phrase per script, as an agent might type a client's words in a note.
SCRIPTS = {
    "Latin": "Whitfield official affluent café",
    "Greek": "Καλημέρα κόσμε",
    "Cyrillic": "Здравствуйте мир",
    "Hebrew": "שלום עולם",
    "Arabic": "مرحبا بالعالم",
    "Devanagari": "नमस्ते दुनिया",
    "CJK": "你好世界 こんにちは 안녕하세요",
    "Ethiopic": "ሰላም",
    "emoji": "👍 😀",
}
# The package ships fonts for these: their words are in the text layer on any machine.
SHIPPED = ("Latin", "Greek", "Cyrillic", "Hebrew", "Arabic")
LIGATURES = re.compile("[\ufb00-\ufb06]")
# Bidirectional marks pdftotext puts around right-to-left runs.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e]")
NOTE = " · ".join(f"{script}: {words}" for script, words in SCRIPTS.items())

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def searchable(text: str) -> str:
    """The text as a viewer's search sees it: Arabic presentation forms folded, no spacing."""
    return "".join(unicodedata.normalize("NFKC", BIDI_MARKS.sub("", text)).split())


def page_size(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def assert_every_word_there_or_named(pdf: bytes, problems: str) -> None:
    """Each word is in the text layer, or the problems name it or each of its characters."""
    raw = pdftotext(pdf)
    assert not LIGATURES.findall(raw), "ligature glyphs in the text layer"
    text = searchable(raw)
    for script, phrase in SCRIPTS.items():
        for word in phrase.split():
            if searchable(word) in text:
                continue
            assert script not in SHIPPED, f"{word} ({script}) is missing from the PDF's text"
            named = word in problems or all(c in problems for c in word)
            assert named, f"{word} ({script}) is neither in the PDF's text nor named: {problems}"


@pytest.fixture
def case_id(ctx: AppContext) -> int:
    case_id = ctx.demo.load_demo()
    ctx.timeline.add_entry(case_id, NOTE, EntryKind.NOTE)
    return case_id


def test_every_script_is_in_the_pdf_text_or_named_in_the_document(
    qapp: object, ctx: AppContext, case_id: int
) -> None:
    document = ctx.documents.build(case_id, "handover", for_print=True)
    pdf = ctx.documents.export(document, "pdf")
    problems = " ".join(document.problems)
    assert_every_word_there_or_named(pdf, problems)
    # Raw text, no folding: the names as typed, with "fi", "ffi", "ffl" as letters.
    raw = pdftotext(pdf)
    for word in ("Whitfield", "official", "affluent"):
        assert word in raw
    # Devanagari prints with the shipped font, so it is not among the missing characters;
    # Qt keeps its conjuncts out of the PDF's text, which the document says word by word.
    assert "Devanagari words print" in problems
    assert "नमस्ते" in problems and "दुनिया" in problems
    assert not any("Devanagari" in p and "No font" in p for p in document.problems)


def test_the_command_line_writes_the_pdf_and_says_what_it_could_not_print(
    data_dir: Path, tmp_path: Path
) -> None:
    ctx = open_context(str(data_dir))
    try:
        case_id = ctx.demo.load_demo()
        ctx.timeline.add_entry(case_id, NOTE, EntryKind.NOTE)
    finally:
        ctx.close()
    out = tmp_path / "handover.pdf"
    result = run(
        "--data-dir", str(data_dir), "report", "handover", "--case", str(case_id),
        "--format", "pdf", "-o", str(out),
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    assert "qt." not in result.stderr, "Qt's own font warnings are left to the sentences"
    pdf = out.read_bytes()
    assert_every_word_there_or_named(pdf, result.stderr)
    # Written all the same; exit status 3 only when some character printed as a box.
    missing = "No font on this computer has" in result.stderr
    assert result.returncode == (3 if missing else 0), result.stderr
    for line in result.stderr.strip().splitlines():
        assert line.startswith("callnotes: ")


def test_text_formats_neither_check_fonts_nor_fail(data_dir: Path) -> None:
    ctx = open_context(str(data_dir))
    try:
        case_id = ctx.demo.load_demo()
        ctx.timeline.add_entry(case_id, "Unprintable here: 𐎀", EntryKind.NOTE)
    finally:
        ctx.close()
    result = run("--data-dir", str(data_dir), "report", "handover", "--case", str(case_id))
    assert result.returncode == 0, result.stderr
    assert "𐎀" in result.stdout and result.stderr == ""


@pytest.mark.parametrize(
    ("region", "size"),
    [("AU", (595, 842)), ("GB", (595, 842)), ("DE", (595, 842)), ("", (595, 842)),
     ("US", (612, 792)), ("CA", (612, 792)), ("mx", (612, 792))],
)  # fmt: skip
def test_paper_follows_the_agents_region(
    qapp: object, ctx: AppContext, case_id: int, region: str, size: tuple[int, int]
) -> None:
    ctx.settings_store.save(ctx.settings.with_changes(default_region=region))
    document = ctx.documents.build(case_id, "status")
    assert page_size(ctx.documents.export(document, "pdf")) == size


def test_ligatures_are_off_in_every_font_including_inline_ones(qapp: object) -> None:
    from callnotes.reports.pdf import html_to_pdf

    html = (
        "<html><body style=\"font-family: 'Noto Sans', sans-serif\">"
        "<h1>Whitfield</h1><p>official <b>affluent</b></p>"
        "<p><span style=\"font-family: 'DejaVu Serif', serif\">fjord official Whitfield</span>"
        '<span style="font-family: monospace">affluent</span></p></body></html>'
    )
    raw = pdftotext(html_to_pdf(html, title="Ligatures", footer="Whitfield official"))
    assert not LIGATURES.findall(raw)
    assert raw.count("Whitfield") == 3 and raw.count("official") == 3
    assert raw.count("affluent") == 2


def test_the_sentences_name_each_character_and_its_script() -> None:
    check = check_text("Rosa 안녕 नमस्ते 😀 𐎀", missing="안녕")
    assert check == PrintCheck(missing="안녕", untexted="😀𐎀", partial_words=("नमस्ते",))
    first, second, third = check.sentences()
    assert "2 characters" in first and "Korean (Hangul) 안 녕" in first
    assert "emoji 😀" in second
    assert "नमस्ते" in third and third.startswith("The Devanagari words print")
    assert not check.complete
    assert check_text("Whitfield", missing="") == PrintCheck()
    assert PrintCheck().sentences() == ()


def test_script_names() -> None:
    assert [script_name(c) for c in "aΩжשبनह你の한👍"] == [
        "Latin", "Greek", "Cyrillic", "Hebrew", "Arabic", "Devanagari", "Devanagari",
        "CJK (Chinese, Japanese, Korean)", "Japanese kana", "Korean (Hangul)", "emoji",
    ]  # fmt: skip
