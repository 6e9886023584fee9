"""The checks of each row of an import file: what other systems and Excel do to a file
(dates made of ids, question marks for lost letters, columns without a name), and values
no person can have. Nothing is imported when one fails; the report names row and column."""

import datetime as dt

import pytest

from lotse.core.tables import ImportFileError
from lotse.people.models import Person
from tests.people.test_import import HEADER, _csv, _english, _import, _xlsx, manager

__all__ = ["_english", "manager"]  # the fixtures used here

pytestmark = pytest.mark.django_db


def test_the_same_id_twice_is_reported_whatever_else_is_wrong(manager):
    """The first row's date is wrong too: the second row's id is still named (it was
    reported only once the date was mended)."""
    report = _import(
        manager,
        _csv("jc;1;Ana;Pop;;31.02.1990;;;;;;", "jc;1;Ion;Pop;;1990;;;;;;"),
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "birth_date"), (3, "external_id")]
    assert Person.objects.count() == 0


def test_a_date_that_excel_made_of_an_id_is_refused(manager):
    """Excel turns 1-2 typed into a cell into the 2nd of January: an id or a phone number
    stored as a date has lost what was typed. A date of birth may be a date cell."""
    data = _xlsx(["jobcenter", dt.date(2025, 1, 2), "Ana", "Ionescu", None, dt.date(1991, 5, 6)])
    report = _import(manager, data, filename="persons.xlsx")
    assert [(e.row, e.column) for e in report.errors] == [(2, "external_id")]
    assert "format the column as text" in report.errors[0].message


def test_a_value_in_a_column_without_a_name_is_refused(manager):
    header = HEADER.replace(";name_original;", ";;")
    report = _import(manager, _csv("jc;1;Ana;Pop;Анна;1990;;;;;;", header=header))
    assert [(e.row, e.column) for e in report.errors] == [(2, "")]
    assert "without a name" in report.errors[0].message
    # An empty cell there is fine.
    assert _import(manager, _csv("jc;1;Ana;Pop;;1990;;;;;;", header=header)).ok


def test_a_question_mark_for_a_lost_letter_is_refused(manager):
    """Excel saving "CSV (Trennzeichen-getrennt)" writes ? for ș, ț and Cyrillic letters:
    Ştefan becomes ?tefan, Иван ????."""
    report = _import(manager, _csv("jc;1;?tefan;Pop;;1990;;;;;;", "jc;2;????;Pop;;1990;;;;;;"))
    assert [(e.row, e.column) for e in report.errors] == [(2, "given_name"), (3, "given_name")]
    assert "CSV UTF-8" in report.errors[0].message
    assert Person.objects.count() == 0


def test_kosovo_is_a_nationality(manager):
    report = _import(
        manager, _csv("jc;1;Arben;Krasniqi;;1990;;XK;;;;", "jc;2;Ana;Gashi;;1991;;XKX;;;;")
    )
    assert report.ok, report.errors
    assert {str(p.nationality) for p in Person.objects.all()} == {"XK"}
    assert Person.objects.first().nationality.name == "Kosovo"


def test_a_column_twice_is_named(manager):
    with pytest.raises(ImportFileError, match="given_name"):
        _import(manager, _csv("jc;1;Ana;Pop;;;;;;;;;Ana", header=HEADER + ";given_name"))


def test_a_name_without_a_letter_is_refused_as_the_forms_refuse_it(manager):
    report = _import(manager, _csv("jc;1;!!!;Pop;;1990;;;;;;", "jc;2;Ana;123;;1990;;;;;;"))
    assert [(e.row, e.column) for e in report.errors] == [(2, "given_name"), (3, "family_name")]
    assert Person.objects.count() == 0


def test_a_phone_number_with_a_note_is_no_formula(manager):
    """ "+49 203 4711 (Mutter)" is a number with a note; "+1+cmd|…" stays a formula."""
    report = _import(
        manager,
        _csv(
            "jc;1;Ana;Pop;;1990;;;;;;+49 203 4711 (Mutter)",
            "jc;2;Ion;Pop;;1990;;;;;;+49 170 1234 (Vater, abends)",
        ),
    )
    assert report.ok, report.errors
    assert Person.objects.get(given_name="Ana").phone == "+49 203 4711 (Mutter)"
    refused = _import(manager, _csv("jc;3;Eva;Pop;;1990;;;;;;+1+cmd|' /C calc'!A0"))
    assert [(e.row, e.column) for e in refused.errors] == [(2, "phone")]


def test_dates_of_birth_that_are_no_one_living_or_no_date_are_refused(manager):
    report = _import(
        manager,
        _csv(
            "jc;1;Ana;Pop;;0990;;;;;;",
            "jc;2;Ion;Pop;;1990-W05-3;;;;;;",
            "jc;3;Eva;Pop;;1899-12-31;;;;;;",
        ),
    )
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "birth_date"),
        (3, "birth_date"),
        (4, "birth_date"),
    ]
    assert "before 1900" in report.errors[0].message
    assert "Not a date" in report.errors[1].message


def test_rows_read_into_a_cell_by_a_stray_quotation_mark_are_refused(manager):
    """A quotation mark opening Ion's street and closed at the end of a later line is valid
    CSV: the two rows in between become part of his street. Each of their persons would
    be lost without a word; the cell's line breaks give the row and column away."""
    data = _csv(
        'jc;1;Ion;Popescu;;1980;;;"Hauptstr. 1;47051;Duisburg;',
        "jc;2;Ana;Popescu;;1982;;;Hauptstr. 1;47051;Duisburg;",
        'jc;3;Maria;Ionescu;;1990;;;Bahnhofstr. 2;47051;Duisburg;"',
        "jc;4;Fatma;Yilmaz;;1975;;;Hauptstr. 9;47051;Duisburg;",
    )
    report = _import(manager, data)
    assert [(e.row, e.column) for e in report.errors] == [(2, "street")]
    assert "line break" in report.errors[0].message
    assert Person.objects.count() == 0


def test_a_line_break_in_a_workbook_cell_is_refused(manager):
    """Alt+Enter in a name cell of a workbook, also at the end of the cell."""
    report = _import(
        manager,
        _xlsx(["jc", "1", "Ana\nMaria", "Pop", None, "1990"], ["jc", "2", "Ion", "Pop\n"]),
        filename="persons.xlsx",
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "given_name"), (3, "family_name")]


def test_a_row_read_into_a_cell_between_two_line_breaks_is_refused(manager):
    """The quotation mark opens a cell at the end of one line and closes it at the start of
    a later one: trimmed, the cell is the whole row in between, on one line."""
    data = _csv(
        'jc;1;Ion;Popescu;;"',
        "jc;2;Ana;Popescu;;1982;;;;;;",
        '";;;;;;',
        "jc;3;Maria;Ionescu;;1990;;;;;;",
    )
    report = _import(manager, data)
    assert [(e.row, e.column) for e in report.errors] == [(2, "birth_date")]
    assert "line break" in report.errors[0].message
    assert Person.objects.count() == 0


def test_a_header_that_read_rows_into_it_is_refused_without_showing_them(manager):
    """A stray quotation mark in the header would show the rows read into it among the
    unknown columns, names and all, in the report that is kept and downloaded."""
    header = HEADER.replace(";birth_date;", ';"birth_date;', 1)
    data = _csv("jc;1;Ion;Popescu;;1980", 'jc;2;Ana;Popescu;;1982";;;;;;', header=header)
    with pytest.raises(ImportFileError, match=r"^Row 1, which names the columns") as refused:
        _import(manager, data)
    assert "Popescu" not in str(refused.value)
