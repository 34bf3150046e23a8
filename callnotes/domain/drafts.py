"""Where a draft was typed, as the key it is saved under: written and read here only.

Drafts are saved under a key naming the editor and its case, not under a foreign key, so that
an editor can save before anything else exists. Every key is made by one of the functions below,
and :func:`case_of_draft` reads the case back (for exporting or erasing a client's data).
"""

from __future__ import annotations

_NOTE = "note:case:"
_INVESTIGATION = "investigation:"
OUTBOX_PREFIX = "outbox:"


def note_draft_key(case_id: int) -> str:
    """The note editor of a case."""
    return f"{_NOTE}{case_id}"


def is_note_draft_key(key: str) -> bool:
    """Whether *key* holds a note editor's draft, kept with its kind (see
    :class:`~callnotes.domain.timeline.NoteDraft`)."""
    return key.startswith(_NOTE)


def investigation_draft_key(case_id: int, check: str) -> str:
    """The findings being typed for one check of a case's investigation checklist."""
    return f"{_INVESTIGATION}{case_id}:{check}"


def outbox_key(case_id: int, uid: str) -> str:
    """A note entered with Enter and not yet stored in the team database: kept on this computer
    until it is (its *uid* makes sending it twice harmless)."""
    return f"{OUTBOX_PREFIX}{case_id}:{uid}"


def is_outbox_key(key: str) -> bool:
    """Whether *key* holds an entered note waiting to be shared (see :func:`outbox_key`)."""
    return key.startswith(OUTBOX_PREFIX)


def case_of_draft(key: str) -> int | None:
    """The case a draft key names, or None for a key made elsewhere."""
    if key.startswith(_NOTE):
        number = key[len(_NOTE) :]
    elif key.startswith(OUTBOX_PREFIX):
        number, _, uid = key[len(OUTBOX_PREFIX) :].partition(":")
        if not uid:
            return None
    elif key.startswith(_INVESTIGATION):
        number, _, check = key[len(_INVESTIGATION) :].partition(":")
        if not check:
            return None
    else:
        return None
    return int(number) if number.isascii() and number.isdigit() else None
