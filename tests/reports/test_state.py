"""The state file of one municipality: its figures against a hand-built data set, its
suppression, the schema, and that no personal data reaches it."""

import datetime as dt
import json
import re

import pytest
from django.core.management import CommandError, call_command

from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.reports.state import StateReportError, parse_period, schema_errors, state_report
from lotse.reports.state_tables import REGISTRY

UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)


def _counts(data, name):
    return dict(REGISTRY[name].count(data["municipality"], data["period"]))


def test_period_parses_quarters_and_years():
    assert parse_period("2026-Q3").start == dt.date(2026, 7, 1)
    assert parse_period("2026-Q3").end == dt.date(2026, 9, 30)
    assert parse_period("2026-Q1").end == dt.date(2026, 3, 31)
    whole = parse_period("2026")
    assert (whole.label, whole.start, whole.end) == (
        "2026",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )


@pytest.mark.parametrize("text", ["2026-Q5", "2026Q3", "26-Q1", "Q3-2026", "", "1999"])
def test_period_refuses_unknown_forms(text):
    with pytest.raises(StateReportError, match="period"):
        parse_period(text)


def test_state_tables_persons_by_origin_and_life_stage(state_data):
    assert _counts(state_data, "persons_by_origin") == {
        ("RO", "working_age"): 7,
        ("SY", "school"): 6,
        ("unknown", "unknown"): 1,
    }


def test_state_tables_residence_status_valid_at_period_end(state_data):
    assert _counts(state_data, "persons_by_residence") == {
        ("eu_free_movement", "working_age"): 7,
        ("settlement_permit", "school"): 6,
        ("unknown", "unknown"): 1,
    }


def test_state_tables_cases_by_movement(state_data):
    assert _counts(state_data, "cases_by_movement") == {
        ("new_open", "person"): 7,
        ("carried_open", "household"): 1,
        ("carried_closed", "person"): 1,
    }


def test_state_tables_need_change_between_first_and_latest_assessment(state_data):
    assert _counts(state_data, "need_change") == {
        ("language", "improved"): 1,
        ("work", "worsened"): 1,
        ("housing", "unchanged"): 1,
    }


def test_state_tables_goals_referrals_and_contacts(state_data):
    assert _counts(state_data, "goals_by_status") == {
        ("language", "reached"): 1,
        ("work", "open"): 1,
    }
    assert _counts(state_data, "referrals_by_outcome") == {("jobcenter", "completed"): 1}
    assert _counts(state_data, "contacts_by_form") == {("in_person", "no"): 7, ("phone", "yes"): 2}


def test_state_report_publishes_large_counts_and_suppresses_small_ones(state_data):
    report = state_report(state_data["municipality"], state_data["period"])
    table = next(t for t in report["tables"] if t["name"] == "persons_by_origin")
    row, col = table["rows"].index("RO"), table["columns"].index("working_age")
    assert table["cells"][row][col] == 7
    unknown = table["rows"].index("unknown"), table["columns"].index("unknown")
    assert table["cells"][unknown[0]][unknown[1]] is None
    assert table["suppressed"][unknown[0]][unknown[1]] is True
    for table in report["tables"]:
        for values in [
            *table["cells"],
            table["row_totals"],
            table["column_totals"],
            [table["total"]],
        ]:
            assert all(v is None or v == 0 or v >= 5 for v in values), table["name"]
    contacts = next(t for t in report["tables"] if t["name"] == "contacts_by_form")
    # 7 in person are published; the 2 by phone are not, so neither is the total of 9.
    assert contacts["cells"][0][1] == 7
    assert contacts["total"] is None


def test_state_report_validates_against_the_schema(state_data):
    report = state_report(state_data["municipality"], state_data["period"])
    assert schema_errors(report) == []
    assert report["municipality"] == {"official_key": "05999000", "name": "Stadt Teststadt"}
    assert report["period"] == {"label": "2026-Q3", "start": "2026-07-01", "end": "2026-09-30"}


def test_state_report_schema_refuses_a_small_published_count(state_data):
    report = state_report(state_data["municipality"], state_data["period"])
    report["tables"][0]["cells"][0][0] = 3
    assert schema_errors(report)


def test_state_report_needs_an_official_key(state_data):
    municipality = state_data["municipality"]
    municipality.official_key = ""
    with pytest.raises(StateReportError, match="official municipality key"):
        state_report(municipality, state_data["period"])


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_state_file_contains_no_personal_data(state_data, tmp_path, fmt):
    target = tmp_path / f"land.{fmt}"
    call_command(
        "state-report", municipality="teststadt", period="2026-Q3", format=fmt, output=str(target)
    )
    text = target.read_text(encoding="utf-8")
    assert "working_age" in text
    for secret in state_data["secrets"] + state_data["ids"]:
        assert secret.lower() not in text.lower(), secret
    assert UUID.search(text) is None


def test_state_report_command_writes_csv_in_long_form(state_data, capsys):
    call_command("state-report", municipality="teststadt", period="2026-Q3", format="csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "table,row,column,value,suppressed"
    assert "persons_by_origin,RO,working_age,7,false" in lines
    assert "persons_by_origin,unknown,unknown,,true" in lines


def test_state_report_command_is_audited(state_data, capsys):
    call_command("state-report", municipality="teststadt", period="2026")
    report = json.loads(capsys.readouterr().out)
    assert report["period"]["label"] == "2026"
    event = AuditEvent.objects.get(event_type=EventType.STATE_REPORT_WRITTEN.value)
    assert event.actor is None
    assert event.municipality == state_data["municipality"]
    assert event.context["period"] == "2026"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"municipality": "teststadt", "period": "2026-Q7"}, "Unknown period"),
        ({"municipality": "nirgendwo", "period": "2026-Q3"}, "No municipality"),
        ({"municipality": "teststadt"}, "--period"),
    ],
)
def test_state_report_command_refuses_bad_input(state_data, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("state-report", **options)


def test_state_report_command_output_validates_against_the_schema(state_data, capsys):
    call_command("state-report", municipality="teststadt", period="2026-Q3")
    assert schema_errors(json.loads(capsys.readouterr().out)) == []
