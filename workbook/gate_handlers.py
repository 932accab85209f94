"""Voila's routes behind the gate (``gate.py``), as ``workbook serve`` installs them.

- a page (``/voila/render/...``) is checked before any kernel starts or leaves the
  pre-heated pool; a refused request gets a small page (``refusal_page.py``);
- the server's address and the notebook list (``/``, ``/voila/tree``) lead a live link
  to the home page and show no file list;
- a kernel is shut down only by its own page: Voila's page sends the shutdown on
  leaving, with a cookie that the page's response set for that kernel's shutdown
  address alone (``SameSite=Strict``, so another site cannot send it); the REST
  ``DELETE /api/kernels/<id>`` is refused.
- every response says ``Referrer-Policy: no-referrer``, so that a page's address
  (with its key) never leaves in a ``Referer`` header.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.handlers import KernelHandler
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.web import OutputTransform
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from . import gate as gates
from . import refusal_page

if TYPE_CHECKING:  # ``Refusing`` is mixed into tornado handlers (Voila's)
    _Handler = web.RequestHandler
else:
    _Handler = object

HOME = "voila/render/00_avaleht.ipynb"
OWNER_COOKIE = "wb_owner"


def first_key(request) -> str | None:
    """The request's ``k``, read as the page's kernel reads it (the first one, unstripped)."""
    values = parse_qs(request.query, keep_blank_values=True).get("k")
    return values[0] if values else None


class Refusing(_Handler):
    def refuse(self, reason: str, **params) -> None:
        status, headers, html = refusal_page.render(reason, self.get_argument("lang", None),
                                                    **params)
        self.set_status(status)
        for name, value in headers.items():
            self.set_header(name, value)
        self.finish(html)

    @property
    def gate(self) -> gates.Gate:
        return self.settings["workbook_gate"]


class BindingKernels:
    """The kernel manager as a page's handler sees it: the kernel the page gets, new or
    pre-heated, is bound to the request's ticket as soon as its id is known."""

    def __init__(self, manager, bind):
        self._manager, self._bind = manager, bind

    def __getattr__(self, name):
        return getattr(self._manager, name)

    async def start_kernel(self, *args, **kwargs) -> str:
        kernel_id = await ensure_async(self._manager.start_kernel(*args, **kwargs))
        self._bind(kernel_id)
        return kernel_id

    async def get_rendered_notebook(self, *args, **kwargs):
        render_task, rendered, kernel_id = await self._manager.get_rendered_notebook(
            *args, **kwargs)
        self._bind(kernel_id)
        return render_task, rendered, kernel_id


class GatedPageHandler(Refusing, TornadoVoilaHandler):
    _ticket: gates.Ticket | None = None

    @web.authenticated
    async def get(self, path=None):
        ticket = self.gate.admit(first_key(self.request))
        if isinstance(ticket, str):
            return self.refuse(ticket, count=self.gate.per_key)
        self._ticket = ticket
        try:
            await super().get(path)
        finally:
            ticket.close()

    @property
    def kernel_manager(self):
        manager = self.settings["kernel_manager"]
        return manager if self._ticket is None else BindingKernels(manager, self._bind)

    def _bind(self, kernel_id: str) -> None:
        assert self._ticket is not None  # bound only while a ticket's page is rendered
        self._ticket.bind(kernel_id)
        self.set_cookie(OWNER_COOKIE, self.gate.owner_proof(kernel_id), httponly=True,
                        samesite="Strict",
                        path=url_path_join(self.base_url, "voila/api/shutdown", kernel_id))


class GatedTreeHandler(Refusing, TornadoVoilaTreeHandler):
    @web.authenticated
    async def get(self, path=""):
        key = first_key(self.request)
        if key is None:
            return self.refuse(refusal_page.LANDING)
        try:
            owner = self.gate.owner(key)
        except Exception:  # noqa: BLE001 - logged by the gate's admit in the same case
            return self.refuse(gates.UNAVAILABLE)
        if owner is None:
            return self.refuse(gates.INVALID)
        self.redirect(url_path_join(self.base_url, HOME) + "?" + self.request.query)


class OwnerShutdownHandler(VoilaShutdownKernelHandler):
    """Voila's shutdown on leaving a page, for that page's own kernel only."""

    def check_xsrf_cookie(self) -> None:
        """The owner cookie below is the proof; being SameSite=Strict, it is also what
        keeps other sites out (the page sends no XSRF token)."""

    @web.authenticated
    async def post(self, kernel_id: str) -> None:
        gate: gates.Gate = self.settings["workbook_gate"]
        if not gate.owns(kernel_id, self.get_cookie(OWNER_COOKIE)):
            raise web.HTTPError(403, "only the kernel's own page may shut it down")
        await ensure_async(self.kernel_manager.shutdown_kernel(kernel_id))
        self.set_status(204)
        self.finish()


class NoDeleteKernelHandler(KernelHandler):
    """A kernel's model can be read (the page asks for it); nobody deletes kernels here."""

    async def delete(self, kernel_id):
        raise web.HTTPError(403, "kernels end with their page")


class NoReferrer(OutputTransform):
    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        headers["Referrer-Policy"] = "no-referrer"
        return status_code, headers, chunk


REPLACEMENTS = {TornadoVoilaHandler: GatedPageHandler, TornadoVoilaTreeHandler: GatedTreeHandler,
                VoilaShutdownKernelHandler: OwnerShutdownHandler,
                KernelHandler: NoDeleteKernelHandler}


def gated(handlers: list) -> list:
    """Voila's route list with the gated handlers in place of Voila's own."""
    return [(spec[0], REPLACEMENTS.get(spec[1], spec[1]), *spec[2:]) for spec in handlers]
