"""The state reviewer's pages: the municipalities' files per period, their upload, and the
combined state-wide figures with charts and downloads. Nothing here shows a person: the
files hold anonymised counts only. Also the coordinators' download of their own file."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotse.core.exports import csv_response, xlsx_response
from lotse.reports import services, state, state_combine, state_labels
from lotse.reports.models import StateSubmission
from lotse.web.views.common import own_municipality, require, staff_user

FORMATS = ("csv", "xlsx")


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request, "reports.view_state_figures")
    periods: dict[str, list[StateSubmission]] = defaultdict(list)
    for submission in StateSubmission.objects.only(
        "official_key", "municipality_name", "period", "uploaded_at"
    ):
        periods[submission.period].append(submission)
    return render(
        request,
        "reports/state_overview.html",
        {
            "periods": sorted(periods.items(), reverse=True),
            "may_upload": request.user.has_perm("reports.upload_state_report"),
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require(request, "reports.upload_state_report")
    problems: list[str] = []
    if request.method == "POST":
        files = [
            # A file that is too large is not read: the service refuses it by its size.
            services.UploadedFile(
                f.name or "", b"" if (f.size or 0) > services.MAX_UPLOAD_BYTES else f.read(), f.size
            )
            for f in request.FILES.getlist("files")
        ]
        try:
            stored = services.upload_state_reports(acting_user=staff_user(request), files=files)
        except services.UploadError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                ngettext("Stored: %(count)s file.", "Stored: %(count)s files.", len(stored))
                % {"count": len(stored)},
            )
            return redirect("web:state_figures", period=stored[0].period)
    return render(
        request,
        "reports/state_upload.html",
        {"problems": problems},
        status=400 if problems else 200,
    )


def _combined(period: str) -> tuple[dict[str, Any], list[StateSubmission]]:
    try:
        state.parse_period(period)
    except state.StateReportError as error:
        raise Http404 from error
    submissions = list(StateSubmission.objects.filter(period=period).order_by("municipality_name"))
    if not submissions:
        raise Http404
    return state_combine.combine([s.data for s in submissions]), submissions


def _cell(value: int | None, lower: bool) -> dict[str, Any]:
    """What a cell shows: the count, "≥ n" for a lower bound, "•" where nothing is known."""
    if value is None or (lower and value == 0):
        return {"text": "•", "hidden": _("suppressed (fewer than 5 or protecting such a count)")}
    if lower:
        return {
            "text": f"≥ {value}",
            "hidden": _("at least %(count)s, some municipalities suppressed their part")
            % {"count": value},
        }
    return {"text": str(value), "hidden": "", "value": value}


def _view_table(table: dict[str, Any]) -> dict[str, Any]:
    name = table["name"]
    rows = []
    peak = max((v for v in table["row_totals"] if v is not None), default=0)
    for i, code in enumerate(table["rows"]):
        total = table["row_totals"][i]
        rows.append(
            {
                "label": state_labels.label(code, name),
                "cells": [
                    _cell(v, lower)
                    for v, lower in zip(table["cells"][i], table["suppressed"][i], strict=True)
                ],
                "total": _cell(total, table["row_totals_suppressed"][i]),
                "width": round(100 * (total or 0) / peak, 1) if peak else 0,
            }
        )
    return {
        "name": name,
        "title": state_labels.title(name),
        "unit": state_labels.unit(table["unit"]),
        "columns": [state_labels.label(code, name) for code in table["columns"]],
        "rows": rows,
        "column_totals": [
            _cell(v, lower)
            for v, lower in zip(
                table["column_totals"], table["column_totals_suppressed"], strict=True
            )
        ],
        "total": _cell(table["total"], table["total_suppressed"]),
    }


@login_required
def figures(request: HttpRequest, period: str) -> HttpResponse:
    require(request, "reports.view_state_figures")
    combined, submissions = _combined(period)
    services.record_state_figures_viewed(acting_user=staff_user(request), period=period)
    return render(
        request,
        "reports/state_figures.html",
        {
            "period": period,
            "submissions": submissions,
            "tables": [_view_table(t) for t in combined["tables"]],
        },
    )


def _download_rows(table: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    view = _view_table(table)
    header = [_("Row"), *view["columns"], _("Total")]

    def shown(cell: dict[str, Any]) -> Any:
        # Exact counts stay numbers in the spreadsheet; "•" and "≥ n" are text.
        return cell.get("value", cell["text"])

    rows = [
        [row["label"], *(shown(c) for c in row["cells"]), shown(row["total"])]
        for row in view["rows"]
    ]
    rows.append([_("Total"), *(shown(c) for c in view["column_totals"]), shown(view["total"])])
    return header, rows


@login_required
def figures_export(request: HttpRequest, period: str, table: str, fmt: str) -> HttpResponse:
    require(request, "reports.view_state_figures")
    if fmt not in FORMATS:
        raise Http404
    combined, _submissions = _combined(period)
    chosen = next((t for t in combined["tables"] if t["name"] == table), None)
    if chosen is None:
        raise Http404
    services.record_state_figures_viewed(
        acting_user=staff_user(request), period=period, table=table, fmt=fmt
    )
    header, rows = _download_rows(chosen)
    filename = f"land-{period}-{table}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, state_labels.title(table), header, rows)


@login_required
def state_file(request: HttpRequest) -> HttpResponse:
    """A coordinator's or centre lead's download of the own municipality's state file."""
    require(request, "reports.write_state_report")
    municipality = own_municipality(request)
    error = ""
    text = request.GET.get("period", "").strip()
    if text:
        fmt = request.GET.get("format", "json")
        if fmt not in ("json", "csv"):
            raise Http404
        try:
            period = state.parse_period(text)
        except state.StateReportError:
            error = _("Enter a quarter as 2026-Q3 or a whole year as 2026.")
        else:
            report = services.write_state_report(
                acting_user=staff_user(request), municipality=municipality, period=period, fmt=fmt
            )
            filename = f"landesbericht-{municipality.official_key}-{period.label}.{fmt}"
            body = state.to_csv(report) if fmt == "csv" else state.to_json(report)
            kind = "text/csv" if fmt == "csv" else "application/json"
            response = HttpResponse(body.encode("utf-8"), content_type=f"{kind}; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
    return render(
        request,
        "reports/state_file.html",
        {"error": error, "period": text},
        status=400 if error else 200,
    )
