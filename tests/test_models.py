import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from workbook import model as m


def test_every_section_has_a_model():
    kinds = set(m.KINDS)
    assert {"cohort", "team", "person", "community", "engagement_form", "agreement",
            "assessment", "phase_consensus", "model_part", "model_party", "delegation", "vision",
            "goal",
            "activity", "mentoring_session", "pilot_report", "comment",
            "section_status"} <= kinds
    sections = {cls.SECTION for cls in m.KINDS.values() if cls.SECTION}
    assert sections == set(m.Section)


@pytest.mark.parametrize("kind,payload,error_type", [
    ("team", {"name": "T", "municipality_code": "714", "municipality_name": "Saaremaa vald"},
     "string_pattern_mismatch"),
    ("team", {"name": "  ", "municipality_code": "0714", "municipality_name": "X"},
     "string_too_short"),
    ("person", {"name": "Mari", "access": "member"}, "member_needs_side"),
    ("person", {"name": "Mari", "access": "admin"}, "enum"),
    ("person", {"name": "Mari", "access": "mentor", "contacts": {"email": "not-an-email"}},
     "string_pattern_mismatch"),
    ("activity", {"title": "A", "start": "2026-05-02", "end": "2026-05-01"}, "end_before_start"),
    ("activity", {"title": "A", "budget_eur": "-5"}, "greater_than_equal"),
    ("mentoring_session", {"date": "2026-05-01", "hours": "0"}, "greater_than"),
    ("mentoring_session", {"date": "2026-05-01", "hours": "40"}, "less_than_equal"),
    ("mentoring_session", {"date": "31.02.2026", "hours": "1"}, "date_from_datetime_parsing"),
    ("community", {"name": "K", "location": {"lat": 95, "lon": 24}}, "less_than_equal"),
    ("community", {"name": "K", "unknown": 1}, "extra_forbidden"),
    ("cohort", {"name": "C", "workshops": [{"number": 1}, {"number": 1}]}, "duplicate_workshop"),
])
def test_invalid_values_name_the_problem(kind, payload, error_type):
    with pytest.raises(ValidationError) as info:
        m.KINDS[kind].model_validate(payload)
    assert error_type in {e["type"] for e in info.value.errors()}


def test_valid_documents_round_trip_through_json():
    activity = m.Activity(title="Külapäev", start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 2),
                          budget_eur=Decimal("1200.50"), pilot=True)
    again = m.Activity.model_validate(activity.model_dump(mode="json"))
    assert again == activity


def test_contacts_are_marked_personal():
    assert m.Person.model_fields["contacts"].annotation.PERSONAL is True
    assert m.Contact.PERSONAL is True


def test_text_is_stripped():
    assert m.Team(name="  Rõuge  ", municipality_code="0698",
                  municipality_name="Rõuge vald").name == "Rõuge"
