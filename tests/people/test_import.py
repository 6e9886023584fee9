"""Importing persons from other systems: all or nothing, idempotent, matched on the way."""

import csv
import datetime as dt
import getpass
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from lotse.accounts.enums import Role
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.core.tables import ImportFileError
from lotse.people import imports, queries, services
from lotse.people.models import DuplicatePair, Household, Person, PersonSource
from tests.factories import make_user
from tests.people.test_duplicates import al_hassans_household, fatima_at_home

pytestmark = pytest.mark.django_db

HEADER = ";".join(imports.COLUMNS)
ROWS = [
    (
        "jobcenter;J-1;Fatima;Al-Hassan;فاطمة الحسن;1990-03-07;f;SY;"
        "Friedrich-Ebert-Str. 12;47179;Duisburg;0203 4711"
    ),
    "jobcenter;J-2;Ion;Popescu;;1985;male;ROU;;;;",
    "jobcenter;J-3;Олена;Шевченко;;1979-11;w;UA;;;;+49 203 555",
]


def _csv(*rows, header=HEADER, encoding="utf-8-sig"):
    return "\n".join([header, *rows]).encode(encoding)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def manager():
    return make_user(Role.CASE_MANAGER)


def _import(manager, data, filename="persons.csv", **options):
    return imports.import_persons(
        acting_user=manager,
        municipality=manager.membership.municipality,
        filename=filename,
        data=data,
        **options,
    )


def _state():
    """Everything an import may write, to compare before and after."""
    return (
        sorted(Person.objects.values_list("id", "version", "given_name", "family_name")),
        sorted(PersonSource.objects.values_list("source", "external_id", "person_id")),
        DuplicatePair.objects.count(),
        Household.objects.count(),
        AuditEvent.objects.count(),
    )


def test_import_creates_persons_with_their_source_ids_and_is_idempotent(manager):
    report = _import(manager, _csv(*ROWS))
    assert report.ok
    assert (report.rows, report.created, report.linked, report.queued) == (3, 3, 0, 0)
    fatima = Person.objects.get(sources__external_id="J-1")
    assert (fatima.given_name, fatima.name_original, fatima.gender) == (
        "Fatima",
        "فاطمة الحسن",
        "female",
    )
    assert (fatima.birth_date, fatima.birth_date_precision) == (dt.date(1990, 3, 7), "day")
    assert (fatima.household.street, fatima.household.postcode) == (
        "Friedrich-Ebert-Str. 12",
        "47179",
    )
    ion = Person.objects.get(sources__external_id="J-2")
    assert (ion.nationality.code, ion.birth_date_precision) == ("RO", "year")
    olena = Person.objects.get(sources__external_id="J-3")
    assert (olena.family_key, olena.birth_date, olena.phone) == (
        "shevchenko",
        dt.date(1979, 11, 1),
        "+49 203 555",
    )
    created = AuditEvent.objects.filter(event_type=EventType.PERSON_CREATED)
    assert {event.target_id for event in created} == {str(p.pk) for p in (fatima, ion, olena)}
    assert AuditEvent.objects.filter(event_type=EventType.PERSONS_IMPORTED).count() == 1
    before = _state()
    again = _import(manager, _csv(*ROWS))
    assert (again.created, again.unchanged, again.updated) == (0, 3, 0)
    after = _state()
    assert after[:4] == before[:4]  # nothing changed; only the import itself is audited
    assert after[4] == before[4] + 1


def test_each_created_person_is_audited_with_its_saved_values(manager):
    _import(manager, _csv(*ROWS))
    fields = ("household", *imports.PERSON_VALUES)
    persons = Person.objects.all()
    assert persons.count() == 3
    for person in persons:
        event = AuditEvent.objects.get(
            event_type=EventType.PERSON_CREATED, target_id=str(person.pk)
        )
        assert event.changes == audit.diff(None, audit.snapshot(person, fields=fields))
        assert (event.actor_id, event.context) == (manager.pk, {"import": "file"})
    fatima = Person.objects.get(sources__external_id="J-1")
    changes = AuditEvent.objects.get(target_id=str(fatima.pk)).changes
    assert (changes["nationality"], changes["household"]) == (
        [None, "SY"],
        [None, str(fatima.household_id)],
    )


