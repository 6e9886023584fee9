"""Background tasks of the people app, run by the worker (`lotse db_worker`, decision 0017).

``people.import_jobs`` queues them; the job row (``PersonImport``) is what the pages show.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.sql import UpdateQuery
from django.utils import timezone, translation
from django_tasks import task

from lotse.core.runlocks import RunLock
from lotse.core.tables import ImportFileError
from lotse.people.enums import ImportStatus
from lotse.people.imports import import_persons
from lotse.people.models import PersonImport


@task()
def run_person_import(job_id: str) -> None:
    """Run the web import ``job_id`` and record its outcome on the job.

    Side effects: the import's own writes and audit entries (all or nothing); the job's
    status, progress, report and errors; the stored file is emptied whatever the outcome
    (if the worker dies, by the next page that shows the job: ``import_jobs.close_abandoned``).
    An exception other than an unreadable file (or the worker being stopped) marks the job
    failed and is raised again, so that the queue records the task as failed too.
    """
    # Held while the job runs (taken before the job is marked running), so that the pages
    # can tell when the worker died (``import_jobs.close_abandoned``).
    lock = run_lock(job_id)
    try:
        with lock:
            # Claiming the job in one statement: a task run twice does not import twice.
            if PersonImport.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
                status=ImportStatus.RUNNING, phase="checking", done=0, total=0
            ):
                _run(job_id)
    finally:
        lock.forget()


def run_lock(job_id: Any) -> RunLock:
    """The lock the worker holds while it runs the import ``job_id``."""
    return RunLock(f"person-import-{job_id}")


def _run(job_id: str) -> None:
    job = PersonImport.objects.select_related("municipality", "created_by").get(pk=job_id)
    job.refresh_from_db(fields=["upload"])
    data = bytes(job.upload or b"")
    progress = ProgressRecorder(job.pk)
    language = translation.override(job.language or settings.LANGUAGE_CODE)
    try:
        with language:  # the report's messages in the language of the page
            report = import_persons(
                acting_user=job.created_by,
                municipality=job.municipality,
                filename=job.filename,
                data=data,
                dry_run=job.dry_run,
                progress=progress,
            )
    except ImportFileError as error:
        job.status, job.errors = ImportStatus.REJECTED, [[0, "", str(error)]]
    except BaseException:  # also the worker's stop on a second SIGTERM: rolled back, failed
        job.status = ImportStatus.FAILED
        raise
    else:
        job.status = ImportStatus.DONE if report.ok else ImportStatus.REJECTED
        job.report = report.as_dict()
        job.errors = [[e.row, e.column, e.message] for e in report.errors]
    finally:
        progress.close()
        job.finished_at = timezone.now()
        job.upload = None
        job.save(update_fields=["status", "report", "errors", "finished_at", "upload"])


class ProgressRecorder:
    """Writes an import's (phase, done, total) on its job row, for every web process to see.

    Outside the import's transaction (checking, matching) the worker's connection writes in
    autocommit, seen at once. Inside it (writing) a write on that connection would be seen
    only at the commit, so on PostgreSQL a second connection of its own writes the figures;
    the job row is not touched by the import, so neither waits for the other. SQLite cannot
    do that: the import holds its single write lock until it commits, and another connection
    would wait for it; there the bar stands at the last figure before the writing until the
    job is finished. Run inside a caller's transaction (the immediate backend of the tests),
    every figure goes through that transaction.
    """

    def __init__(self, job_id: Any) -> None:
        self.job_id = job_id
        self.in_caller_transaction = connection.in_atomic_block
        self._aside: BaseDatabaseWrapper | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        values = {"phase": phase, "done": done, "total": total}
        if self.in_caller_transaction or not connection.in_atomic_block:
            PersonImport.objects.filter(pk=self.job_id).update(**values)
        elif connection.vendor != "sqlite":
            self._write_aside(values)

    def _write_aside(self, values: dict[str, Any]) -> None:
        if self._aside is None:
            self._aside = connections.create_connection(DEFAULT_DB_ALIAS)
        query = UpdateQuery(PersonImport)
        query.add_update_values(values)
        query.add_q(Q(pk=self.job_id))
        sql, params = query.get_compiler(connection=self._aside).as_sql()
        with self._aside.cursor() as cursor:  # autocommit: committed at once
            cursor.execute(sql, params)

    def close(self) -> None:
        if self._aside is not None:
            self._aside.close()
            self._aside = None
