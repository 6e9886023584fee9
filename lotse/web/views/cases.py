"""Pages for cases: thin views over the case services and queries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.cases import queries, services
from lotse.cases.enums import Phase
from lotse.cases.forms import OpenCaseForm, PauseForm, PhaseForm, TransferForm
from lotse.cases.models import Case, StructuralIssue
from lotse.cases.work_forms import ContactForm, FollowUpForm
from lotse.core.concurrency import ConflictError
from lotse.people import queries as people_queries
from lotse.referrals import queries as referral_queries
from lotse.web.views.common import (
    CountedPaginator,
    own_municipality,
    record_listed,
    require,
    staff_user,
)


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require(request, "cases.list_case")
    user = staff_user(request)
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    cases = queries.cases_for(user)
    if scope == "mine":
        cases = cases.filter(owner=user)
    phase = request.GET.get("phase", "")
    counts = queries.phase_counts(cases)
    if phase in Phase.values:
        cases = cases.filter(phase=phase)
        total = dict(counts)[Phase(phase)]
    else:
        total = sum(count for _phase, count in counts)
    paginator = CountedPaginator(
        queries.with_persons_shown(cases.order_by("-opened_on", "reference")), 50, count=total
    )
    page = paginator.get_page(request.GET.get("page"))
    record_listed(request, (pk for case in page for pk in queries.persons_shown(case)), "cases")
    return render(
        request,
        "cases/case_list.html",
        {"page": page, "scope": scope, "phase": phase, "counts": counts},
    )


def _forms(case: Case, user: Any, **bound: Any) -> dict[str, Any]:
    return {
        "phase_form": bound.get("phase_form")
        or PhaseForm(initial={"version": case.version}, allowed=services.allowed_next_phases(case)),
        "pause_form": bound.get("pause_form") or PauseForm(initial={"version": case.version}),
        "transfer_form": bound.get("transfer_form")
        or TransferForm(
            initial={"version": case.version, "to_site": case.site_id},
            municipality_id=case.municipality_id,
        ),
    }


def render_case(request: HttpRequest, case: Case, status: int = 200, **bound: Any) -> HttpResponse:
    """The case page, with any bound (erroneous) form in place of its empty one."""
    context = {
        "case": case,
        **_forms(case, request.user, **bound),
        "contact_form": bound.get("contact_form")
        or ContactForm(initial={"contact_on": timezone.localdate().strftime("%d.%m.%Y")}),
        "follow_up_form": bound.get("follow_up_form") or FollowUpForm(),
        "contacts": case.contacts.select_related("recorded_by")[:20],
        "follow_ups": case.follow_ups.filter(done_at__isnull=True).select_related("owner"),
        "latest_assessment": case.assessments.prefetch_related("items").first(),
        "goals": case.goals.all(),
        "referrals": referral_queries.referrals_of_case(case),
        "issues": StructuralIssue.objects.filter(cases=case),
        "available_issues": StructuralIssue.objects.filter(
            municipality_id=case.municipality_id, active=True
        ).exclude(cases=case),
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: str) -> HttpResponse:
    case = queries.get_case_for(request.user, pk)
    services.record_case_viewed(acting_user=staff_user(request), case=case)
    return render_case(request, case)


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    require(request, "cases.add_case")
    user = staff_user(request)
    person = household = None
    if request.GET.get("person") or request.POST.get("person"):
        person = people_queries.get_person_for(
            user, request.GET.get("person") or request.POST.get("person")
        )
    elif request.GET.get("household") or request.POST.get("household"):
        household = people_queries.get_household_for(
            user, request.GET.get("household") or request.POST.get("household")
        )
    else:
        raise PermissionDenied
    municipality = own_municipality(request)
    membership = user.membership_or_none
    form = OpenCaseForm(
        request.POST or None,
        initial={"site": membership.site_id if membership else None},
        municipality_id=municipality.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(
                acting_user=user,
                owner=user,
                site=form.cleaned_data["site"],
                person=person,
                household=household,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("The case %(ref)s has been opened.") % {"ref": case.reference}
            )
            return redirect("web:case_detail", pk=case.pk)
    return render(
        request, "cases/case_open.html", {"form": form, "person": person, "household": household}
    )


def _guarded(request: HttpRequest, pk: str) -> Case:
    case = queries.get_case_for(request.user, pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    return case


def _conflict(request: HttpRequest, case: Case, error: ConflictError) -> HttpResponse:
    messages.warning(request, error.message)
    return render_case(request, queries.get_case_for(request.user, case.pk), status=409)


@login_required
@require_POST
def case_phase(request: HttpRequest, pk: str) -> HttpResponse:
    case = _guarded(request, pk)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.change_phase(
                acting_user=staff_user(request),
                case=case,
                to_phase=Phase(form.cleaned_data["to_phase"]),
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                closure_reason=form.cleaned_data["closure_reason"],
                outcome=form.cleaned_data["outcome"],
            )
        except ConflictError as error:
            return _conflict(request, case, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The phase has been changed."))
            return redirect("web:case_detail", pk=case.pk)
    return render_case(request, case, status=400, phase_form=form)


@login_required
@require_POST
def case_pause(request: HttpRequest, pk: str) -> HttpResponse:
    case = _guarded(request, pk)
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            services.set_case_paused(
                acting_user=staff_user(request),
                case=case,
                paused=not case.paused,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            return _conflict(request, case, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("The case is paused.") if case.paused else _("The case is resumed.")
            )
            return redirect("web:case_detail", pk=case.pk)
    return render_case(request, case, status=400, pause_form=form)


@login_required
@require_POST
def case_transfer(request: HttpRequest, pk: str) -> HttpResponse:
    case = _guarded(request, pk)
    form = TransferForm(request.POST, municipality_id=case.municipality_id)
    if form.is_valid():
        try:
            services.transfer_case(
                acting_user=staff_user(request),
                case=case,
                to_owner=form.cleaned_data["to_owner"],
                to_site=form.cleaned_data["to_site"],
                handover_note=form.cleaned_data["handover_note"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            return _conflict(request, case, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The case has been transferred."))
            return redirect("web:case_detail", pk=case.pk)
    return render_case(request, case, status=400, transfer_form=form)