def test_imported_persons_have_the_values_and_defaults_of_persons_saved_one_by_one(manager):
    """On PostgreSQL the import writes with COPY, past the model: every column must still
    get what ``save`` would give it."""
    _import(manager, _csv(*ROWS))
    imported = Person.objects.get(sources__external_id="J-1")
    saved = Person.objects.create(
        municipality=imported.municipality,
        household=imported.household,
        **{name: getattr(imported, name) for name in imports.PERSON_VALUES},
        given_key=imported.given_key,
        family_key=imported.family_key,
        name_skeleton=imported.name_skeleton,
    )
    skip = {"id", "created_at", "updated_at"}
    columns = [f.attname for f in Person._meta.concrete_fields if f.attname not in skip]
    assert Person.objects.filter(pk=imported.pk).values(*columns).get() == (
        Person.objects.filter(pk=saved.pk).values(*columns).get()
    )
    assert imported.created_at is not None
    assert imported.updated_at is not None
    household = imported.household
    assert (household.version, household.name, household.city) == (1, "Al-Hassan", "Duisburg")
    assert household.created_at is not None


def test_a_changed_record_updates_the_person(manager):
    _import(manager, _csv(*ROWS))
    report = _import(manager, _csv(ROWS[0].replace("0203 4711", "0203 9999")))
    assert (report.updated, report.unchanged) == (1, 0)
    fatima = Person.objects.get(sources__external_id="J-1")
    assert (fatima.phone, fatima.version) == ("0203 9999", 2)
    assert AuditEvent.objects.filter(
        event_type=EventType.PERSON_UPDATED, target_id=str(fatima.pk)
    ).exists()


def test_only_the_same_id_of_the_same_source_here_makes_a_row_known(manager):
    """The source ids are looked up by the file's (on PostgreSQL in the database): the same
    external id of another source, or of another municipality, is another record."""
    _import(manager, _csv(*ROWS))
    elsewhere = make_user(Role.CASE_MANAGER)  # of another municipality
    assert elsewhere.membership.municipality != manager.membership.municipality
    _import(elsewhere, _csv(ROWS[2].replace("J-3", "J-9")))
    rows = [
        ROWS[0].replace("0203 4711", "0203 9999"),  # known: updated
        ROWS[1].replace("jobcenter", "auslaenderbehoerde"),  # J-2 of another source: new
        ROWS[2].replace("J-3", "J-9"),  # J-9 is known elsewhere only: new
    ]
    report = _import(manager, _csv(*rows))
    assert (report.updated, report.unchanged, report.created) == (1, 0, 2)
    here = manager.membership.municipality
    assert sorted(
        PersonSource.objects.filter(municipality=here).values_list("source", "external_id")
    ) == [
        ("auslaenderbehoerde", "J-2"),
        ("jobcenter", "J-1"),
        ("jobcenter", "J-2"),
        ("jobcenter", "J-3"),
        ("jobcenter", "J-9"),
    ]


def test_ids_with_the_characters_of_an_array_are_known_again(manager):
    """On PostgreSQL the file's source ids go to the database as one array
    (``loading.array``): ids with quotes, backslashes, commas or braces, or the word NULL,
    are looked up as they are written."""
    ids = ['J"4', "J\\5", "J,6", "{J7}", "NULL", 'J\\"8']
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(imports.COLUMNS)
    for number, external_id in enumerate(ids):
        writer.writerow(
            ["jobcenter", external_id, "Ana", f"Pop{number}", "", "1980", "", "", "", "", "", ""]
        )
    data = out.getvalue().encode()
    assert _import(manager, data).created == len(ids)
    assert sorted(PersonSource.objects.values_list("external_id", flat=True)) == sorted(ids)
    again = _import(manager, data)
    assert (again.created, again.unchanged) == (0, len(ids))
    assert Person.objects.count() == len(ids)


