"""The command line: opens the app, or runs one headless command and exits."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callnotes import __version__
from callnotes.atomic import write_atomic
from callnotes.domain.timestamps import to_iso
from callnotes.errors import SEARCH_INDEX_REBUILT, CallnotesError, InvalidInputError
from callnotes.launch import (
    Launch,
    Opening,
    as_call_arguments,
    claim_instance,
    database_url,
    open_checked,
)
from callnotes.logs import configure_logging, stop_logging
from callnotes.paths import DATA_DIR_ENV, AppPaths

if TYPE_CHECKING:
    from callnotes.app import AppContext
    from callnotes.services.transfer.case_import import ImportedCase

# Opening the app imports neither SQLAlchemy nor Jinja2 before its window is painted
# (ui/shell/application.py): the database layer and the report modules load only when needed.
log = logging.getLogger("callnotes.cli")
# `report` wrote its PDF (or the e-mail draft holding one), but some characters have no font.
EXIT_UNPRINTABLE = 3


class _Choices:
    """Choices read from a slow module only when argparse checks or shows them."""

    def __init__(self, read: Callable[[], Sequence[str]]) -> None:
        self._read = read

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __contains__(self, value: object) -> bool:
        return value in self._read()


def _report_kinds() -> tuple[str, ...]:
    from callnotes.reports.render import KIND_TITLES

    return tuple(KIND_TITLES)


def _report_formats() -> tuple[str, ...]:
    from callnotes.reports.documents import OUTPUT_FORMATS

    return tuple(OUTPUT_FORMATS)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one sentence (exit code 2)."""

    def error(self, message: str) -> Any:
        self.exit(2, f"callnotes: {message} (see callnotes --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command; the names are a documented contract."""
    parser = _Parser(
        prog="callnotes",
        description="Notes, priorities and documents for the support call that matters. "
        "Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"callnotes {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep the database, settings and logs in DIR (also ${DATA_DIR_ENV})",
    )
    parser.add_argument(
        "--db", metavar="URL", help="use this SQLAlchemy database URL instead of the SQLite file"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    commands.add_parser("demo", help="load a realistic sample client and case (idempotent)")

    cases = commands.add_parser("cases", help="list cases")
    cases.add_argument("--json", action="store_true", help="print JSON")

    search = commands.add_parser(
        "search", help="find cases (by title, client, a contact's name or number), notes and issues"
    )
    search.add_argument(
        "query",
        help="words to find (all must match; prefixes work); a query may start with '-', "
        "or follow '--'",
    )
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=int, default=50, help="at most this many results")

    report = commands.add_parser(
        "report",
        help="write a document for a case",
        description="Write a document for a case: the client status report, meeting minutes, "
        "the handover for the usual contact, or the review after resolution. eml is an "
        "e-mail draft with the PDF attached; ics is a calendar event for the next update "
        "promised to the client.",
    )
    report.add_argument(
        "kind", choices=_Choices(_report_kinds), metavar="KIND", help="which document: %(choices)s"
    )
    report.add_argument("--case", type=int, required=True, metavar="ID", help="the case id")
    report.add_argument(
        "--format",
        choices=_Choices(_report_formats),
        default="html",
        metavar="FORMAT",
        help="file format: %(choices)s (default: html)",
    )
    report.add_argument("-o", "--output", metavar="PATH", help="write here (default: stdout)")

    export = commands.add_parser(
        "export",
        help="one case, or everything about one client, as documented JSON",
        description="Write one case (docs/case-json.md) or everything held about one client "
        "(docs/client-json.md) as JSON. A file written with -o is readable by you only.",
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", type=int, metavar="ID", help="the case id")
    which.add_argument("--client", type=int, metavar="ID", help="the client id (see: clients)")
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")

    clients = commands.add_parser("clients", help="list clients with their number of cases")
    clients.add_argument("--json", action="store_true", help="print JSON")

    erase = commands.add_parser(
        "erase",
        help="erase everything held about one client",
        description="Erase a client, its contacts and every one of its cases, for good. "
        "Backups made before now still contain the client until they age out (a year at most).",
    )
    erase.add_argument("--client", type=int, required=True, metavar="ID", help="the client id")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    imp = commands.add_parser("import", help="read a case exported as JSON")
    imp.add_argument("file", help="a JSON file written by callnotes export")

    call = commands.add_parser(
        "call",
        help="open or forward a call to the running app",
        description="Show a call in the running callnotes (starting it if needed). A "
        "callnotes:, tel:, sip: or callto: link given alone, as a desktop link handler does, "
        "means the same: `callnotes LINK` is `callnotes call LINK`.",
    )
    call.add_argument("number", nargs="?", metavar="NUMBER", help="the number, or a link")
    call.add_argument("--name", help="the caller's name as the phone shows it")
    call.add_argument(
        "--event",
        choices=("ringing", "answered", "ended"),
        help="ringing (default): show the caller's card; answered: start the call and its "
        "timer; ended: wrap the call up",
    )
    call.add_argument("--outbound", action="store_true", help="the agent dialled this call")

    db = commands.add_parser(
        "db",
        help="prepare or upgrade a team database (PostgreSQL, given with --db)",
        description="A team database is shared by every desktop, so no desktop changes its "
        "schema by itself: `db init` prepares an empty database once, `db upgrade` brings it "
        "to this callnotes's schema after an update (run it once, for the whole team). Both "
        "wait for each other across desktops. The SQLite file of one desktop upgrades itself.",
    )
    db_actions = db.add_subparsers(
        dest="db_action", metavar="ACTION", parser_class=_Parser, required=True
    )
    db_actions.add_parser("init", help="prepare an empty team database (or bring it up to date)")
    db_actions.add_parser("upgrade", help="upgrade the team database to this callnotes's schema")

    audit = commands.add_parser(
        "audit",
        help="check the audit log of a team database (PostgreSQL, given with --db)",
        description="A team database records every change of a case in an audit log whose "
        "entries are chained by hashes, case by case. `audit verify` recomputes the chains and "
        "says where one breaks (an entry changed or removed); its exit status is 0 when every "
        "chain is intact, 1 when one is not.",
    )
    audit_actions = audit.add_subparsers(
        dest="audit_action", metavar="ACTION", parser_class=_Parser, required=True
    )
    verify = audit_actions.add_parser("verify", help="recompute the chains; say where they break")
    verify.add_argument("--case", type=int, metavar="ID", help="check only this case's chain")
    verify.add_argument(
        "--db", dest="audit_db", metavar="URL", help="the team database (as the global --db)"
    )

    links = commands.add_parser(
        "register-links", help="open callnotes: links with this callnotes (current user)"
    )
    links.add_argument(
        "--tel", action="store_true", help="offer callnotes for tel: and callto: links too"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    When the reader of standard output goes away (``callnotes search --json | head``), the
    command stops quietly with status 141, as a program killed by SIGPIPE would.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at exit, where a closed pipe could not be caught
        return code
    except BrokenPipeError:
        # Whatever is still buffered for the closed pipe goes nowhere, also at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 128 + 13  # SIGPIPE


def _main(argv: Sequence[str] | None) -> int:
    raw = _search_query_as_positional(as_call_arguments(sys.argv[1:] if argv is None else argv))
    args = build_parser().parse_args(raw)
    if args.command in (None, "call"):  # the app: one per data folder (callnotes/instance.py)
        claimed = _claim_or_say_why(args)
        if isinstance(claimed, int):
            return claimed
        return _run_app(args, claimed)
    if args.command == "db":  # the schema itself: opening the app's data would refuse it
        return _run_db(args)
    if args.command == "audit":  # the server's own record: no data folder needed
        return _run_audit(args)
    return _run_command(args)


_GLOBAL_WITH_VALUE = ("--data-dir", "--db")
_SEARCH_OPTIONS = ("--json", "-h", "--help")
_SEARCH_WITH_VALUE = ("--limit",)


def _search_query_as_positional(argv: list[str]) -> list[str]:
    """``search -refund`` searches for "-refund": words the search command does not know as
    options are its query, even when they start with a dash (``search -- -refund`` works too).
    """
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--":
            return argv
        if word in _GLOBAL_WITH_VALUE:
            index += 2
            continue
        if word.startswith("-"):
            index += 1
            continue
        break  # the command
    if index >= len(argv) or argv[index] != "search" or "--" in argv[index:]:
        return argv
    options: list[str] = []
    words: list[str] = []
    rest = argv[index + 1 :]
    position = 0
    while position < len(rest):
        word = rest[position]
        name = word.split("=", 1)[0]
        if word in _SEARCH_OPTIONS or (name in _SEARCH_WITH_VALUE and "=" in word):
            options.append(word)
        elif word in _SEARCH_WITH_VALUE:
            options.extend(rest[position : position + 2])
            position += 1
        else:
            words.append(word)
        position += 1
    return [*argv[: index + 1], *options, "--", *words]


def _run_command(args: argparse.Namespace) -> int:
    try:
        # A damaged database is refused with its sentence; only the app moves it aside.
        ctx = open_checked(args.data_dir, args.db)
    except CallnotesError as exc:
        return _fail(exc)
    _start_logging(ctx.paths, args.command)
    try:
        return _COMMANDS[args.command](ctx, args)
    except CallnotesError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        return 130
    finally:
        ctx.close()
        stop_logging()


def _run_db(args: argparse.Namespace) -> int:
    """``callnotes db init`` / ``db upgrade`` on the team database named by ``--db``."""
    if not args.db:
        return _fail(
            InvalidInputError(
                f"`callnotes db {args.db_action}` works on a team database: name it with "
                "--db postgresql+psycopg://USER@HOST/DATABASE (the SQLite file of one desktop "
                "upgrades itself when opened)."
            )
        )
    from callnotes.paths import resolve_paths
    from callnotes.storage.schema_commands import run_schema_command

    try:
        paths = resolve_paths(args.data_dir)
        _start_logging(paths, f"db {args.db_action}")
    except (CallnotesError, OSError):
        pass  # the command needs no data folder: it works without its log
    try:
        print(run_schema_command(args.db, args.db_action, say=_say))
        return 0
    except CallnotesError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        return 130
    finally:
        stop_logging()


def _run_audit(args: argparse.Namespace) -> int:
    """``callnotes audit verify``: 0 when every chain of the team database holds, 1 if not."""
    url = args.audit_db or database_url(args.data_dir, args.db)
    if not url:
        return _fail(
            InvalidInputError(
                "`callnotes audit verify` checks a team database: name it with "
                "--db postgresql+psycopg://USER@HOST/DATABASE."
            )
        )
    from callnotes.storage.audit import run_verify

    try:
        intact, sentences = run_verify(url, args.case)
    except CallnotesError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        return 130
    for sentence in sentences:
        print(sentence)
    return 0 if intact else 1


def _claim_or_say_why(args: argparse.Namespace) -> Launch | int:
    """Become the app (or hand over to the running one); if that cannot be done (a read-only
    data folder, say), the reason goes to stderr and, since the app was started from a
    desktop more often than from a terminal, into a dialog too."""
    said = io.StringIO()
    with contextlib.redirect_stderr(said):
        claimed = claim_instance(args)
    sys.stderr.write(said.getvalue())
    if claimed == 1:
        from callnotes.ui.shell.application import show_startup_problem

        reason = said.getvalue().strip().removeprefix("callnotes: ")
        show_startup_problem(reason or "callnotes could not start.", [sys.argv[0]])
    return claimed


def _run_app(args: argparse.Namespace, launch: Launch) -> int:
    """The window: painted first, with the database opened behind it (see run_gui)."""
    try:
        opening = Opening.prepare(args.data_dir, args.db)
    except CallnotesError as exc:
        launch.release()
        code = _fail(exc)
        from callnotes.ui.shell.application import show_startup_problem

        show_startup_problem(str(exc), [sys.argv[0]])
        return code
    _start_logging(opening.paths, "app")
    from callnotes.ui.shell.application import run_gui

    try:
        return run_gui(opening, [sys.argv[0]], launch)
    except CallnotesError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        return 130
    finally:
        stop_logging()
        launch.release()


def _start_logging(paths: AppPaths, command: str) -> None:
    previous_crash = configure_logging(paths)
    log.info("started %s (version %s)", command, __version__)
    if previous_crash is not None:
        log.warning("the previous run crashed; details in %s", previous_crash)


def _say(text: str) -> None:
    """A line for the person at the terminal (what a long command is doing, a warning, an
    error), on standard error: standard output keeps the command's result."""
    print(f"callnotes: {text}", file=sys.stderr, flush=True)


def _fail(exc: CallnotesError) -> int:
    log.info("refused: %s", type(exc).__name__)
    _say(str(exc))
    return 1


def _demo(ctx: AppContext, args: argparse.Namespace) -> int:
    case_id = ctx.demo.load_demo()
    case = ctx.cases.get_case(case_id)
    print(f"Demo case #{case.id} ready: {case.title} ({case.client_name}).")
    return 0


def _cases(ctx: AppContext, args: argparse.Namespace) -> int:
    cases = ctx.cases.list_cases()
    if args.json:
        rows = [
            {
                "id": c.id,
                "title": c.title,
                "status": c.status.value,
                "client": c.client_name,
                "opened_at": to_iso(c.opened_at),
                "last_activity_at": to_iso(c.last_activity_at),
                "open_issues": c.open_issue_count,
                "next_update_due_at": to_iso(c.next_update_due_at)
                if c.next_update_due_at
                else None,
            }
            for c in cases
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not cases:
        print("No cases yet. Run `callnotes demo` to load a sample.")
    for c in cases:
        print(f"#{c.id:<5} {c.status.value:<10} {c.client_name} — {c.title}")
    return 0


def _search(ctx: AppContext, args: argparse.Namespace) -> int:
    from callnotes.services.search.case_finder import MAX_CASES

    if args.limit < 1:
        raise InvalidInputError("--limit must be at least 1.")
    # The cases the query names first, as Find in the window lists them, then the notes and
    # issues: one rule for both (services/search/case_finder.py).
    cases = ctx.case_finder.find(args.query, limit=min(args.limit, MAX_CASES))
    left = args.limit - len(cases)
    hits = ctx.search.search(args.query, limit=left) if left else []
    if not hits and left and ctx.db.check_search_index():
        # A damaged index may answer nothing rather than fail: before a script is told that
        # no note matches, the index is checked (rebuilt if damaged, as the window does when
        # idle) and asked again.
        _say(SEARCH_INDEX_REBUILT)
        hits = ctx.search.search(args.query, limit=left)
    if args.json:
        rows = [
            {
                "source": "case",
                "kind": None,
                "id": f.case.id,
                "case_id": f.case.id,
                "case": f.case.title,
                "client": f.case.client_name,
                "at": to_iso(f.case.last_activity_at),
                "text": f.case.title,
                "contact": f.contact or None,
            }
            for f in cases
        ] + [
            {
                "source": h.source,
                "kind": h.entry_kind.value if h.entry_kind else None,
                "id": h.id,
                "case_id": h.case_id,
                "case": h.case_title,
                "client": h.client_name,
                "at": to_iso(h.at),
                "text": h.text,
                "contact": None,
            }
            for h in hits
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not cases and not hits:
        print("Nothing found.")
    for f in cases:
        by = f" ({f.contact})" if f.contact else ""
        print(f"case #{f.case.id} {f.case.client_name} [case] {f.case.title}{by}")
    for h in hits:
        print(f"case #{h.case_id} {h.client_name} [{h.source}] {h.text}")
    return 0


def _report(ctx: AppContext, args: argparse.Namespace) -> int:
    from callnotes.reports.email_draft import no_recipient

    # Only formats that hold a PDF are checked for characters no font has (that loads Qt).
    printed = args.format in ("pdf", "eml")
    document = ctx.documents.build(args.case, args.kind, only_for=args.format)
    check = ctx.documents.check_print(document) if printed else None
    # A draft to send on: a script is told it has nobody to go to, as the window says.
    unaddressed = args.format == "eml" and document.recipient is None
    unaddressed = (no_recipient(document.for_client),) if unaddressed else ()
    for problem in document.problems + (check.sentences() if check else ()) + unaddressed:
        _say(problem)
    if args.format == "pdf" and not args.output:
        raise InvalidInputError("A PDF needs an output file: add -o FILE.pdf.")
    _emit(ctx.documents.export(document, args.format), args.output)
    # The file is written all the same (the rest of it is sound), but a script must not send
    # on a document with empty boxes unawares: see "Documents" in the README.
    return EXIT_UNPRINTABLE if check and not check.complete else 0


def _export(ctx: AppContext, args: argparse.Namespace) -> int:
    if args.client is None:
        _emit(ctx.exporter.export_case_text(args.case).encode("utf-8"), args.output)
        if args.output is not None and args.output != "-":  # as a client's export says
            print(f"Wrote case #{args.case} to {args.output}.")
    elif args.output is None or args.output == "-":
        _emit(ctx.client_export.export_client_text(args.client).encode("utf-8"), None)
    else:
        written = ctx.client_export.write(args.client, Path(args.output))
        print(
            f"Wrote client #{args.client} ({_cases_label(written.case_count)}) to {written.path}."
        )
    return 0


def _clients(ctx: AppContext, args: argparse.Namespace) -> int:
    clients = ctx.clients.list_clients()
    if args.json:
        rows = [{"id": c.id, "name": c.name, "cases": c.case_count} for c in clients]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not clients:
        print("No clients yet. Run `callnotes demo` to load a sample.")
    for c in clients:
        print(f"#{c.id:<5} {c.name} ({_cases_label(c.case_count)})")
    return 0


def _cases_label(count: int) -> str:
    return f"{count} case" if count == 1 else f"{count} cases"


def _erase(ctx: AppContext, args: argparse.Namespace) -> int:
    from callnotes.services.clients.erasure import BACKUP_NOTE

    if not args.yes:
        found = ctx.client_erasure.preview(args.client)
        print(f"Erasing {found.client_name} would remove {found.summary()}.")
        raise InvalidInputError(
            f"Nothing was erased: this cannot be undone, so confirm with "
            f"`callnotes erase --client {args.client} --yes`."
        )
    erased = ctx.client_erasure.erase(args.client)
    print(f"Erased {erased.client_name} (client #{args.client}): {erased.summary()}.")
    print(BACKUP_NOTE)
    return 0


def _import(ctx: AppContext, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InvalidInputError(f"{path} does not exist.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path} is not a UTF-8 text file.") from exc
    except OSError as exc:
        raise InvalidInputError(f"{path} cannot be read ({exc.strerror}).") from exc
    imported = ctx.importer.import_document(ctx.importer.read_text(text, source=str(path)))
    case = ctx.cases.get_case(imported.case_id)
    print(f"Imported case #{case.id}: {case.title} ({case.client_name}).")
    print(_team_summary(imported))
    return 0


def _team_summary(imported: ImportedCase) -> str:
    """How the case's team members were found in the team directory or added to it."""
    parts = [
        f"{count} {how}"
        for count, how in (
            (imported.members_found_by_uid, "already here"),
            (imported.members_found_by_name, "found here by name"),
            (imported.members_added, "added to the team directory"),
        )
        if count
    ]
    return f"Team members: {', '.join(parts)}." if parts else "Team members: none."


def _emit(data: bytes, output: str | None) -> None:
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(Path(output), data)


def _register_links(ctx: AppContext, args: argparse.Namespace) -> int:
    from callnotes.link_registration import register_links

    for line in register_links(tel=args.tel):
        print(line)
    return 0


_COMMANDS = {
    "demo": _demo,
    "cases": _cases,
    "search": _search,
    "report": _report,
    "export": _export,
    "clients": _clients,
    "erase": _erase,
    "import": _import,
    "register-links": _register_links,
}
