"""The small pages the web server answers with when a request gets no kernel.

Self-contained HTML (no scripts, no remote assets, works offline), in the language of
``?lang=`` (Estonian by default), with the same ``wb-error-box`` as a page's own error.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import gate, i18n
from .html import esc, tag

LANDING = "landing"  # the bare server address: not an error, but no page either
RETRY_SECONDS = 60


@dataclass(frozen=True)
class Refusal:
    status: int
    title: str  # message keys
    help: str
    retry: bool = False


REFUSALS = {
    gate.INVALID: Refusal(403, "error.invalid_link", "error.invalid_link_help"),
    gate.TOO_MANY: Refusal(429, "server.too_many", "server.too_many_help", retry=True),
    gate.FULL: Refusal(503, "server.full", "server.full_help", retry=True),
    gate.UNAVAILABLE: Refusal(503, "server.unavailable", "server.unavailable_help", retry=True),
    LANDING: Refusal(200, "server.landing", "server.landing_help"),
}

STYLE = ("body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1f2933;margin:0}"
         "main{max-width:36rem;margin:4rem auto;padding:1.5rem 2rem;background:#fff;"
         "border-left:4px solid #b42318;border-radius:6px;box-shadow:0 1px 3px #0002}"
         "h1{font-size:1rem;color:#52606d;margin:0 0 1rem}h2{font-size:1.3rem;margin:0 0 .5rem}")


def render(reason: str, lang: str | None, **params) -> tuple[int, dict[str, str], str]:
    """(HTTP status, headers, HTML) of the page for ``reason``."""
    lang = i18n.language(lang)
    refusal = REFUSALS[reason]
    title = i18n.t("app.title", lang)
    body = (tag("h1", esc(title)) + tag("h2", esc(i18n.t(refusal.title, lang, **params)))
            + tag("p", esc(i18n.t(refusal.help, lang, **params))))
    html = ("<!DOCTYPE html>" + f'<html lang="{lang}">'
            + tag("head", '<meta charset="utf-8">'
                  + '<meta name="viewport" content="width=device-width, initial-scale=1">'
                  + '<meta name="robots" content="noindex">'
                  + tag("title", esc(title)) + tag("style", STYLE))
            + tag("body", tag("main", body, "wb-card wb-error wb-error-box", role="alert"))
            + "</html>")
    headers = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
    if refusal.retry:
        headers["Retry-After"] = str(RETRY_SECONDS)
    return refusal.status, headers, html
