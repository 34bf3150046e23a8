"""The cover brief as a document: HTML (screen, print, PDF) and Markdown, from one brief.

An internal document: it is rendered from the brief alone (``domain/cover.py``), never from a
client document's context, and is never offered to a client.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from callnotes.domain.cover import CoverBrief

TEMPLATE_FOLDER = "team"  # beside the case documents, apart from their kinds


@dataclass(frozen=True)
class CoverBriefDocument:
    """The brief rendered, with what saving and printing it need."""

    title: str
    html: str
    markdown: str
    footer: str
    file_stem: str


def render_cover_brief(brief: CoverBrief, templates: Path, timezone: str) -> CoverBriefDocument:
    """Render *brief* with the built-in templates under *templates*, times in *timezone*."""
    # Imported here: Jinja2 loads when a brief is first wanted (never as the phone rings).
    from callnotes.reports.environment import make_environment, render_limited

    env = make_environment(templates / TEMPLATE_FOLDER, timezone)
    values = {"b": brief, "zone": timezone}
    html = render_limited(env.get_template("cover_brief.html"), **values)
    markdown = render_limited(env.get_template("cover_brief.md"), **values)
    name = brief.absence.member_name
    title = f"Cover brief: {name}"
    return CoverBriefDocument(
        title=title,
        html=html,
        markdown=markdown,
        footer=f"{title} · internal, for the team only",
        file_stem=f"cover-brief-{_slug(name)}-{brief.made_at:%Y-%m-%d}",
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "colleague"