def test_a_renamed_record_keeps_the_persons_other_names_searchable(manager):
    _import(manager, _csv(*ROWS))
    ion = Person.objects.get(sources__external_id="J-2")
    services.update_person(
        acting_user=manager, person=ion, expected_version=ion.version, other_names="Ion Petrescu"
    )
    report = _import(manager, _csv(ROWS[1].replace("Popescu", "Popesku")))
    assert report.updated == 1
    assert [hit.person.family_name for hit in queries.search_persons(manager, "Ion Petrescu")] == [
        "Popesku"
    ]


def test_known_persons_are_linked_or_queued_for_review(manager):
    municipality = manager.membership.municipality
    known = services.create_person(
        acting_user=manager,
        municipality=municipality,
        given_name="Fatima",
        family_name="Al-Hassan",
        birth_date=dt.date(1990, 3, 7),
    )
    rows = [
        "abh;A-7;Fatima;Al-Hassan;;1990-03-07;;;;;;",  # certain: linked
        "abh;A-8;Fatma;Alhasan;;1990-03-07;;;;;;",  # another spelling: created, queued
        "abh;A-9;Ion;Popescu;;1985-04-02;;;;;;",
        "sozialamt;S-1;Ion;Popescu;;1985-04-02;;;;;;",  # the row before: linked to it
    ]
    report = _import(manager, _csv(*rows))
    assert report.ok
    assert (report.linked, report.created, report.queued) == (2, 2, 1)
    assert Person.objects.count() == 3
    assert sorted(str(s) for s in PersonSource.objects.filter(person=known)) == ["abh:A-7"]
    ion = Person.objects.get(given_name="Ion")
    assert sorted(str(s) for s in ion.sources.all()) == ["abh:A-9", "sozialamt:S-1"]
    # Each link is in the linked person's audit trail, with the source id it brought.
    links = AuditEvent.objects.filter(
        event_type=EventType.PERSON_UPDATED, context__import="file"
    ).order_by("target_id")
    assert sorted((e.target_id, e.changes["source_id"][1]) for e in links) == sorted(
        [(str(known.pk), "abh:A-7"), (str(ion.pk), "sozialamt:S-1")]
    )
    pair = DuplicatePair.objects.get()
    assert {pair.first.family_name, pair.second.family_name} == {"Al-Hassan", "Alhasan"}
    assert "name:spelling" in pair.evidence


def test_a_person_with_another_id_of_the_same_source_is_not_linked_but_queued(manager):
    """A source gives one person one id: two Jobcenter records of the same name born on
    the first of January (a date given where the real one is unknown) are two persons to
    review, in one file and against one imported before; another source's is linked."""
    first = _csv("Jobcenter;JC-1;Mohammad;Ahmadi;;1995-01-01;;;Bahnhofstr. 1;47051;;")
    assert _import(manager, first).created == 1
    rows = [
        "jobcenter;JC-2;Mohammad;Ahmadi;;1995-01-01;;;Kaiserstr. 80;47169;;",
        "abh;A-1;Mohammad;Ahmadi;;1995-01-01;;;;;;",
        "sozialamt;S-1;Rahim;Karimi;;1970-05-05;;;;;;",
        "sozialamt;S-2;Rahim;Karimi;;1970-05-05;;;;;;",
    ]
    report = _import(manager, _csv(*rows))
    assert (report.linked, report.created, report.queued) == (1, 3, 2)
    ahmadis = Person.objects.filter(family_name="Ahmadi").order_by("created_at")
    assert [sorted(str(s) for s in p.sources.all()) for p in ahmadis] == [
        ["Jobcenter:JC-1", "abh:A-1"],
        ["jobcenter:JC-2"],
    ]
    assert Person.objects.filter(family_name="Karimi").count() == 2
    assert DuplicatePair.objects.count() == 2


