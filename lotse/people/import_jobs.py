"""Imports started on the web page: queued, run by the worker, watched.

The import itself is ``people.imports.import_persons``; ``people.tasks.run_person_import``
runs it in the worker process (decision 0017) and writes its progress and outcome on the
``PersonImport`` row, which every web process reads for the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lotse.people import tasks
from lotse.people.enums import ImportStatus
from lotse.people.models import PersonImport

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

PHASES = ("checking", "matching", "writing")
# What the page and the command say of each phase.
PHASE_LABELS = {
    "waiting": gettext_lazy("Waiting to start"),
    "checking": gettext_lazy("Checking the rows"),
    "matching": gettext_lazy("Comparing with the persons already known"),
    "writing": gettext_lazy("Saving"),
}


def start_person_import(
    *,
    acting_user: User,
    municipality: Municipality,
    filename: str,
    data: bytes,
    language: str = "",
    dry_run: bool = False,
) -> PersonImport:
    """Queue an import of ``data`` and return its job; the worker runs it and writes the
    report's messages in ``language`` (the page's; by default the site's). With
    ``dry_run``, the file is checked and matched and nothing is saved.

    Side effects: one PersonImport row holding the file until the import has run, and one
    task in the queue (together, so that neither is left without the other); the import
    itself writes its audit entries.
    """
    with transaction.atomic():
        job = PersonImport.objects.create(
            municipality=municipality,
            created_by=acting_user,
            filename=filename[:200],
            upload=data,
            language=language[:10],
            dry_run=dry_run,
        )
        tasks.run_person_import.enqueue(str(job.pk))
    return PersonImport.objects.get(pk=job.pk)  # as it is now, without the file


def progress_of(job: PersonImport) -> tuple[str, int, int]:
    """(phase, done, total) of a running import, as the worker last wrote it."""
    if job.status != ImportStatus.RUNNING or not job.phase:
        return ("waiting", 0, 0)
    return (job.phase, job.done, job.total)


def close_abandoned(municipality_id: Any) -> int:
    """Mark the imports of a municipality that are running without a worker (the worker was
    killed or died: nobody holds the job's lock, ``tasks.run_lock``) as failed, and empty
    their stored files. The import itself was rolled back with its worker. How many.

    Side effects: status, end and file of those jobs.
    """
    closed = 0
    running = PersonImport.objects.filter(
        municipality_id=municipality_id, status=ImportStatus.RUNNING
    )
    for job_id in running.values_list("pk", flat=True):
        lock = tasks.run_lock(job_id)
        if not lock.acquire(wait=False):
            continue  # its worker is at work
        try:
            closed += PersonImport.objects.filter(pk=job_id, status=ImportStatus.RUNNING).update(
                status=ImportStatus.FAILED, finished_at=timezone.now(), upload=None
            )
        finally:
            lock.release()
        lock.forget()
    return closed
