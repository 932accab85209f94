"""What a page knows about its request: the person's session, key and language."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from .. import i18n, settings
from ..service import Service, Session


@dataclass
class PageContext:
    key: str | None
    lang: str
    session: Session | None = None
    params: dict[str, str] = field(default_factory=dict)
    app: bool = False  # inside the one-page app (``app.py``): links are section addresses

    def link(self, notebook: str, **extra: str) -> str:
        """A link to another page that keeps the person's key and language; inside the
        app, the section's address (``#/kogukonnad``, ``#/kogukonnad/<team>``)."""
        if self.app:
            from ..section_registry import slug_of

            team = extra.get("team")
            return f"#/{slug_of(notebook)}" + (f"/{team}" if team else "")
        query = {**({"k": self.key} if self.key else {}), "lang": self.lang, **extra}
        return f"{notebook}?{urlencode(query)}"

    def require_session(self) -> Session:
        """The session of a page that is built only once the person is logged in."""
        if self.session is None:
            raise RuntimeError("the page needs a session (open_session was not called)")
        return self.session

    def team_id(self) -> str | None:
        """The team this page is about: the member's own, or ``?team=`` for staff."""
        session = self.require_session()
        if session.actor.team_id:
            return session.actor.team_id
        wanted = self.params.get("team")
        teams = session.teams()
        return next((t.id for t in teams if t.id == wanted), teams[0].id if teams else None)


def page_exists(notebook: str) -> bool:
    return (Path(settings.get("WORKBOOK_NOTEBOOKS")) / notebook).is_file()


def query_params() -> dict[str, str]:
    """The request's query parameters, waiting for the request in a pre-heated kernel."""
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        from voila.utils import wait_for_request  # only pre-heated kernels need voila here

        wait_for_request()
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items() if v}


def read_request() -> PageContext:
    """Key and language of this request; no database access yet."""
    params = query_params()
    lang = params.get("lang") or settings.get("WORKBOOK_LANG")
    return PageContext(key=params.get("k"), lang=i18n.language(lang), params=params)


def open_session(ctx: PageContext) -> None:
    """Log the request's key in, or (under JupyterHub) the hub's user; raises InvalidKey,
    UnknownHubUser, StoreUnavailable or SchemaTooNew."""
    if settings.get("WORKBOOK_AUTH") == "hub":  # the hub checked the login; a key is ignored
        ctx.key = None
        ctx.session = Service.open().login_hub(os.environ.get("JUPYTERHUB_USER"))
    else:
        ctx.session = Service.open().login(ctx.key)
