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

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._left_at.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id):
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id, 0) <= 0:
            self._left_at[kernel_id] = time.monotonic()

    def abandoned(self, kernel_id: str, now: float | None = None) -> bool:
        """Was the kernel connected once, and has no browser been back for the grace time?"""
        left = self._left_at.get(kernel_id)
        now = time.monotonic() if now is None else now
        return (left is not None and self._kernel_connections.get(kernel_id, 0) <= 0
                and now - left > self.disconnect_grace)

    async def cull_kernel_if_idle(self, kernel_id):
        if kernel_id in self._kernels and self.abandoned(kernel_id):
            self.log.info("Shutting down kernel %s: its page closed %.0f s ago", kernel_id,
                          time.monotonic() - self._left_at[kernel_id])
            self._left_at.pop(kernel_id, None)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

    def remove_kernel(self, kernel_id):
        self._left_at.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)
