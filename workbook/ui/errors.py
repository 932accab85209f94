"""What a page's kernel tells the browser when something fails: a reference, no traceback.

Voila hides tracebacks of the notebook's cells (``show_tracebacks=False``), but not of
what runs later: an exception in a widget callback goes to IPython's
``showtraceback``, and ipykernel sends it to every connected browser as an ``error``
message with the traceback, the exception's text and file paths. IPython's own hook
(``set_custom_exc``) sees only code run as a cell, so the page's shell sends
through ``private_errors`` instead: the full traceback goes to the server log with a
short reference, the browser gets "Something went wrong (reference abc123)".

Everything the kernel writes to file descriptor 2 is also forwarded to the browser
(ipykernel's ``capture_fd_output``); ``server_log_stream`` is the server's stderr
itself, where the page's log lines belong.
"""

from __future__ import annotations

import io
import logging
import sys
import uuid
from collections.abc import Callable

from ..i18n import t

log = logging.getLogger("workbook.ui.errors")


class Error(Exception):
    """What the browser is told failed: nothing more than this name and the message."""


def server_log_stream():
    """The Voila server's stderr (the kernel's fd 2 before ipykernel redirected it)."""
    fd = getattr(sys.stderr, "_original_stdstream_copy", None)
    if fd is None:
        return sys.__stderr__
    return io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), line_buffering=True,
                            encoding="utf-8", errors="replace")


def reference() -> str:
    return uuid.uuid4().hex[:8]


def private_errors(shell, lang: Callable[[], str]) -> None:
    """Make ``shell`` log failures server-side and send the browser only a reference,
    in the page's current language ``lang()``."""
    send = getattr(shell, "_workbook_send_error", None) or shell._showtraceback
    shell._workbook_send_error = send

    def show(etype, evalue, stb):
        ref = reference()
        log.error("unexpected error on a page (reference %s)", ref,
                  exc_info=(etype, evalue, getattr(evalue, "__traceback__", None)))
        message = t("error.generic", lang(), ref=ref)
        send(Error, message, [message])

    shell._showtraceback = show


def install(lang: Callable[[], str]) -> None:
    """In a page's kernel: failures reach the browser as a reference only."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and hasattr(shell, "_showtraceback"):
        private_errors(shell, lang)
