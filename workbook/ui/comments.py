"""Comments on a section or on one of its items: threads, replies, resolve and reopen.

Shown under every team page. Mentors and team members write here; each sees the
other's comments on the next live update.
"""

from __future__ import annotations

import ipywidgets as w

from ..exceptions import WorkbookError
from ..html import esc, notice, tag
from ..i18n import format_date, t
from ..messages import error_message, title_text
from ..model import KINDS, Access, Section, Status
from ..service.collaboration import META_KINDS
from ..service.permissions import Action, allowed
from .options import set_options
from .paged_picker import PagedPicker
from .tracking import register

TITLE_FIELDS = ("name", "title", "part", "statement", "date")


def item_choices(session, team_id: str, section: Section, lang: str) -> list[tuple[str, str]]:
    """(label, id) of the section's items a comment can point to."""
    names = {c.id: c.data.name for c in session.items("community", team_id)}
    out = []
    for kind, model in KINDS.items():
        if model.SECTION is not section or kind in META_KINDS:
            continue
        for entry in session.items(kind, team_id):
            data = entry.data
            title = next((title_text(kind, f, getattr(data, f), lang)
                          for f in TITLE_FIELDS if getattr(data, f, None)), "")
            about = names.get(getattr(data, "community_id", None) or "", "")
            label = " – ".join(x for x in (t(f"kind.{kind}", lang), about, title[:60]) if x)
            out.append((label, entry.id))
    return out


class CommentsPanel:
    def __init__(self, session, team_id: str, section: Section, lang: str):
        self.session, self.team_id, self.section, self.lang = session, team_id, section, lang
        self.can_write = allowed(session.actor, Action.comment, team_id)
        self.names = session.names()
        self.choices = item_choices(session, team_id, section, lang)
        self.labels = dict((v, k) for k, v in self.choices)
        self.threads = w.VBox()
        self.threads.add_class("wb-threads")
        self.body = w.Textarea(placeholder=t("comments.placeholder", lang),
                               layout=w.Layout(width="98%"), rows=2)
        self.body.add_class("wb-comment-body")
        # one page of the section's items at a time: at the community limit a phases
        # page has about 8,000 of them
        self.about = PagedPicker(lang, kind="dropdown", name=t("comments.about", lang),
                                 options=[(t("comments.whole_section", lang), "")] + self.choices)
        self.about.value = ""
        self.about.add_class("wb-comment-about")
        self.send = w.Button(description=t("comments.send", lang), button_style="primary")
        self.send.add_class("wb-comment-send")
        self.send.on_click(lambda _b: self._write(self.body, None))
        self.message = w.HTML()
        about = w.VBox([w.HTML(esc(t("comments.about", lang))), self.about])
        form = [about, self.body, w.HBox([self.send, self.message])] if self.can_write else []
        self.root = w.VBox([w.HTML(tag("h2", esc(t("comments.title", lang))))]
                           + [self.threads] + form)
        self.root.add_class("wb-comments")
        self.replies: list[w.Text] = []
        self.stamp: list | None = None
        self.key = f"comments-{section.value}"
        self.tracker = register(self)
        self.body.observe(lambda _c: self.tracker.changed(), names="value")
        self.refresh()

    # --- tracked like an editor: a comment being written is an unsaved edit ----------------
    def dirty(self) -> bool:
        return bool(self.body.value.strip()) or any(r.value.strip() for r in self.replies)

    def state(self):
        return None

    def update(self) -> bool:
        """A teammate or mentor wrote (live update): new threads and items to point to
        appear; the threads are redrawn only when no reply is being written (False:
        waiting), and the comment being written stays."""
        self.choices = item_choices(self.session, self.team_id, self.section, self.lang)
        self.labels = dict((v, k) for k, v in self.choices)
        set_options(self.about, [(t("comments.whole_section", self.lang), "")] + self.choices)
        if any(r.value.strip() for r in self.replies):
            return self.stamp == self._stamp(self.session.comments(self.team_id, self.section))
        self.refresh()
        return True

    @staticmethod
    def _stamp(entries) -> list:
        return [(c.id, c.version) for c in entries]

    def refresh(self) -> None:
        entries = self.session.comments(self.team_id, self.section)
        if self._stamp(entries) == self.stamp:
            return  # unchanged: the threads (and any click on them) stay
        self.stamp = self._stamp(entries)
        self.replies = []
        replies: dict[str, list] = {}
        for c in entries:
            if c.data.parent_id:
                replies.setdefault(c.data.parent_id, []).append(c)
        tops = [c for c in entries if not c.data.parent_id]
        self.threads.children = [self._thread(c, replies.get(c.id, [])) for c in tops] or [
            w.HTML(tag("p", esc(t("comments.none", self.lang)), "wb-muted"))]

    def _line(self, c) -> str:
        when = format_date(c.data.written_at.date(), self.lang) if c.data.written_at else ""
        who = self.names.get(c.data.author_id, "?")
        return tag("div", tag("strong", esc(who)) + " " + tag("span", esc(when), "wb-muted")
                   + tag("div", esc(c.data.body), "wb-comment-text"), "wb-comment")

    def _thread(self, top, replies: list) -> w.Widget:
        lang = self.lang
        head = ""
        if top.data.item_id:
            head = tag("div", esc(t("comments.on_item", lang,
                                    item=self.labels.get(top.data.item_id, "?"))), "wb-muted")
        status = (tag("span", esc(t("comments.resolved", lang)), "wb-badge wb-badge-ok")
                  if top.data.resolved else "")
        html = w.HTML(tag("div", head + status + self._line(top)
                          + "".join(self._line(r) for r in replies), "wb-thread-body"))
        parts: list[w.Widget] = [html]
        if self.can_write:
            reply = w.Text(placeholder=t("comments.reply_placeholder", lang),
                           layout=w.Layout(width="60%"))
            reply.add_class("wb-reply-body")
            reply.observe(lambda _c: self.tracker.changed(), names="value")
            self.replies.append(reply)
            answer = w.Button(description=t("comments.reply", lang))
            answer.add_class("wb-reply-send")
            answer.on_click(lambda _b: self._write(reply, top.id))
            toggle = w.Button(description=t("comments.reopen" if top.data.resolved
                                            else "comments.resolve", lang))
            toggle.add_class("wb-comment-toggle")
            toggle.on_click(lambda _b: self._toggle(top))
            parts.append(w.HBox([reply, answer, toggle]))
        box = w.VBox(parts)
        box.add_class("wb-thread")
        if top.data.resolved:
            box.add_class("wb-thread-resolved")
        return box

    def _write(self, box, parent_id: str | None) -> None:
        try:
            self.session.comment(self.team_id, self.section, box.value,
                                 item_id=None if parent_id else (self.about.value or None),
                                 parent_id=parent_id)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        box.value = ""
        self.message.value = ""
        self.refresh()

    def _toggle(self, top) -> None:
        try:
            self.session.resolve(top.id, not top.data.resolved)
        except WorkbookError as exc:
            self.message.value = notice(error_message(exc, self.lang), "error")
            return
        self.refresh()


