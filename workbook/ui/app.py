"""The workbook as one app: a person's single page with every section behind a navigation.

A person opens one page (their personal link, or a section's notebook, which starts
the same app at that section). The navigation switches sections inside that page's
kernel, with no page load: each section is built the first time it is opened and
kept, hidden, while another is shown, so what was typed, selected or scrolled there
stays. Live updates run only for the section in view; a section brought back into
view catches up at once.

Addresses: every section has one, ``#/<slug>`` after the page's own address
(``#/kogukonnad``, ``#/kogukonnad/<team id>`` for staff looking at a team). The
template's script (``share/voila/templates/koosloome``) sends the address to the
kernel through a hidden text field (``wb-route``) when the page opens and on every
Back and Forward; the kernel answers with a ``wb-meta`` element (language, tab
title, address) that the script applies to ``<html lang>``, the tab title and the
browser's history. A link in the page (``ctx.link``) is just ``#/<slug>``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html as html_lib
import logging
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as w

from .. import i18n
from ..html import esc, tag
from ..i18n import t
from ..model import Access, Section
from ..section_registry import SECTIONS, SectionSpec, resolve
from .context import PageContext, open_session, read_request
from .frame import Builder, Frame, error_widgets, language_switch, stylesheet

log = logging.getLogger("workbook.ui")
STAFF = frozenset({Access.mentor, Access.coordinator})
PREBUILD_GAP = 1.0  # seconds between two sections built ahead: clicks are answered between
KEPT = 12  # sections kept built in one page (all of a member's fit)
EVERYONE = frozenset(Access)


@dataclass(frozen=True)
class Route:
    slug: str
    title_key: str
    builder: Callable[[], Builder]  # imports the page's module only when it is opened
    section: Section | None = None  # a section of a team's workbook: live updates, review
    roles: frozenset[Access] = EVERYONE


def _section(spec: SectionSpec) -> Route:
    """A section of a team's workbook, with its review status and comments."""
    def builder() -> Builder:
        from .pages import team_page_builder

        return team_page_builder(resolve(spec.page), spec.section)
    return Route(spec.slug, spec.title_key, builder, spec.section)


def _page(module: str, cls: str) -> Callable[[], Builder]:
    def builder() -> Builder:
        from importlib import import_module

        page_class = getattr(import_module(module, __package__), cls)
        return lambda ctx: page_class(ctx).widgets()
    return builder


def _home() -> Builder:
    from . import home

    return home.build


ROUTES: tuple[Route, ...] = (
    Route("avaleht", "home.title", _home),
    *(_section(spec) for spec in SECTIONS),
    Route("eksport", "export.title", _page(".export_page", "ExportPage")),
    Route("mentor", "review.title", _page(".mentor_page", "MentorPage"), roles=STAFF),
    Route("koordinaator", "admin.title", _page(".cohort_admin", "CohortAdminPage"),
          roles=frozenset({Access.coordinator})),
)
BY_SLUG = {route.slug: route for route in ROUTES}
HOME = ROUTES[0]


def parse(address: str) -> tuple[str, str | None]:
    """``kogukonnad/abc`` -> (``kogukonnad``, ``abc``); surrounding slashes ignored."""
    parts = [p for p in address.strip().strip("#").split("/") if p]
    if not parts:
        return HOME.slug, None
    return parts[0], (parts[1] if len(parts) > 1 else None)


