"""One validation for a community's raw values, shared by the form and every importer.

Raw values are strings keyed by canonical column names (``COLUMNS``). Headers in a
file are matched through ``HEADER_ALIASES`` (Estonian and English, ignoring case
and diacritics). A generic "resources" column goes to *individuals*, the first ABCD
category (people and their skills are what such lists mostly name); per-category
columns (``ressursid füüsilised``, ``resources physical`` …) are used when present,
and the team can re-tag any resource in the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..exceptions import ValidationFailed
from ..geo.coords import (CoordinateError, localize, parse_number, parse_point,
                          point_from_numbers)
from ..geo.gazetteer import fold
from ..i18n import t
from ..messages import field_message
from ..model.sections import AssetCategory, CommunityKind
from ..service.validation import validate

ASSET_COLUMNS = [f"assets_{c.value}" for c in AssetCategory]
COLUMNS = ["name", "kind", "lat", "lon", "coordinates", "x", "y", "settlement_codes",
           "organisations", "size", "contact_name", "contact_email", "contact_phone", "needs",
           *ASSET_COLUMNS, "notes"]
GENERIC_ASSETS = "assets_individuals"

_ALIASES = {
    "name": "nimi nimetus name title kogukond community",
    "kind": "liik tuup kind type category kategooria",
    "lat": "lat laius latitude laiuskraad",
    "lon": "lon lng long pikkus longitude pikkuskraad",
    "coordinates": "koordinaadid coordinates asukoht location",
    "x": "x x_lest97 lest_x",
    "y": "y y_lest97 lest_y",
    "settlement_codes": "asustusuksus asustusuksused ehak akood settlement settlements",
    "organisations": "organisatsioonid organisatsioon organisations organizations",
    "size": "suurus elanikke elanike_arv rahvaarv size population inimesi",
    "contact_name": "kontakt kontaktisik contact contact_person",
    "contact_email": "e-post epost email e-mail",
    "contact_phone": "telefon tel phone",
    "needs": "vajadused vajadus needs",
    GENERIC_ASSETS: "ressursid ressurss resources assets varad",
    "notes": "markused markus notes description kirjeldus",
}
HEADER_ALIASES = {alias: column for column, names in _ALIASES.items()
                  for alias in names.split()}
HEADER_ALIASES.update({f"ressursid {t(f'asset.{c.value}', 'et')}": f"assets_{c.value}"
                       for c in AssetCategory})
HEADER_ALIASES.update({f"resources {c.value}": f"assets_{c.value}" for c in AssetCategory})
HEADER_ALIASES.update({c: c for c in COLUMNS})
HEADER_ALIASES = {fold(alias): column for alias, column in HEADER_ALIASES.items()}

_KINDS = {
    CommunityKind.settlement: "küla alevik alev linn asula paikkond settlement village town",
    CommunityKind.district: "linnaosa piirkond osavald district area",
    CommunityKind.interest: "huvikogukond huvirühm interest",
    CommunityKind.organisation: "organisatsioon mtü seltsing selts ühing organisation "
                                "organization ngo",
}
KIND_ALIASES = {fold(alias): kind for kind, names in _KINDS.items() for alias in names.split()}
KIND_ALIASES.update({fold(t(f"community.kind.{k.value}", lang)): k
                     for k in CommunityKind for lang in ("et", "en")})
KIND_ALIASES.update({k.value: k for k in CommunityKind})


def column_for(header: str) -> str | None:
    """The canonical column for a file's header, or None."""
    key = fold(str(header)).replace(" (", " ").strip(" ):")
    key = re.sub(r"[\s:]+", " ", key)
    return HEADER_ALIASES.get(key) or HEADER_ALIASES.get(key.replace(" ", "_"))


@dataclass(frozen=True)
class Problem:
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        if self.code.startswith(("coords.", "import.")):
            return t(self.code, lang, value=self.value, **localize(self.params, lang))
        return field_message(self.column, self.code, {"input": self.value, **self.params},
                             lang) + f" ({self.value})" * bool(self.value)


def _list(text: str, separators: str = r"[;\n]") -> list[str]:
    return [part.strip() for part in re.split(separators, text or "") if part.strip()]


def _location(fields: dict[str, str], problems: list[Problem]) -> dict | None:
    def number(column: str) -> float | None:
        try:
            return parse_number(fields[column])
        except ValueError:
            problems.append(Problem(column, fields[column], "coords.not_a_number"))
            return None

    has = {c for c in ("lat", "lon", "x", "y", "coordinates") if (fields.get(c) or "").strip()}
    try:
        if {"lat", "lon"} & has:
            if not {"lat", "lon"} <= has:
                missing = "lon" if "lat" in has else "lat"
                problems.append(Problem(missing, "", "coords.missing_half"))
                return None
            a, b = number("lat"), number("lon")
            point = point_from_numbers(a, b) if a is not None and b is not None else None
        elif {"x", "y"} & has:
            a, b = number("x") if "x" in has else None, number("y") if "y" in has else None
            point = point_from_numbers(a, b) if a is not None and b is not None else None
        elif "coordinates" in has:
            point = parse_point(fields["coordinates"])
        else:
            return None
    except CoordinateError as exc:
        column = "coordinates" if "coordinates" in has and not {"lat", "x"} & has else (
            "lat" if "lat" in has else "x")
        problems.append(Problem(column, str(fields.get(column, "")), exc.code, exc.params))
        return None
    return {"lat": point.lat, "lon": point.lon} if point else None


def community_payload(fields: dict[str, str]) -> tuple[dict | None, list[Problem]]:
    """Raw values → a payload the Community model accepts, or None and the problems."""
    fields = {k: ("" if v is None else str(v)).strip() for k, v in fields.items()}
    problems: list[Problem] = []
    kind_text = fields.get("kind", "")
    kind = KIND_ALIASES.get(fold(kind_text)) if kind_text else CommunityKind.settlement
    if kind is None:
        problems.append(Problem("kind", kind_text, "import.unknown_kind"))
    size = None
    if fields.get("size"):
        try:
            size = parse_number(fields["size"])
            if size != int(size):
                raise ValueError(fields["size"])
            size = int(size)
        except ValueError:
            problems.append(Problem("size", fields["size"], "int_parsing"))
    payload = {
        "name": fields.get("name", ""),
        "kind": (kind or CommunityKind.settlement).value,
        "location": _location(fields, problems),
        "settlement_codes": _list(fields.get("settlement_codes", ""), r"[;,\n]"),
        "organisations": _list(fields.get("organisations", "")),
        "size": size,
        "contact": {"name": fields.get("contact_name", ""),
                    "email": fields.get("contact_email", ""),
                    "phone": fields.get("contact_phone", "")},
        "needs": _list(fields.get("needs", "")),
        "assets": [{"category": column.removeprefix("assets_"), "text": text}
                   for column in ASSET_COLUMNS for text in _list(fields.get(column, ""))],
        "notes": fields.get("notes", ""),
    }
    try:
        validate("community", payload)
    except ValidationFailed as exc:
        for where, code, params in exc.errors:
            column = _column_of(where)
            problems.append(Problem(column, fields.get(column, params.get("input", "")), code,
                                    {k: v for k, v in params.items() if k != "input"}))
    return (None, problems) if problems else (payload, [])


def _column_of(where: str) -> str:
    """A model error's location (``contact.email``, ``needs.0``) as a column name."""
    head, _, rest = where.partition(".")
    if head == "contact":
        return f"contact_{rest.split('.')[0]}"
    if head == "assets":
        return GENERIC_ASSETS
    return head
