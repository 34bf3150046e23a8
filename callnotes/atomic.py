"""Writing files so a crash never leaves half a document over a good one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from callnotes.errors import ReadOnlyError


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write *data* to a temporary file beside *path*, flush it to disk, then rename it."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except FileNotFoundError as exc:
        raise ReadOnlyError(f"The folder {folder} does not exist.") from exc
    except OSError as exc:
        raise ReadOnlyError(f"{path} cannot be written ({_reason(exc)}).") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReadOnlyError(f"{path} cannot be written ({_reason(exc)}).") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
