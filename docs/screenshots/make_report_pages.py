"""Render the demo case's documents as PDFs and page images, from a throw-away data folder.

Run from the project root: ``.venv/bin/python docs/screenshots/make_report_pages.py [OUT_DIR]``.
Writes ``status-report.png`` (page 1 of the status report) and ``review.png`` (page 1 of the
review of the demo's earlier, resolved case) next to this script; with OUT_DIR, also every page
of all four documents there (``status-1.png``…, and ``resolved-review-1.png``… for the resolved
case), to look at after a template change. The documents are written at a fixed time (Friday
6 March 2026, 11:00 in London, two hours after the demo call) so the pictures do not change
from day to day. Needs ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from callnotes.app import open_context

HERE = Path(__file__).resolve().parent
WRITTEN_AT = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
KINDS = ("status", "minutes", "handover", "review")


def main() -> int:
    """Write the page images; print where they are."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing (Debian/Ubuntu: apt install poppler-utils)", file=sys.stderr)
        return 1
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(tmp, clock=lambda: WRITTEN_AT)
        try:
            case_id = ctx.demo.load_demo()
            for kind in KINDS if out_dir else ("status",):
                pdf = Path(tmp) / f"{kind}.pdf"
                pdf.write_bytes(ctx.documents.export(ctx.documents.build(case_id, kind), "pdf"))
                if out_dir is not None:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    _pages(pdf, out_dir / kind)
                    print(out_dir / f"{kind}-*.png")
                if kind == "status":
                    _pages(pdf, HERE / "status-report", first_page_only=True)
                    print(HERE / "status-report.png")
            resolved = next(c.id for c in ctx.cases.list_cases() if c.id != case_id)
            for kind in ("review", "handover") if out_dir else ("review",):
                pdf = Path(tmp) / f"resolved-{kind}.pdf"
                document = ctx.documents.build(resolved, kind)
                pdf.write_bytes(ctx.documents.export(document, "pdf"))
                if out_dir is not None:
                    _pages(pdf, out_dir / f"resolved-{kind}")
                    print(out_dir / f"resolved-{kind}-*.png")
                if kind == "review":
                    _pages(pdf, HERE / "review", first_page_only=True)
                    print(HERE / "review.png")
        finally:
            ctx.close()
    return 0


def _pages(pdf: Path, prefix: Path, *, first_page_only: bool = False) -> None:
    command = ["pdftoppm", "-r", "80", "-png"]
    if first_page_only:
        command += ["-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(pdf), str(prefix)], check=True)


if __name__ == "__main__":
    sys.exit(main())
