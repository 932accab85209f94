"""The frame of every page: style, header, language switch, demo banner, body."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, cast

import ipywidgets as w

from .. import i18n
from ..exceptions import InvalidKey, UnknownHubUser, WorkbookError
from ..html import esc, tag
from ..i18n import t
from ..messages import error_message
from .a11y import name_inputs
from .carry import carry as carry_values
from .context import PageContext
from .tracking import Tracker, building

if TYPE_CHECKING:
    from .live import Live

log = logging.getLogger("workbook.ui")
Builder = Callable[[PageContext], list[w.Widget]]
LANG_LABELS = {"et": "Eesti", "en": "English"}


def language_switch(lang: str) -> w.ToggleButtons:
    """"Eesti | English", set to ``lang``."""
    switch = w.ToggleButtons(options=[(v, k) for k, v in LANG_LABELS.items()], value=lang,
                             tooltips=["Eesti keel", "English"], style={"button_width": "80px"})
    switch.add_class("wb-lang")
    return switch


@cache
def stylesheet() -> str:
    return (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def ended_html(exc: InvalidKey, lang: str) -> str:
    """The message of an open page whose link (or hub login) stopped working."""
    hub = isinstance(exc, UnknownHubUser)
    title = (t("error.unknown_hub_user", lang, **exc.params) if hub
             else t("error.invalid_link", lang))
    body = tag("h2", esc(title)) + tag("p", esc(t("live.access_ended_hub" if hub
                                                   else "live.access_ended", lang)))
    return tag("div", body, "wb-card wb-error wb-access-ended", role="alert")


def error_widgets(exc: BaseException | None, lang: str) -> list[w.Widget]:
    """A clear message for the user; tracebacks go only to the server log."""
    if isinstance(exc, UnknownHubUser):
        body = (tag("h2", esc(t("error.unknown_hub_user", lang, **exc.params)))
                + tag("p", esc(t("error.unknown_hub_user_help", lang))))
    elif isinstance(exc, InvalidKey):
        body = (tag("h2", esc(t("error.invalid_link", lang)))
                + tag("p", esc(t("error.invalid_link_help", lang))))
    elif isinstance(exc, WorkbookError):
        log.warning("page error: %s", exc)
        body = tag("h2", esc(t("error.title", lang))) + tag("p", esc(error_message(exc, lang)))
    else:
        ref = uuid.uuid4().hex[:8]
        log.exception("unexpected error on a page (reference %s)", ref)
        body = tag("h2", esc(t("error.title", lang))) + tag("p", esc(t("error.generic", lang,
                                                                          ref=ref)))
    html = w.HTML(tag("div", body, "wb-card wb-error", role="alert"))
    html.add_class("wb-error-box")
    return [html]


class Frame:
    """Holds a page: re-renders its body when the language changes."""

    def __init__(self, ctx: PageContext, title_key: str, build: Builder, *,
                 embedded: bool = False, on_state: Callable[[], None] | None = None):
        """``embedded``: a section of the app (``app.py``), which has the stylesheet and
        the language switch; ``on_state`` hears when the saved state changes."""
        self.ctx, self.title_key, self.build = ctx, title_key, build
        self.on_state, self.embedded = on_state, embedded
        self.lang_built = ctx.lang
        self.header = w.HTML()
        self.body = w.VBox()
        self.body.add_class("wb-body")
        head: list[w.Widget] = [self.header]
        if not embedded:
            self.lang = language_switch(ctx.lang)
            self.lang.observe(self._on_lang, names="value")
            head.append(self.lang)
        top = w.HBox(head,
                     layout=w.Layout(justify_content="space-between", align_items="center"))
        top.add_class("wb-header")
        self.state = w.HTML()  # saved / unsaved, teammates' waiting changes
        self.state.add_class("wb-state")
        self.presence = w.HTML()
        self.presence.add_class("wb-presence")
        bar = w.HBox([self.state, self.presence],
                     layout=w.Layout(justify_content="space-between"))
        bar.add_class("wb-statebar")
        self.alert = w.HTML()  # the link stopped working (the body stays as it is)
        style = [] if embedded else [w.HTML(f"<style>{stylesheet()}</style>")]
        self.root = w.VBox([*style, top, bar, self.alert, self.body])
        self.root.add_class("wb-page")
        self.tracker = Tracker(self.update_state)
        self.live: Live | None = None
        self.waiting = False
        self.ended: InvalidKey | None = None
        self.demo = False
        if ctx.session is not None:
            ctx.session.when_access_ends(self.access_ended)
        self.render()

    def _on_lang(self, change) -> None:
        self.ctx.lang = i18n.language(change["new"])
        self.render(keep=True, carry=True)

    def watch(self, team_id: str, page: str, hidden: bool = False) -> None:
        """Live updates and presence for a page about ``team_id`` (see ``live.py``);
        ``hidden``: built ahead of a visit, so paused and not present until shown."""
        from .live import Live

        if self.live is None and self.ctx.session is not None and self.ended is None:
            self.live = Live(self, team_id, page)
            self.live.paused = hidden
            self.live.start()

    def pause(self) -> None:
        """Out of view in the app: no polls and no presence until shown again."""
        if self.live is not None:
            self.live.pause()

    def resume(self) -> None:
        if self.live is not None:
            self.live.resume()

    # --- saved state, presence --------------------------------------------------------
    def dirty(self) -> bool:
        return self.tracker.dirty()

    def update_state(self) -> None:
        lang, dirty = self.ctx.lang, self.dirty()
        was = "wb-dirty" in self.root._dom_classes
        if dirty:
            self.root.add_class("wb-dirty")
        else:
            self.root.remove_class("wb-dirty")
        if self.on_state is not None and was != dirty:
            self.on_state()
        if not self.tracker.editors:
            self.state.value = ""
            return
        text = tag("span", esc(t("live.unsaved" if dirty else "live.saved", lang)),
                   "wb-unsaved" if dirty else "wb-saved")
        if self.waiting:
            text += " " + tag("span", esc(t("live.waiting", lang)), "wb-waiting")
        self.state.value = text

    def show_waiting(self, waiting: bool) -> None:
        self.waiting = waiting
        self.update_state()

    def access_ended(self, exc: InvalidKey) -> None:
        """The link was revoked or the person removed: say so, stop live updates and
        presence, and leave every form as it is, so that typed text can be copied
        (leaving the page still warns about unsaved edits)."""
        self.ended = exc
        if self.live is not None:
            self.live.stop()
        self.presence.value = ""
        self.alert.value = ended_html(exc, self.ctx.lang)
        self.root.add_class("wb-ended")

    def show_presence(self, names: list[str]) -> None:
        lang = self.ctx.lang
        self.presence.value = tag("span", esc(t("live.here", lang, names=", ".join(names))
                                              if names else t("live.alone", lang)),
                                  "wb-here")

    def update(self) -> bool | None:
        """A teammate saved: change the page in place when every editor on it can (see
        ``tracking.py``). True when everything is shown, False when something waits
        for the person's own edits, None when the page has to be rebuilt instead."""
        editors = list(self.tracker.editors)
        if not editors or self.ended is not None or not all(
                callable(getattr(e, "update", None)) for e in editors):
            return None
        try:
            # a list: every editor updates (each has an update(), checked above)
            done = all([cast(Callable[[], bool], getattr(e, "update"))() for e in editors])
        except Exception:  # noqa: BLE001 - the rebuild gives the person a message
            log.exception("in-place update failed; rebuilding the page")
            return None
        self.waiting = not done
        self.update_state()
        return done

    def render(self, keep: bool = False, carry: bool = False) -> None:
        """Build the body from the store; ``keep`` each editor's selection and unsaved
        text; ``carry`` every input's value too (a language switch: same data, same
        shape)."""
        lang = self.lang_built = self.ctx.lang
        if self.ended is not None:  # never rebuilt: what was typed stays to be copied
            self.alert.value = ended_html(self.ended, lang)
            self.header.value = self._title(lang) + self._who(lang)
            self.body.add_class("wb-ready")
            return
        editors = list(self.tracker.editors)
        try:
            session = self.ctx.session
            self.demo = session is not None and session.cohort().data.demo
            if keep:
                self.tracker.keep()
            else:
                self.tracker.editors, self.tracker.kept = [], {}
            old = list(self.body.children)
            with building(self.tracker):
                new = self.build(self.ctx)
            if carry:
                carry_values(old, new)
            name_inputs(new)
            self.body.children = new
        except Exception as exc:  # noqa: BLE001 - the user gets a message, the log the traceback
            if self.ended is not None:  # the link stopped working during the rebuild
                self.tracker.editors = editors
                self.render()
                return
            self.body.children = error_widgets(exc, lang)
        self.waiting = False
        self.update_state()
        self.header.value = self._title(lang) + self._who(lang)  # last: the page is then complete
        self.body.add_class("wb-ready")

    def _title(self, lang: str) -> str:
        if self.embedded:  # the app's bar names the app
            return tag("h1", esc(t(self.title_key, lang)))
        return tag("h1", esc(f"{t('app.title', lang)} · {t(self.title_key, lang)}"))

    def _who(self, lang: str) -> str:
        session = self.ctx.session
        if session is None:
            return ""
        actor = session.actor
        who = tag("div", esc(t("app.you", lang, name=actor.name)) + " · "
                  + esc(t(f"role.{actor.access.value}", lang)), "wb-who")
        if self.demo:
            who += tag("div", esc(t("app.demo_banner", lang)), "wb-demo")
        return who
