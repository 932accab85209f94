"""Shared fixtures: a real store (a SQLite file in tmp_path, or a schema of its own on the
PostgreSQL server named by KOOSLOOME_TEST_PG), the demo cohort, keys per person.

`scripts/test` runs the whole suite twice: on SQLite, then on PostgreSQL.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from workbook import demo
from workbook.service import Service
from workbook.store.scratch import new_database

ROOT = Path(__file__).resolve().parent.parent
# The Land Board's data beside the repository (../shared/data/ehak); never copied in.
EHAK = Path(os.environ.get("KOOSLOOME_TEST_EHAK", ROOT.parent / "shared" / "data" / "ehak"))
#: A PostgreSQL server (SQLAlchemy URL): when set, every test's database is a new schema there.
PG = os.environ.get("KOOSLOOME_TEST_PG") or None


def build_geodata(target: Path) -> Path:
    """A geodata cache built from the shared EHAK folder (a clear failure if it is absent):
    geopandas reads it, so only the tests of building ask for this."""
    from workbook.geo import cache

    if not (EHAK / "geojson").is_dir():
        pytest.fail(f"EHAK geodata not found at {EHAK}: put ../shared beside the repository "
                    "or set KOOSLOOME_TEST_EHAK")
    cache.build(EHAK, target)
    return target


def shipped_geodata(target: Path) -> Path:
    """The geodata shipped with the package, unpacked as a cache: what a page reads,
    without geopandas or ../shared (test_geodata.py checks it is the Land Board's)."""
    import zipfile

    from workbook.geo import default

    with zipfile.ZipFile(default.ARCHIVE) as archive:
        archive.extractall(target)
    return target


def pytest_configure(config):
    """Point notebooks run under nbval at a temporary demo database and a member's key."""
    if not config.getoption("--nbval-lax", default=False):
        return
    folder = Path(tempfile.mkdtemp(prefix="workbook-nbval-"))
    url = new_database(folder, "nbval", PG)
    service = Service.open(url, create=True)
    links = demo.issue_links(service, demo.create_demo(service))
    service.store.close()
    member = next(link for link in links if link.access == "member")
    mentor = next(link for link in links if link.access == "mentor")
    os.environ["KOOSLOOME_MENTOR_KEY"] = mentor.key  # notebooks/mentor_analysis.ipynb
    os.environ["WORKBOOK_DB"] = url
    os.environ["WORKBOOK_GEODATA"] = str(shipped_geodata(folder / "geodata"))
    os.environ["QUERY_STRING"] = f"k={member.key}&lang=et"


@pytest.fixture
def db_url(tmp_path) -> str:
    return new_database(tmp_path, "workbook", PG)


@pytest.fixture
def version_1_store():
    """``make(url)``: tables at store version 1 (before presence), for upgrade tests."""
    import sqlalchemy as sa

    from workbook.store import schema

    def make(url: str) -> None:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            for table in schema.metadata.sorted_tables:
                if table.name != "presence":
                    table.create(conn)
            conn.execute(schema.meta.insert().values(key="store_version", value="1"))
        engine.dispose()
    return make


@pytest.fixture
def new_db(tmp_path):
    """``new_db(name)``: the URL of another empty database on the same backend."""
    return lambda name: new_database(tmp_path, name, PG)


@pytest.fixture
def service(db_url):
    svc = Service.open(db_url, create=True)
    yield svc
    svc.store.close()


class Demo:
    """The demo cohort with a key for every person, by name."""

    def __init__(self, service: Service):
        self.service = service
        self.cohort_id = demo.create_demo(service, filled=False)  # fast; see `filled`
        self.links = {link.name: link for link in demo.issue_links(service, self.cohort_id)}
        self.admin = service.system(self.cohort_id)
        self.teams = {t.data.name: t.id for t in self.admin.teams()}

    def login(self, name: str):
        return self.service.login(self.links[name].key)


@pytest.fixture
def cohort(service) -> Demo:
    return Demo(service)


@pytest.fixture
def filled(service, geo) -> Demo:
    """The demo cohort with its third team's workbook filled in every section."""
    from workbook import sample

    found = Demo(service)
    sample.fill_team(found.admin, found.teams[demo.FILLED_TEAM], geo=geo)
    return found


@pytest.fixture(scope="session")
def ehak() -> Path:
    return EHAK


@pytest.fixture(scope="session")
def geodata_dir(tmp_path_factory) -> Path:
    return shipped_geodata(tmp_path_factory.mktemp("geodata") / "cache")


@pytest.fixture(scope="session")
def built_geodata(tmp_path_factory) -> Path:
    """A cache built from ../shared/data/ehak by ``workbook geodata build``'s code."""
    return build_geodata(tmp_path_factory.mktemp("built") / "cache")


@pytest.fixture(scope="session")
def geo(geodata_dir):
    from workbook.geo import geodata

    return geodata.load(geodata_dir)