class App:
    """One person's page: header, navigation, and the section in view."""

    def __init__(self, ctx: PageContext, start: str = HOME.slug,
                 failure: BaseException | None = None):
        """``failure``: why no session could be opened (each page then says so)."""
        self.ctx, self.failure = ctx, failure
        ctx.app = True
        self.frames: dict[str, Frame] = {}
        self.current: str | None = None
        self.asked = ""  # the last address the browser asked for (answered in wb-meta)
        self.team_id: str | None = ctx.params.get("team")  # staff: the team in view
        self.meta = w.HTML()
        self.meta.add_class("wb-meta-box")
        self.brand = w.HTML()
        self.lang = language_switch(ctx.lang)
        self.lang.observe(self._on_lang, names="value")
        self.nav = w.HTML()
        self.nav.add_class("wb-nav-box")
        self.route = w.Text(value="", layout=w.Layout(display="none"),
                            description="route", continuous_update=True)
        self.route.add_class("wb-route")
        self.route.observe(self._on_route, names="value")
        bar = w.HBox([self.brand, self.lang])
        bar.add_class("wb-appbar")
        self.body = w.VBox()
        self.body.add_class("wb-app-body")
        self.root = w.VBox([w.HTML(f"<style>{stylesheet()}</style>"), self.meta, bar,
                            self.nav, self.route, self.body])
        self.root.add_class("wb-app")
        self.go(start)

    # --- routes ---------------------------------------------------------------------
    @property
    def access(self) -> Access | None:
        session = self.ctx.session
        return session.actor.access if session is not None else None

    def allowed(self, route: Route) -> bool:
        return self.access is not None and self.access in route.roles

    def key_of(self, route: Route, team: str | None) -> str:
        staff = self.access in STAFF
        if route.section is not None and staff:
            return f"{route.slug}/{team or self._default_team()}"
        return route.slug

    def _default_team(self) -> str:
        if self.team_id is None:
            teams = self.ctx.session.teams() if self.ctx.session is not None else []
            self.team_id = teams[0].id if teams else ""
        return self.team_id

    def _on_route(self, change) -> None:
        self.asked = change["new"]
        self.go(change["new"] or HOME.slug)

    def go(self, address: str) -> None:
        """Show the section at ``address`` (an unknown one, or one not for this
        person's role, shows home)."""
        slug, team = parse(address)
        route = BY_SLUG.get(slug, HOME)
        if self.ctx.session is not None and not self.allowed(route):
            route, team = HOME, None
        if team and self.access in STAFF:
            self.team_id = team
        key = self.key_of(route, team) if self.ctx.session is not None else route.slug
        if key == self.current:
            self._update_meta()
            return
        previous = self.frames.get(self.current) if self.current else None
        frame = self.frames.get(key)
        if frame is None:
            frame = self._open(route, key)
        elif frame.lang_built != self.ctx.lang:
            frame.ctx.lang = self.ctx.lang
            frame.render(keep=True, carry=True)
        if previous is not None:
            previous.root.layout.display = "none"
            previous.pause()
        frame.root.layout.display = None
        self.current = key
        self.frames[key] = self.frames.pop(key)  # the most recently shown last
        if frame.root not in self.body.children:
            self.body.children = (*self.body.children, frame.root)
        self._update_chrome()
        frame.resume()  # teammates' saves since it was hidden: after it is in view
        self._forget()

    def _forget(self) -> None:
        """Keep at most ``KEPT`` sections: a mentor reading ten teams' workbooks would
        otherwise hold sixty. The least recently shown ones without unsaved edits go."""
        for key in list(self.frames)[:-1]:
            if len(self.frames) <= KEPT:
                return
            frame = self.frames[key]
            if frame.dirty():
                continue
            del self.frames[key]
            if frame.live is not None:
                frame.live.stop()
            self.body.children = tuple(c for c in self.body.children if c is not frame.root)
            close_all(frame.root)

    # --- sections built ahead of a visit ------------------------------------------------
    def prebuild(self, delay: int) -> None:
        """After ``delay`` s, build the person's other sections, hidden, one at a time, so
        that a first visit is as quick as a return. A click is answered between two."""
        if delay <= 0 or self.ctx.session is None:
            return
        try:
            self.prebuilding = asyncio.ensure_future(self._prebuild(delay))
        except RuntimeError:  # no event loop (a plain script): built at the first visit
            return

    async def _prebuild(self, delay: float) -> None:
        await asyncio.sleep(delay)
        for route in ROUTES:
            key = self.key_of(route, None)
            if not self.allowed(route) or key in self.frames:
                continue
            if len(self.frames) >= KEPT:
                return
            try:
                frame = self._open(route, key, hidden=True)
            except Exception:  # noqa: BLE001 - built at the first visit instead
                log.exception("could not build %s ahead", key)
                continue
            frame.root.layout.display = "none"
            self.frames = {key: frame, **{k: f for k, f in self.frames.items() if k != key}}
            self.body.children = (*self.body.children, frame.root)  # least recent first
            await asyncio.sleep(PREBUILD_GAP)

    def _open(self, route: Route, key: str, hidden: bool = False) -> Frame:
        _, team = parse(key)
        params = {**self.ctx.params, **({"team": team} if team else {})}
        ctx = dataclasses.replace(self.ctx, params=params)
        if self.ctx.session is None:  # the link did not open a session: say why
            failure = self.failure
            frame = Frame(ctx, route.title_key, lambda c: error_widgets(failure, c.lang),
                          embedded=True)
        else:
            frame = Frame(ctx, route.title_key, route.builder(), embedded=True,
                          on_state=self._render_nav)
            if route.section is not None:
                team_id = ctx.team_id()
                if team_id is not None:
                    frame.watch(team_id, route.section.value, hidden=hidden)
        if not hidden:
            self.frames[key] = frame
        return frame

    # --- language -------------------------------------------------------------------
    def _on_lang(self, change) -> None:
        lang = i18n.language(change["new"])
        self.ctx.lang = lang
        if self.ctx.session is not None:
            try:
                self.ctx.session.set_language(lang)
            except Exception:  # noqa: BLE001 - remembering is a convenience, never a failure
                pass
        frame = self.section_frame()
        if frame is not None:  # the rest follow when they are shown again
            frame.ctx.lang = lang
            frame.render(keep=True, carry=True)
        self._update_chrome()

    # --- chrome -----------------------------------------------------------------------
    def _update_chrome(self) -> None:
        lang = self.ctx.lang
        self.brand.value = tag("div", esc(t("app.title", lang)), "wb-brand")
        self._render_nav()
        self._update_meta()

    def _render_nav(self) -> None:
        lang, links = self.ctx.lang, []
        routes = [r for r in ROUTES if self.allowed(r)] if self.ctx.session else []
        current_slug = parse(self.current or "")[0]
        for route in routes:
            label = (section_label(route.section, lang) if route.section
                     else t(route.title_key, lang))
            key = self.key_of(route, None) if self.ctx.session else route.slug
            frame = self.frames.get(key)
            unsaved = frame is not None and frame.dirty()
            attrs = {"href": f"#/{key}", "class": "wb-nav-link"
                     + (" wb-nav-current" if route.slug == current_slug else "")
                     + (" wb-nav-unsaved" if unsaved else "")}
            if route.slug == current_slug:
                attrs["aria-current"] = "page"
            mark = (tag("span", "•", "wb-nav-dot", title=t("live.unsaved", lang))
                    if unsaved else "")
            links.append(tag("a", esc(label) + mark, **attrs))
        nav = tag("nav", "".join(links), "wb-nav", **{"aria-label": t("app.navigation", lang)})
        if self.nav.value != nav:
            self.nav.value = nav

    def _update_meta(self) -> None:
        lang = self.ctx.lang
        frame = self.section_frame()
        section = t(frame.title_key, lang) if frame is not None else ""
        title = f"{section} · {t('app.title', lang)}" if section else t("app.title", lang)
        attrs = {"lang": lang, "title": title, "route": self.current or "",
                 "asked": self.asked}
        data = " ".join(f'data-{k}="{html_lib.escape(v, quote=True)}"' for k, v in attrs.items())
        self.meta.value = f'<span class="wb-meta" hidden {data}></span>'

    def section_frame(self) -> Frame | None:
        return self.frames.get(self.current) if self.current is not None else None


