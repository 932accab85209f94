"""Starting Voila over the notebooks with the workbook's settings."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from sqlalchemy.engine import make_url

from . import settings
from .exceptions import ConfigError

TEMPLATES = Path(__file__).resolve().parent / "share"
KEY_IN_TEXT = re.compile(r"([?&]k=)[^&\s]+")


class RedactKeys(logging.Filter):
    """Replace access keys in log lines (Tornado logs every request's URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "k=" in message:
            record.msg, record.args = KEY_IN_TEXT.sub(r"\1***", message), ()
        return True


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
    os.environ["WORKBOOK_DOWNLOADS"] = str(Path(settings.get("WORKBOOK_DOWNLOADS",
                                                             environ)).resolve())
    from . import downloads

    downloads.clean()  # exports left from the last run
    # Voila finds our template (no remote stylesheets) under JUPYTER_PATH/voila/templates.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(TEMPLATES), os.environ.get("JUPYTER_PATH", "")) if p)
    for name in ("tornado.access", "tornado.application", "Voila", ""):
        logging.getLogger(name).addFilter(RedactKeys())
    voila_app().launch_instance(argv=voila_argv(environ))


def voila_app():
    """Voila, plus the links that hand out exported files (``workbook/downloads.py``)."""
    from voila.app import Voila

    from . import downloads

    class WorkbookVoila(Voila):
        def init_handlers(self):
            return downloads.handlers(self.server_url) + super().init_handlers()

    return WorkbookVoila
