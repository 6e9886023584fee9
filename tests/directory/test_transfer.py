"""Import and export of the directory: all or nothing, errors by row and column, formulas
refused on the way in and defused on the way out."""

import csv
import io

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.directory import services
from lotse.directory.models import Service
from lotse.directory.transfer import COLUMNS, ImportFileError, import_services
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db

HEADER = ["organisation", "name", "description", "life_domains", "languages", "sites",
          "valid_from", "valid_until", "phone", "name_ar"]  # fmt: skip
GOOD = ["Caritas", "MBE", "Beratung", "residence, work", "de, ar", "Caritas Hochfeld",
        "2026-01-01", "31.12.2027", "+49 203 1234", "استشارة"]  # fmt: skip


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English here."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    coordinator = make_user(Role.COORDINATOR)
    municipality = coordinator.membership.municipality
    caritas = OrganisationFactory(municipality=municipality, name="Caritas")
    SiteFactory(organisation=caritas, name="Caritas Hochfeld", district="Hochfeld")
    return {"coordinator": coordinator, "municipality": municipality, "caritas": caritas}


def _csv(rows, delimiter=";", encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import(world, filename, data):
    return import_services(
        acting_user=world["coordinator"],
        municipality=world["municipality"],
        filename=filename,
        data=data,
    )


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("angebote.csv", _csv([HEADER, GOOD])),
        ("angebote.csv", _csv([HEADER, GOOD], delimiter=",", encoding="utf-8")),
        ("angebote.xlsx", _xlsx([HEADER, GOOD])),
    ],
)
def test_a_valid_file_is_imported_with_its_audit_entries(world, filename, data):
    result = _import(world, filename, data)

    assert (result.ok, result.created, result.updated) == (True, 1, 0)
    service = Service.objects.get(municipality=world["municipality"])
    assert service.life_domains == ["residence", "work"]
    assert [s.name for s in service.sites.all()] == ["Caritas Hochfeld"]
    assert str(service.valid_until) == "2027-12-31"
    assert service.phone == "+49 203 1234"
    assert service.translations == {"ar": {"name": "استشارة", "description": ""}}
    assert AuditEvent.objects.filter(event_type=EventType.SERVICE_CREATED).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.SERVICES_IMPORTED).count() == 1


def test_windows_1252_from_excel_is_read(world):
    row = ["Caritas", "Beratung für Familien", "Größere Räume", "family", "de", "", "", "", "",
           ""]  # fmt: skip
    result = _import(world, "excel.csv", _csv([HEADER, row], encoding="cp1252"))
    assert result.ok
    assert Service.objects.get().description == "Größere Räume"


@pytest.mark.parametrize("make", [_csv, _xlsx])
def test_one_bad_row_imports_nothing_and_names_row_and_column(world, make):
    bad = ["Caritas", "=HYPERLINK(\"http://x\")", "Beratung", "residence, magic", "de, xx",
           "Caritas Hochfeld", "2026-05-01", "2026-01-01", "", ""]  # fmt: skip
    result = _import(world, "angebote", make([HEADER, GOOD, bad, GOOD]))

    assert not result.ok
    assert Service.objects.count() == 0
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "name"), (3, "life_domains"), (3, "languages"), (3, "valid_until")}
    messages = {e.column: e.message for e in result.errors}
    assert "magic" in messages["life_domains"]
    assert "xx" in messages["languages"]
    assert "=" in messages["name"]


def test_rows_read_into_a_cell_by_a_stray_quotation_mark_are_refused(world):
    """A quotation mark opening a service's name and closed at the end of the next line's
    name: that row became part of the name and was lost. A description may hold lines."""
    lines = _csv([HEADER, GOOD]).decode("utf-8-sig").splitlines()
    second = lines[1].replace(";MBE;", ';"MBE;', 1)
    third = lines[1].replace(";MBE;", ';MBE";', 1)
    data = "\n".join([lines[0], lines[1], second, third, lines[1]]).encode()
    result = _import(world, "a.csv", data)
    assert [(e.row, e.column) for e in result.errors] == [(3, "name")]
    assert "line break" in result.errors[0].message
    assert Service.objects.count() == 0
    several = ["Caritas", "MBE", "Beratung\nmontags offen", *GOOD[3:]]
    assert _import(world, "a.csv", _csv([HEADER, several])).ok
    assert Service.objects.get().description == "Beratung\nmontags offen"


