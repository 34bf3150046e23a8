"""A finished document in every format: rendered once from a context, exported on demand."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from callnotes.errors import InvalidInputError
from callnotes.reports.calendar_event import CalendarEvent, next_update_event, to_ics
from callnotes.reports.context import ReportContext
from callnotes.reports.email_draft import Recipient, email_draft
from callnotes.reports.inline_styles import inline_styles
from callnotes.reports.render import KIND_TITLES, Rendered, ReportRenderer

# Makes PDF bytes from HTML: (html, title=…, footer=…) -> bytes.
PdfMaker = Callable[..., bytes]


@dataclass(frozen=True)
class OutputFormat:
    """A format a document can be saved in."""

    key: str
    name: str
    suffix: str
    mime: str


OUTPUT_FORMATS: dict[str, OutputFormat] = {
    f.key: f
    for f in (
        OutputFormat("pdf", "PDF document", ".pdf", "application/pdf"),
        OutputFormat("html", "Web page (HTML)", ".html", "text/html"),
        OutputFormat("md", "Markdown", ".md", "text/markdown"),
        OutputFormat("txt", "Plain text", ".txt", "text/plain"),
        OutputFormat("eml", "E-mail draft", ".eml", "message/rfc822"),
        OutputFormat("ics", "Calendar event", ".ics", "text/calendar"),
    )
}
# The status report is written for the client; the others hold internal notes and stay in
# the team, so their e-mail drafts go to the client's usual contact, never to the client.
CLIENT_KINDS = frozenset({"status"})


@dataclass(frozen=True)
class Document:
    """One document of one case, rendered in the text formats, ready for the others."""

    kind: str
    title: str
    case_id: int
    case_title: str
    client_name: str
    html: str
    markdown: str
    text: str
    problems: tuple[str, ...]
    recipient: Recipient | None
    subject: str
    footer: str
    file_stem: str
    calendar_stem: str
    next_update: CalendarEvent | None
    # For a document written for the client: how many timeline entries it gives them, and how
    # many it leaves out (notes and actions not marked for the client, internal entries).
    entries_shared: int = 0
    entries_left_out: int = 0

    @property
    def for_client(self) -> bool:
        """Whether the document is written for the client (no internal notes)."""
        return self.kind in CLIENT_KINDS

    def file_name(self, fmt: str) -> str:
        """A file name to suggest when saving in *fmt*: ``northwind-logistics-status-…``."""
        stem = self.calendar_stem if fmt == "ics" else self.file_stem
        return stem + OUTPUT_FORMATS[fmt].suffix


#: The templates each output is made from (a PDF from the HTML; an e-mail draft from the
#: HTML, with the PDF, and the text; a calendar event from none).
TEMPLATES_OF = {
    "html": ("html",),
    "md": ("md",),
    "txt": ("txt",),
    "pdf": ("html",),
    "eml": ("html", "txt"),
    "ics": (),
}
ALL_TEMPLATES = ("html", "md", "txt")


def build_document(
    renderer: ReportRenderer,
    kind: str,
    r: ReportContext,
    templates: tuple[str, ...] = ALL_TEMPLATES,
) -> Document:
    """Render *kind* from *r* in HTML, Markdown and plain text (only *templates* of them:
    a file written in one format waits for no other template, nor hears of its mistakes;
    the others are left empty).

    A document for the client is rendered from ``r.for_client()``: every format made from it
    (PDF, e-mail draft, clipboard too) and any user template only ever get what the client
    may read.
    """
    everything = len(r.entries)
    unfilled: tuple[str, ...] = ()
    if kind in CLIENT_KINDS:
        unfilled = r.unfilled
        r = r.for_client()
    html, markdown, text = (
        renderer.render(kind, fmt, r) if fmt in templates else Rendered("", "")
        for fmt in ALL_TEMPLATES
    )
    title = KIND_TITLES.get(kind, kind.capitalize())
    day = r.generated_at.astimezone(ZoneInfo(r.timezone))
    problems = tuple(dict.fromkeys(unfilled + html.problems + markdown.problems + text.problems))
    return Document(
        kind=kind,
        title=title,
        case_id=r.case.id,
        case_title=r.case.title,
        client_name=r.client.name,
        html=html.text,
        markdown=markdown.text,
        text=text.text,
        problems=problems,
        recipient=_recipient(kind, r),
        subject=f"{title}: {r.case.title} (case #{r.case.id})",
        footer=f"{r.client.name} · {title} · case #{r.case.id} · {day:%d %b %Y}",
        file_stem=f"{_slug(r.client.name)}-{kind}-{day:%Y-%m-%d}",
        calendar_stem=f"{_slug(r.client.name)}-next-update",
        next_update=next_update_event(r),
        entries_shared=len(r.entries) if kind in CLIENT_KINDS else 0,
        entries_left_out=everything - len(r.entries),
    )


def export(document: Document, fmt: str, *, to_pdf: PdfMaker | None = None) -> bytes:
    """*document* as the bytes of a file in *fmt* (see ``OUTPUT_FORMATS``)."""
    if fmt == "html":
        return document.html.encode("utf-8")
    if fmt == "md":
        return document.markdown.encode("utf-8")
    if fmt == "txt":
        return document.text.encode("utf-8")
    if fmt == "pdf":
        maker = to_pdf or _html_to_pdf
        return maker(
            document.html,
            title=f"{document.title}: {document.case_title}",
            footer=document.footer,
        )
    if fmt == "eml":
        return email_draft(
            recipient=document.recipient,
            subject=document.subject,
            text=document.text,
            html=inline_styles(document.html),
            attachment=export(document, "pdf", to_pdf=to_pdf),
            attachment_name=document.file_name("pdf"),
        )
    if fmt == "ics":
        if document.next_update is None:
            raise InvalidInputError(
                f"Case #{document.case_id} has no next update promised to the client, "
                "so there is no calendar event to write."
            )
        return to_ics(document.next_update)
    known = ", ".join(OUTPUT_FORMATS)
    raise InvalidInputError(f"{fmt!r} is not a format callnotes writes ({known}).")


def _html_to_pdf(html: str, *, title: str, footer: str) -> bytes:
    # Imported here: Qt loads only when a PDF is wanted, so text formats stay quick.
    from callnotes.reports.pdf import html_to_pdf

    return html_to_pdf(html, title=title, footer=footer)


def _recipient(kind: str, r: ReportContext) -> Recipient | None:
    return Recipient.of(r.recipient if kind in CLIENT_KINDS else r.client.usual_contact)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40] or "case"
