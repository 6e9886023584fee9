"""Importing persons from other systems (administrators): upload, watch, read the report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from lotse.core import exports
from lotse.people import import_jobs, imports, queries
from lotse.people.enums import ImportStatus
from lotse.people.models import PersonImport
from lotse.web.views.common import own_municipality, require, staff_user

PHASE_LABELS = import_jobs.PHASE_LABELS


@login_required
def person_import(request: HttpRequest) -> HttpResponse:
    require(request, "people.import_person")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a CSV or XLSX file.")
        elif upload.size and upload.size > imports.MAX_BYTES:
            error = _("The file is larger than %(size)s MB.") % {
                "size": imports.MAX_BYTES // (1024 * 1024)
            }
        else:
            job = import_jobs.start_person_import(
                acting_user=staff_user(request),
                municipality=own_municipality(request),
                filename=upload.name or "",
                data=upload.read(),
                language=translation.get_language() or "",
                dry_run=request.POST.get("action") == "check",
            )
            return redirect("web:person_import_detail", pk=job.pk)
    import_jobs.close_abandoned(own_municipality(request).pk)
    recent = queries.imports_for(request.user)[:10]
    return render(
        request,
        "people/person_import.html",
        {"error": error, "columns": imports.COLUMNS, "recent": recent},
        status=400 if error else 200,
    )


def _state(job: PersonImport) -> dict[str, object]:
    phase, done, total = import_jobs.progress_of(job)
    percent = round(100 * done / total) if total else 0
    step = import_jobs.PHASES.index(phase) + 1 if phase in import_jobs.PHASES else 0
    label = _("Step %(step)s of 3: %(phase)s – %(percent)s %%") % {
        "step": step,
        "phase": PHASE_LABELS.get(phase, phase),
        "percent": percent // 10 * 10,  # in steps, so that screen readers are not flooded
    }
    return {
        "status": job.status,
        "finished": job.finished,
        "phase": phase,
        "done": done,
        "total": total,
        "percent": percent,
        "label": label if step else str(PHASE_LABELS["waiting"]),
    }


def _current(request: HttpRequest, pk: str) -> PersonImport:
    """The job as it stands; a running one whose worker died is closed first."""
    job = queries.get_import_for(request.user, pk)
    if job.status == ImportStatus.RUNNING and import_jobs.close_abandoned(job.municipality_id):
        job.refresh_from_db()
    return job


@login_required
def person_import_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = _current(request, pk)
    return render(
        request,
        "people/person_import_detail.html",
        {"job": job, "state": _state(job), "error_count": _error_count(job)},
    )


def _error_count(job: PersonImport) -> int:
    """How many errors the import found; the job keeps the first ``MAX_ERRORS``."""
    return int(job.report.get("error_count") or len(job.errors))


@login_required
def person_import_errors(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    """The errors of a refused file as a table for Excel (XLSX or CSV): row, column and
    problem, as the page lists them, to be worked through and filtered there. They name
    rows and columns of the file, not its values."""
    job = _current(request, pk)
    if fmt not in ("xlsx", "csv") or not job.errors:
        raise Http404
    header = [_("Row"), _("Column"), _("Problem")]
    rows = [(row or "", column, message) for row, column, message in job.errors]
    count = _error_count(job)
    if count > len(rows):  # only the first are kept
        shown = ngettext(
            "the first %(shown)s of %(counter)s error",
            "the first %(shown)s of %(counter)s errors",
            count,
        ) % {"shown": len(rows), "counter": count}
        rows.append(("", "", shown))
    stem = slugify(job.filename.rsplit(".", 1)[0])[:60] or "import"
    # Translators: the beginning of the downloaded file's name, in lower case.
    prefix = pgettext("file name", "errors")
    filename = f"{prefix}-{stem}.{fmt}"
    if fmt == "csv":
        return exports.csv_response(filename, header, rows)
    return exports.xlsx_response(filename, _("Errors by row and column"), header, rows)


@login_required
def person_import_status(request: HttpRequest, pk: str) -> JsonResponse:
    """The progress of a running import, polled by the page's script."""
    job = _current(request, pk)
    return JsonResponse(_state(job))
