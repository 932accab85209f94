"""Seminar exports: round trip, spreadsheets, GeoJSON, report and slides, the cohort zip,
access and personal data. Browser checks of the files are in tests/browser."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import demo, export
from workbook.exceptions import BadWorkbookFile, NotFound, PermissionDenied, SchemaTooNew
from workbook.export import figures
from workbook.export.content import collect
from workbook.export.report import report_html
from workbook.export.slides import deck_html
from workbook.service import Service

TEAM = demo.FILLED_TEAM
EVIL_NAME = '=HYPERLINK("http://evil.example","klikk")'
EVIL_TEXT = "<script>alert('x')</script><img src=x onerror=alert(1)>"
CONTACT = {"name": "Mari Maasikas", "email": "mari.maasikas@example.ee",
           "phone": "+372 5555 1234"}


@pytest.fixture
def team(filled):
    """The filled team, plus a community whose text tries formulas, HTML and a contact."""
    team_id = filled.teams[TEAM]
    filled.admin.create("community", {
        "name": EVIL_NAME, "kind": "organisation", "location": {"lat": 58.37, "lon": 26.9},
        "needs": ["+372 abi", "-2 bussi", "@SUM(A1)", EVIL_TEXT], "notes": EVIL_TEXT,
        "contact": CONTACT}, team_id=team_id)
    return filled, team_id


def member_of(cohort, team_name):
    admin = cohort.admin
    person = admin.people(cohort.teams[team_name])[0]
    return cohort.login(person.data.name)


# --- JSON: the whole workbook, back into an empty store ---------------------------------

def test_json_round_trip_into_an_empty_store_is_identical(team, new_db):
    cohort, team_id = team
    first = export.workbook_json(cohort.admin, team_id, personal=True)
    assert first["schema_version"] == 1 and first["personal_data"] is True
    assert len(first["items"]["community"]) == 10 and first["items"]["assessment"]
    empty = Service.open(new_db("empty"), create=True)
    text = json.dumps(first, ensure_ascii=False)  # through a file, as people move it
    assert export.import_workbook(empty, json.loads(text)) == team_id
    again = export.workbook_json(empty.system(first["cohort"]["id"]), team_id, personal=True)
    assert again == first


def test_json_without_personal_data_says_so_and_has_no_contacts(team):
    cohort, team_id = team
    doc = export.workbook_json(cohort.admin, team_id)
    text = json.dumps(doc, ensure_ascii=False)
    assert doc["personal_data"] is False
    assert CONTACT["email"] not in text and CONTACT["phone"] not in text
    assert CONTACT["name"] not in text


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
NAME = TEXT.map(str.strip).filter(bool)
COMMUNITY = st.fixed_dictionaries({
    "name": NAME, "kind": st.sampled_from(["settlement", "district", "interest", "organisation"]),
    "size": st.none() | st.integers(0, 2_000_000),
    "needs": st.lists(NAME, max_size=3), "notes": TEXT,
    "location": st.none() | st.fixed_dictionaries({"lat": st.floats(57.5, 59.7),
                                                   "lon": st.floats(21.8, 28.2)}),
    "assets": st.lists(st.fixed_dictionaries({
        "category": st.sampled_from(["individuals", "physical", "cultural"]), "text": NAME}),
        max_size=2),
    "contact": st.fixed_dictionaries({"name": TEXT.map(str.strip)})})
ACTIVITY = st.fixed_dictionaries({
    "title": NAME, "budget_eur": st.none() | st.decimals(0, 10_000_000, places=2).map(str),
    "status": st.sampled_from(["planned", "under_way", "done", "dropped"]),
    "pilot": st.booleans(), "start": st.none() | st.dates().map(lambda d: d.isoformat())})


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(communities=st.lists(COMMUNITY, max_size=4), activities=st.lists(ACTIVITY, max_size=3),
       vision=TEXT)
def test_any_workbook_survives_the_json_round_trip(cohort, new_db, communities, activities,
                                                   vision):
    team_id = cohort.teams["Rõuge meeskond"]
    session = cohort.admin
    for item in session.items("community", team_id) + session.items("activity", team_id):
        session.delete(item.id, expected_version=item.version)
    session.create_many("community", communities, team_id=team_id)
    session.create_many("activity", activities, team_id=team_id)
    session.create("vision", {"statement": vision}, team_id=team_id)
    first = export.workbook_json(session, team_id, personal=True)
    empty = Service.open(new_db(f"empty-{uuid.uuid4().hex[:8]}"), create=True)
    export.import_workbook(empty, json.loads(json.dumps(first)))
    again = export.workbook_json(empty.system(first["cohort"]["id"]), team_id, personal=True)
    empty.store.close()
    for item in session.items("vision", team_id):
        session.delete(item.id, expected_version=item.version)
    assert again == first


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="something-else"), "not a koosloome-workbook file"),
    (lambda d: d.update(schema_version="1"), "schema_version"),
    (lambda d: d["items"]["community"][0].update(size=-5), "items.community[0].size"),
    (lambda d: d["items"]["community"].append({"name": "no id"}), "items.community[10]"),
    (lambda d: d["items"].update(cohort=[]), "items.cohort"),
    (lambda d: d["members"][0].update(access="wizard"), "members[0].access"),
    (lambda d: d["members"][0].update(access="coordinator"), "members[0].access"),
    (lambda d: d["items"]["community"][0].update(id="x"), "items.community[0]"),
    (lambda d: d["items"]["phase_consensus"][0]["phases"].update(leadership=99),
     "items.phase_consensus[0].phases.leadership"),
    (lambda d: d["items"]["activity"][0].update(community_ids=["a" * 32]),
     "items.activity[0].community_ids"),
    (lambda d: d["items"]["assessment"][0].update(rater_id="b" * 32),
     "items.assessment[0].rater_id"),
    (lambda d: d["members"][1].update(username=d["members"][0]["username"]),
     "members[1].username"),
])
def test_a_bad_workbook_file_names_the_place_and_writes_nothing(team, new_db, change,
                                                                 message):
    cohort, team_id = team
    doc = export.workbook_json(cohort.admin, team_id, personal=True)
    change(doc)
    empty = Service.open(new_db("empty"), create=True)
    with pytest.raises(BadWorkbookFile, match=re.escape(message)):
        export.import_workbook(empty, doc)
    assert empty.store.list() == []


def test_a_newer_file_or_a_team_already_there_is_refused(team):
    cohort, team_id = team
    doc = export.workbook_json(cohort.admin, team_id, personal=True)
    before = len(cohort.service.store.list())
    with pytest.raises(BadWorkbookFile, match="already in this database"):
        export.import_workbook(cohort.service, doc)
    with pytest.raises(SchemaTooNew):
        export.import_workbook(cohort.service, {**doc, "schema_version": 99})
    assert len(cohort.service.store.list()) == before


def table_rows(service) -> dict[str, int]:
    import sqlalchemy as sa

    from workbook.store import schema

    with service.store.engine.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in (schema.items, schema.history, schema.access_keys)}


def test_the_import_keeps_comments_authors_and_ids(team, new_db):
    cohort, team_id = team
    member, mentor = member_of(cohort, TEAM), cohort.login("Mart Mentor")
    first = member.comment(team_id, "communities", "Kas Kärla on kaardil?")
    mentor.comment(team_id, "communities", "On.", parent_id=first.id)
    doc = export.workbook_json(cohort.admin, team_id, personal=True)
    assert {c["author_id"] for c in doc["items"]["comment"]} == {
        member.actor.person_id, mentor.actor.person_id}
    empty = Service.open(new_db("empty"), create=True)
    export.import_workbook(empty, json.loads(json.dumps(doc)))
    assert export.workbook_json(empty.system(doc["cohort"]["id"]), team_id,
                                personal=True) == doc


def test_the_import_keeps_the_team_s_community_limit(team, new_db, monkeypatch):
    """The service's rules apply to an import: here the limit on communities."""
    from workbook import limits

    cohort, team_id = team
    doc = export.workbook_json(cohort.admin, team_id, personal=True)
    monkeypatch.setattr(limits, "MAX_COMMUNITIES_PER_TEAM", len(doc["items"]["community"]) - 1)
    empty = Service.open(new_db("empty"), create=True)
    with pytest.raises(BadWorkbookFile, match=r"items\.community: .*limit of"):
        export.import_workbook(empty, doc)
    assert table_rows(empty) == {"items": 0, "item_history": 0, "access_keys": 0}


