"""Who may have a kernel: the check in front of every page request (``workbook serve``).

A page's kernel costs 80-160 MB, so the server starts one only for a live personal
link, only a few per link (``WORKBOOK_KERNELS_PER_KEY``: a person has some tabs), and
never more than ``WORKBOOK_MAX_KERNELS`` in all. The key check is one hash lookup in
the store, which the server opens once. The web handlers are in ``gate_handlers.py``.

A request that may go on holds a ``Ticket`` until its kernel exists (``bind``): a
burst of requests from one link cannot all slip through before the first kernel is
counted. A bound kernel belongs to the key's hash (``PageKernelManager.claim``),
which is how the kernel's page, and nobody else, may shut it down (``owner_proof``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .service import keys

log = logging.getLogger("workbook.gate")

#: Why a request gets no kernel; each has its page (``refusal_page.py``).
INVALID, TOO_MANY, FULL, UNAVAILABLE = "invalid", "too_many", "full", "unavailable"


class Kernels(Protocol):
    def running(self) -> int: ...
    def owned_by(self, owner: str) -> int: ...
    def claim(self, kernel_id: str, owner: str) -> None: ...
    def owner_of(self, kernel_id: str) -> str | None: ...


@dataclass
class Ticket:
    """Leave for one request to get one kernel; ``close`` it when the request ends."""
    gate: Gate
    owner: str
    kernel_id: str | None = None

    def bind(self, kernel_id: str) -> None:
        if self.kernel_id is None:
            self.gate.kernels.claim(kernel_id, self.owner)
            self.kernel_id = kernel_id
            self.gate._release(self.owner)

    def close(self) -> None:
        if self.kernel_id is None:
            self.kernel_id = ""
            self.gate._release(self.owner)


class Gate:
    def __init__(self, kernels: Kernels, key_live: Callable[[str], bool], *,
                 per_key: int, total: int):
        self.kernels, self.key_live = kernels, key_live
        self.per_key, self.total = per_key, total
        self._waiting: Counter[str] = Counter()  # owner -> admitted, kernel not bound yet
        self._secret = secrets.token_bytes(32)  # owner proofs last as long as the kernels

    def owner(self, key: str | None) -> str | None:
        """The key's hash when it is a live personal key, else None (no data read for a
        malformed key). Raises when the store cannot be read."""
        if not keys.well_formed(key):
            return None
        digest = keys.hash_key(key)
        return digest if self.key_live(digest) else None

    def admit(self, key: str | None) -> Ticket | str:
        """A ticket for a kernel, or why not (INVALID, TOO_MANY, FULL, UNAVAILABLE)."""
        try:
            owner = self.owner(key)
        except Exception:  # noqa: BLE001 - the store is down: refuse, and say so in the log
            log.exception("cannot check a personal link")
            return UNAVAILABLE
        if owner is None:
            return INVALID
        if self.kernels.owned_by(owner) + self._waiting[owner] >= self.per_key:
            log.info("refused a page: its link already has %d kernels", self.per_key)
            return TOO_MANY
        if self.kernels.running() + sum(self._waiting.values()) >= self.total:
            log.warning("refused a page: the server runs %d kernels (WORKBOOK_MAX_KERNELS)",
                        self.total)
            return FULL
        self._waiting[owner] += 1
        return Ticket(self, owner)

    def _release(self, owner: str) -> None:
        self._waiting[owner] -= 1
        if self._waiting[owner] <= 0:
            del self._waiting[owner]

    # --- proof that a request comes from the page that owns a kernel ------------------

    def owner_proof(self, kernel_id: str) -> str:
        """The secret the kernel's page carries (a cookie): only it may shut the kernel."""
        return hmac.new(self._secret, kernel_id.encode(), hashlib.sha256).hexdigest()

    def owns(self, kernel_id: str, proof: str | None) -> bool:
        if not proof:
            return False
        return (self.kernels.owner_of(kernel_id) is not None
                and hmac.compare_digest(proof.encode(), self.owner_proof(kernel_id).encode()))
