"""A session's access, re-checked while its page is open.

A personal link (or a JupyterHub login) is checked at login, but a page's session
lives as long as its page. So every call of a session re-checks what it logged
in with, at most every ``CHECK_SECONDS`` (one indexed query): after ``workbook
link revoke`` or the removal of the person, the person's open pages stop reading
and saving within about a second. Once failed, a session stays failed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..exceptions import InvalidKey, NotFound, UnknownHubUser

log = logging.getLogger(__name__)
#: An open page's access is re-checked at most this often (seconds).
CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class Credential:
    """What a session logged in with: a personal key's hash, or a hub login name."""

    person_id: str
    key_hash: str | None = None
    username: str | None = None

    def live(self, store) -> bool:
        if self.key_hash is not None:
            return store.key_live(self.key_hash)
        try:  # a hub login: the person is still there and still has that login
            return store.get(self.person_id).payload.get("username") == self.username
        except NotFound:
            return False

    def error(self) -> InvalidKey:
        if self.key_hash is None:
            return UnknownHubUser(f"the hub login {self.username!r} was removed",
                                  username=self.username or "")
        return InvalidKey("the link was revoked or its person removed")


class AccessCheck:
    """Re-checks a credential at most every ``CHECK_SECONDS``; tells listeners once
    when it fails (a page shows the invalid-link message and stops updating)."""

    def __init__(self, credential: Credential, store):
        self.credential, self.store = credential, store
        self.checked_at = time.monotonic()  # checked just now, at login
        self.failed = False
        self.listeners: list[Callable[[InvalidKey], None]] = []

    def check(self, force: bool = False) -> None:
        """Raise InvalidKey (UnknownHubUser for a hub login) if access has ended."""
        if not self.failed:
            now = time.monotonic()
            if not force and now - self.checked_at < CHECK_SECONDS:
                return
            if self.credential.live(self.store):
                self.checked_at = now
                return
            self.failed = True
            log.info("access of person %s ended; its open page stops",
                     self.credential.person_id)
            for listener in self.listeners:
                try:
                    listener(self.credential.error())
                except Exception:  # noqa: BLE001 - the caller still gets InvalidKey
                    log.exception("an access listener failed")
        raise self.credential.error()
