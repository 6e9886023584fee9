"""Every write of the reports: the state report (writing a municipality's file, combining
files, the state reviewer's uploads), the funding settings, and the audit entries for views
and downloads of the figures (they are official; who saw them is recorded)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.reports import state, state_combine
from lotse.reports.models import StateSubmission
from lotse.reports.state_tables import Period
from lotse.tenancy.models import Municipality

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_FILES = 60  # 54 Kreise and kreisfreie Städte in NRW, and some room


class UploadError(Exception):
    """Files that were not stored; ``problems`` holds one German message per bad file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes
    size: int | None = None  # as the browser told it; None: the length of ``data``


def write_state_report(
    *, acting_user: User | None, municipality: Municipality, period: Period, fmt: str
) -> dict[str, Any]:
    """The anonymised report of ``municipality`` for ``period``.

    Side effect: one STATE_REPORT_WRITTEN audit entry (``acting_user`` None for the
    command line)."""
    with transaction.atomic():
        report = state.state_report(municipality, period)
        audit.record(
            EventType.STATE_REPORT_WRITTEN,
            actor=acting_user,
            municipality=municipality,
            context={"period": period.label, "format": fmt},
        )
    return report


def combine_state_reports(
    *, acting_user: User | None, documents: list[dict[str, Any]], fmt: str
) -> dict[str, Any]:
    """State totals of validated municipality files (see ``state_combine.combine``).

    Side effect: one STATE_REPORT_WRITTEN audit entry naming the municipalities' keys."""
    with transaction.atomic():
        combined = state_combine.combine(documents)
        audit.record(
            EventType.STATE_REPORT_WRITTEN,
            actor=acting_user,
            context={
                "period": combined["period"]["label"],
                "format": fmt,
                "combined": [m["official_key"] for m in combined["municipalities"]],
            },
        )
    return combined


def _read(upload: UploadedFile) -> tuple[dict[str, Any] | None, str]:
    """The file's document, or a German message for the user."""
    size = len(upload.data) if upload.size is None else upload.size
    if size > MAX_UPLOAD_BYTES:
        return None, _("%(file)s: the file is larger than 2 MB.") % {"file": upload.name}
    try:
        document = json.loads(upload.data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, _("%(file)s: this is not a JSON file.") % {"file": upload.name}
    try:
        checked = state_combine.check_file(document, source=upload.name)
    except state.StateReportError:
        return None, _(
            "%(file)s: this is not a state-report file of a municipality (it does not match "
            "the published JSON Schema)."
        ) % {"file": upload.name}
    return checked, ""


def upload_state_reports(*, acting_user: User, files: list[UploadedFile]) -> list[StateSubmission]:
    """Store the state-report files of municipalities; all or nothing.

    Every file is validated with the JSON Schema; on any error nothing is stored and
    ``UploadError`` lists one message per bad file. A file for a municipality and period
    that is already stored replaces it. Side effects: the submissions, and one
    STATE_REPORT_UPLOADED audit entry per file."""
    if not files:
        raise UploadError([_("Choose at least one file.")])
    if len(files) > MAX_UPLOAD_FILES:
        limit = {"count": MAX_UPLOAD_FILES}
        raise UploadError([_("Upload at most %(count)s files at once.") % limit])
    documents: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for upload in files:
        document, problem = _read(upload)
        if document is None:
            problems.append(problem)
            continue
        documents.append(document)
        key = (document["municipality"]["official_key"], document["period"]["label"])
        if key in seen:
            problems.append(
                _("%(file)s: the same municipality and period as %(other)s.")
                % {"file": upload.name, "other": seen[key]}
            )
        seen[key] = upload.name
    if problems:
        raise UploadError(problems)
    stored = []
    with transaction.atomic():
        for document in documents:
            submission, created = StateSubmission.objects.update_or_create(
                official_key=document["municipality"]["official_key"],
                period=document["period"]["label"],
                defaults={
                    "municipality_name": document["municipality"]["name"],
                    "data": document,
                    "uploaded_by": acting_user,
                },
            )
            audit.record(
                EventType.STATE_REPORT_UPLOADED,
                actor=acting_user,
                target=submission,
                context={
                    "official_key": submission.official_key,
                    "period": submission.period,
                    "replaced": not created,
                },
            )
            stored.append(submission)
    return stored


def record_state_figures_viewed(
    *, acting_user: User, period: str, table: str = "", fmt: str = ""
) -> None:
    """Side effect: one STATE_FIGURES_VIEWED audit entry for a view of the combined figures
    of a period (or, with ``table``, a download of one table)."""
    with transaction.atomic():
        audit.record(
            EventType.STATE_FIGURES_VIEWED,
            actor=acting_user,
            context={"period": period, "table": table, "format": fmt},
        )


# --- The dashboard and the funding report ----------------------------------------------

FUNDING_FIELDS = (
    "funding_per_position",
    "funded_case_management",
    "funded_coordination",
    "funded_administration",
)


@transaction.atomic
def record_report_viewed(
    *,
    acting_user: User,
    municipality: Municipality,
    report: str,
    filters: dict[str, Any],
    table: str = "",
    fmt: str = "",
) -> None:
    """Side effect: one audit entry for a view of the dashboard or the funding report
    (``report`` "dashboard" or "funding"), or with ``table`` for a download of one table."""
    events = {
        ("dashboard", False): EventType.DASHBOARD_VIEWED,
        ("dashboard", True): EventType.DASHBOARD_EXPORTED,
        ("funding", False): EventType.FUNDING_REPORT_VIEWED,
        ("funding", True): EventType.FUNDING_REPORT_EXPORTED,
    }
    context: dict[str, Any] = {"filters": filters}
    if table:
        context.update(table=table, format=fmt)
    audit.record(
        events[(report, bool(table))],
        actor=acting_user,
        municipality=municipality,
        context=context,
    )


@transaction.atomic
def set_funding(
    *,
    acting_user: User | None,
    municipality: Municipality,
    funding_per_position: Decimal,
    funded_case_management: Decimal,
    funded_coordination: Decimal,
    funded_administration: Decimal,
) -> Municipality:
    """Set the funded positions and the amount per position. Side effects: saves the
    municipality and writes a FUNDING_SET audit entry with the values before and after."""
    values = {
        "funding_per_position": funding_per_position,
        "funded_case_management": funded_case_management,
        "funded_coordination": funded_coordination,
        "funded_administration": funded_administration,
    }
    before = {name: str(getattr(municipality, name)) for name in FUNDING_FIELDS}
    for name, value in values.items():
        setattr(municipality, name, value)
    municipality.full_clean()
    municipality.save(update_fields=list(FUNDING_FIELDS))
    audit.record(
        EventType.FUNDING_SET,
        actor=acting_user,
        municipality=municipality,
        target=municipality,
        before=before,
        after={name: str(value) for name, value in values.items()},
    )
    return municipality
