"""Staff pages of the service directory: the list, the form, import and export, and the
gap-and-overlap analysis with its charts and downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.enums import Role
from lotse.core.catalogues import LifeDomain
from lotse.core.concurrency import ConflictError
from lotse.core.exports import csv_response, xlsx_response
from lotse.directory import analysis as landscape
from lotse.directory import queries, reports, services, transfer
from lotse.directory.forms import AnalysisFilterForm, ServiceForm
from lotse.directory.models import Service
from lotse.tenancy.models import Organisation, Site
from lotse.web.views.common import add_service_errors, own_municipality, require, staff_user

FORMATS = ("csv", "xlsx")


def _choices(request: HttpRequest) -> tuple[QuerySet[Organisation], QuerySet[Site]]:
    """Organisations and sites the user may attach a service to."""
    user = staff_user(request)
    membership = user.membership_or_none
    if membership is None or membership.municipality_id is None:
        raise PermissionDenied
    organisations = Organisation.objects.filter(municipality_id=membership.municipality_id)
    if membership.role == Role.PARTNER_STAFF:
        own = membership.organisation_id
        organisations = organisations.filter(pk=own) if own else organisations.none()
    sites = Site.objects.filter(municipality_id=membership.municipality_id).order_by("name")
    return organisations.order_by("name"), sites


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    require(request, "directory.list_service")
    services_ = list(queries.services_for(request.user))
    editable = {s.pk for s in services_ if request.user.has_perm("directory.change_service", s)}
    return render(
        request,
        "directory/service_list.html",
        {
            "services": services_,
            "editable": editable,
            "may_add": request.user.has_perm("directory.add_service"),
            "may_import": request.user.has_perm("directory.import_service"),
        },
    )


def _service_fields(form: ServiceForm) -> dict[str, Any]:
    data = form.cleaned_data
    fields = {name: data.get(name) for name in services.FIELDS if name != "translations"}
    for name in ("phone", "email", "website", "eligibility", "internal_note"):
        fields[name] = fields[name] or ""
    fields["translations"] = form.translations()
    return fields


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    require(request, "directory.add_service")
    organisations, sites = _choices(request)
    form = ServiceForm(
        request.POST or None,
        organisations=organisations,
        sites=sites,
        initial={"version": 0, "cost": "free"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            service = services.create_service(
                acting_user=staff_user(request),
                organisation=form.cleaned_data["organisation"],
                sites=form.cleaned_data["sites"],
                **_service_fields(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The service has been added to the directory."))
            return redirect("web:service_edit", pk=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "service": None})


def _initial(service: Service) -> dict[str, Any]:
    initial = {name: getattr(service, name) for name in services.FIELDS}
    initial.update(ServiceForm.translation_initial(service.translations))
    initial["version"] = service.version
    initial["organisation"] = service.organisation_id
    initial["sites"] = [site.pk for site in service.sites.all()]
    return initial


@login_required
def service_edit(request: HttpRequest, pk: str) -> HttpResponse:
    service = queries.get_service_for(request.user, pk)
    if not request.user.has_perm("directory.change_service", service):
        raise PermissionDenied
    organisations, sites = _choices(request)
    organisations = organisations.filter(pk=service.organisation_id)
    form = ServiceForm(
        request.POST or None, organisations=organisations, sites=sites, initial=_initial(service)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(
                acting_user=staff_user(request),
                service=service,
                expected_version=form.cleaned_data["version"],
                sites=form.cleaned_data["sites"],
                **_service_fields(form),
            )
        except ConflictError as error:
            conflict = error
            data = request.POST.copy()
            data["version"] = str(service.version)
            form = ServiceForm(data, organisations=organisations, sites=sites)
            form.is_valid()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("web:service_list")
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "service": service, "conflict": conflict},
        status=409 if conflict else 200,
    )


def _download(table: reports.Table, fmt: str, stem: str) -> HttpResponse:
    day = timezone.localdate().isoformat()
    filename = f"{stem}-{table.name}-{day}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, table.header, table.rows)
    return xlsx_response(filename, table.title, table.header, table.rows)


@login_required
def service_export(request: HttpRequest, fmt: str) -> HttpResponse:
    require(request, "directory.list_service")
    if fmt not in FORMATS:
        raise Http404
    header, rows = transfer.export_rows(queries.services_for(request.user))
    table = reports.Table("services", _("Services"), header, rows)
    services.record_services_exported(
        acting_user=staff_user(request),
        municipality=own_municipality(request),
        fmt=fmt,
        rows=len(rows),
    )
    return _download(table, fmt, "angebote")


@login_required
def service_import(request: HttpRequest) -> HttpResponse:
    require(request, "directory.import_service")
    municipality = own_municipality(request)
    result = None
    file_error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            file_error = _("Choose a CSV or XLSX file.")
        elif upload.size and upload.size > transfer.MAX_BYTES:
            file_error = _("The file is larger than 5 MB.")
        else:
            try:
                result = transfer.import_services(
                    acting_user=staff_user(request),
                    municipality=municipality,
                    filename=upload.name or "",
                    data=upload.read(),
                )
            except transfer.ImportFileError as error:
                file_error = str(error)
            if result is not None and result.ok:
                messages.success(
                    request,
                    _("Imported: %(created)s new, %(updated)s changed.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("web:service_list")
    status = 400 if (file_error or (result is not None and not result.ok)) else 200
    return render(
        request,
        "directory/service_import.html",
        {"result": result, "file_error": file_error, "columns": transfer.COLUMNS},
        status=status,
    )


def _analysis(request: HttpRequest) -> tuple[AnalysisFilterForm, landscape.Analysis | None]:
    require(request, "directory.view_analysis")
    municipality = own_municipality(request)
    form = AnalysisFilterForm(request.GET or None, districts=queries.districts_of(municipality))
    if request.GET and not form.is_valid():
        return form, None
    filters = form.filters() if request.GET else landscape.Filters()
    return form, landscape.analyse(municipality, filters)


@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    form, result = _analysis(request)
    context: dict[str, Any] = {"form": form, "analysis": result}
    if result is not None:
        tables = {name: build(result) for name, build in reports.TABLES.items()}
        context["tables"] = tables
        context["heat"] = _heat_cells(result)
        context["bars"] = _bars(result)
        context["query"] = request.GET.urlencode()
        services.record_analysis_viewed(
            acting_user=staff_user(request),
            municipality=own_municipality(request),
            filters=request.GET.dict(),
        )
    return render(
        request, "directory/analysis.html", context, status=200 if result is not None else 400
    )


@login_required
def analysis_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in reports.TABLES or fmt not in FORMATS:
        raise Http404
    form, result = _analysis(request)
    if result is None:
        return render(request, "directory/analysis.html", {"form": form}, status=400)
    services.record_analysis_viewed(
        acting_user=staff_user(request),
        municipality=own_municipality(request),
        filters=request.GET.dict(),
        table=table,
        fmt=fmt,
    )
    return _download(reports.TABLES[table](result), fmt, "angebotslandschaft")


HEAT_LEVELS = 5


def _heat_cells(result: landscape.Analysis) -> list[dict[str, Any]]:
    """Rows of the heat map: for each domain and district the cases with need, the offers in
    reach and a level 0–5 (cases per offer; 'gap' where cases meet no offer)."""
    peak = max(
        (
            need.total / max(1, result.supply_by_place.get(key, 0))
            for key, need in result.need_by_place.items()
        ),
        default=0,
    )
    rows = []
    for domain in LifeDomain.values:
        if result.filters.life_domain and domain != result.filters.life_domain:
            continue
        cells = []
        for district in result.districts:
            need = result.need_by_place.get((domain, district), landscape.Need()).total
            offers = result.supply_by_place.get((domain, district), 0)
            if need and not offers:
                level = "gap"
            elif not need:
                level = "0"
            else:
                level = str(max(1, round(HEAT_LEVELS * (need / offers) / peak)) if peak else 1)
            cells.append({"district": district, "need": need, "offers": offers, "level": level})
        rows.append({"domain": reports.domain_label(domain), "cells": cells})
    return rows


def _bars(result: landscape.Analysis) -> list[dict[str, Any]]:
    """Bars of cases with need per life domain (urgent and some), widths in per cent."""
    peak = max((need.total for need in result.need_by_domain.values()), default=0)
    bars = []
    for domain in LifeDomain.values:
        need = result.need_by_domain.get(domain)
        if need is None:
            continue
        bars.append(
            {
                "label": reports.domain_label(domain),
                "urgent": need.urgent,
                "some": need.some,
                "urgent_width": round(100 * need.urgent / peak, 1) if peak else 0,
                "some_width": round(100 * need.some / peak, 1) if peak else 0,
            }
        )
    return bars
