"""Keeping personal keys out of every log line, whichever logger writes it.

Tornado logs request URLs (``404 GET /voila/render/x.ipynb?k=...``) from several
loggers (``tornado.access``, ``tornado.general``, ``tornado.application`` with the
request in an uncaught exception's message), Voila and Jupyter log their own. A
filter on a logger does not see its children's records, so the redaction sits where
every record is made: a LogRecord factory rewrites the message, and an exception's
text, before any handler formats it.
"""

from __future__ import annotations

import logging
import re
import traceback

#: ``k=<key>`` in a query string, also percent-encoded (``%3Fk%3D...`` in a ``next=``).
KEY_IN_TEXT = re.compile(r"((?:[?&]|%3[Ff]|%26)k(?:=|%3[Dd]))[^&\s'\"<>%]+")
HIDDEN = "***"


def redact(text: str) -> str:
    """``text`` with the value of every ``k=`` query parameter hidden."""
    return KEY_IN_TEXT.sub(r"\1" + HIDDEN, text) if "k" in text else text


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    """Replace the record's message (and exception text) by the redacted one."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string: logging reports it later
        return record
    if KEY_IN_TEXT.search(message):
        record.msg, record.args = redact(message), ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
    return record


def install() -> None:
    """Redact every record made in this process from now on (once)."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "redacts_keys", False):
        return

    def make(*args, **kwargs) -> logging.LogRecord:
        return redact_record(factory(*args, **kwargs))

    make.redacts_keys = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make)