def test_only_a_name_written_the_same_is_linked_without_asking(manager):
    """Part of a known person's name, with the same date of birth, is queued for review:
    Jürgen Müller may be Jürgen Müller-Lüdenscheidt, and Ali Hassan born on the first of
    January may be Mohammed Ali Hassan's son. The same name with a space less is linked."""
    municipality = manager.membership.municipality
    for given, family, born in (
        ("Jürgen", "Müller-Lüdenscheidt", dt.date(1960, 5, 5)),
        ("Mohammed Ali", "Hassan", dt.date(1980, 1, 1)),
        ("Maria Elena", "Popescu", dt.date(1975, 2, 3)),
    ):
        services.create_person(
            acting_user=manager,
            municipality=municipality,
            given_name=given,
            family_name=family,
            birth_date=born,
        )
    rows = [
        "abh;A-1;Jürgen;Müller;;1960-05-05;;;;;;",
        "abh;A-2;Ali;Hassan;;1980-01-01;;;;;;",
        "abh;A-3;Mariaelena;Popescu;;1975-02-03;;;;;;",
    ]
    report = _import(manager, _csv(*rows))
    assert (report.linked, report.created, report.queued) == (1, 2, 2)
    assert Person.objects.get(sources__external_id="A-3").given_name == "Maria Elena"
    queued = {
        frozenset((pair.first.family_name, pair.second.family_name))
        for pair in DuplicatePair.objects.all()
    }
    assert queued == {frozenset(("Müller-Lüdenscheidt", "Müller")), frozenset(("Hassan",))}


def test_a_row_as_like_two_persons_is_queued_with_both(manager):
    """Two records of one woman (or twins at one address): the row is queued with each,
    whichever the matcher read first."""
    household = al_hassans_household(manager)
    twins = [fatima_at_home(manager, household) for _ in range(2)]
    report = _import(
        manager, _csv("abh;A-8;Fatma;Alhasan;;1990-03-07;;;Friedrich-Ebert-Str. 12;47179;;")
    )
    assert (report.linked, report.created, report.queued) == (0, 1, 1)
    new = Person.objects.get(sources__external_id="A-8")
    pairs = DuplicatePair.objects.all()
    assert {frozenset((pair.first_id, pair.second_id)) for pair in pairs} == {
        frozenset((new.pk, twin.pk)) for twin in twins
    }
    assert len({pair.score for pair in pairs}) == 1


def test_dry_run_writes_nothing(manager):
    before = _state()
    report = _import(manager, _csv(*ROWS), dry_run=True)
    assert (report.ok, report.created, report.dry_run) == (True, 3, True)
    assert _state() == before