class ReviewBar:
    """The section's status with the buttons the person may use: submit, back to
    draft (members), mark reviewed (mentors)."""

    def __init__(self, session, team_id: str, section: Section, lang: str):
        self.session, self.team_id, self.section, self.lang = session, team_id, section, lang
        self.label = w.HTML()
        self.buttons = w.HBox()
        self.root = w.HBox([self.label, self.buttons])
        self.root.add_class("wb-review-bar")
        self.wanted: list | None = None
        self.key = f"review-{section.value}"
        register(self)
        self.refresh()

    def dirty(self) -> bool:
        return False

    def state(self):
        return None

    def update(self) -> bool:
        self.refresh()
        return True

    def refresh(self) -> None:
        lang, actor = self.lang, self.session.actor
        cell = next(c for c in self.session.review_matrix_of(self.team_id)
                    if c.section is self.section)
        text = t("review.status", lang, status=t(f"status.{cell.status.value}", lang))
        if cell.changed_since_review:
            text += " · " + t("review.changed_since", lang)
        self.label.value = tag("span", esc(text), f"wb-status wb-status-{cell.status.value}")
        wanted = []
        if actor.access is Access.member and allowed(actor, Action.submit, self.team_id):
            if cell.status is Status.submitted:
                wanted.append(("review.back_to_draft", Status.draft))
            elif cell.status is Status.draft or cell.changed_since_review:
                wanted.append(("review.submit", Status.submitted))
        if allowed(actor, Action.review, self.team_id) and (
                cell.status is not Status.reviewed or cell.changed_since_review):
            wanted.append(("review.mark_reviewed", Status.reviewed))
        if wanted == self.wanted:
            return  # the same buttons stay (a click on them is not lost)
        self.wanted = wanted
        buttons = []
        for key, status in wanted:
            b = w.Button(description=t(key, lang))
            b.add_class(f"wb-set-{status.value}")
            b.on_click(lambda _b, s=status: self._set(s))
            buttons.append(b)
        self.buttons.children = buttons

    def _set(self, status) -> None:
        try:
            self.session.set_status(self.team_id, self.section, status)
        except WorkbookError as exc:
            self.label.value = notice(error_message(exc, self.lang), "error")
            return
        self.refresh()
