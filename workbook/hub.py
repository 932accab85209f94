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
  and sets the arguments and environment of their server.
- A Jupyter server extension (this module) adds the export download links.

``deploy/jupyterhub/jupyterhub_config.py`` puts these together.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jupyter_server.services.contents.largefilemanager import LargeFileManager
from tornado import web

from . import downloads, settings
from .model import Access

log = logging.getLogger("workbook.hub")
REPO = Path(__file__).resolve().parent.parent
#: What a page's kernel accepts from the browser: widget traffic, never code.
WIDGET_MESSAGES = ["comm_open", "comm_close", "comm_msg", "comm_info_request",
                   "kernel_info_request", "shutdown_request"]
HOME_URL = "/voila/render/00_avaleht.ipynb"


def server_args(access: Access | None, *, closed_page_seconds: int = 60) -> list[str]:
    """The single-user server's arguments for a person of ``access`` (None: unknown)."""
    args = [
        "--ServerApp.kernel_manager_class=workbook.kernels.PageKernelManager",
        f"--PageKernelManager.disconnect_grace={closed_page_seconds}",
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=10",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.template=koosloome",
        "--VoilaConfiguration.show_tracebacks=False",
        "--ServerApp.jpserver_extensions", "workbook.hub=True",
        "--ServerApp.terminals_enabled=False",
        f"--ServerApp.default_url={HOME_URL}",
    ]
    if access in (Access.mentor, Access.coordinator):
        return args
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


def access_of(username: str) -> Access | None:
    from .exceptions import WorkbookError
    from .service import Service

    try:
        return Service.open().login_hub(username).actor.access
    except WorkbookError as exc:
        log.warning("hub user %s: %s", username, exc)
        return None


def pre_spawn_hook(spawner) -> None:
    """Give the hub user's server the role's arguments and the workbook's settings."""
    access = access_of(spawner.user.name)
    seconds = int(settings.get("WORKBOOK_CLOSED_PAGE_SECONDS"))
    spawner.args = list(spawner.args or []) + server_args(access, closed_page_seconds=seconds)
    spawner.environment = {**environment(), **(spawner.environment or {})}
    spawner.notebook_dir = spawner.environment["WORKBOOK_NOTEBOOKS"]
    spawner.default_url = HOME_URL
    log.info("spawning %s as %s", spawner.user.name, access.value if access else "unknown")


class ReadOnlyContents(LargeFileManager):
    """Files can be read (Voila renders the pages) but never written, renamed or deleted:
    a member cannot add a notebook of their own for Voila to run."""

    def _refuse(self, *_args, **_kwargs):
        raise web.HTTPError(403, "the workbook's files are read-only")

    save = delete_file = rename_file = new_untitled = new = copy = _refuse


# --- the Jupyter server extension: export downloads under the user's server -----------

def _jupyter_server_extension_points():
    return [{"module": "workbook.hub"}]


def _load_jupyter_server_extension(serverapp) -> None:
    serverapp.web_app.add_handlers(".*$", downloads.handlers(serverapp.base_url))
    downloads.clean()
    # Voila inside a Jupyter server would point its pages at MathJax on a CDN; with both
    # unset, as standalone Voila leaves them, its front end uses the bundled MathJax.
    serverapp.web_app.settings.update(mathjax_url=None, mathjax_config=None)