def test_a_cohort_with_an_unknown_rubric_is_refused(team, new_db):
    cohort, team_id = team
    doc = export.workbook_json(cohort.admin, team_id, personal=True)
    doc["cohort"]["rubric"] = "crm-2099"
    empty = Service.open(new_db("empty"), create=True)
    with pytest.raises(BadWorkbookFile, match=r"cohort\.rubric: no rubric crm-2099"):
        export.import_workbook(empty, doc)
    assert empty.store.list() == []


def counting_inserts(service, monkeypatch, fail_at: int | None = None) -> list:
    """The store's writes, counted; the one numbered ``fail_at`` refused (a fault the
    checks cannot foresee, such as a full disk)."""
    calls, insert = [], service.store.insert

    def insert_or_fail(new):
        calls.append(new)
        if len(calls) == fail_at:
            raise PermissionDenied("the database refused the rows")
        return insert(new)

    monkeypatch.setattr(service.store, "insert", insert_or_fail)
    return calls


def test_an_import_failing_at_its_last_write_writes_nothing(team, new_db, monkeypatch):
    """The database refusing the last rows rolls back the cohort, staff, team, members
    and every item written before them (one transaction)."""
    cohort, team_id = team
    text = json.dumps(export.workbook_json(cohort.admin, team_id, personal=True))
    counted = Service.open(new_db("counted"), create=True)
    calls = counting_inserts(counted, monkeypatch)
    export.import_workbook(counted, json.loads(text))
    last = len(calls)
    refused = Service.open(new_db("refused"), create=True)
    calls = counting_inserts(refused, monkeypatch, fail_at=last)
    with pytest.raises(BadWorkbookFile, match=r"items\.\w+: the database refused"):
        export.import_workbook(refused, json.loads(text))
    assert len(calls) == last > 10
    assert table_rows(refused) == {"items": 0, "item_history": 0, "access_keys": 0}


