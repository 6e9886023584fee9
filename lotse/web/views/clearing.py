"""Pages of the health-insurance clearing: thin views over the clearing services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.cases.models import Case
from lotse.clearing import queries, services, statistics
from lotse.clearing.forms import (
    CloseClearingForm,
    EditClearingForm,
    OpenClearingForm,
    StatisticsForm,
    StepForm,
)
from lotse.clearing.models import ClearingCase
from lotse.core.concurrency import ConflictError
from lotse.core.exports import csv_response, xlsx_response
from lotse.people import queries as people_queries
from lotse.reports.figures import Bar, Chart
from lotse.web.views.common import (
    CountedPaginator,
    add_service_errors,
    own_municipality,
    record_listed,
    require,
    staff_user,
)

FORMATS = ("csv", "xlsx")
STATES = ("open", "closed", "all")


def _german(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


@login_required
def clearing_list(request: HttpRequest) -> HttpResponse:
    require(request, "clearing.list_clearingcase")
    user = staff_user(request)
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    state = request.GET.get("state") if request.GET.get("state") in STATES else "open"
    cases = queries.clearing_cases_for(user)
    if scope == "mine":
        cases = cases.filter(counsellor=user)
    counts = queries.open_closed_counts(cases)
    if state == "open":
        cases, total = cases.filter(closed_on__isnull=True), counts["open"]
    elif state == "closed":
        cases, total = cases.filter(closed_on__isnull=False), counts["closed"]
    else:
        total = counts["open"] + counts["closed"]
    paginator = CountedPaginator(cases.order_by("-opened_on", "-created_at"), 50, count=total)
    page = paginator.get_page(request.GET.get("page"))
    record_listed(request, (clearing.person_id for clearing in page), "clearing")
    return render(
        request,
        "clearing/clearing_list.html",
        {"page": page, "scope": scope, "state": state, "counts": counts},
    )


def _kim_cases(person: Any) -> Any:
    """The KIM cases a clearing may be linked to: the person's own or their household's."""
    match = Q(person=person)
    if person.household_id:
        match |= Q(household_id=person.household_id)
    return Case.objects.filter(municipality_id=person.municipality_id).filter(match)


@login_required
def clearing_open(request: HttpRequest) -> HttpResponse:
    require(request, "clearing.add_clearingcase")
    user = staff_user(request)
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        raise PermissionDenied
    person = people_queries.get_person_for(user, person_id)
    form = OpenClearingForm(
        request.POST or None,
        initial={"opened_on": _german(timezone.localdate())},
        kim_cases=_kim_cases(person),
    )
    if request.method == "POST" and form.is_valid():
        try:
            clearing = services.open_clearing_case(
                acting_user=user,
                person=person,
                status_at_start=form.cleaned_data["status_at_start"],
                opened_on=form.cleaned_data["opened_on"],
                case=form.cleaned_data["case"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The clearing case has been opened."))
            return redirect("web:clearing_detail", pk=clearing.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "clearing/clearing_open.html", {"form": form, "person": person}, status=status
    )


def render_clearing(
    request: HttpRequest, clearing: ClearingCase, status: int = 200, **bound: Any
) -> HttpResponse:
    """The clearing page, with any bound (erroneous) form in place of its empty one."""
    today = _german(timezone.localdate())
    context = {
        "clearing": clearing,
        "steps": list(clearing.steps.all()),
        "step_form": bound.get("step_form") or StepForm(initial={"taken_on": today}),
        "close_form": bound.get("close_form")
        or CloseClearingForm(initial={"version": clearing.version, "closed_on": today}),
        "edit_form": bound.get("edit_form")
        or EditClearingForm(
            initial={
                "version": clearing.version,
                "status_at_start": clearing.status_at_start,
                "opened_on": _german(clearing.opened_on),
                "case": clearing.case_id,
            },
            kim_cases=_kim_cases(clearing.person),
        ),
    }
    return render(request, "clearing/clearing_detail.html", context, status=status)


def _guarded(request: HttpRequest, pk: str) -> ClearingCase:
    require(request, "clearing.list_clearingcase")
    clearing = queries.get_clearing_case_for(request.user, pk)
    if not request.user.has_perm("clearing.change_clearingcase", clearing):
        raise PermissionDenied
    return clearing


@login_required
def clearing_detail(request: HttpRequest, pk: str) -> HttpResponse:
    require(request, "clearing.list_clearingcase")
    clearing = queries.get_clearing_case_for(request.user, pk)
    services.record_clearing_case_viewed(acting_user=staff_user(request), clearing_case=clearing)
    return render_clearing(request, clearing)


@login_required
@require_POST
def clearing_step_add(request: HttpRequest, pk: str) -> HttpResponse:
    clearing = _guarded(request, pk)
    form = StepForm(request.POST)
    return _submit(
        request,
        clearing,
        form,
        "step_form",
        _("The step has been recorded."),
        lambda data: services.record_clearing_step(
            acting_user=staff_user(request),
            clearing_case=clearing,
            kind=data["kind"],
            taken_on=data["taken_on"],
            result=data["result"],
            note=data["note"],
        ),
    )


@login_required
@require_POST
def clearing_close(request: HttpRequest, pk: str) -> HttpResponse:
    clearing = _guarded(request, pk)
    form = CloseClearingForm(request.POST)
    return _submit(
        request,
        clearing,
        form,
        "close_form",
        _("The clearing case has been closed."),
        lambda data: services.close_clearing_case(
            acting_user=staff_user(request),
            clearing_case=clearing,
            status_at_end=data["status_at_end"],
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            expected_version=data["version"],
        ),
    )


@login_required
@require_POST
def clearing_edit(request: HttpRequest, pk: str) -> HttpResponse:
    clearing = _guarded(request, pk)
    form = EditClearingForm(request.POST, kim_cases=_kim_cases(clearing.person))
    return _submit(
        request,
        clearing,
        form,
        "edit_form",
        _("The clearing case has been changed."),
        lambda data: services.update_clearing_case(
            acting_user=staff_user(request),
            clearing_case=clearing,
            expected_version=data["version"],
            status_at_start=data["status_at_start"],
            opened_on=data["opened_on"],
            case=data["case"],
        ),
    )


def _submit(  # noqa: PLR0917  (one call per form of the detail page)
    request: HttpRequest,
    clearing: ClearingCase,
    form: Any,
    form_name: str,
    done: str,
    write: Callable[[dict[str, Any]], Any],
) -> HttpResponse:
    """The forms of the detail page: valid input goes to its service, then back to the page;
    a service's refusal shows at the fields (400), a stale version reloads the case (409)."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ConflictError as error:
            messages.warning(request, error.message)
            fresh = queries.get_clearing_case_for(request.user, clearing.pk)
            return render_clearing(request, fresh, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("web:clearing_detail", pk=clearing.pk)
    return render_clearing(request, clearing, status=400, **{form_name: form})


def _period(request: HttpRequest) -> tuple[StatisticsForm, dt.date | None, dt.date | None]:
    """The period asked for; without one, the current year up to today."""
    today = timezone.localdate()
    if "date_from" not in request.GET and "date_to" not in request.GET:
        start = today.replace(month=1, day=1)
        form = StatisticsForm(initial={"date_from": _german(start), "date_to": _german(today)})
        return form, start, today
    form = StatisticsForm(request.GET)
    if not form.is_valid():
        return form, None, None
    return form, form.cleaned_data["date_from"], form.cleaned_data["date_to"]


BAR_TABLES = ("nationality", "start", "end", "steps")


def _chart(table: statistics.Table) -> Chart | None:
    """The bars of one table's counting column (the reports' chart, drawn by the same
    template as the dashboard's)."""
    column = table.bar_column
    if column is None:
        return None
    return Chart(
        series=[str(table.header[column])],
        bars=[Bar(str(row[0]), [row[column]]) for row in table.rows],
    )


@login_required
def clearing_statistics(request: HttpRequest) -> HttpResponse:
    require(request, "clearing.view_statistics")
    municipality = own_municipality(request)
    form, start, end = _period(request)
    context: dict[str, Any] = {"form": form}
    if start is None or end is None:
        return render(request, "clearing/statistics.html", context, status=400)
    figures = statistics.clearing_statistics(municipality.pk, start, end)
    services.record_statistics_viewed(
        acting_user=staff_user(request), municipality=municipality, date_from=start, date_to=end
    )
    context |= {
        "stats": figures,
        "tables": [figures.tables[name] for name in statistics.TABLE_NAMES],
        "charts": [
            {"table": figures.tables[name], "chart": _chart(figures.tables[name])}
            for name in BAR_TABLES
        ],
        "query": f"date_from={_german(start)}&date_to={_german(end)}",
    }
    return render(request, "clearing/statistics.html", context)


@login_required
def clearing_statistics_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    require(request, "clearing.view_statistics")
    if table not in statistics.TABLE_NAMES or fmt not in FORMATS:
        raise Http404
    municipality = own_municipality(request)
    form, start, end = _period(request)
    if start is None or end is None:
        return render(request, "clearing/statistics.html", {"form": form}, status=400)
    figures = statistics.clearing_statistics(municipality.pk, start, end)
    services.record_statistics_viewed(
        acting_user=staff_user(request),
        municipality=municipality,
        date_from=start,
        date_to=end,
        table=table,
        fmt=fmt,
    )
    data = figures.tables[table]
    filename = f"clearing-{data.name}-{start.isoformat()}-{end.isoformat()}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, data.header, data.rows)
    return xlsx_response(filename, data.title, data.header, data.rows)
