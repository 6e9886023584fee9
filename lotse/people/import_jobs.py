"""Imports started on the web page: queued, run in the background, watched.

The import itself is ``people.imports.import_persons``; this module runs it beside the web
request (``core.background``, decision 0013), records the outcome on a ``PersonImport`` and
keeps the progress for the page to poll.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from lotse.core import background
from lotse.core.tables import ImportFileError
from lotse.people.enums import ImportStatus
from lotse.people.imports import import_persons
from lotse.people.models import PersonImport

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

_progress: dict[str, tuple[str, int, int]] = {}
_progress_lock = threading.Lock()
PHASES = ("checking", "matching", "writing")


def start_person_import(
    *, acting_user: User, municipality: Municipality, filename: str, data: bytes
) -> PersonImport:
    """Queue an import of ``data`` and return its job; the work runs in the background.

    Side effects: one PersonImport row; the import itself writes its audit entries.
    """
    job = PersonImport.objects.create(
        municipality=municipality, created_by=acting_user, filename=filename[:200]
    )
    background.submit(run_person_import, job.pk, data)
    return job


def run_person_import(job_id: Any, data: bytes) -> None:
    """The background part of a web import: runs it and records the outcome on the job."""
    job = PersonImport.objects.select_related("municipality", "created_by").get(pk=job_id)
    key = str(job.pk)
    PersonImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)

    def progress(phase: str, done: int, total: int) -> None:
        with _progress_lock:
            _progress[key] = (phase, done, total)

    try:
        report = import_persons(
            acting_user=job.created_by,
            municipality=job.municipality,
            filename=job.filename,
            data=data,
            progress=progress,
        )
    except ImportFileError as error:
        job.status, job.errors = ImportStatus.REJECTED, [[0, "", str(error)]]
    except Exception:
        job.status = ImportStatus.FAILED
        raise
    else:
        job.status = ImportStatus.DONE if report.ok else ImportStatus.REJECTED
        job.report = report.as_dict()
        job.errors = [[e.row, e.column, e.message] for e in report.errors]
    finally:
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "report", "errors", "finished_at"])
        with _progress_lock:
            _progress.pop(key, None)


def progress_of(job: PersonImport) -> tuple[str, int, int]:
    """(phase, done, total) of a running import, as far as this process knows it."""
    with _progress_lock:
        return _progress.get(str(job.pk), ("waiting", 0, 0))
