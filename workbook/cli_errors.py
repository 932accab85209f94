"""The command line's errors: output paths checked before the work, and one line on
standard error for anything that goes wrong (never a traceback).

A command checks where it will write before it starts (an export takes minutes);
a file or database problem becomes one line naming the file or the database; any
other exception one line with a reference, its traceback logged at DEBUG level
(``WORKBOOK_LOG_LEVEL=DEBUG`` shows it).
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import sqlalchemy as sa

from .exceptions import WorkbookError

log = logging.getLogger("workbook.cli")


def output_file(path: str | Path) -> Path:
    """``path`` as a file to write; WorkbookError now if it cannot be written."""
    out = Path(path)
    if out.is_dir():
        raise WorkbookError(f"cannot write {out}: it is a folder; give a file name")
    folder = out.parent
    if not folder.is_dir():
        raise WorkbookError(f"cannot write {out}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists()
                                                    and not os.access(out, os.W_OK)):
        raise WorkbookError(f"cannot write {out}: permission denied")
    return out


def output_folder(path: str | Path) -> Path:
    """``path`` as a folder to write files into (created later, with its parents);
    WorkbookError now if it cannot be."""
    out = Path(path)
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise WorkbookError(f"cannot write into {out}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise WorkbookError(f"cannot write into {out}: {existing} is not writable")
    return out


def one_line(exc: BaseException) -> str:
    """What went wrong, in one line for standard error."""
    if isinstance(exc, WorkbookError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return f"cannot use{where}: {exc.strerror or exc}"
    if isinstance(exc, sa.exc.DBAPIError):
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        if "locked" in reason or "busy" in reason:
            return ("the database is locked by another program (it waited and gave up); "
                    "nothing was changed: try again when that program has finished")
        return f"the database refused the work ({reason}); nothing was changed"
    ref = secrets.token_hex(3)
    log.debug("unexpected error, reference %s", ref, exc_info=exc)
    return (f"unexpected error ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}); "
            f"reference {ref}; run with WORKBOOK_LOG_LEVEL=DEBUG to see the details")


def exit_code(exc: BaseException) -> int:
    """2: the input, a file or the database (the message says which); 1: unexpected."""
    return 2 if isinstance(exc, (WorkbookError, OSError, sa.exc.DBAPIError)) else 1


def configure_logging(level: str) -> None:
    """With ``WORKBOOK_LOG_LEVEL=DEBUG``, the workbook's log (tracebacks of unexpected
    errors included) on standard error."""
    if level.strip().upper() == "DEBUG":
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("workbook: %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger("workbook")
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
