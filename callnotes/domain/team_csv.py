"""Reading a team directory from CSV: a header row of named columns, then one member per row.

Every row is checked before anything is stored; the first problems are reported with the row
number (the header is row 1, as a spreadsheet shows it) and the column, so a file is either
imported whole or not at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime, tzinfo

from callnotes.domain.phones import normalise_number
from callnotes.domain.team import field_problem

#: The columns callnotes reads, in the order the README documents them. Only ``name`` is needed.
COLUMNS = (
    "name",
    "role",
    "team",
    "manager",
    "phone",
    "email",
    "away_since",
    "away_until",
    "away_reason",
    "db_login",
)
# Other headings spreadsheets commonly use for the same columns.
_ALIASES = {
    "e_mail": "email",
    "phone_number": "phone",
    "telephone": "phone",
    "login": "db_login",
    "database_login": "db_login",
}
MAX_ROWS = 5_000
MAX_PROBLEMS_SHOWN = 3


class TeamCsvError(ValueError):
    """The file cannot be imported; the message says which rows and columns are wrong."""


@dataclass(frozen=True)
class ImportedMember:
    """One checked row: text tidied, phone in E.164, manager named as the directory spells it."""

    row: int
    name: str
    role: str
    team: str
    manager: str | None
    phone: str
    email: str
    away_since: datetime | None
    away_until: datetime | None
    away_reason: str
    db_login: str = ""
    # The columns the file has; the others are left as the directory holds them.
    columns: frozenset[str] = frozenset(COLUMNS)


def parse_team_csv(
    text: str,
    *,
    existing_names: Collection[str],
    default_region: str,
    zone: tzinfo | None = None,
) -> list[ImportedMember]:
    """Check a whole CSV file; raise :class:`TeamCsvError` naming the rows that are wrong.

    Managers are found by name (ignoring case) among the file's rows, then among
    *existing_names*. Times without an offset are read in *zone* (None: the computer's).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        columns = _columns(reader.fieldnames)
        rows = _read_rows(reader, columns)
    except csv.Error as exc:
        raise TeamCsvError(
            f"Row {reader.line_num} cannot be read as CSV ({exc}); is it the right file?"
        ) from exc
    if not rows:
        raise TeamCsvError("The CSV file has a header but no members.")
    members = _Checker(rows, existing_names, default_region, zone).check()
    present = frozenset(columns.values())
    return [replace(member, columns=present) for member in members]


def _read_rows(
    reader: csv.DictReader[str], columns: dict[str, str]
) -> list[tuple[int, dict[str, str]]]:
    rows: list[tuple[int, dict[str, str]]] = []
    for raw in reader:
        # The file's line, as a text editor or a spreadsheet numbers it (the header is 1).
        number = reader.line_num
        if None in raw:
            raise TeamCsvError(
                f"Row {number} has more values than the header has columns; "
                "is there a comma inside a value that needs quotes?"
            )
        values = {
            columns[key]: (value or "").strip() for key, value in raw.items() if key in columns
        }
        if any(values.values()):
            rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise TeamCsvError(f"The file has more than {MAX_ROWS} members; split it up.")
    return rows


def _columns(fieldnames: object) -> dict[str, str]:
    """The file's header → our column names; refuses unknown and missing columns.

    Headings are read loosely: ``Away until``, ``away-until`` and ``away_until`` are one column.
    """
    if not isinstance(fieldnames, list) or not fieldnames:
        raise TeamCsvError("The CSV file is empty; it needs a header row such as name,role.")
    found: dict[str, str] = {}
    for header in fieldnames:
        key = "_".join(str(header).strip().lower().replace("-", " ").split())
        key = _ALIASES.get(key, key)
        if not key:
            continue
        if key not in COLUMNS:
            raise TeamCsvError(
                f"Row 1 has a column callnotes does not know: {str(header)[:40]!r} "
                f"(the columns are {', '.join(COLUMNS)})."
            )
        if key in found.values():
            raise TeamCsvError(f"Row 1 has the column {key!r} twice.")
        found[header] = key
    if "name" not in found.values():
        raise TeamCsvError("Row 1 must be a header row with a 'name' column.")
    return found


class _Checker:
    """Checks every row, collecting problems so the agent can fix them all in one go."""

    def __init__(
        self,
        rows: list[tuple[int, dict[str, str]]],
        existing_names: Collection[str],
        default_region: str,
        zone: tzinfo | None,
    ) -> None:
        self._rows = rows
        self._region = default_region
        self._zone = zone
        self._problems: list[str] = []
        first_row: dict[str, int] = {}
        for number, values in rows:
            first_row.setdefault(values.get("name", "").casefold(), number)
        self._first_row = first_row
        self._login_row: dict[str, int] = {}
        self._known = {name.casefold(): name for name in existing_names}
        self._known.update({v.get("name", "").casefold(): v.get("name", "") for _, v in rows})

    def check(self) -> list[ImportedMember]:
        members = [member for number, values in self._rows if (member := self._row(number, values))]
        if self._problems:
            shown = self._problems[:MAX_PROBLEMS_SHOWN]
            more = len(self._problems) - len(shown)
            message = "Nothing was imported. " + " ".join(shown)
            if more:
                message += f" (and {more} more {'problem' if more == 1 else 'problems'})"
            raise TeamCsvError(message)
        return members

    def _row(self, number: int, values: dict[str, str]) -> ImportedMember | None:
        before = len(self._problems)
        for column in COLUMNS:
            problem = field_problem(column, values.get(column, ""))
            if problem:
                self._problem(number, column, problem)
        name = " ".join(values.get("name", "").split())
        if name and self._first_row.get(name.casefold()) != number:
            first = self._first_row[name.casefold()]
            self._problem(number, "name", f"{name!r} is already on row {first}")
        manager = self._manager(number, name, values.get("manager", ""))
        phone = self._phone(number, values.get("phone", ""))
        since = self._time(number, "away_since", values.get("away_since", ""))
        until = self._time(number, "away_until", values.get("away_until", ""))
        reason = values.get("away_reason", "")
        if (reason or since) and until is None and "away_until" not in self._bad_columns(number):
            self._problem(number, "away_until", "is needed when someone is away")
        if until is not None and not reason:
            self._problem(number, "away_reason", "is empty; say why they are away")
        if since is not None and until is not None and since >= until:
            self._problem(number, "away_until", "comes before away_since")
        login = values.get("db_login", "")
        if login and self._login_row.setdefault(login, number) != number:
            first = self._login_row[login]
            self._problem(number, "db_login", f"{login!r} is already on row {first}")
        if len(self._problems) > before:
            return None
        return ImportedMember(
            row=number,
            name=name,
            role=" ".join(values.get("role", "").split()),
            team=" ".join(values.get("team", "").split()),
            manager=manager,
            phone=phone,
            email=values.get("email", ""),
            away_since=since,
            away_until=until,
            away_reason=" ".join(reason.split()),
            db_login=login,
        )

    def _manager(self, number: int, name: str, value: str) -> str | None:
        wanted = " ".join(value.split())
        if not wanted:
            return None
        found = self._known.get(wanted.casefold())
        if found is None:
            self._problem(
                number, "manager", f"nobody called {wanted!r} is in the file or the directory"
            )
            return None
        if found.casefold() == name.casefold():
            self._problem(number, "manager", "cannot be the member themselves")
            return None
        return found

    def _phone(self, number: int, value: str) -> str:
        if not value:
            return ""
        normalised = normalise_number(value, self._region)
        if normalised is None:
            self._problem(number, "phone", f"{value[:40]!r} is not a phone number")
            return ""
        return normalised

    def _time(self, number: int, column: str, value: str) -> datetime | None:
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self._problem(
                number, column, f"{value[:40]!r} is not a date and time like 2026-03-09 09:00"
            )
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self._zone) if self._zone else parsed.astimezone()
        return parsed.astimezone(UTC)

    def _bad_columns(self, number: int) -> set[str]:
        prefix = f"Row {number}: '"
        return {p[len(prefix) :].split("'")[0] for p in self._problems if p.startswith(prefix)}

    def _problem(self, number: int, column: str, text: str) -> None:
        self._problems.append(f"Row {number}: '{column}' {text}.")
