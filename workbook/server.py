"""Starting Voila over the notebooks with the workbook's settings."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy.engine import make_url

from . import limits, log_redaction, settings
from .exceptions import ConfigError

TEMPLATES = Path(__file__).resolve().parent / "share"


def check_database_outside(notebooks: Path, url: str) -> None:
    """Refuse a SQLite file inside the folder Voila serves."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return
    check_outside(notebooks, Path(parsed.database), "WORKBOOK_DB")


def check_outside(notebooks: Path, path: Path, setting: str) -> None:
    """Refuse data (the database, exports) inside the folder Voila serves."""
    if path.resolve().is_relative_to(notebooks.resolve()):
        raise ConfigError(f"{path.resolve()} is inside the served folder {notebooks}; "
                          f"move it out ({setting})")


CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 10


def voila_argv(environ=None) -> list[str]:
    """Voila's command line for the current settings."""
    get = lambda name: settings.get(name, environ)  # noqa: E731
    pool = int(get("WORKBOOK_POOL_SIZE"))
    return [
        get("WORKBOOK_NOTEBOOKS"),
        "--no-browser",
        "--template=koosloome",
        f"--port={get('WORKBOOK_PORT')}",
        f"--Voila.ip={get('WORKBOOK_HOST')}",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--VoilaConfiguration.preheat_kernel={pool > 0}",
        f"--VoilaConfiguration.default_pool_size={max(pool, 0)}",
        # the mentors' JupyterLab notebook is not a page: no kernel waits for it
        *(['--VoilaKernelManager.preheat_denylist=["mentor_analysis"]'] if pool > 0 else []),
        # Only pictures may be fetched as files; never notebooks, data or databases.
        "--VoilaConfiguration.file_allowlist=" + json.dumps([r".*\.(png|jpg|svg)"]),
        "--VoilaConfiguration.file_denylist=" + json.dumps([r".*\.(ipynb|py|sqlite|db|json)"]),
        # A closed tab's kernel is not shut down by Voila (voila-dashboards/voila#1458):
        # ours ends a kernel that has had no page connected for a while (kernels.py), and
        # idle culling ends kernels that never had one.
        "--VoilaConfiguration.multi_kernel_manager_class=workbook.kernels.PageKernelManager",
        f"--PageKernelManager.disconnect_grace={get('WORKBOOK_CLOSED_PAGE_SECONDS')}",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL_SECONDS}",
        "--MappingKernelManager.cull_connected=False",
        "--Voila.tornado_settings=" + json.dumps(
            {"websocket_max_message_size": limits.WEBSOCKET_MAX_BYTES}),
    ]


def serve(environ=None) -> None:
    """Run Voila in this process until interrupted."""
    settings.check_environment(environ)
    url = settings.database_url(environ)
    notebooks = Path(settings.get("WORKBOOK_NOTEBOOKS", environ))
    check_database_outside(notebooks, url)
    check_outside(notebooks, Path(settings.get("WORKBOOK_DOWNLOADS", environ)),
                  "WORKBOOK_DOWNLOADS")
    os.environ["WORKBOOK_DB"] = url  # kernels start elsewhere: give them absolute paths
    for name in ("WORKBOOK_DATA", "WORKBOOK_DOWNLOADS", "WORKBOOK_GEODATA"):
        os.environ[name] = str(Path(settings.get(name, environ)).expanduser().resolve())
    from . import downloads

    downloads.clean()  # exports left from the last run
    # Voila finds our template (no remote stylesheets) under JUPYTER_PATH/voila/templates.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES), os.environ.get("JUPYTER_PATH", "")) if p)
    log_redaction.install()
    gated = settings.get("WORKBOOK_AUTH", environ) == "link"
    voila_app(gate_settings(environ) if gated else None).launch_instance(
        argv=voila_argv(environ))


def gate_settings(environ=None) -> dict[str, int]:
    return {"per_key": int(settings.get("WORKBOOK_KERNELS_PER_KEY", environ)),
            "total": int(settings.get("WORKBOOK_MAX_KERNELS", environ))}


def key_checker():
    """``key_live(hash)`` over the store (unrevoked, its person still there), opened once
    (at the first request) per server."""
    from .service import Service

    opened = []

    def key_live(digest: str) -> bool:
        if not opened:
            opened.append(Service.open().store)
        return opened[0].key_live(digest)
    return key_live


def voila_app(gate: dict[str, int] | None = None):
    """Voila, plus the links that hand out exported files (``workbook/downloads.py``);
    with ``gate`` (its limits), page requests pass the personal-link gate
    (``workbook/gate.py``) before any kernel starts."""
    from voila.app import Voila

    from . import downloads, gate_handlers
    from .gate import Gate

    class WorkbookVoila(Voila):
        def init_handlers(self):
            handlers = downloads.handlers(self.server_url) + super().init_handlers()
            self.app.add_transform(gate_handlers.NoReferrer)
            if gate is None:
                return handlers
            self.app.settings["workbook_gate"] = Gate(self.kernel_manager, key_checker(), **gate)
            return gate_handlers.gated(handlers)

    return WorkbookVoila
