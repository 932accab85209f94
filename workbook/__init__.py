"""Koosloome töövihik: a co-creation workbook for Estonian municipalities and communities.

The small public API::

    from workbook import Service
    session = Service.open().login(key)      # a person's session
    session.items("community", team_id)      # their team's communities
"""

from .exceptions import (
                         InvalidKey,
                         NotFound,
                         PermissionDenied,
                         SchemaTooNew,
                         StaleVersion,
                         StoreUnavailable,
                         ValidationFailed,
                         WorkbookError,
)
from .service import Entry, Service, Session

__version__ = "0.1.0"
__all__ = ["Entry", "InvalidKey", "NotFound", "PermissionDenied", "SchemaTooNew", "Service",
           "Session", "StaleVersion", "StoreUnavailable", "ValidationFailed", "WorkbookError"]
