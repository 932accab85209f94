"""The table of settings: name, default, help. Read from the environment.

Every setting is an environment variable ``WORKBOOK_*``. Unknown ``WORKBOOK_*``
variables are rejected so that a typo does not silently fall back to a default.
``docs/settings.md`` is generated from this table (``reference()``, by cog; the
tests fail when it is out of date).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .exceptions import ConfigError

PACKAGE = Path(__file__).resolve().parent
#: What the app reads, inside the package (a checkout links notebooks/ and data/ here).
SHARE = PACKAGE / "share"
REPO_ROOT = PACKAGE.parent  # a checkout's root (meaningful only in a checkout)
DATA = "{data}"  # in a default: the WORKBOOK_DATA folder


def default_data_folder() -> Path:
    """Where the app writes by default: ``var/`` in a checkout, else the user's data
    folder (``$XDG_DATA_HOME/koosloome``, normally ``~/.local/share/koosloome``)."""
    if (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "workbook").is_dir():
        return REPO_ROOT / "var"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "koosloome"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("WORKBOOK_DATA", str(default_data_folder()),
            "Folder for everything the app writes: the SQLite database, the geodata cache "
            "and downloads wait here unless their own settings say otherwise. Default: "
            "`var/` in a checkout, `~/.local/share/koosloome` (`$XDG_DATA_HOME`) for an "
            "installed package."),
    Setting("WORKBOOK_DB", f"{DATA}/workbook.sqlite",
            "Database: a SQLite file path or an SQLAlchemy URL (sqlite:///..., postgresql://...). "
            "Keep it outside the notebooks folder that Voila serves."),
    Setting("WORKBOOK_LANG", "et", "Default interface language: et or en."),
    Setting("WORKBOOK_AUTH", "link",
            "Who is asking: `link` (a personal link's key) or `hub` (the JupyterHub login in "
            "JUPYTERHUB_USER, matched to a person's username)."),
    Setting("WORKBOOK_BASE_URL", "http://127.0.0.1:8866",
            "Public address of the Voila server, used to print personal links."),
    Setting("WORKBOOK_HOST", "127.0.0.1",
            "Address the Voila server listens on (`0.0.0.0` to serve a village-hall network)."),
    Setting("WORKBOOK_PORT", "8866", "Port the Voila server listens on."),
    Setting("WORKBOOK_POOL_SIZE", "1",
            "Pre-heated kernels kept ready per page (0 turns pre-heating off)."),
    Setting("WORKBOOK_CLOSED_PAGE_SECONDS", "60",
            "Seconds a page's kernel is kept after its browser tab closed or lost its "
            "connection (the page reconnects by itself within this time)."),
    Setting("WORKBOOK_PREBUILD_SECONDS", "5",
            "Seconds after a page opens before the person's other sections are built ahead "
            "of their clicks, hidden, one at a time (0 turns this off: each section is then "
            "built at its first visit)."),
    Setting("WORKBOOK_KERNELS_PER_KEY", "6",
            "Pages (kernels) one personal link may have open at once; a person has a few "
            "tabs. One more gets 'close a tab you no longer need' (HTTP 429) instead of a "
            "page."),
    Setting("WORKBOOK_MAX_KERNELS", "120",
            "Kernels the server runs at most, pre-heated ones included; past it a new page "
            "gets 'the server is full, try again in a minute' (HTTP 503). A page's kernel takes "
            "80-160 MB: 120 is about 10 teams x 4 people x 2 tabs, staff and the pool in "
            "16 GB."),
    Setting("WORKBOOK_NOTEBOOKS", str(SHARE / "notebooks"),
            "Folder of the notebooks Voila serves (the package's own, which in a checkout "
            "are `notebooks/`)."),
    Setting("WORKBOOK_GEODATA", f"{DATA}/geodata",
            "Folder of the geodata cache (municipality and settlement outlines, place names) "
            "that `workbook geodata build` or `workbook geodata fetch` writes. Until one is "
            "built there, the app uses the geodata shipped with the package (01.09.2018)."),
    Setting("WORKBOOK_GEODATA_URL", "https://geoportaal.maaamet.ee/docs/haldus_asustus/",
            "Where `workbook geodata fetch` downloads the Land Board's current "
            "administrative and settlement division (omavalitsus_shp.zip, asustusyksus_shp.zip)."),
    Setting("WORKBOOK_FRAMEWORKS", str(SHARE / "frameworks"),
            "Folder of the framework files (engagement levels and forms, asset categories, "
            "phase rubrics) that trainers may edit (the package's own, in a checkout "
            "`data/frameworks/`); checked when the server starts."),
    Setting("WORKBOOK_DOWNLOADS", f"{DATA}/downloads",
            "Folder where exports wait for an hour to be downloaded through their link. "
            "Keep it outside the notebooks folder."),
    Setting("WORKBOOK_CHROMIUM", "/usr/bin/chromium",
            "Chromium used to print PDF reports (Debian's chromium package)."),
    Setting("WORKBOOK_LOG_LEVEL", "INFO", "Server-side log level (DEBUG, INFO, WARNING, ERROR)."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def reference() -> list[str]:
    """The settings as a Markdown table (docs/settings.md); paths relative to a checkout."""
    def shown(default: str) -> str:
        for folder, name in ((SHARE, "workbook/share"), (REPO_ROOT, "")):
            root = str(folder) + os.sep
            if default.startswith(root):
                default = "/".join(p for p in (name, default[len(root):]) if p)
        return default.replace(DATA, "$WORKBOOK_DATA")

    rows = ["| setting | default | meaning |", "|---|---|---|"]
    rows += [f"| `{s.name}` | `{shown(s.default)}` | {s.help.replace('|', '/')} |"
             for s in SETTINGS]
    return rows


def get(name: str, environ=None) -> str:
    """Return a setting's value from the environment, or its default."""
    if name not in _BY_NAME:
        raise ConfigError(f"unknown setting {name}")
    env = os.environ if environ is None else environ
    value = env.get(name, "").strip()
    if value:
        return value
    default = _BY_NAME[name].default
    return default.replace(DATA, get("WORKBOOK_DATA", env)) if DATA in default else default


