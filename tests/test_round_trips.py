"""Round trips (issue 13): every file the workbook writes that it can also read brings a
team's communities back into an empty team, through the same doors a person uses.

CSV, XLSX and GeoJSON go through the communities page's import panel (upload,
preview, confirm); the workbook file (``toovihik.json``) through ``import_workbook``
into an empty database, as ``workbook import`` does. Texts hold what breaks
spreadsheets and CSV readers: quotes, semicolons, commas, newlines, a formula's
first character and Estonian letters. ``carried`` says what a format cannot carry
(see ``test_what_the_formats_do_not_carry``); everything else must come back as it was.
"""

from __future__ import annotations

import json

import pytest

from workbook import export
from workbook.export.workbook_json import parse
from workbook.model.sections import AssetCategory
from workbook.service import Service

ESTONIAN = "õäöüšž ÕÄÖÜŠŽ"
COMMUNITIES = [
    {"name": 'MTÜ "Kärla Selts", Kärla; ' + ESTONIAN, "kind": "organisation",
     "location": {"lat": 58.331234, "lon": 22.260017}, "size": 120,
     "organisations": ['Selts "Õie"', "Kärla, Kuressaare"],
     "needs": ["=SUM(A1:A3)", 'buss "hommikul", ka õhtul', "+372 abi", "@kõik", "-2 bussi"],
     "assets": [{"category": "physical", "text": "-rahvamaja"},
                {"category": "individuals", "text": '=Mari "Maasikas", laulja'},
                {"category": "cultural", "text": ESTONIAN}],
     "contact": {"name": "Šárka Öö", "email": "sarka@example.ee", "phone": "+372 5555 1234"},
     "notes": 'Esimene rida; "jutumärgid", koma\nteine rida =1+1\n=kolmas'},
    {"name": '=HYPERLINK("http://evil.example","klikk")', "kind": "settlement",
     "location": {"lat": 59.437215, "lon": 24.753611},
     "needs": ["Õueala, mänguväljak"], "notes": "@SUM(1)"},
    {"name": "+372 huviring; Žürii", "kind": "interest",
     "location": {"lat": 57.715502, "lon": 27.105008}, "size": 0,
     "assets": [{"category": "economic", "text": "Pood, kohvik"}]},
    {"name": "-Tagurpidi küla", "kind": "district",
     "location": {"lat": 58.253, "lon": 22.4853}, "notes": "'Jutt' ülakomades"},
    {"name": "Asukohata küla", "kind": "settlement"},
]

# (format code, language, with personal data): the file names are the product's own
FILES = [
    ("csv", "et", False, "kogukonnad.csv"),
    ("csv", "en", True, "communities.csv"),
    ("xlsx", "et", True, "andmed.xlsx"),
    ("xlsx", "en", False, "data.xlsx"),
    ("geojson", "et", True, "kogukonnad.geojson"),
    ("geojson", "en", False, "communities.geojson"),
    ("json", "et", True, "toovihik.json"),
    ("json", "en", False, "workbook.json"),
]


def comparable(data: dict) -> dict:
    """A community as compared: the model's fields, the point to 5 decimals."""
    loc = data.get("location")
    return {
        "name": data["name"], "kind": data.get("kind", "settlement"),
        "location": (round(loc["lat"], 5), round(loc["lon"], 5)) if loc else None,
        "size": data.get("size"), "organisations": data.get("organisations", []),
        "needs": data.get("needs", []),
        "assets": sorted((a["category"], a["text"]) for a in data.get("assets", [])),
        "contact": data.get("contact") or {"name": "", "email": "", "phone": ""},
        "notes": data.get("notes", ""),
    }


def carried(code: str, personal: bool, data: dict) -> dict:
    """What the format carries of a community (the rest is left out, said in docs/features.md)."""
    expected = comparable(data)
    if not personal:
        expected["contact"] = {"name": "", "email": "", "phone": ""}
    if code == "geojson" and data.get("location") is None:  # listed by name only
        expected = comparable({"name": data["name"]})
    return expected


def two_teams(cohort, communities: list[dict]) -> tuple[str, str]:
    """A team holding ``communities``, and an empty team of the same cohort."""
    admin = cohort.admin
    team = {"municipality_code": "0714", "municipality_name": "Saaremaa vald"}
    full = admin.create("team", {"name": "Lähtemeeskond", **team})
    empty = admin.create("team", {"name": "Tühi meeskond", **team})
    admin.create_many("community", communities, team_id=full.id)
    return full.id, empty.id


def through_the_panel(session, team_id: str, name: str, data: bytes, lang: str) -> str:
    """Upload, preview and confirm as a person does; the panel's last words."""
    from workbook.ui.community_import import ImportPanel

    panel = ImportPanel(session, team_id, lang, lambda _n: None)
    panel._uploaded({"new": [{"name": name, "content": memoryview(data)}]})
    assert "wb-import-bad" not in panel.result.value, panel.result.value
    panel._confirm()
    return panel.result.value