BAD_ROWS = [
    ("jobcenter;J-9;Ion;Popescu;;31.02.1990;;;;;;", "birth_date", "does not exist"),
    ("jobcenter;J-9;Ion;Popescu;;1990-02-30;;;;;;", "birth_date", "does not exist"),
    ("jobcenter;J-9;Ion;Popescu;;7.3.1990;;;;;;", "birth_date", "DD.MM.YYYY"),
    ("jobcenter;J-9;Ion;Popescu;;;;XX;;;;", "nationality", "Unknown country code"),
    ('jobcenter;J-9;=HYPERLINK("http://x");Popescu;;;;;;;;', "given_name", "formula"),
    ("jobcenter;J-9;Ion;Popescu;;;;;;4717;;", "postcode", "five digits"),
    ("jobcenter;J-9;Ion;Popescu;;;robot;;;;;", "gender", "Unknown gender"),
    ("jobcenter;;Ion;Popescu;;;;;;;;", "external_id", "required"),
    ("jobcenter;J-1;Ion;Popescu;;;;;;;;", "external_id", "same id as in row 2"),
    ("jobcenter;J-9;Ion;Popescu;;2999-01-01;;;;;;", "birth_date", "future"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_one_bad_row_imports_nothing_and_names_row_and_column(manager, row, column, message):
    before = _state()
    report = _import(manager, _csv(ROWS[0], row, ROWS[1]))
    assert not report.ok
    [error] = report.errors
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert _state() == before


def test_every_bad_row_is_reported(manager):
    rows = [f"jobcenter;J-{n};Ion;Popescu;;31.02.1990;;XX;;;;" for n in range(5)]
    report = _import(manager, _csv(*rows))
    assert report.error_count == 10
    assert [(e.row, e.column) for e in report.errors[:2]] == [(2, "birth_date"), (2, "nationality")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (HEADER.encode(), "header but no rows"),
        (
            b"source;external_id;given_name;family_name\n\x81\x8d\x8f\x90 Popescu;1;Ion;P\n",
            "neither UTF-8 nor Windows-1252",
        ),
        # Cyrillic and Turkish saved with their own Windows code page: read as Windows-1252
        # they would be other letters (Иван: Èâàí; Ağaoğlu: Aðaoðlu).
        (_csv("abh;A3;Иван;Сидоров;;1961;m;RU;;;;", encoding="cp1251"), "another encoding"),
        (_csv("abh;A4;Ayşe;Ağaoğlu;;1970;w;TR;;;;", encoding="cp1254"), "another encoding"),
        (("a;" * 1_000_000 + "\n").encode(), "columns"),
        (_csv(ROWS[0], header="source;external_id;given_name"), "Missing columns: family_name"),
        (_csv(header=HEADER + ";shoe_size"), "Unknown columns: shoe_size"),
        (b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
    ],
)
def test_bad_files_get_a_clear_message_and_import_nothing(manager, data, message):
    before = _state()
    with pytest.raises(ImportFileError, match=message):
        _import(manager, data)
    assert _state() == before


def test_a_million_columns_in_a_data_row_are_refused(manager):
    data = _csv(ROWS[0]) + b"\n" + ("x;" * 1_000_000).encode()
    with pytest.raises(ImportFileError, match="Row 3 has 1000001 columns"):
        _import(manager, data)


def test_a_windows_1252_file_with_turkish_and_spanish_names_is_read(manager):
    """Letters with accents side by side are names, not another code page's letters."""
    rows = ["jobcenter;J-7;Gül;Küçük;;1970;w;TR;;;;", "jobcenter;J-8;José;Núñez;;1971;m;ES;;;;"]
    report = _import(manager, _csv(*rows, encoding="cp1252"))
    assert (report.ok, report.created) == (True, 2)
    assert Person.objects.get(sources__external_id="J-7").family_name == "Küçük"


def test_windows_1252_and_commas_from_excel(manager):
    header = HEADER.replace(";", ",")
    data = _csv(
        "ausl,7,Jürgen,Müller-Lüdenscheidt,,1970-01-02,m,DE,Königstraße 5,47051,Duisburg,",
        header=header,
        encoding="cp1252",
    )
    report = _import(manager, data)
    assert report.ok
    person = Person.objects.get()
    assert (person.family_name, person.household.street) == ("Müller-Lüdenscheidt", "Königstraße 5")


def test_xlsx_import(manager):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append(
        [
            "jobcenter",
            17,
            "Ana",
            "Ionescu",
            None,
            dt.date(1991, 5, 6),
            "f",
            "RO",
            None,
            None,
            None,
            None,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _import(manager, buffer.getvalue(), filename="persons.xlsx")
    assert report.ok
    person = Person.objects.get()
    assert (person.birth_date, str(person.sources.get())) == (dt.date(1991, 5, 6), "jobcenter:17")


def _xlsx(*rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(external_id="J-1", *, birth="1991", postcode=None, phone=None, given="Ana"):
    person = [given, "Ionescu", None, birth, "f", "RO"]
    return ["jobcenter", external_id, *person, None, postcode, None, phone]


def test_a_report_names_the_row_the_spreadsheet_shows_also_after_empty_rows(manager):
    data = _xlsx(_row(), [], [None, None], _row("J-2", birth="31.02.1990"))
    report = _import(manager, data, filename="persons.xlsx")
    assert [(e.row, e.column) for e in report.errors] == [(5, "birth_date")]
    csv_data = _csv(ROWS[0], "", ";;;;", ROWS[1].replace(";1985;", ";31.02.1990;"))
    report = _import(manager, csv_data)
    assert [(e.row, e.column) for e in report.errors] == [(5, "birth_date")]
    assert Person.objects.count() == 0


def test_an_array_formula_is_refused_like_any_formula(manager):
    data = _xlsx(_row(given=ArrayFormula("C2", '=UPPER("x")')))
    report = _import(manager, data, filename="persons.xlsx")
    assert [(e.row, e.column) for e in report.errors] == [(2, "given_name")]
    assert Person.objects.count() == 0


def test_a_damaged_workbook_is_reported_as_unreadable(manager):
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx(_row()))) as whole, zipfile.ZipFile(damaged, "w") as out:
        for item in whole.infolist():
            content = whole.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]  # cut in the middle of the rows
            out.writestr(item, content)
    with pytest.raises(ImportFileError, match="not a readable XLSX"):
        _import(manager, damaged.getvalue(), filename="persons.xlsx")
    assert Person.objects.count() == 0


def test_number_cells_that_lost_digits_are_refused_with_a_hint(manager):
    """Excel makes 0203 1234567 the number 2031234567 and 01067 the number 1067, and keeps
    15 digits of a long id: such cells are refused; a short whole-number id is read."""
    data = _xlsx(
        _row("J-1", phone=2031234567),
        _row("J-2", postcode=1067),
        _row(12345678901234567890),
        _row(123),
    )
    report = _import(manager, data, filename="persons.xlsx")
    number_errors = [(e.row, e.column) for e in report.errors if "number" in e.message]
    assert number_errors == [(2, "phone"), (3, "postcode"), (4, "external_id")]
    assert Person.objects.count() == 0
    report = _import(manager, _xlsx(_row(123)), filename="persons.xlsx")
    assert report.ok
    assert PersonSource.objects.get().external_id == "123"


def test_command_imports_and_reports(manager, tmp_path):
    path = tmp_path / "persons.csv"
    path.write_bytes(_csv(*ROWS))
    slug = manager.membership.municipality.slug
    out, err = io.StringIO(), io.StringIO()
    english = {"municipality": slug, "language": "en", "stdout": out, "stderr": err}
    call_command("import-persons", str(path), dry_run=True, **english)
    assert "3 rows in" in out.getvalue()
    assert "Would be created: 3 (queued for review" in out.getvalue()
    assert "Checking the rows: 3 of 3" in err.getvalue()
    assert Person.objects.count() == 0
    call_command("import-persons", str(path), **english)
    assert Person.objects.count() == 3
    # The trail names the command and who ran it, not just "System".
    written = AuditEvent.objects.filter(
        event_type__in=[EventType.PERSON_CREATED, EventType.PERSONS_IMPORTED]
    )
    labels = set(written.values_list("actor_label", flat=True))
    assert labels == {f"import-persons ({getpass.getuser()})"}
    assert written.count() == 4
    path.write_bytes(_csv("jobcenter;J-9;Ion;Popescu;;31.02.1990;;;;;;"))
    out = english["stdout"] = io.StringIO()
    with pytest.raises(CommandError, match=r"Nothing imported: 1 error in 1 row\."):
        call_command("import-persons", str(path), **english)
    assert "Row 2, column birth_date: This date does not exist" in out.getvalue()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import-persons", str(tmp_path / "missing.csv"), **english)


def test_command_speaks_one_language(manager, tmp_path):
    """The site's language by default (German): the command's own words and the report's
    messages alike (they were English and German in one line)."""
    path = tmp_path / "persons.csv"
    path.write_bytes(_csv("jobcenter;J-9;Ion;Popescu;;31.02.1990;;;;;;"))
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"Nichts importiert: 1 Fehler in 1 Zeile\."):
        call_command(
            "import-persons",
            str(path),
            municipality=manager.membership.municipality.slug,
            stdout=out,
            stderr=io.StringIO(),
        )
    assert "Zeile 2, Spalte birth_date: Dieses Datum gibt es nicht" in out.getvalue()
