"""The Voila server's kernel manager: a page's kernel ends soon after its tab closes.

Voila 0.5 never shuts down a closed tab's kernel (the browser's shutdown request
is refused for lacking an XSRF token, voila-dashboards/voila#1458), and Jupyter's
idle culling never fires for our pages: their live-update task keeps them busy
(a rebuild after every teammate's save counts as activity). Left alone, every
closed tab would keep polling the store, rebuilding its page and reporting its
person as present. This manager shuts a kernel down once no browser has been
connected to it for ``disconnect_grace`` seconds (long enough to ride out a
dropped village-hall Wi-Fi connection, which the page reconnects by itself).

Pre-heated kernels waiting in Voila's pool have never been connected; Voila's
own pool logic keeps them, and the usual idle culling still applies to the rest.

The manager also remembers who a page's kernel belongs to (``claim``: the hash of the
personal key that opened the page, ``workbook/gate.py``) until the kernel ends, so
that one link can only hold a few kernels at once. A page's kernel whose browser
never connects (an aborted load, a script fetching pages) ends ``unopened_grace``
seconds after it was handed out, rather than after the ten minutes of idle culling.
"""

from __future__ import annotations

import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Dict, Float


class PageKernelManager(AsyncMappingKernelManager):
    disconnect_grace = Float(
        60.0, config=True,
        help="Seconds a kernel is kept after its last browser connection closed.")
    _left_at = Dict()  # kernel id -> time.monotonic() when its last connection closed
    unopened_grace = Float(
        180.0, config=True,
        help="Seconds a page's kernel is kept when no browser ever connects to it.")
    _owners = Dict()  # kernel id -> owner (a personal key's hash) of a page's kernel
    _claimed_at = Dict()  # kernel id -> time.monotonic() when a page got it

    def claim(self, kernel_id: str, owner: str) -> None:
        """Record that the page of ``owner`` got the kernel (forgotten when it ends)."""
        if kernel_id in self:
            self._owners[kernel_id] = owner
            self._claimed_at[kernel_id] = time.monotonic()

    def owner_of(self, kernel_id: str) -> str | None:
        return self._owners.get(kernel_id)

    def owned_by(self, owner: str) -> int:
        """How many running kernels ``owner``'s pages hold."""
        return sum(1 for o in self._owners.values() if o == owner)

    def running(self) -> int:
        """Kernels running or starting, pre-heated ones included."""
        return len(set(self._kernels) | set(self._pending_kernels))

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._left_at.pop(kernel_id, None)
        self._claimed_at.pop(kernel_id, None)  # opened: the disconnect grace applies now

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 0) <= 0:
            self._left_at[kernel_id] = time.monotonic()

    def abandoned(self, kernel_id: str, now: float | None = None) -> bool:
        """Was the kernel connected once, and has no browser been back for the grace time?
        Or was it handed to a page whose browser never came?"""
        left = self._left_at.get(kernel_id)
        now = time.monotonic() if now is None else now
        if kernel_id in self._claimed_at:
            return now - self._claimed_at[kernel_id] > self.unopened_grace
        return (left is not None and self._kernel_connections.get(kernel_id, 0) <= 0
                and now - left > self.disconnect_grace)

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id in self._kernels and self.abandoned(kernel_id):
            self.log.info("Shutting down kernel %s: its page closed or never opened",
                          kernel_id)
            self._left_at.pop(kernel_id, None)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

    def remove_kernel(self, kernel_id):
        self._left_at.pop(kernel_id, None)
        self._owners.pop(kernel_id, None)
        self._claimed_at.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)