def round_trip(cohort, communities: list[dict], code: str, lang: str, personal: bool,
               new_db, filename: str | None = None) -> dict[str, dict]:
    """``communities`` written by a team in ``code`` and read into an empty team, by name."""
    admin = cohort.admin
    full_id, empty_id = two_teams(cohort, communities)
    [(name, data)] = export.team_files(admin, full_id, lang=lang, personal=personal,
                                       formats=[code]).items()
    assert filename in (None, name)
    back = _imported(cohort, full_id, empty_id, name, data, lang, len(communities), new_db)
    return {c["name"]: c for c in back}


def _imported(cohort, full_id: str, empty_id: str, name: str, data: bytes, lang: str,
              count: int, new_db) -> list[dict]:
    admin = cohort.admin
    if not name.endswith(".json"):
        said = through_the_panel(admin, empty_id, name, data, lang)
        assert (f"Lisatud {count} kogukonda; 0 rida jäi lisamata." if lang == "et" else
                f"Added {count} communities; rows not added: 0.") in said
        return [e.data.model_dump(mode="json") for e in admin.items("community", empty_id)]
    empty = Service.open(new_db("tyhi"), create=True)  # the file creates its team
    try:
        team_id = export.import_workbook(empty, parse(data.decode("utf-8")))
        assert team_id == full_id
        again = empty.system(cohort.cohort_id)
        return [e.data.model_dump(mode="json") for e in again.items("community", team_id)]
    finally:
        empty.store.close()


@pytest.mark.parametrize("code, lang, personal, filename", FILES,
                         ids=[f"{f[0]}-{f[1]}{'-personal' if f[2] else ''}" for f in FILES])
def test_a_teams_communities_come_back_from_every_file_it_writes(
        cohort, new_db, code, lang, personal, filename):
    back = round_trip(cohort, COMMUNITIES, code, lang, personal, new_db, filename)
    got = {name: comparable(c) for name, c in back.items()}
    expected = {c["name"]: carried(code, personal, c) for c in COMMUNITIES}
    assert sorted(got) == sorted(expected)
    for name, community in expected.items():
        assert got[name] == community, name


def test_the_texts_are_as_hard_as_promised():
    text = json.dumps(COMMUNITIES, ensure_ascii=False)
    for needed in ('\\"', ";", ",", "\\n", '"=', ESTONIAN, '"+', '"-', '"@'):
        assert needed in text, needed
    assert {a["category"] for c in COMMUNITIES for a in c.get("assets", [])} <= \
        {c.value for c in AssetCategory}


# --- what the formats do not carry (documented in docs/features.md) ----------------------

LOST = [
    {"name": "Loetelu", "needs": ["üks; kaks"], "organisations": ["A; B", "C"],
     "location": {"lat": 58.3, "lon": 22.3}},
    {"name": "'=Ülakomaga valem", "location": {"lat": 58.4, "lon": 22.4},
     "notes": "rida\nteine"},
]


@pytest.mark.parametrize("code, needs, organisations, quoted, notes", [
    # CSV: a list is one item per line, so only a single item with ";" is split
    ("csv", ["üks", "kaks"], ["A; B", "C"], "'=Ülakomaga valem", "rida\nteine"),
    # XLSX: a list is one item per line, so only a single item with ";" is split
    ("xlsx", ["üks", "kaks"], ["A; B", "C"], "'=Ülakomaga valem", "rida\nteine"),
    # GeoJSON: as in CSV
    ("geojson", ["üks", "kaks"], ["A; B", "C"], "'=Ülakomaga valem", "rida\nteine"),
    ("json", ["üks; kaks"], ["A; B", "C"], "'=Ülakomaga valem", "rida\nteine"),
])
def test_what_the_formats_do_not_carry(cohort, new_db, code, needs, organisations, quoted,
                                       notes):
    back = round_trip(cohort, LOST, code, "et", False, new_db)
    assert (back["Loetelu"]["needs"], back["Loetelu"]["organisations"]) == (needs,
                                                                           organisations)
    assert quoted in back and back[quoted]["notes"] == notes


def test_the_workbook_file_on_the_communities_page_says_where_it_goes(cohort):
    [(name, data)] = export.team_files(cohort.admin, cohort.teams["Saaremaa meeskond"],
                                       formats=["json"]).items()
    from workbook.ui.community_import import ImportPanel

    panel = ImportPanel(cohort.admin, cohort.teams["Saaremaa meeskond"], "et", lambda _n: None)
    panel._uploaded({"new": [{"name": name, "content": data}]})
    assert "See on meeskonna töövihiku fail (toovihik.json)" in panel.result.value
    assert "workbook import" in panel.result.value
    assert panel.confirm.layout.display == "none"
