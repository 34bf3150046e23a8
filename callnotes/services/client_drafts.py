"""Which case an editor draft belongs to, read from its key.

Drafts are keyed by where they were typed, not by a foreign key, so exporting or erasing a
client's data finds its drafts through the key patterns the editors use: ``note:case:7`` (the
note editor, :func:`callnotes.services.drafts.note_draft_key`) and ``investigation:7:logs``
(the investigation checklist, ``callnotes.ui.investigation_dialog.draft_key``).
"""

from __future__ import annotations

import re

_CASE_KEYS = (
    re.compile(r"^note:case:(\d+)$"),
    re.compile(r"^investigation:(\d+):[\w-]+$"),
)


def case_of_draft(key: str) -> int | None:
    """The case id in a draft key, or None for keys that name no case."""
    for pattern in _CASE_KEYS:
        match = pattern.match(key)
        if match is not None:
            return int(match.group(1))
    return None
