"""Web imports through the task queue in the database: the worker runs them, and every web
process reads their progress and outcome from the job row."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lotse.accounts.enums import Role
from lotse.audit.models import AuditEvent
from lotse.core.runlocks import RunLock
from lotse.people import import_jobs, imports, tasks
from lotse.people.enums import ImportStatus
from lotse.people.models import Person, PersonImport
from tests.factories import make_user
from tests.people.test_import_killed import ROOT, _database_url

HEADER = ";".join(imports.COLUMNS)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings):
    """The product's queue instead of the tests' immediate backend."""
    settings.TASKS = DATABASE_QUEUE


def _run_worker():
    """What `lotse db_worker` does, once: every queued task, then it stops."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:  # the worker sets its own handlers for a graceful stop
        for number, handler in handlers.items():
            signal.signal(number, handler)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _upload(client, text):
    upload = SimpleUploadedFile("personen.csv", text.encode("utf-8"), content_type="text/csv")
    response = client.post("/persons/import/", {"file": upload})
    assert response.status_code == 302
    return PersonImport.objects.get(pk=response["Location"].split("/")[-2])


def _rows(count):
    rows = [
        f"alt;{n};Given{n};Family{n};;1980-01-01;;;Weg {n};47051;Duisburg;" for n in range(count)
    ]
    return "\n".join([HEADER, *rows])


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_queued_import_waits_for_the_worker_which_runs_it(queue):
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    job = _upload(client, f"{HEADER}\nalt;1;Ion;Popescu;;1985;m;RO;;;;\n")
    assert job.status == ImportStatus.QUEUED
    assert Person.objects.count() == 0
    task = DBTaskResult.objects.get()
    assert (task.status, task.task_path) == ("READY", "lotse.people.tasks.run_person_import")
    assert task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}  # no personal data
    page = client.get(f"/persons/import/{job.pk}/").content.decode()
    assert "Wartet auf den Start" in page
    status = client.get(f"/persons/import/{job.pk}/status/").json()
    assert (status["finished"], status["status"], status["phase"]) == (False, "queued", "waiting")

    _run_worker()

    job.refresh_from_db()
    assert (job.status, job.report["created"]) == (ImportStatus.DONE, 1)
    assert PersonImport._base_manager.get(pk=job.pk).upload is None  # the file is not kept
    assert Person.objects.get().municipality == admin.membership.municipality
    assert "Angelegt: 1" in client.get(f"/persons/import/{job.pk}/").content.decode()
    status = client.get(f"/persons/import/{job.pk}/status/").json()
    assert (status["finished"], status["status"]) == (True, "done")
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_task_run_twice_imports_once(queue):
    admin = make_user(Role.ADMINISTRATOR)
    job = _upload(_client(admin), f"{HEADER}\nalt;1;Ion;Popescu;;1985;m;RO;;;;\n")
    tasks.run_person_import.enqueue(str(job.pk))
    _run_worker()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2
    assert Person.objects.count() == 1
    assert PersonImport.objects.get().status == ImportStatus.DONE


@pytest.fixture
def refused_persons():
    """The database refuses to store persons, as a full disk or a broken constraint would."""
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER refuse_persons BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'no space left'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_persons() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'no space left'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_persons BEFORE INSERT ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION refuse_persons()"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER refuse_persons")
        else:
            cursor.execute(f"DROP TRIGGER refuse_persons ON {table}")
            cursor.execute("DROP FUNCTION refuse_persons()")


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_failing_task_marks_the_job_failed_and_writes_nothing(queue, refused_persons):
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    audit_before = AuditEvent.objects.count()
    job = _upload(client, _rows(3))

    _run_worker()

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.finished_at is not None
    assert PersonImport._base_manager.get(pk=job.pk).upload is None
    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.FAILED
    assert "no space left" in task.traceback
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
    page = client.get(f"/persons/import/{job.pk}/").content.decode()
    assert "Es ist ein Fehler aufgetreten; die Datenbank ist unverändert." in page
    assert client.get(f"/persons/import/{job.pk}/status/").json()["status"] == "failed"