def close_all(widget: w.Widget) -> None:
    """Close ``widget`` and everything in it: the browser drops their views."""
    for child in getattr(widget, "children", ()):
        close_all(child)
    widget.close()


def section_label(section: Section, lang: str) -> str:
    """The navigation's short label: ``I Kogukonnad``; the pilot without a numeral."""
    title = t(section.spec.nav_key, lang)
    return f"{section.numeral} {title}" if section.numeral else title


def start(slug: str = HOME.slug) -> App:
    """Read the request, log in, and show the app at ``slug`` (a notebook's section)."""
    from IPython.display import display

    from . import errors
    from .pages import setup_logging

    setup_logging()
    ctx = read_request()
    errors.install(lambda: ctx.lang)
    failure = None
    try:
        open_session(ctx)
    except Exception as exc:  # noqa: BLE001 - shown as a clear message, never a traceback
        failure = exc
        ctx.session = None
    if ctx.session is not None and "lang" not in ctx.params:
        remembered = ctx.session.language()
        if remembered:
            ctx.lang = i18n.language(remembered)
    app = App(ctx, slug, failure)
    display(app.root)
    app.prebuild(prebuild_seconds())
    return app


def prebuild_seconds() -> int:
    """``WORKBOOK_PREBUILD_SECONDS`` (``serve`` checks it; a page never fails on it)."""
    from .. import settings

    value = settings.get("WORKBOOK_PREBUILD_SECONDS")
    return int(value) if value.isdigit() else 0
