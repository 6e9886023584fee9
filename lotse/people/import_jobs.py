"""Imports started on the web page: queued, run by the worker, watched.

The import itself is ``people.imports.import_persons``; ``people.tasks.run_person_import``
runs it in the worker process (decision 0017) and writes its progress and outcome on the
``PersonImport`` row, which every web process reads for the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from lotse.people import tasks
from lotse.people.enums import ImportStatus
from lotse.people.models import PersonImport

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

PHASES = ("checking", "matching", "writing")


def start_person_import(
    *, acting_user: User, municipality: Municipality, filename: str, data: bytes
) -> PersonImport:
    """Queue an import of ``data`` and return its job; the worker runs it.

    Side effects: one PersonImport row holding the file until the import has run, and one
    task in the queue (together, so that neither is left without the other); the import
    itself writes its audit entries.
    """
    with transaction.atomic():
        job = PersonImport.objects.create(
            municipality=municipality, created_by=acting_user, filename=filename[:200], upload=data
        )
        tasks.run_person_import.enqueue(str(job.pk))
    return PersonImport.objects.get(pk=job.pk)  # as it is now, without the file


def progress_of(job: PersonImport) -> tuple[str, int, int]:
    """(phase, done, total) of a running import, as the worker last wrote it."""
    if job.status != ImportStatus.RUNNING or not job.phase:
        return ("waiting", 0, 0)
    return (job.phase, job.done, job.total)
