"""An e-mail draft (.eml) that mail programs open ready to send: HTML, text and the PDF."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from typing import Protocol


class _Addressable(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def email(self) -> str: ...


@dataclass(frozen=True)
class Recipient:
    """Who a draft is addressed to."""

    name: str
    email: str

    @classmethod
    def of(cls, person: _Addressable | None) -> Recipient | None:
        """*person* as a recipient; None for nobody, or somebody without an e-mail address."""
        return cls(person.name, person.email) if person is not None and person.email else None


def no_recipient(for_client: bool) -> str:
    """What to say of a draft saved without a recipient (the client's document, or the team's
    addressed to the client's usual contact)."""
    whose = "the client" if for_client else "the client's usual contact"
    return f"No e-mail address for {whose}: the draft has no recipient."


def email_draft(
    *,
    recipient: Recipient | None,
    subject: str,
    text: str,
    html: str,
    attachment: bytes = b"",
    attachment_name: str = "",
) -> bytes:
    """The message as bytes: text and HTML alternatives, the PDF attached (when given: a short
    message such as the call's recap goes without one).

    ``X-Unsent: 1`` makes Outlook open it as a draft to edit and send; there is no From or Date,
    which the mail program fills in. Boundaries derive from the content, so the same document
    always gives the same bytes.
    """
    message = EmailMessage(policy=policy.SMTP)
    address = _address(recipient)
    if address is not None:
        message["To"] = address
    message["Subject"] = subject
    message["X-Unsent"] = "1"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if attachment:
        message.add_attachment(
            attachment, maintype="application", subtype="pdf", filename=attachment_name
        )
    digest = hashlib.sha256(
        b"\0".join((subject.encode(), text.encode(), html.encode(), attachment))
    ).hexdigest()[:24]
    for n, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_callnotes_{digest}_{n}")
    for part in message.walk():
        if part is not message:
            del part["MIME-Version"]  # the library repeats it on parts; it belongs on top only
    return message.as_bytes()


def _address(recipient: Recipient | None) -> Address | None:
    if recipient is None or not recipient.email:
        return None
    try:
        return Address(display_name=recipient.name, addr_spec=recipient.email)
    except (HeaderParseError, ValueError, IndexError):
        # An address the agent typed wrongly: the draft opens without one rather than failing.
        return None
