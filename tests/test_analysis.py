"""The Python API mentors use in JupyterLab: DataFrames and a static map."""

import pytest

from workbook import analysis
from workbook.exceptions import PermissionDenied


def test_a_mentor_loads_any_team_as_dataframes_without_contacts(cohort, db_url, tmp_path):
    session = analysis.connect(cohort.links["Mart Mentor"].key, db_url)
    team = cohort.teams["Rõuge meeskond"]
    frames = analysis.frames(session, team)
    communities = frames["community"]
    assert {"Rõuge alevik", "Haanja küla"} <= set(communities["name"])
    assert {"location.lat", "location.lon"} <= set(communities.columns)
    assert not any(c.startswith("contact") for c in communities.columns)
    with_contacts = analysis.frame(session, cohort.teams["Saaremaa meeskond"], "community",
                                   personal=True)
    assert any(c.startswith("contact.") for c in with_contacts.columns)
    review = analysis.review(session)
    assert len(review) == 3 * 6 and set(review["status"]) == {"draft"}  # 3 demo teams
    page = analysis.save_map(session, team, tmp_path / "map.html").read_text()
    assert "Haanja küla" in page and "https://unpkg" not in page
    with pytest.raises(PermissionDenied):  # reading, not writing
        session.create("goal", {"title": "x"}, team_id=team)


def test_a_member_key_reads_only_the_own_team(cohort, db_url):
    session = analysis.connect(cohort.links["Tiina Tamm"].key, db_url)
    assert [t.data.name for t in session.teams()] == ["Rõuge meeskond"]
    assert set(analysis.review(session)["team"]) == {"Rõuge meeskond"}
