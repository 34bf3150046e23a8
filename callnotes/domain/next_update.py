"""The next update a client is promised: one rule for every document and the calendar file.

**A promise of contact with the client.** An open commitment is one when its text

- has a verb of contact: call, ring, phone, e-mail (email, mail), text, message, send, update,
  reply, write, get back, follow up, check in, confirm, let … know, tell, talk, speak, meet;
- and is addressed to the client: it names one of the client's contacts (the full name or the
  first name: "Call Sam back") or the client itself, or asks for contact back ("call back",
  "get back to") or says "client", "customer", "you" or "your";
- and is not the client's own promise: a text that begins with a contact's name ("Dana to send
  the logs") is what the client will do.

Names and words are compared without regard to case. So "Call Sam back by 19:00", "E-mail Dana
the report by Friday" and "Confirm with Dana by 16:15 that the truck left" are promises of contact
with the client; "Escalate to Priya by 18:00", "Ask Marco for the driver logs" and "Update the
team by noon" are not.

**The next update.** The candidates are the due times of those promises and the plan's next
update (the case's next update time, else the latest one promised in an update to the client).
The next update every place names (the documents, the read-back, the Updates tab, the cover
brief, the team view) is the soonest candidate still ahead when it is read, with two
exceptions. Late is late: when the plan's next update has passed, it is the next update, late,
until an update is logged (a promise ahead never hides it). A paused clock (waiting on the
client) names no time: the next update comes when the client answers. When no candidate is
ahead it is the plan's next update even though it has passed, or none: a promise whose time has
passed is an overdue promise, shown as one, not a time to expect the next update. A promise
without a due time is no candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

_CONTACT_VERBS = re.compile(
    r"\b(?:call(?:ing|ed|s)?|ring(?:ing|s)?|phone|e-?mail(?:ing|ed|s)?|mail|text|message|"
    r"send(?:ing|s)?|sent|update|reply|write|get\s+back|follow[\s-]+up|check\s+in|"
    r"confirm(?:ing|s)?|let\s+\S+(?:\s+\S+)?\s+know|tell|talk|speak|meet)\b",
    re.IGNORECASE,
)
_CLIENT_WORDS = re.compile(r"\b(?:client|customer|you|your)\b", re.IGNORECASE)
# "Call Sam back", "get back to", "ring them back": a contact verb, then "back" within two words.
_BACK = re.compile(
    r"\b(?:call|ring|phone|get|write|text|e-?mail|message)\s+(?:\S+\s+){0,2}?back\b", re.I
)


def promises_client_contact(text: str, client_name: str, contact_names: Iterable[str]) -> bool:
    """Whether a promise worded *text* is a promise to contact the client (rule above).

    *client_name* is the client's name; *contact_names* the names of the people at the client.
    """
    if _CONTACT_VERBS.search(text) is None:
        return False
    names = _names(client_name, contact_names)
    start = text.lstrip()
    if any(re.match(rf"{re.escape(name)}\b", start, re.IGNORECASE) for name in names):
        return False  # "Dana to send the logs": the client's own promise
    if _BACK.search(text) is not None or _CLIENT_WORDS.search(text) is not None:
        return True
    return any(re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) for name in names)


def names_next_update(
    text: str,
    due_at: datetime | None,
    *,
    client_reads: bool,
    client_name: str,
    contact_names: Iterable[str],
) -> bool:
    """Whether an open promise is a candidate next update: it has a due time, the client may
    read it (a promise kept from them is not a time they expect to hear from us), and it
    promises to contact them (:func:`promises_client_contact`)."""
    return (
        due_at is not None
        and client_reads
        and promises_client_contact(text, client_name, contact_names)
    )


@dataclass(frozen=True)
class NextUpdate:
    """The next update of a case as every place names it (rule above)."""

    #: When (aware UTC); None when none is agreed or the clock is paused.
    at: datetime | None
    #: Since when the update clock is paused, waiting on the client (None: running).
    paused_since: datetime | None = None

    @property
    def paused(self) -> bool:
        """The clock is paused: the next update comes when the client answers."""
        return self.paused_since is not None

    def late_at(self, now: datetime) -> bool:
        """Whether the next update has passed at *now*."""
        return self.at is not None and self.at < now


def next_update(
    planned: datetime | None,
    promised: Iterable[datetime | None],
    now: datetime,
    *,
    paused_since: datetime | None = None,
) -> NextUpdate:
    """The next update at *now* (rule above): *planned* is the plan's next update, *promised*
    the due times of the promises to contact the client, *paused_since* the pause, if any."""
    if paused_since is not None:
        return NextUpdate(None, paused_since)
    return NextUpdate(next_update_due(planned, promised, now))


def next_update_due(
    planned: datetime | None, promised: Iterable[datetime | None], now: datetime
) -> datetime | None:
    """The time of the next update at *now*, the clock running: *planned* (the plan's next
    update) once it has passed (late is late), else the soonest of it and the *promised* times
    (promises to contact the client) still ahead of *now*; None when there is neither."""
    if planned is not None and planned < now:
        return planned
    ahead = [t for t in (planned, *promised) if t is not None and t >= now]
    return min(ahead) if ahead else planned


def _names(client_name: str, contact_names: Iterable[str]) -> list[str]:
    """The client's name, and each contact's full and first name."""
    names = [client_name.strip()] if client_name.strip() else []
    for full in contact_names:
        words = full.split()
        if words:
            names.append(" ".join(words))
            names.append(words[0])
    return names
