"""Koordinaator: the cohort's settings, teams, people, a member import and links.

Only the coordinator uses this page; the service refuses everyone else as well.
"""

from __future__ import annotations

import ipywidgets as w

from ..exceptions import WorkbookError
from ..frameworks import load as load_frameworks
from ..html import esc, notice, table, tag
from ..i18n import t
from ..io import people_csv
from ..links import personal_link
from ..messages import error_message, field_message
from ..model import Access, Side
from .context import PageContext
from .home import link_state
from .item_editor import Field, ItemEditor

WIDE = w.Layout(width="98%")


class TeamsEditor(ItemEditor):
    def entries(self) -> list:
        return sorted(self.session.teams(), key=lambda e: e.data.name.casefold())


class PeopleEditor(ItemEditor):
    """Members of one team (``team_id``), or the staff when ``team_id`` is None."""

    def entries(self) -> list:
        people = self.session.people(self.team_id, staff=self.team_id is None)
        return sorted(people, key=lambda e: e.data.name.casefold())


class CohortAdminPage:
    def __init__(self, ctx: PageContext):
        self.ctx, self.session, self.lang = ctx, ctx.require_session(), ctx.lang
        self.message = w.HTML()

    # --- cohort settings -----------------------------------------------------------------
    def _cohort_form(self) -> w.Widget:
        lang, cohort = self.lang, self.session.cohort()
        data = cohort.data
        self.name = w.Text(value=data.name, layout=WIDE)
        self.name.add_class("wb-admin-cohort-name")
        self.groups = w.Textarea(value="\n".join(data.groups), rows=3, layout=WIDE)
        self.groups.add_class("wb-admin-groups")
        dates = {ws.number: ws for ws in data.workshops}
        self.workshops = {n: (w.DatePicker(value=dates[n].date if n in dates else None),
                              w.Text(value=dates[n].place if n in dates else "",
                                     placeholder=t("admin.place", lang)))
                          for n in range(1, 6)}
        self.seminar = w.DatePicker(value=data.seminar_date)
        self.seminar.add_class("wb-admin-seminar")
        found = load_frameworks().rubrics
        rubrics = sorted(found)
        self.rubric = w.Dropdown(options=[(found[code].name(lang), code) for code in rubrics],
                                 value=data.rubric if data.rubric in rubrics else rubrics[0])
        save = w.Button(description=t("communities.save", lang), button_style="primary")
        save.add_class("wb-admin-cohort-save")
        self.cohort_message = w.HTML()
        self.cohort_message.add_class("wb-admin-cohort-message")
        save.on_click(self._save_cohort)
        label = lambda key: w.HTML(tag("label", esc(t(key, lang))))  # noqa: E731
        rows = [label("admin.cohort_name"), self.name, label("admin.groups"), self.groups]
        for n, (date, place) in self.workshops.items():
            rows.append(w.HBox([w.HTML(esc(t("home.workshop", lang, number=n))), date, place]))
        rows += [label("home.seminar"), self.seminar, label("admin.rubric"), self.rubric,
                 w.HBox([save, self.cohort_message])]
        box = w.VBox([w.HTML(tag("h2", esc(t("admin.cohort", lang))))] + rows)
        box.add_class("wb-form")
        return box

    def _save_cohort(self, _button=None) -> None:
        cohort = self.session.cohort()
        payload = cohort.data.model_dump(mode="json") | {
            "name": self.name.value,
            "groups": [g.strip() for g in self.groups.value.splitlines() if g.strip()],
            "workshops": [{"number": n, "date": d.value.isoformat() if d.value else None,
                           "place": p.value} for n, (d, p) in self.workshops.items()
                          if d.value or p.value.strip()],
            "seminar_date": self.seminar.value.isoformat() if self.seminar.value else None,
            "rubric": self.rubric.value}
        try:
            self.session.save(cohort.id, payload, expected_version=cohort.version)
        except WorkbookError as exc:
            self.cohort_message.value = notice(error_message(exc, self.lang), "error")
            return
        self.cohort_message.value = notice(t("editor.saved_part", self.lang), "ok")

    # --- teams and people ----------------------------------------------------------------
    def _teams(self) -> w.Widget:
        lang = self.lang
        groups = lambda: [(t("admin.no_group", lang), "")] + [  # noqa: E731
            (g, g) for g in self.session.cohort().data.groups]
        self.teams = TeamsEditor(self.session, None, "team", [
            Field("name", "admin.team_name"),
            Field("municipality_code", "admin.municipality_code"),
            Field("municipality_name", "admin.municipality_name"),
            Field("group", "admin.group", "choice", groups),
            Field("topic", "admin.topic", "area", listed=False)],
            lang, True, "name", on_change=self._teams_changed)
        return w.VBox([w.HTML(tag("h2", esc(t("admin.teams", lang)))), self.teams.root])

    def _team_options(self) -> list[tuple[str, str]]:
        return [(t("admin.staff", self.lang), "")] + [
            (e.data.name, e.id) for e in self.teams.entries()]

    def _people(self) -> w.Widget:
        self.people_team = w.Dropdown(options=self._team_options(), layout=WIDE)
        self.people_team.add_class("wb-admin-people-team")
        self.people_team.observe(lambda _: self._people_editor(), names="value")
        self.people_box = w.VBox()
        self._people_editor()
        return w.VBox([w.HTML(tag("h2", esc(t("home.people", self.lang)))),
                       self.people_team, self.people_box])

    def _people_editor(self) -> None:
        lang, team_id = self.lang, self.people_team.value or None
        access = ([Access.member] if team_id else [Access.mentor, Access.coordinator])
        sides = [(t("admin.no_side", lang), None)] + [(t(f"side.{s.value}", lang), s.value)
                                                       for s in Side]
        self.people = PeopleEditor(self.session, team_id, "person", [
            Field("name", "admin.person_name"),
            Field("access", "home.role", "choice",
                  lambda: [(t(f"role.{a.value}", lang), a.value) for a in access]),
            Field("side", "admin.side", "choice", lambda: sides),
            Field("role", "admin.person_role"),
            Field("contacts.email", "admin.email", listed=False),
            Field("contacts.phone", "admin.phone", listed=False),
            Field("username", "admin.username", listed=False)],
            lang, True, "name", on_change=self._links_table)
        self.people_box.children = [self.people.root]

    def _teams_changed(self) -> None:
        current = self.people_team.value
        self.people_team.options = self._team_options()
        self.people_team.value = current if current in {v for _, v in
                                                        self.people_team.options} else ""

    # --- links -----------------------------------------------------------------------------
    def _everyone(self) -> list:
        teams = self.session.teams()
        return self.session.people(staff=True) + [p for tm in teams
                                                  for p in self.session.people(tm.id)]

    def _links(self) -> w.Widget:
        lang = self.lang
        self.links_table = w.HTML()
        self.links_table.add_class("wb-admin-links")
        self.link_person = w.Dropdown(layout=WIDE)
        self.link_person.add_class("wb-admin-link-person")
        create = w.Button(description=t("admin.new_link", lang), button_style="primary")
        create.add_class("wb-admin-link-create")
        revoke = w.Button(description=t("admin.revoke", lang), button_style="danger")
        revoke.add_class("wb-admin-link-revoke")
        self.link_message = w.HTML()
        self.link_message.add_class("wb-admin-link-message")
        create.on_click(self._new_link)
        revoke.on_click(self._revoke)
        self._links_table()
        return w.VBox([w.HTML(tag("h2", esc(t("admin.links", lang)))
                              + tag("p", esc(t("admin.links_help", lang)), "wb-muted")),
                       self.links_table, self.link_person, w.HBox([create, revoke]),
                       self.link_message])

    def _links_table(self) -> None:
        lang, status = self.lang, self.session.link_status()
        teams = {tm.id: tm.data.name for tm in self.session.teams()}
        people = self._everyone()
        never = [p for p in people if (s := status.get(p.id)) and s["live"]
                 and s["last_used"] is None]
        rows = [[esc(p.data.name), esc(t(f"role.{p.data.access.value}", lang)),
                 esc(teams.get(p.team_id, "")), link_state(status.get(p.id), lang)]
                for p in people]
        self.links_table.value = (
            tag("p", esc(t("admin.never_opened", lang, count=len(never),
                           names=", ".join(p.data.name for p in never) or "–")),
                "wb-admin-never")
            + table([t("home.people", lang), t("home.role", lang), t("home.team", lang),
                     t("home.link_status", lang)], rows, "wb-table wb-people"))
        current = self.link_person.value if hasattr(self, "link_person") else None
        self.link_person.options = [(p.data.name, p.id) for p in people]
        if current in {p.id for p in people}:
            self.link_person.value = current

    def _new_link(self, _button=None) -> None:
        try:
            key = self.session.issue_link(self.link_person.value)
        except WorkbookError as exc:
            self.link_message.value = notice(error_message(exc, self.lang), "error")
            return
        url = personal_link(key)
        self.link_message.value = tag("div", esc(t("admin.link_once", self.lang))
                                      + tag("pre", esc(url), "wb-admin-new-link"),
                                      "wb-notice wb-notice-ok")
        self._links_table()

    def _revoke(self, _button=None) -> None:
        try:
            count = self.session.revoke_links(self.link_person.value)
        except WorkbookError as exc:
            self.link_message.value = notice(error_message(exc, self.lang), "error")
            return
        self.link_message.value = notice(t("admin.revoked", self.lang, count=count), "ok")
        self._links_table()

    # --- member import ---------------------------------------------------------------------
    def _import(self) -> w.Widget:
        lang = self.lang
        self.upload = w.FileUpload(accept=".csv,text/csv", multiple=False,
                                   description=t("admin.choose_csv", lang))
        self.upload.add_class("wb-admin-csv")
        self.upload.observe(lambda _: self._preview(), names="value")
        self.import_button = w.Button(description=t("admin.import", lang), disabled=True,
                                      button_style="primary")
        self.import_button.add_class("wb-admin-import")
        self.import_button.on_click(self._add_members)
        self.import_message = w.HTML()
        self.import_message.add_class("wb-admin-import-message")
        self.rows: people_csv.MemberRows | None = None
        return w.VBox([w.HTML(tag("h2", esc(t("admin.import_title", lang)))
                              + tag("p", esc(t("admin.import_help", lang)), "wb-muted")),
                       self.upload, self.import_message, self.import_button])

    def _preview(self) -> None:
        lang = self.lang
        self.import_button.disabled, self.rows = True, None
        if not self.upload.value:
            return
        data = bytes(self.upload.value[0]["content"])
        teams = {e.data.name: e.id for e in self.session.teams()}
        try:
            rows = people_csv.read(data, teams)
        except WorkbookError as exc:
            self.import_message.value = notice(error_message(exc, lang), "error")
            return
        if rows.bad:
            items = "".join(
                tag("li", esc(t("admin.bad_row", lang, number=b.number, problems="; ".join(
                    field_message(f, c, p, lang) for f, c, p in b.problems))))
                for b in rows.bad)
            self.import_message.value = (notice(t("admin.bad_rows", lang, count=len(rows.bad)),
                                                "error") + tag("ul", items, "wb-admin-bad-rows"))
            return
        self.rows = rows
        self.import_message.value = notice(t("admin.ready", lang, count=len(rows.good)), "info")
        self.import_button.disabled = False

    def _add_members(self, _button=None) -> None:
        assert self.rows is not None  # the button is enabled only once rows were read
        try:
            count = people_csv.add(self.session, self.rows)
        except WorkbookError as exc:
            self.import_message.value = notice(error_message(exc, self.lang), "error")
            return
        self.import_button.disabled, self.rows = True, None
        self.import_message.value = notice(t("admin.imported", self.lang, count=count), "ok")
        self._people_editor()
        self._links_table()

    def widgets(self) -> list[w.Widget]:
        if self.session.actor.access is not Access.coordinator:
            return [w.HTML(notice(t("admin.coordinator_only", self.lang), "info"))]
        return [self._cohort_form(), self._teams(), self._people(), self._import(),
                self._links()]


__all__ = ["CohortAdminPage"]
