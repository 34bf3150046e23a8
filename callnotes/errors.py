"""User-facing errors: known problems shown as one clear sentence, never a traceback."""

#: Said once a damaged full-text index has been rebuilt (the window's banner, the command line).
SEARCH_INDEX_REBUILT = (
    "The search index was damaged and has been rebuilt from your notes; nothing was lost."
)


class CallnotesError(Exception):
    """A problem the user can understand and act on; its message is one sentence."""


class NotFoundError(CallnotesError):
    """A case, client or entry named by the user does not exist."""


class InvalidInputError(CallnotesError):
    """Input the user supplied (a field, a file, an argument) cannot be accepted."""


class InvalidFieldError(InvalidInputError):
    """One field of a form cannot be accepted: *field* names it (``phones``, ``email``), so
    the form can put the keyboard there."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class CallInProgressError(InvalidInputError):
    """The action waits for the end of a call with the client: *client_name* names them, so a
    caller that knows the key wrapping the call up can say it."""

    def __init__(self, client_name: str) -> None:
        super().__init__(
            f"A call with {client_name} is in progress: wrap it up before erasing their data."
        )
        self.client_name = client_name


class StorageError(CallnotesError):
    """The data store could not complete an action (locked, full, read-only, corrupt)."""


class DatabaseLockedError(StorageError):
    """Another program holds the database lock for too long."""


class DiskFullError(StorageError):
    """The disk holding the database is full."""


class ReadOnlyError(StorageError):
    """The database or its folder cannot be written."""


class NewerSchemaError(StorageError):
    """The database was written by a newer callnotes and must not be touched."""


class CorruptDatabaseError(StorageError):
    """The database file failed its integrity check."""


class DamagedDatabaseError(CorruptDatabaseError):
    """The database file failed its check at start-up; the app offers to restore a backup."""

    def __init__(self, message: str, path: str, set_aside_as: str | None = None) -> None:
        super().__init__(message)
        self.path = path  # the database file
        self.set_aside_as = set_aside_as  # where it already lies, moved aside by an earlier start


class TeamDatabaseError(StorageError):
    """The team database cannot be used as it is: the address, the server, the login, the
    rights or the schema. The window says so and offers to try again or change the address."""


class NoSuchDatabaseError(TeamDatabaseError):
    """The team database server has no database of the name in the address."""


class ServerUnreachableError(TeamDatabaseError):
    """The team database server cannot be reached (down, wrong address, network gone)."""


class LoginRefusedError(TeamDatabaseError):
    """The team database server refused the login (password, role, or this computer)."""


class PermissionDeniedError(TeamDatabaseError):
    """The agent's database role lacks a right the action needs."""


class SchemaNotReadyError(TeamDatabaseError):
    """The team database is empty or has an older schema: `callnotes db init/upgrade` is needed."""
