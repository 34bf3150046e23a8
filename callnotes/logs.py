"""Logging to a rotating file in the user log folder, and a crash log for hard crashes.

Log lines name actions and ids, never note text, client names or phone numbers.
"""

from __future__ import annotations

import faulthandler
import io
import logging
import logging.handlers
import os
from pathlib import Path
from typing import TextIO

from callnotes.paths import AppPaths, make_private_dirs

_crash_file: TextIO | None = None


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created readable by the user only, at every rollover."""

    def _open(self) -> io.TextIOWrapper:
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in self.mode else os.O_TRUNC)
        fd = os.open(self.baseFilename, flags, 0o600)
        os.chmod(self.baseFilename, 0o600)  # a file left by an older version may be wider
        return os.fdopen(
            fd, "w" if "w" in self.mode else "a", encoding=self.encoding, errors=self.errors
        )


def configure_logging(paths: AppPaths, level: int = logging.INFO) -> Path | None:
    """Start logging; return the previous run's crash log if it recorded a crash."""
    global _crash_file
    try:
        make_private_dirs(paths.log_dir)
    except OSError:
        return None  # logging is a convenience; never stop the app for it
    log_file = paths.log_dir / "callnotes.log"
    os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    handler = PrivateRotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("callnotes")
    root.setLevel(level)
    root.handlers[:] = [handler]
    crash_log = paths.log_dir / "crash.log"
    previous = crash_log if crash_log.exists() and crash_log.stat().st_size > 0 else None
    if previous is not None:
        previous = previous.replace(crash_log.with_name("crash.previous.log"))
    fd = os.open(crash_log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    _crash_file = os.fdopen(fd, "w", encoding="utf-8")
    faulthandler.enable(_crash_file)
    return previous


def stop_logging() -> None:
    """Close the crash log cleanly (an empty crash log means a clean exit)."""
    global _crash_file
    if _crash_file is not None:
        faulthandler.disable()
        _crash_file.close()
        _crash_file = None
    logger = logging.getLogger("callnotes")
    for handler in list(logger.handlers):  # removed too: a later line must not reopen the file
        logger.removeHandler(handler)
        handler.close()
