"""Errors raised by the workbook package.

Every error carries a ``code`` (a translation key) and ``params`` so the UI can
show it in the user's language; ``str(error)`` is an English message for logs
and the command line.
"""

from __future__ import annotations


class WorkbookError(Exception):
    """Base class of every error the workbook raises on purpose."""

    code = "error.generic"

    def __init__(self, message: str = "", **params):
        super().__init__(message or self.code)
        self.params = params

    def params_for(self, lang: str) -> dict:
        """The message parameters as shown in ``lang`` (numbers, points)."""
        return self.params


class ConfigError(WorkbookError):
    """A setting is unknown or has a bad value."""

    code = "error.config"


class StoreUnavailable(WorkbookError):
    """The database cannot be opened, created or written."""

    code = "error.store_unavailable"


class SchemaTooNew(WorkbookError):
    """The database was written by a newer version of the workbook."""

    code = "error.schema_too_new"


class InvalidKey(WorkbookError):
    """An access key is malformed, unknown or revoked."""

    code = "error.invalid_link"


class UnknownHubUser(InvalidKey):
    """A JupyterHub login name that no person in any cohort has."""

    code = "error.unknown_hub_user"


class PermissionDenied(WorkbookError):
    """The person may not do this."""

    code = "error.permission"


class NotFound(WorkbookError):
    """No such item (or not visible to this person)."""

    code = "error.not_found"


class StaleVersion(WorkbookError):
    """A save started from a version that is no longer the latest."""

    code = "error.stale"

    def __init__(self, message: str = "", *, current=None, **params):
        super().__init__(message, **params)
        self.current = current


class EditConflict(StaleVersion):
    """A teammate changed the same field since this save started.

    ``conflicts`` lists the fields with both values; ``merged`` is the payload with
    everything else merged; ``current`` the teammate's version to save over.
    """

    code = "error.conflict"

    def __init__(self, message: str = "", *, conflicts=(), merged=None, current=None,
                 **params):
        super().__init__(message, current=current, **params)
        self.conflicts, self.merged = list(conflicts), merged


class ValidationFailed(WorkbookError):
    """Form values did not validate; ``errors`` lists (field, code, params)."""

    code = "error.validation"

    def __init__(self, message: str = "", *, errors=(), **params):
        super().__init__(message, **params)
        self.errors = list(errors)


class MissingReference(WorkbookError):
    """An item refers to a community (or other item) that is gone or not in the team."""

    code = "error.missing_reference"


class AlreadySubmitted(WorkbookError):
    """A submitted assessment is final for its rater."""

    code = "error.already_submitted"


class BadWorkbookFile(WorkbookError):
    """A workbook JSON file cannot be imported; nothing was written."""

    code = "error.bad_workbook_file"


class ExportUnavailable(WorkbookError):
    """An export format needs a program this machine lacks (PDF: Chromium)."""

    code = "error.export_unavailable"


class PdfFailed(ExportUnavailable):
    """Chromium is there but could not print this report."""

    code = "error.pdf_failed"


class TooManyCommunities(WorkbookError):
    """A team's workbook is at its community limit (``workbook/limits.py``)."""

    code = "error.too_many_communities"
