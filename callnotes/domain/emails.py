"""E-mail addresses as an agent types or pastes them: leniently checked, never looked up.

One rule for every address callnotes stores: a contact's (the client card, an imported case) and
a colleague's (the team directory). It only catches what is plainly not an address (``ahmed@``,
``ahmed.gulf.ae``, two ``@``, spaces): something, an ``@``, then a domain of at least two
dot-separated parts. Names in any script pass (``أحمد@شركة.امارات``); whether the mailbox
exists is for the mail server.
"""

from __future__ import annotations

import re

MAX_EMAIL_CHARS = 254  # the longest address SMTP carries (RFC 5321)

_ADDRESS = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")

#: What a refusal says an address looks like.
EXAMPLE = "dana@example.com"


def email_address(raw: str) -> str | None:
    """*raw* as stored (trimmed; "" when empty), or None when it is not an e-mail address."""
    text = raw.strip()
    if not text:
        return ""
    if len(text) > MAX_EMAIL_CHARS or not _ADDRESS.fullmatch(text):
        return None
    return text