def test_rows_read_into_a_description_by_a_stray_quotation_mark_are_refused(world):
    """A description may hold lines, but not lines with as many delimiters as a row: a
    quotation mark opening a description and closed in a later row's description read the
    rows in between into it, and they were lost without a word."""
    lines = _csv([HEADER, GOOD]).decode("utf-8-sig").splitlines()
    opened = lines[1].replace(";Beratung;", ';"Beratung;', 1)
    closed = lines[1].replace(";Beratung;", ';Beratung";', 1)
    for swallowed in ([lines[1], lines[1]], []):  # two rows read into it, or the next one's start
        data = "\n".join([lines[0], opened, *swallowed, closed, lines[1]]).encode()
        result = _import(world, "a.csv", data)
        assert [(e.row, e.column) for e in result.errors] == [(2, "description")]
        assert "as many delimiters („;“) as a row of the file (9)" in result.errors[0].message
        assert Service.objects.count() == 0
    listed = ["Caritas", "MBE", "Montags: 9-12; 14-16 Uhr\nDienstags: 9-12; 14-16 Uhr", *GOOD[3:]]
    assert _import(world, "a.csv", _csv([HEADER, listed])).ok


def test_unknown_references_are_row_errors(world):
    row = ["Unbekannt e. V.", "MBE", "Beratung", "work", "de", "Nirgendwo", "", "", "", ""]
    result = _import(world, "a.csv", _csv([HEADER, row]))
    assert {(e.row, e.column) for e in result.errors} == {(2, "organisation"), (2, "sites")}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (_csv([["organisation", "name", "description", "life_domains"]]), None),
        (_csv([["organisation", "name", "colour"], ["a", "b", "c"]]), "colour"),
        (_csv([["organisation", "name"], ["a", "b"]]), "description"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "UTF-8"),
        (b"PK\x03\x04 not really a workbook", "XLSX"),
    ],
)
def test_bad_files_give_a_clear_error_and_import_nothing(world, data, message):
    if message is None:  # a header only
        result = _import(world, "a.csv", data)
        assert [(e.row, e.message) for e in result.errors] == [
            (1, "The file has a header but no rows.")
        ]
    else:
        with pytest.raises(ImportFileError, match=message):
            _import(world, "a.csv", data)
    assert Service.objects.count() == 0


def test_export_and_import_round_trip_and_update_by_id(world):
    service = services.create_service(
        acting_user=world["coordinator"],
        organisation=world["caritas"],
        name="=1+1 Beratung",
        description="@Team",
        life_domains=["health"],
        phone="+49 203 1234",
        eligibility="- alle Zugewanderten",
    )
    client_login = make_user(Role.COORDINATOR, world["municipality"])
    client = Client()
    client.force_login(client_login)
    response = client.get("/services/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == list(COLUMNS)
    assert rows[1][2] == "'=1+1 Beratung"  # defused: Excel shows text, runs nothing
    assert rows[1][3] == "'@Team"
    csv_text = client.get("/services/export.csv").content.decode("utf-8-sig")
    assert ";'=1+1 Beratung;'@Team;" in csv_text
    assert ";'+49 203 1234;" in csv_text
    assert ";'- alle Zugewanderten;" in csv_text

    rows[1][2] = "Beratung zur Gesundheit"
    rows[1][3] = "Neu beschrieben"
    result = _import(world, "back.xlsx", _xlsx(rows))
    assert (result.ok, result.created, result.updated) == (True, 0, 1), result.errors
    service.refresh_from_db()
    assert (service.name, service.description, service.version) == (
        "Beratung zur Gesundheit",
        "Neu beschrieben",
        2,
    )
    # The apostrophes of the export do not creep into the data.
    assert (service.phone, service.eligibility) == ("+49 203 1234", "- alle Zugewanderten")