@pytest.mark.django_db(transaction=True)
def test_another_process_sees_the_progress_of_the_writing_phase(queue):
    """The import writes in one transaction; its progress is committed beside it. The
    audit table is held locked, so the worker stops at the import's last writes."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: no progress is written while the import writes")
    admin = make_user(Role.ADMINISTRATOR)
    job = _upload(_client(admin), _rows(5000))
    locked = threading.Event()
    seen = {}

    def watch():
        client = _client(admin)
        try:
            with transaction.atomic():
                table = connection.ops.quote_name(AuditEvent._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
                locked.set()
                deadline = time.monotonic() + 120  # never hang the suite
                while time.monotonic() < deadline:  # until the last batch of persons
                    running = PersonImport.objects.get(pk=job.pk)
                    if (running.phase, running.done) == ("writing", 4000):
                        break
                    time.sleep(0.05)
                seen["status"] = client.get(f"/persons/import/{job.pk}/status/").json()
                seen["persons"] = Person.objects.count()
        finally:
            locked.set()
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    locked.wait(timeout=30)
    _run_worker()
    watcher.join(timeout=60)

    assert seen["status"]["status"] == "running"
    assert (seen["status"]["phase"], seen["status"]["total"]) == ("writing", 5000)
    assert seen["status"]["done"] == 4000  # the last batch of 2,000 persons began
    assert "Schritt 3 von 3: Wird gespeichert" in seen["status"]["label"]
    assert seen["persons"] == 0  # nothing of the import is visible before its commit
    job.refresh_from_db()
    assert (job.status, job.report["created"]) == (ImportStatus.DONE, 5000)
    assert Person.objects.count() == 5000


def _advisory_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_writing_leaves_the_database_unchanged(queue):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database another process can write to while we watch")
    admin = make_user(Role.ADMINISTRATOR)
    client = _client(admin)
    job = _upload(client, _rows(10_000))
    before = (Person.objects.count(), AuditEvent.objects.count())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lotse.settings",  # the product's queue
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": "test-only-key-" + "x" * 50,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "lotse", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300  # never hang the suite
        while PersonImport.objects.get(pk=job.pk).phase != "writing":
            assert time.monotonic() < deadline
            assert worker.poll() is None
            time.sleep(0.05)
        # While its worker lives, the page shows the import running.
        assert client.get(f"/persons/import/{job.pk}/status/").json()["status"] == "running"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == -signal.SIGKILL
    assert (Person.objects.count(), AuditEvent.objects.count()) == before
    job.refresh_from_db()
    assert DBTaskResult.objects.get().status == TaskResultStatus.RUNNING  # nobody recorded the end
    assert (job.status, job.upload is None) == (ImportStatus.RUNNING, False)
    # PostgreSQL ends the killed worker's session (and frees its lock) when it notices the
    # closed connection, a moment after the process is gone.
    deadline = time.monotonic() + 30
    while _advisory_locks():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    # The next look at the job finds its worker's lock free: failed, and the file is gone.
    status = client.get(f"/persons/import/{job.pk}/status/").json()
    assert (status["status"], status["finished"]) == ("failed", True)
    job.refresh_from_db()
    assert (job.status, job.upload, job.finished_at is not None) == (
        ImportStatus.FAILED,
        None,
        True,
    )
    page = client.get(f"/persons/import/{job.pk}/").content.decode()
    assert "Es ist ein Fehler aufgetreten; die Datenbank ist unverändert." in page


@pytest.mark.django_db
def test_a_running_import_is_closed_only_when_no_worker_holds_it():
    """A job marked as running whose worker holds its lock stays running; one whose lock is
    free (the worker died) is marked failed and its file emptied; other municipalities'
    jobs are not looked at."""
    admin = make_user(Role.ADMINISTRATOR)
    municipality = admin.membership.municipality
    other = make_user(Role.ADMINISTRATOR).membership.municipality

    def running(place):
        return PersonImport.objects.create(
            municipality=place, filename="p.csv", status=ImportStatus.RUNNING, upload=b"alt;1"
        )

    alive, dead, elsewhere = running(municipality), running(municipality), running(other)
    worker = connections.create_connection("default")  # the worker's own session
    held = RunLock(tasks.run_lock(alive.pk).name, using=worker)
    assert held.acquire(wait=False)
    try:
        assert import_jobs.close_abandoned(municipality.pk) == 1
        assert import_jobs.close_abandoned(municipality.pk) == 0
    finally:
        held.release()
        worker.close()
    states = {
        job.pk: (job.status, job.upload is None)
        for job in PersonImport.objects.filter(pk__in=[alive.pk, dead.pk, elsewhere.pk])
    }
    assert states == {
        alive.pk: (ImportStatus.RUNNING, False),
        dead.pk: (ImportStatus.FAILED, True),
        elsewhere.pk: (ImportStatus.RUNNING, False),
    }
    # Once its worker is gone too, the other one is closed as well.
    assert import_jobs.close_abandoned(municipality.pk) == 1