def check_environment(environ=None) -> None:
    """Reject ``WORKBOOK_*`` variables that are not settings, and bad values."""
    env = os.environ if environ is None else environ
    unknown = sorted(k for k in env if k.startswith("WORKBOOK_") and k not in _BY_NAME)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}; known: "
                          + ", ".join(_BY_NAME))
    if get("WORKBOOK_AUTH", env) not in ("link", "hub"):
        raise ConfigError(f"WORKBOOK_AUTH must be link or hub, not {get('WORKBOOK_AUTH', env)!r}")
    if get("WORKBOOK_LANG", env) not in ("et", "en"):
        raise ConfigError(f"WORKBOOK_LANG must be et or en, not {get('WORKBOOK_LANG', env)!r}")
    for name in ("WORKBOOK_PORT", "WORKBOOK_POOL_SIZE", "WORKBOOK_CLOSED_PAGE_SECONDS",
                 "WORKBOOK_PREBUILD_SECONDS", "WORKBOOK_KERNELS_PER_KEY",
                 "WORKBOOK_MAX_KERNELS"):
        if not get(name, env).isdigit():
            raise ConfigError(f"{name} must be a whole number, not {get(name, env)!r}")
    for name in ("WORKBOOK_KERNELS_PER_KEY", "WORKBOOK_MAX_KERNELS"):
        if int(get(name, env)) < 1:
            raise ConfigError(f"{name} must be at least 1, not {get(name, env)!r}")


def database_url(environ=None) -> str:
    """The database setting as an SQLAlchemy URL (a bare path means SQLite)."""
    value = get("WORKBOOK_DB", environ)
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())
