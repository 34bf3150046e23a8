"""What the agent typed about a contact (the client card's form), handed to whoever saves it."""

from __future__ import annotations

from dataclasses import dataclass

from callnotes.domain.people import ContactMethod


@dataclass(frozen=True)
class ContactFields:
    """What the agent typed into the card's form."""

    name: str
    role: str
    phones: tuple[str, ...]
    email: str
    preferred_method: ContactMethod | None
    best_times: str
