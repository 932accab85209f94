"""The form that describes one community; it holds raw values until the page saves them."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ..geo.coords import format_point
from ..geo.gazetteer import Gazetteer, Place
from ..html import esc, tag
from ..i18n import t
from ..model.sections import AssetCategory, CommunityKind
from . import a11y
from .tracking import Snapshot

WIDE = w.Layout(width="98%")


def _area(rows: int = 2) -> w.Textarea:
    return w.Textarea(layout=WIDE, rows=rows)


def _lines(values: list[str]) -> str:
    return "\n".join(values)


class CommunityForm:
    def __init__(self, lang: str, gazetteer: Gazetteer | None, municipality_code: str,
                 editable: bool, attribution: str = ""):
        self.lang, self.gazetteer, self.municipality_code = lang, gazetteer, municipality_code
        self.attribution = attribution
        self.item_id: str | None = None
        self.version: int | None = None
        self.lat: float | None = None
        self.lon: float | None = None
        self.settlement_codes: list[str] = []
        self.on_location: Callable[[float | None, float | None], None] = lambda lat, lon: None
        self.heading = w.HTML()
        self.name = w.Text(layout=WIDE)
        self.kind = w.Dropdown(options=[(t(f"community.kind.{k.value}", lang), k.value)
                                        for k in CommunityKind], layout=WIDE)
        self.place = w.Text(placeholder=t("communities.place_placeholder", lang),
                            continuous_update=True, layout=WIDE, disabled=gazetteer is None)
        self.place.add_class("wb-place")
        self.suggestions = w.Select(options=[], rows=5, layout=w.Layout(width="98%",
                                                                        display="none"))
        self.suggestions.add_class("wb-suggestions")
        a11y.name(self.suggestions, t("communities.place_search", lang))
        self.coordinates = w.Text(placeholder=t("communities.coordinates_placeholder", lang),
                                  layout=w.Layout(width="65%"))
        self.coordinates.add_class("wb-coordinates")
        self.coordinates_button = w.Button(description=t("communities.coordinates_show", lang))
        self.coordinates_button.add_class("wb-coordinates-show")
        self.location = w.HTML()
        self.places = w.HTML()
        self.organisations = _area()
        self.size = w.Text(layout=w.Layout(width="40%"))
        self.contact_name, self.contact_email, self.contact_phone = (w.Text(layout=WIDE)
                                                                     for _ in range(3))
        self.needs = _area(3)
        self.assets = {c.value: _area(2) for c in AssetCategory}
        self.notes = _area(3)
        self.save = w.Button(description=t("communities.save", lang), button_style="primary",
                             disabled=not editable)
        self.save.add_class("wb-save")
        self.delete = w.Button(description=t("communities.delete", lang), button_style="danger",
                               disabled=True)
        self.delete.add_class("wb-delete")
        self.place.observe(self._search, names="value")
        self.suggestions.observe(self._pick, names="value")
        self.root = self._layout()
        self.guard = Snapshot("community-form", [
            self.name, self.kind, self.coordinates, self.organisations, self.size,
            self.contact_name, self.contact_email, self.contact_phone, self.needs,
            *self.assets.values(), self.notes])
        self.clear()

    def _row(self, label_key: str, widget: w.Widget, note: str = "") -> w.VBox:
        label = tag("label", esc(t(label_key, self.lang))) + (
            tag("span", " (" + esc(note) + ")", "wb-muted") if note else "")
        return w.VBox([w.HTML(label), widget])

    def _layout(self) -> w.VBox:
        lang = self.lang
        per_line = t("field.one_per_line", lang)
        assets = w.GridBox([self._row(f"asset.{c}", area) for c, area in self.assets.items()],
                           layout=w.Layout(grid_template_columns="1fr 1fr"))
        personal = t("field.personal", lang)
        box = w.VBox([
            self.heading,
            self._row("field.name", self.name), self._row("field.kind", self.kind),
            self._row("communities.place_search", w.VBox([self.place, self.suggestions]),
                      self.attribution),
            self._row("communities.coordinates",
                      w.HBox([self.coordinates, self.coordinates_button])),
            self.location, self.places,
            self._row("field.organisations", self.organisations, per_line),
            self._row("field.size", self.size),
            self._row("field.contact_name", self.contact_name, personal),
            self._row("field.contact_email", self.contact_email, personal),
            self._row("field.contact_phone", self.contact_phone, personal),
            self._row("field.needs", self.needs, per_line),
            w.HTML(tag("label", esc(t("field.assets", lang)))
                   + tag("span", " (" + esc(per_line) + ")", "wb-muted")), assets,
            self._row("field.notes", self.notes),
            w.HBox([self.save, self.delete]),
        ])
        box.add_class("wb-form")
        return box

    # --- place search -------------------------------------------------------------------
    def _search(self, change) -> None:
        found = self.gazetteer.search(change["new"], self.municipality_code) \
            if self.gazetteer else []
        self._found = {p.code: p for p in found}
        self.suggestions.options = [(p.label, p.code) for p in found]
        self.suggestions.value = None
        self.suggestions.layout.display = "" if found else "none"

    def _pick(self, change) -> None:
        place: Place | None = self._found.get(change["new"]) if change["new"] else None
        if place is None:
            return
        if place.code not in self.settlement_codes:
            self.settlement_codes.append(place.code)
        if not self.name.value.strip():
            self.name.value = place.name
        if self.lat is None:
            self.set_location(place.lat, place.lon)
        self.suggestions.layout.display = "none"
        self._show_places()

    def _show_places(self) -> None:
        labels = [(place.label if self.gazetteer and (place := self.gazetteer.get(c))
                   else c) for c in self.settlement_codes]
        self.places.value = (tag("div", esc(t("field.settlement_codes", self.lang)) + ": "
                                 + esc(", ".join(labels)), "wb-places") if labels else "")

    # --- location -----------------------------------------------------------------------
    def set_location(self, lat: float | None, lon: float | None, pending: bool = True) -> None:
        """The form's location; ``pending``: not saved yet, so the map marks it."""
        self.lat, self.lon = lat, lon
        self.location.value = tag("div", esc(
            t("communities.location_set", self.lang, point=format_point(lat, lon, self.lang))
            if lat is not None else t("communities.no_location", self.lang)), "wb-location")
        if pending:
            self.on_location(lat, lon)
        else:
            self.on_location(None, None)

    # --- values ---------------------------------------------------------------------------
    def clear(self) -> None:
        self.load(None, None, {})

    def load(self, item_id: str | None, version: int | None, data: dict) -> None:
        self.item_id, self.version = item_id, version
        self.guard.loading = True  # filled from the store: not the person's edit
        self.heading.value = tag("h3", esc(data.get("name") or t("communities.new", self.lang)))
        self.name.value = data.get("name", "")
        self.kind.value = data.get("kind", CommunityKind.settlement.value)
        self.place.value = ""
        self.coordinates.value = ""
        self.settlement_codes = list(data.get("settlement_codes", []))
        self._show_places()
        self.organisations.value = _lines(data.get("organisations", []))
        self.size.value = "" if data.get("size") is None else str(data["size"])
        contact = data.get("contact") or {}
        self.contact_name.value = contact.get("name", "")
        self.contact_email.value = contact.get("email", "")
        self.contact_phone.value = contact.get("phone", "")
        self.needs.value = _lines(data.get("needs", []))
        for category, area in self.assets.items():
            area.value = _lines([a["text"] for a in data.get("assets", [])
                                 if a["category"] == category])
        self.notes.value = data.get("notes", "")
        loc = data.get("location")
        self.set_location(loc["lat"] if loc else None, loc["lon"] if loc else None,
                          pending=False)  # saved: the map shows it already
        self.delete.disabled = item_id is None or self.save.disabled
        self.guard.loading = False
        self.guard.reset()

    def fields(self) -> dict[str, str]:
        """The raw values, keyed like an import's columns."""
        values = {
            "name": self.name.value, "kind": self.kind.value,
            "settlement_codes": ";".join(self.settlement_codes),
            "organisations": self.organisations.value, "size": self.size.value,
            "contact_name": self.contact_name.value, "contact_email": self.contact_email.value,
            "contact_phone": self.contact_phone.value, "needs": self.needs.value,
            "notes": self.notes.value,
        }
        values.update({f"assets_{c}": area.value for c, area in self.assets.items()})
        if self.lat is not None:
            values.update(lat=repr(self.lat), lon=repr(self.lon))
        return values
