"""The municipal dashboard and the funding report: pages, prints and downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.core.exports import csv_response, xlsx_workbook_response
from lotse.reports import dashboard as board
from lotse.reports import services
from lotse.reports.figures import Figure
from lotse.reports.forms import DashboardFilterForm, FundingForm, PeriodForm
from lotse.reports.funding import Funding, funding_report
from lotse.web.views.common import own_municipality, require, staff_user

FORMATS = ("csv", "xlsx")
ALL = "all"


def _download(figures: list[Figure], fmt: str, stem: str) -> HttpResponse:
    day = timezone.localdate().isoformat()
    if fmt == "csv":
        (figure,) = figures
        return csv_response(f"{stem}-{figure.name}-{day}.csv", figure.header, figure.rows)
    name = figures[0].name if len(figures) == 1 else ALL
    return xlsx_workbook_response(
        f"{stem}-{name}-{day}.xlsx", [(f.title, f.header, f.rows) for f in figures]
    )


def _scope(request: HttpRequest) -> tuple[DashboardFilterForm, board.Scope | None]:
    require(request, "reports.view_dashboard")
    user = staff_user(request)
    municipality = own_municipality(request)
    form = DashboardFilterForm(
        request.GET,
        municipality=municipality,
        own_only=not user.has_perm("reports.view_municipal_figures"),
    )
    if form.is_bound and not form.is_valid():
        return form, None
    return form, board.scope_for(user, municipality, form.filters())


def _key_figures(figures: dict[str, Figure]) -> list[dict[str, Any]]:
    cases = figures["cases"].rows[-1] if figures["cases"].rows else [None, 0, 0, 0]
    persons = figures["life_stages"].rows[-1][1] if figures["life_stages"].rows else 0
    contacts = figures["contacts"]
    duration = figures["duration"].extra["spread"]
    interpreted = contacts.rows[-1][3] if contacts.rows else None
    return [
        {"label": _("New cases"), "value": cases[1]},
        {"label": _("Closed cases"), "value": cases[2]},
        {"label": _("Open at the end"), "value": cases[3]},
        {"label": _("Persons"), "value": persons},
        {"label": _("Contacts per case"), "value": contacts.extra["per_case"]},
        {"label": _("Contacts with interpreter (%)"), "value": interpreted},
        {"label": _("Median case duration (days)"), "value": duration.median},
    ]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    context: dict[str, Any] = {"form": form, "own_only": "site" not in form.fields}
    if scope is None:
        return render(request, "reports/dashboard.html", context, status=400)
    query = request.GET.urlencode()

    def rendered(figure: Figure) -> str:
        # Each figure's chart and table are drawn as soon as it is computed (decision 0015).
        return render_to_string(
            "reports/includes/figure.html",
            {"figure": figure, "export_view": "web:dashboard_export", "query": query},
        )

    drawn = board.dashboard_then(scope, rendered)
    figures = [figure for figure, _html in drawn]
    services.record_report_viewed(
        acting_user=staff_user(request),
        municipality=scope.municipality,
        report="dashboard",
        filters=request.GET.dict(),
    )
    context.update(
        figures=figures,
        drawn=[html for _figure, html in drawn],
        filters=scope.filters,
        key_figures=_key_figures({f.name: f for f in figures}),
        query=query,
    )
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS or (name not in board.FIGURES and not (name == ALL and fmt == "xlsx")):
        raise Http404
    form, scope = _scope(request)
    if scope is None:
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    figures = board.dashboard(scope) if name == ALL else [board.figure(scope, name)]
    services.record_report_viewed(
        acting_user=staff_user(request),
        municipality=scope.municipality,
        report="dashboard",
        filters=request.GET.dict(),
        table=name,
        fmt=fmt,
    )
    return _download(figures, fmt, "kennzahlen")


def _funding(request: HttpRequest) -> tuple[PeriodForm, Funding | None]:
    require(request, "reports.view_funding")
    form = PeriodForm(request.GET)
    if form.is_bound and not form.is_valid():
        return form, None
    start, end = form.period()
    return form, funding_report(own_municipality(request), start, end)


@login_required
def funding(request: HttpRequest) -> HttpResponse:
    municipality = own_municipality(request)
    may_set = request.user.has_perm("reports.set_funding")
    settings_form = None
    if may_set:
        settings_form = FundingForm(
            request.POST if request.method == "POST" else None,
            initial={name: getattr(municipality, name) for name in services.FUNDING_FIELDS},
        )
    if request.method == "POST":
        require(request, "reports.set_funding")
        assert settings_form is not None  # noqa: S101  (may_set)
        if settings_form.is_valid():
            services.set_funding(
                acting_user=staff_user(request),
                municipality=municipality,
                **settings_form.cleaned_data,
            )
            messages.success(request, _("The funded positions are saved."))
            return redirect("web:funding")
    form, report = _funding(request)
    if report is not None:
        services.record_report_viewed(
            acting_user=staff_user(request),
            municipality=municipality,
            report="funding",
            filters=request.GET.dict(),
        )
    invalid = report is None or (settings_form is not None and settings_form.errors)
    return render(
        request,
        "reports/funding.html",
        {
            "form": form,
            "funding": report,
            "settings_form": settings_form,
            "query": request.GET.urlencode(),
        },
        status=400 if invalid else 200,
    )


@login_required
def funding_print(request: HttpRequest) -> HttpResponse:
    form, report = _funding(request)
    if report is None:
        return render(request, "reports/funding.html", {"form": form}, status=400)
    services.record_report_viewed(
        acting_user=staff_user(request),
        municipality=report.municipality,
        report="funding",
        filters=request.GET.dict(),
        table="print",
        fmt="html",
    )
    return render(
        request,
        "reports/funding_print.html",
        {"funding": report, "query": request.GET.urlencode(), "today": timezone.localdate()},
    )


@login_required
def funding_export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    form, report = _funding(request)
    if report is None:
        return render(request, "reports/funding.html", {"form": form}, status=400)
    figures = {f.name: f for f in report.figures}
    if fmt not in FORMATS or (name not in figures and not (name == ALL and fmt == "xlsx")):
        raise Http404
    services.record_report_viewed(
        acting_user=staff_user(request),
        municipality=report.municipality,
        report="funding",
        filters=request.GET.dict(),
        table=name,
        fmt=fmt,
    )
    chosen = report.figures if name == ALL else [figures[name]]
    return _download(chosen, fmt, "verwendungsnachweis")
