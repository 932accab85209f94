"""The service layer: permissions, validation, concurrency, progress; no widgets."""

from .permissions import Action, Actor, allowed
from .progress import Progress
from .service import Entry, Service, Session

__all__ = ["Action", "Actor", "Entry", "Progress", "Service", "Session", "allowed"]