# --- spreadsheets ---------------------------------------------------------------------

OVERALL_ET = "Üldine faas (mõõtmete keskmine, ümardatud alla)"  # the header says the rule


def xlsx_of(session, team_id, **options):
    files = export.team_files(session, team_id, formats=["xlsx"], **options)
    raw = next(iter(files.values()))
    return raw, openpyxl.load_workbook(io.BytesIO(raw))


def all_text(book_or_sheet) -> str:
    sheets = book_or_sheet if isinstance(book_or_sheet, openpyxl.Workbook) else [book_or_sheet]
    return "\n".join(str(c.value) for ws in sheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def test_xlsx_has_a_sheet_per_section_with_estonian_headers(team):
    cohort, team_id = team
    _raw, book = xlsx_of(cohort.admin, team_id)
    assert book.sheetnames == ["Meeskond", "I Kogukondade kaardistamine", "II Koosloome vormid",
                               "III Arengufaaside hindamine", "IV Koostöömudel",
                               "V Visioon ja tegevuskava", "Piloteerimine ja nõustamine"]
    sheet = book["I Kogukondade kaardistamine"]
    assert [c.value for c in sheet[2]][:3] == ["Nimi", "Liik", OVERALL_ET]
    assert "Isikuandmed" in all_text(book["Meeskond"])
    plan = all_text(book["V Visioon ja tegevuskava"])
    assert "Tegevused" in plan and "Külade ümarlaua esimene kohtumine" in plan


def test_xlsx_cells_never_run_as_formulas(team):
    cohort, team_id = team
    raw, book = xlsx_of(cohort.admin, team_id)
    risky = [c for ws in book for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert EVIL_NAME in {c.value for c in risky}
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:  # no formula anywhere in the file
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in s or "<f " in s for s in sheets)


def test_personal_data_is_out_of_the_xlsx_unless_the_coordinator_asks(team):
    cohort, team_id = team
    _raw, book = xlsx_of(cohort.admin, team_id)
    assert CONTACT["email"] not in all_text(book) and CONTACT["name"] not in all_text(book)
    _raw, book = xlsx_of(cohort.admin, team_id, personal=True)
    assert CONTACT["email"] in all_text(book) and CONTACT["phone"] in all_text(book)


def test_csv_is_for_estonian_excel_and_formula_safe(team):
    cohort, team_id = team
    raw = export.team_files(cohort.admin, team_id, formats=["csv"])["kogukonnad.csv"]
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert text.startswith(f"Nimi;Liik;{OVERALL_ET};Laius;Pikkus")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    evil = next(row for row in rows if "HYPERLINK" in row[0])
    assert evil[0].startswith("'=HYPERLINK")
    # a list is one cell, an item a line: only the cell's first character counts
    assert any(cell.startswith("'+372 abi\n-2 bussi\n@SUM(A1)") for cell in evil)
    assert re.search(r";58,37;26,9;", ";".join(evil))  # decimal comma
    assert CONTACT["email"] not in raw.decode("utf-8-sig")


# --- GeoJSON ------------------------------------------------------------------------------

def test_geojson_is_valid_rfc7946_and_opens_in_geopandas(team, tmp_path):
    import geopandas

    cohort, team_id = team
    raw = export.team_files(cohort.admin, team_id, formats=["geojson"])["kogukonnad.geojson"]
    doc = json.loads(raw)
    assert doc["type"] == "FeatureCollection" and doc["koosloome"]["personal_data"] is False
    assert doc["koosloome"]["without_location"] == ["Kastre noorte huvikogukond"]
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 21.5 < lon < 28.3 and 57.4 < lat < 59.8  # lon first, in Estonia
        assert "contact_email" not in feature["properties"]
    path = tmp_path / "kogukonnad.geojson"
    path.write_bytes(raw)
    frame = geopandas.read_file(path)
    assert len(frame) == len(doc["features"]) == 9 and frame.crs.to_epsg() == 4326
    assert EVIL_NAME in set(frame["name"])
    phases = {f["properties"]["phase_name"] for f in doc["features"]}
    assert phases - {None}  # the agreed phases travel with the points


# --- report and slides --------------------------------------------------------------------

def test_report_and_slides_escape_user_text_and_load_nothing_remote(team):
    cohort, team_id = team
    content = collect(cohort.admin, team_id)
    for html in (report_html(content, "et"), deck_html(content, "et"),
                 figures.map_document(content, "et")):
        assert "<script>alert" not in html and "<img src=x" not in html
        loads = re.findall(r"""<(?:script|img|iframe|link|source)\b[^>]*\b(?:src|href)=["']?"""
                           r"""(?:https?:)?//|url\(["']?(?:https?:)?//|@import""", html)
        assert loads == []  # links may point out (Leaflet's credit); nothing is fetched
        assert CONTACT["email"] not in html and CONTACT["phone"] not in html


def test_the_report_has_every_section_charts_and_the_map(team):
    cohort, team_id = team
    html = report_html(collect(cohort.admin, team_id), "en")
    assert "&lt;script&gt;alert" in html  # user text shown as text
    for title in ("I Community mapping", "II Forms of co-creation",
                  "III Development phase assessment",
                  "IV Collaboration model", "V Vision and action plan"):
        assert title in html
    assert html.count('class="wb-radar"') >= 3 and 'class="wb-gantt"' in html
    assert 'class="wb-bars"' in html and 'class="wb-map-frame"' in html
    assert "10.5 of 16.0 hours used" in html


def test_slides_are_a_deck_of_eight(team):
    cohort, team_id = team
    html = deck_html(collect(cohort.admin, team_id), "et")
    assert html.count('class="wb-slide') == 8
    assert "Kastre meeskond" in html and "Külade ümarlaud ja kaasav eelarve" in html


# --- access -------------------------------------------------------------------------------

def test_members_export_only_their_team_and_never_personal_data(team):
    cohort, team_id = team
    member = member_of(cohort, TEAM)
    assert "aruanne.html" in export.team_files(member, team_id, formats=["report"])
    with pytest.raises(NotFound):
        export.team_files(member, cohort.teams["Rõuge meeskond"], formats=["report"])
    with pytest.raises(PermissionDenied):
        export.team_files(member, team_id, formats=["report"], personal=True)
    with pytest.raises(PermissionDenied):
        export.cohort_bundle(member, pdf=False)
    mentor = cohort.login("Mart Mentor")
    assert export.team_files(mentor, team_id, formats=["json"])
    with pytest.raises(PermissionDenied):
        export.cohort_bundle(mentor, pdf=False)


# --- the cohort zip -----------------------------------------------------------------------

def test_the_cohort_zip_links_every_team_s_pack(team):
    cohort, _team_id = team
    steps = []
    raw = export.cohort_bundle(cohort.login("Kadri Koordinaator"), pdf=False,
                               progress=lambda done, total, label: steps.append((done, total)))
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        names = set(zf.namelist())
        index = zf.read("demo-koosloome-lend-2026/index.html").decode()
    for folder in ("saaremaa-meeskond", "rouge-meeskond", "kastre-meeskond"):
        for name in ("aruanne.html", "slaidid.html", "andmed.xlsx", "kogukonnad.geojson",
                     "toovihik.json"):
            assert f"demo-koosloome-lend-2026/{folder}/{name}" in names
            assert f'href="{folder}/{name}"' in index
    assert not any(n.endswith(".pdf") for n in names)
    assert "demo-koosloome-lend-2026/kaart.html" in names and 'src="kaart.html"' in index
    assert index.count('class="wb-bars"') == 3  # phases, engagement levels, plan status
    assert steps[-1] == (4, 4)
    assert CONTACT["email"] not in index
