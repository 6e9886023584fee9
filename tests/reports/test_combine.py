"""Combining the files of many municipalities into state totals."""

import json

import pytest
from django.core.management import CommandError, call_command

from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.reports.state import SCHEMA_VERSION, StateReportError, _table, schema_errors
from lotse.reports.state_combine import check_file, combine
from lotse.reports.state_tables import TableSpec


def make_file(key, name, cells, period="2026-Q3"):
    """A municipality's file with one 2×2 table of the given raw counts, suppressed as the
    state report does it."""
    counts = {(r, c): cells[i][j] for i, r in enumerate("ab") for j, c in enumerate("xy")}
    spec = TableSpec("demo_table", "persons", ("a", "b"), ("x", "y"), lambda m, p: counts)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "municipality",
        "municipality": {"official_key": key, "name": name},
        "period": {"label": period, "start": "2026-07-01", "end": "2026-09-30"},
        "generated_on": "2026-10-01",
        "threshold": 5,
        "tables": [_table(spec, counts)],
    }


A = make_file("05112000", "Stadt Duisburg", [[10, 3], [20, 30]])
B = make_file("05124000", "Stadt Wuppertal", [[7, 8], [0, 50]])


def test_make_file_builds_valid_and_suppressed_files():
    assert schema_errors(A) == []
    assert A["tables"][0]["cells"] == [[None, None], [None, None]]
    assert A["tables"][0]["row_totals"] == [13, 50]
    assert B["tables"][0]["cells"] == [[7, 8], [0, 50]]


def test_combine_adds_published_counts_and_flags_lower_bounds():
    combined = combine([check_file(A, source="a"), check_file(B, source="b")])
    table = combined["tables"][0]
    assert table["cells"] == [[7, 8], [0, 50]]
    assert table["suppressed"] == [[True, True], [True, True]]
    assert table["row_totals"] == [28, 100]
    assert table["row_totals_suppressed"] == [False, False]
    assert table["column_totals"] == [37, 91]
    assert table["total"] == 128
    assert table["total_suppressed"] is False
    assert [m["official_key"] for m in combined["municipalities"]] == ["05112000", "05124000"]
    assert schema_errors(combined) == []


def test_combine_unions_codes_of_different_files():
    other = make_file("05124000", "Stadt Wuppertal", [[7, 8], [9, 50]])
    other["tables"][0]["rows"] = ["a", "c"]
    table = combine([A, other])["tables"][0]
    assert table["rows"] == ["a", "b", "c"]
    assert table["cells"][2] == [9, 50]


def test_combine_refuses_mixed_periods():
    with pytest.raises(StateReportError, match="different periods"):
        combine([A, make_file("05124000", "Stadt Wuppertal", [[7, 8], [0, 50]], "2026-Q2")])


def test_combine_refuses_the_same_municipality_twice():
    with pytest.raises(StateReportError, match="twice: 05112000"):
        combine([A, A])


def test_check_file_refuses_a_combined_file_and_a_wrong_schema():
    with pytest.raises(StateReportError, match="combined file"):
        check_file(combine([A, B]), source="x.json")
    with pytest.raises(StateReportError, match="not a state-report file"):
        check_file({"tables": []}, source="y.json")


def test_combine_command_writes_state_totals(db, tmp_path, capsys):
    for name, document in (("a.json", A), ("b.json", B)):
        (tmp_path / name).write_text(json.dumps(document), encoding="utf-8")
    call_command("state-report", "combine", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    combined = json.loads(capsys.readouterr().out)
    assert combined["kind"] == "combined"
    assert combined["tables"][0]["total"] == 128
    call_command(
        "state-report", "combine", str(tmp_path / "a.json"), str(tmp_path / "b.json"), format="csv"
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "table,row,column,value,suppressed"
    assert "demo_table,a,x,7,true" in lines
    assert "demo_table,total,total,128,false" in lines
    events = AuditEvent.objects.filter(event_type=EventType.STATE_REPORT_WRITTEN.value)
    assert events.count() == 2
    assert events.first().context["combined"] == ["05112000", "05124000"]


def test_combine_command_refuses_bad_files(db, tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not a JSON file"):
        call_command("state-report", "combine", str(tmp_path / "bad.json"))
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("state-report", "combine", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="Unknown action"):
        call_command("state-report", "merge", str(tmp_path / "bad.json"))
