"""Running the workbook under JupyterHub.

Each person's single-user server serves the workbook's Voila pages; who they are
comes from the hub (``JUPYTERHUB_USER``, matched to a person's ``username``), not
from a personal link, and every server shares one database (PostgreSQL).

- ``server_args(access)``: the single-user server's command line for a role.
  Team members get Voila only: no JupyterLab, no terminals, files read-only, and
  their kernels accept only widget messages (as in standalone Voila), so nobody
  can run code of their own next to the database credentials. Mentors and the
  coordinator also get JupyterLab, for the Python API (``workbook.analysis``).
- ``pre_spawn_hook(spawner)``: looks the hub user up in the workbook's database
  and sets the arguments and environment of their server. Staff servers also get
  ``LAB_DB``: a read-only database URL limited to their cohort
  (``workbook/store/readonly.py``).
- ``HubKernelManager``: only the workbook's own pages (``PAGES``, rendered by Voila)
  get kernels with the read-write database. Any other kernel of a staff server (a
  JupyterLab notebook, the mentor analysis notebook) gets ``LAB_DB`` as its
  ``WORKBOOK_DB``; a member's server starts no other kernel at all.
- A Jupyter server extension (this module) adds the export download links and the
  ``Referrer-Policy: no-referrer`` header.

What this cannot do: a staff server is one process of one operating-system user.
Code run in JupyterLab runs as that user, next to the server that holds the
read-write URL (its environment in ``/proc``, its page kernels' connection files).
The read-only URL keeps the analysis API and Lab notebooks from writing or reading
other cohorts by accident and by default; a mentor set on it can still reach the
read-write credentials. Only a separate server (a JupyterHub named server or pod
without the read-write URL) would close that; see docs/operations.md, "JupyterHub".

``deploy/jupyterhub/jupyterhub_config.py`` puts these together.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path, PurePosixPath
from typing import cast

from jupyter_server.services.contents.largefilemanager import LargeFileManager
from tornado import web
from tornado.web import OutputTransform

from . import downloads, limits, settings
from .kernels import PageKernelManager
from .model import Access
from .section_registry import notebooks

log = logging.getLogger("workbook.hub")
REPO = Path(__file__).resolve().parent.parent
#: What a page's kernel accepts from the browser: widget traffic, never code.
WIDGET_MESSAGES = ["comm_open", "comm_close", "comm_msg", "comm_info_request",
                   "kernel_info_request", "shutdown_request"]
HOME_URL = "/voila/render/00_avaleht.ipynb"
#: The workbook's pages: the only notebooks whose kernels get the read-write database.
PAGES = notebooks()
#: A staff server's read-only, cohort-limited database URL, for its non-page kernels.
LAB_DB = "KOOSLOOME_LAB_DB"


def server_args(access: Access | None, *, closed_page_seconds: int = 60) -> list[str]:
    """The single-user server's arguments for a person of ``access`` (None: unknown)."""
    args = [
        "--ServerApp.kernel_manager_class=workbook.hub.HubKernelManager",
        f"--PageKernelManager.disconnect_grace={closed_page_seconds}",
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=10",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.template=koosloome",
        "--VoilaConfiguration.show_tracebacks=False",
        "--ServerApp.jpserver_extensions", "workbook.hub=True",
        "--ServerApp.terminals_enabled=False",
        f"--ServerApp.default_url={HOME_URL}",
        "--ServerApp.tornado_settings=" + json.dumps(
            {"websocket_max_message_size": limits.WEBSOCKET_MAX_BYTES}),
    ]
    if access in (Access.mentor, Access.coordinator):
        return args + ["--ServerApp.contents_manager_class=workbook.hub.StaffContents"]
    return args + [  # members, and anyone the workbook does not know
        "--ServerApp.jpserver_extensions", "jupyterlab=False",
        "--ServerApp.jpserver_extensions", "notebook=False",
        "--ServerApp.contents_manager_class=workbook.hub.ReadOnlyContents",
        *[f"--MappingKernelManager.allowed_message_types={m}" for m in WIDGET_MESSAGES],
    ]


def environment() -> dict[str, str]:
    """The workbook's settings for every single-user server (from the hub's own)."""
    env = {name: settings.get(name) for name in (
        "WORKBOOK_DB", "WORKBOOK_LANG", "WORKBOOK_GEODATA", "WORKBOOK_FRAMEWORKS",
        "WORKBOOK_DOWNLOADS", "WORKBOOK_CHROMIUM", "WORKBOOK_LOG_LEVEL")}
    env["WORKBOOK_DB"] = settings.database_url()
    env["WORKBOOK_AUTH"] = "hub"
    env["WORKBOOK_NOTEBOOKS"] = str(Path(settings.get("WORKBOOK_NOTEBOOKS")).resolve())
    env["JUPYTER_PATH"] = str(REPO / "workbook" / "share")  # the koosloome template
    return env


def actor_of(username: str):
    """The hub user's ``Actor`` in the workbook (None: not a person of any cohort)."""
    from .exceptions import WorkbookError
    from .service import Service

    try:
        service = Service.open()
    except WorkbookError as exc:
        log.warning("hub user %s: %s", username, exc)
        return None
    try:
        return service.login_hub(username).actor
    except WorkbookError as exc:
        log.warning("hub user %s: %s", username, exc)
        return None
    finally:
        service.store.close()


