"""The cases Find names: by their title, their client, or a contact's name or phone number.

One rule (domain/words.py) for every way a case is found: each typed word starts a word of the
case's title, its client's name or the name of one of the client's contacts, case and accents
folded. A typed phone number finds the clients one of whose contacts has it, in any usual
format (domain/phones.py). Cases are matched in Python, so accents are folded as the search
index folds them; the database is asked only for candidates: cases whose title or client holds
the words (:meth:`CaseService.cases_with_words`), and the clients and contacts, which are few
beside the timeline (a few thousand), read as names and numbers alone: the numbers compared in
the database, the names folded here (the database would compare "nunez" and "Núñez" plainly).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, literal, select

from callnotes.domain.cases import CaseSummary
from callnotes.domain.changes import Changes, Part
from callnotes.domain.phones import display_number, normalise_number, searched_digits
from callnotes.domain.text import without_accents
from callnotes.domain.words import holds_words, query_words
from callnotes.services.cases.cases import CaseService
from callnotes.storage import models as m
from callnotes.storage.database import Database

#: Cases read from the database for the words, newest first, before the exact matching keeps
#: the best few (the window's case list holds only the pages read so far).
MAX_CANDIDATES = 200
#: Cases a search names at most: the notes and issues found fill the rest of the list.
MAX_CASES = 5


@dataclass(frozen=True)
class CaseMatch:
    """A case a search named, and how: *contact* is "Dana Whitfield" when it was one of the
    client's contacts, with the number ("Dana Whitfield, +44 20 7946 0321") when it was their
    number; empty when the case's own title or client holds the words."""

    case: CaseSummary
    contact: str = ""


# A client's (is a contact: False) or a contact's name: (client id, name, is a contact, folded).
_Name = tuple[int, str, bool, str]


@dataclass(frozen=True)
class _Namer:
    """A contact (or a client itself, *label* empty) through whom words may name a case."""

    client_id: int
    label: str
    words: tuple[str, ...] = ()  # its name's words, folded
    by_number: bool = False  # its number was typed: it names each of its client's cases


class CaseFinder:
    """Finds cases for the words typed in Find, or for the command line's search."""

    def __init__(self, db: Database, cases: CaseService, default_region: str) -> None:
        self._db = db
        self._cases = cases
        self.default_region = default_region
        # Every client's and contact's name, folded, read at the first search by name and
        # kept until a client or a contact changes (here, or on another desktop of a team
        # database: its changes are announced alike). Read and folded each time, 100,000
        # contacts took a quarter of a second a search; kept, a scan of them takes a tenth.
        self._names: list[_Name] | None = None
        db.subscribe(self._on_changes)

    def find(
        self,
        query: str,
        *,
        listed: Sequence[CaseSummary] = (),
        client_id: int | None = None,
        limit: int = MAX_CASES,
    ) -> list[CaseMatch]:
        """The *limit* most recently active cases *query* names, most recent first.

        *listed* are cases the caller has read already (the window's case list): they are
        matched without being read again; the others are read from the database.
        """
        words = query_words(query)
        if not words:
            return []
        listed = [c for c in listed if client_id is None or c.client_id == client_id]
        known = {case.id for case in listed}
        more = self._cases.cases_with_words(words, client_id=client_id, limit=MAX_CANDIDATES)
        found: dict[int, CaseMatch] = {}
        for case in [*listed, *(c for c in more if c.id not in known)]:
            if holds_words(query_words(f"{case.client_name} {case.title}"), words):
                found[case.id] = CaseMatch(case)
        namers = self._namers(query, words, client_id)
        if namers:
            clients = {namer.client_id for namer in namers}
            theirs = [c for c in listed if c.client_id in clients]
            known = {case.id for case in theirs}
            read = self._cases.cases_of_clients(clients, limit=MAX_CANDIDATES)
            for case in [*theirs, *(c for c in read if c.id not in known)]:
                if case.id not in found:
                    match = _named(case, words, namers)
                    if match is not None:
                        found[case.id] = match
        ordered = sorted(
            found.values(), key=lambda f: (f.case.last_activity_at, f.case.id), reverse=True
        )
        return ordered[:limit]

    def _namers(self, query: str, words: Sequence[str], client_id: int | None) -> list[_Namer]:
        """Who may name a case: the contacts who have the number typed; or else the clients
        and the contacts whose name holds one of the words (each case is then checked for
        every word). Clients are read too, not only their cases: the database compares names
        without folding accents."""
        digits = searched_digits(query)
        if digits is not None:
            number = normalise_number(query, self.default_region)
            matches: ColumnElement[bool] = m.ContactPhone.number.like(f"%{digits}%")
            if number is not None:
                matches = matches | (m.ContactPhone.number == number)
            statement = (
                select(m.Contact.client_id, m.Contact.name, m.ContactPhone.number)
                .join(m.ContactPhone, m.ContactPhone.contact_id == m.Contact.id)
                .where(matches)
                .order_by(m.Contact.id, m.ContactPhone.id)
            )
            if client_id is not None:
                statement = statement.where(m.Contact.client_id == client_id)
            with self._db.unit_of_work(read_only=True) as session:
                return [
                    _Namer(row.client_id, f"{row.name}, {display_number(row.number)}", (), True)
                    for row in session.execute(statement)
                ]
        names = self._names
        if names is None:
            names = self._names = self._read_names()
        namers = []
        for owner, name, is_contact, folded in names:
            # Tested whole first: most names hold none of the words, and this runs on every
            # pause in the typing over every name.
            if client_id is not None and owner != client_id:
                continue
            if not any(word in folded for word in words):
                continue
            own = query_words(folded)
            if any(w.startswith(word) for w in own for word in words):
                namers.append(_Namer(owner, name if is_contact else "", tuple(own)))
        return namers

    def _read_names(self) -> list[_Name]:
        """Every client's and contact's name (clients first), folded as the words are."""
        clients = select(m.Client.id, m.Client.name, literal(False)).order_by(m.Client.id)
        contacts = select(m.Contact.client_id, m.Contact.name, literal(True)).order_by(m.Contact.id)
        with self._db.unit_of_work(read_only=True) as session:
            rows = [*session.execute(clients), *session.execute(contacts)]
        return [
            (owner, name, is_contact, name.casefold() if name.isascii() else without_accents(name))
            for owner, name, is_contact in rows
        ]

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(Part.CLIENTS):
            self._names = None  # read again at the next search by name


def _named(case: CaseSummary, words: Sequence[str], namers: Iterable[_Namer]) -> CaseMatch | None:
    """*case* named through the first of *namers* of its client that, with the case's title
    and client, holds every word (a contact whose number was typed names every case)."""
    own = query_words(f"{case.client_name} {case.title}")
    for namer in namers:
        if namer.client_id != case.client_id:
            continue
        if namer.by_number or holds_words([*own, *namer.words], words):
            return CaseMatch(case, namer.label)
    return None
