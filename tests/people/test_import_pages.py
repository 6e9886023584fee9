"""The import page for administrators: upload, progress, report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.people import import_jobs, import_rows, imports
from lotse.people.enums import ImportStatus
from lotse.people.models import Person, PersonImport
from tests.factories import make_user

pytestmark = pytest.mark.django_db

HEADER = ";".join(imports.COLUMNS)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _upload(client, text, name="personen.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post("/persons/import/", {"file": upload, "action": "import"})


def test_administrator_imports_and_reads_the_report():
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    assert client.get("/persons/import/").status_code == 200
    response = _upload(client, f"{HEADER}\nalt;1;Ion;Popescu;;1985;m;RO;;;;\n")
    assert response.status_code == 302
    job = PersonImport.objects.get()
    assert response["Location"] == f"/persons/import/{job.pk}/"
    assert (job.status, job.report["created"], job.created_by) == (ImportStatus.DONE, 1, admin)
    page = client.get(response["Location"]).content.decode()
    assert "Angelegt: 1 (in der Dublettenliste: 0)" in page
    assert Person.objects.get().municipality == admin.membership.municipality
    status = client.get(f"/persons/import/{job.pk}/status/").json()
    assert (status["finished"], status["status"]) == (True, "done")


def test_a_check_only_says_what_the_import_would_do_and_saves_nothing():
    """The command's --dry-run on the page: checked and compared with the persons known,
    the report in the future tense, nothing written but the job."""
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    text = f"{HEADER}\nalt;1;Ion;Popescu;;1985;m;RO;;;;\nalt;2;Ana;Popescu;;1987;f;RO;;;;\n"
    upload = SimpleUploadedFile("personen.csv", text.encode("utf-8"), content_type="text/csv")
    response = client.post("/persons/import/", {"file": upload, "action": "check"})
    job = PersonImport.objects.get()
    assert (job.dry_run, job.status, job.upload) == (True, ImportStatus.DONE, None)
    assert (job.report["dry_run"], job.report["created"]) == (True, 2)
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type=EventType.PERSONS_IMPORTED).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Geprüft, nichts gespeichert" in page
    assert "Würden angelegt: 2" in page
    listing = client.get("/persons/import/").content.decode()
    assert "Geprüft, nichts gespeichert" in listing
    # The same file with the other button imports it.
    _upload(client, text)
    assert Person.objects.count() == 2


def test_a_file_with_errors_lists_them_and_imports_nothing():
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    response = _upload(client, f"{HEADER}\nalt;1;Ion;Popescu;;31.02.1990;;XX;;;;\n")
    job = PersonImport.objects.get()
    assert job.status == ImportStatus.REJECTED
    page = client.get(response["Location"])
    content = page.content.decode()
    assert 'id="import-errors"' in content
    assert "birth_date" in content
    assert "nationality" in content
    assert Person.objects.count() == 0
    _upload(client, "")
    assert PersonImport.objects.first().errors[0][2] == "Die Datei ist leer."
    assert client.post("/persons/import/").status_code == 400  # no file chosen


def test_the_errors_download_as_tables_for_excel():
    """Row, column and problem of every error listed, to filter in Excel; a file that was
    imported has none to download."""
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    response = _upload(
        client, f"{HEADER}\nalt;1;Ion;Popescu;;31.02.1990;;XX;;;;\n", name="Jobcenter Mai.csv"
    )
    job = PersonImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert f"/persons/import/{job.pk}/errors.xlsx" in page
    workbook = client.get(f"/persons/import/{job.pk}/errors.xlsx")
    assert workbook.status_code == 200
    assert "fehler-jobcenter-mai.xlsx" in workbook["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Zeile", "Spalte", "Problem"]
    assert [row[:2] for row in rows[1:]] == [[2, "birth_date"], [2, "nationality"]]
    table = client.get(f"/persons/import/{job.pk}/errors.csv").content.decode("utf-8-sig")
    assert table.splitlines()[1].startswith("2;birth_date;")
    assert client.get(f"/persons/import/{job.pk}/errors.pdf").status_code == 404
    done = _upload(client, f"{HEADER}\nalt;1;Ion;Popescu;;1985;m;RO;;;;\n")
    assert client.get(done["Location"] + "errors.xlsx").status_code == 404


def test_a_report_of_more_errors_than_listed_says_how_many_are_shown():
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    rows = "".join(f"alt;{n};Ion;Popescu;;31.02.1990;;RO;;;;\n" for n in range(1200))
    response = _upload(client, f"{HEADER}\n{rows}")
    job = PersonImport.objects.get()
    assert (job.report["error_count"], len(job.errors)) == (1200, import_rows.MAX_ERRORS)
    content = client.get(response["Location"]).content.decode()
    assert "die ersten 1000 von 1200 Fehlern" in content
    table = client.get(f"/persons/import/{job.pk}/errors.csv").content.decode("utf-8-sig")
    lines = table.splitlines()
    assert len(lines) == 1 + import_rows.MAX_ERRORS + 1  # the header, the errors, the note
    assert lines[-1] == ";;die ersten 1000 von 1200 Fehlern"


def test_a_workbook_with_its_rows_on_another_sheet_says_only_the_first_is_read():
    workbook = Workbook()
    workbook.active.title = "Leer"
    workbook.create_sheet("Personen").append(HEADER.split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = _client(make_user(Role.ADMINISTRATOR))
    upload = SimpleUploadedFile("personen.xlsx", buffer.getvalue())
    client.post("/persons/import/", {"file": upload})
    assert "nur das erste Blatt" in PersonImport.objects.get().errors[0][2]


def test_the_report_is_written_in_the_language_of_the_page_it_came_from():
    """The worker has no request: it writes the messages in the language the job keeps."""
    admin = make_user(Role.ADMINISTRATOR)
    _upload(_client(admin), "", name="leer.csv")  # the German page
    with translation.override("de"):  # the worker's own language
        import_jobs.start_person_import(
            acting_user=admin,
            municipality=admin.membership.municipality,
            filename="empty.csv",
            data=b"",
            language="en",
        )
    messages = dict(PersonImport.objects.values_list("filename", "errors"))
    assert (messages["leer.csv"][0][2], messages["empty.csv"][0][2]) == (
        "Die Datei ist leer.",
        "The file is empty.",
    )


def test_only_administrators_of_the_municipality_see_imports():
    admin = make_user(Role.ADMINISTRATOR)
    _upload(_client(admin), f"{HEADER}\nalt;1;Ion;Popescu;;;;;;;;\n")
    job = PersonImport.objects.get()
    manager = make_user(Role.CASE_MANAGER, admin.membership.municipality)
    assert _client(manager).get("/persons/import/").status_code == 403
    assert _client(manager).get(f"/persons/import/{job.pk}/").status_code == 404
    stranger = make_user(Role.ADMINISTRATOR)
    assert _client(stranger).get(f"/persons/import/{job.pk}/").status_code == 404
    assert _client(stranger).get(f"/persons/import/{job.pk}/status/").status_code == 404