def lab_database(cohort_id: str) -> str:
    """The read-only URL of a cohort for staff notebooks. On PostgreSQL the cohort's role
    is made when the app's database user may create roles; otherwise the operator makes
    it (``workbook db staff-role``) and, until then, staff notebooks cannot connect."""
    from .store import readonly

    app_url = settings.database_url()
    try:
        return readonly.ensure_role(app_url, cohort_id)
    except Exception as exc:  # noqa: BLE001 - the role is the operator's job then
        log.warning("no read-only role for cohort %s (%s); run `workbook db staff-role "
                    "%s` with a user that may create roles", cohort_id,
                    str(exc).splitlines()[0], cohort_id)
        return readonly.url(app_url, cohort_id)


def pre_spawn_hook(spawner) -> None:
    """Give the hub user's server the role's arguments and the workbook's settings."""
    actor = actor_of(spawner.user.name)
    access = actor.access if actor else None
    seconds = int(settings.get("WORKBOOK_CLOSED_PAGE_SECONDS"))
    spawner.args = list(spawner.args or []) + server_args(access, closed_page_seconds=seconds)
    spawner.environment = {**environment(), **(spawner.environment or {})}
    if access in (Access.mentor, Access.coordinator):
        spawner.environment[LAB_DB] = lab_database(actor.cohort_id)
    spawner.notebook_dir = spawner.environment["WORKBOOK_NOTEBOOKS"]
    spawner.default_url = HOME_URL
    log.info("spawning %s as %s", spawner.user.name, access.value if access else "unknown")


def page_of(env: dict | None, folder: str | None) -> str | None:
    """The workbook page a kernel is started for (None: not a page of the workbook).

    Voila starts a page's kernel in the page's folder (the notebooks folder itself,
    ``folder`` "") with the request in its environment (``SCRIPT_NAME``,
    ``VOILA_BASE_URL``); JupyterLab's kernels carry no such thing, and the kernels API
    takes no environment from the browser."""
    if not env or "VOILA_BASE_URL" not in env or (folder or "").strip("/"):
        return None
    script = PurePosixPath(env.get("SCRIPT_NAME", ""))
    if script.name in PAGES and script.parent.name == "render" \
            and script.parent.parent.name == "voila":
        return script.name
    return None


def kernel_env(env: dict | None, folder: str | None, lab_db: str | None) -> dict:
    """The environment of a kernel about to start in ``folder``: a page's keeps the
    read-write database; any other kernel gets the read-only ``lab_db`` (staff) or is
    refused."""
    if page_of(env, folder):
        return cast(dict, env)  # a page's environment: page_of found it there
    if not lab_db:
        raise web.HTTPError(403, "only the workbook's pages run here")
    return {**(os.environ if env is None else env), "WORKBOOK_DB": lab_db}


class HubKernelManager(PageKernelManager):
    """The pages' kernel manager, for a hub server: only the workbook's pages get the
    read-write database (``kernel_env``)."""

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if kernel_id is None or kernel_id not in self:
            kwargs["env"] = kernel_env(kwargs.get("env"), path, os.environ.get(LAB_DB))
        return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)


def _refuse(*_args, **_kwargs):
    raise web.HTTPError(403, "the workbook's files are read-only")


class ReadOnlyContents(LargeFileManager):
    """Files can be read (Voila renders the pages) but never written, renamed or deleted,
    checkpoints included: a member cannot add a notebook of their own for Voila to run."""

    save = delete_file = rename_file = new_untitled = new = copy = staticmethod(_refuse)
    create_checkpoint = restore_checkpoint = delete_checkpoint = staticmethod(_refuse)


class StaffContents(LargeFileManager):
    """Staff save notebooks of their own, but never over, onto or in place of the
    workbook's pages (their kernels get the read-write database)."""

    def _check(self, *paths: str) -> None:
        if any(PurePosixPath(p or "").name in PAGES for p in paths):
            raise web.HTTPError(403, "the workbook's pages are read-only")

    def save(self, model, path=""):
        self._check(path)
        return super().save(model, path)

    def delete_file(self, path):
        self._check(path)
        return super().delete_file(path)

    def rename_file(self, old_path, new_path):
        self._check(old_path, new_path)
        return super().rename_file(old_path, new_path)

    def restore_checkpoint(self, checkpoint_id, path):
        self._check(path)
        return super().restore_checkpoint(checkpoint_id, path)


# --- the Jupyter server extension: export downloads under the user's server -----------

def _jupyter_server_extension_points():
    return [{"module": "workbook.hub"}]


class NoReferrer(OutputTransform):
    """Every response of the server: links out of a page never carry its address."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        headers["Referrer-Policy"] = "no-referrer"
        return status_code, headers, chunk


def _load_jupyter_server_extension(serverapp) -> None:
    serverapp.web_app.add_handlers(".*$", downloads.handlers(serverapp.base_url))
    serverapp.web_app.add_transform(NoReferrer)
    downloads.clean()
    # Voila inside a Jupyter server would point its pages at MathJax on a CDN; with both
    # unset, as standalone Voila leaves them, its front end uses the bundled MathJax.
    serverapp.web_app.settings.update(mathjax_url=None, mathjax_config=None)
