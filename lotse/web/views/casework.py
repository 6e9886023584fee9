"""Pages for the work on a case: assessment, plan, contacts and follow-ups."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.cases import casework, queries
from lotse.cases.models import Case, FollowUp, Goal, Measure
from lotse.cases.work_forms import (
    AssessmentForm,
    ContactForm,
    FollowUpForm,
    GoalForm,
    GoalStatusForm,
    MeasureForm,
)
from lotse.core.concurrency import ConflictError
from lotse.web.views.cases import render_case
from lotse.web.views.common import add_service_errors, staff_user


def _case(request: HttpRequest, pk: Any) -> Case:
    case = queries.get_case_for(request.user, pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    return case


@login_required
def assessment(request: HttpRequest, pk: str) -> HttpResponse:
    case = _case(request, pk)
    latest = case.assessments.prefetch_related("items").first()
    initial: dict[str, Any] = {"assessed_on": timezone.localdate().strftime("%d.%m.%Y")}
    if latest is not None:
        for item in latest.items.all():
            initial |= {
                f"need_{item.life_domain}": item.need,
                f"situation_{item.life_domain}": item.situation,
                f"resources_{item.life_domain}": item.resources,
            }
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            casework.record_assessment(
                acting_user=staff_user(request),
                case=case,
                items=[casework.DomainAssessment(**item) for item in form.items()],
                assessed_on=form.cleaned_data["assessed_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assessment has been saved."))
            return redirect("web:case_assessment", pk=case.pk)
    return render(
        request,
        "cases/assessment.html",
        {
            "case": case,
            "form": form,
            "changes": casework.need_change(case),
            "assessments": case.assessments.prefetch_related("items"),
        },
        status=400 if form.errors else 200,
    )


def _plan_context(case: Case, **forms: Any) -> dict[str, Any]:
    goals = case.goals.prefetch_related("measures__organisation")
    bound_measure = forms.get("measure_form")
    rows = []
    for goal in goals:
        # Each goal's forms carry the goal in their prefix, so field ids stay unique.
        status_form = GoalStatusForm(
            initial={"status": goal.status, "version": goal.version}, prefix=f"g{goal.pk}"
        )
        measure_form = (
            bound_measure
            if bound_measure is not None and bound_measure.prefix == f"m{goal.pk}"
            else MeasureForm(municipality_id=case.municipality_id, prefix=f"m{goal.pk}")
        )
        rows.append((goal, status_form, measure_form))
    return {"case": case, "goals": rows, "goal_form": forms.get("goal_form") or GoalForm()}


@login_required
def plan(request: HttpRequest, pk: str) -> HttpResponse:
    case = _case(request, pk)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            casework.add_goal(acting_user=staff_user(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The goal has been added."))
            return redirect("web:case_plan", pk=case.pk)
    return render(
        request,
        "cases/plan.html",
        _plan_context(case, goal_form=form),
        status=400 if form.errors else 200,
    )


def _goal(request: HttpRequest, case: Case, goal_id: Any) -> Goal:
    try:
        return case.goals.get(pk=int(goal_id))
    except (Goal.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: str, goal_id: int) -> HttpResponse:
    case = _case(request, pk)
    goal = _goal(request, case, goal_id)
    form = GoalStatusForm(request.POST, prefix=f"g{goal.pk}")
    if not form.is_valid():
        messages.error(request, _("Please choose a status."))
        return render(request, "cases/plan.html", _plan_context(case), status=400)
    try:
        casework.set_goal_status(
            acting_user=staff_user(request),
            goal=goal,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        )
    except ConflictError as error:
        messages.warning(request, error.message)
        return render(request, "cases/plan.html", _plan_context(case), status=409)
    messages.success(request, _("The status of the goal has been changed."))
    return redirect("web:case_plan", pk=case.pk)


@login_required
@require_POST
def measure_add(request: HttpRequest, pk: str, goal_id: int) -> HttpResponse:
    case = _case(request, pk)
    goal = _goal(request, case, goal_id)
    form = MeasureForm(request.POST, municipality_id=case.municipality_id, prefix=f"m{goal.pk}")
    if form.is_valid():
        try:
            casework.add_measure(acting_user=staff_user(request), goal=goal, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measure has been added."))
            return redirect("web:case_plan", pk=case.pk)
    return render(request, "cases/plan.html", _plan_context(case, measure_form=form), status=400)


@login_required
@require_POST
def measure_done(request: HttpRequest, pk: str, measure_id: int) -> HttpResponse:
    case = _case(request, pk)
    try:
        measure = Measure.objects.select_related("goal__case").get(
            pk=int(measure_id), goal__case=case
        )
    except (Measure.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    casework.set_measure_done(
        acting_user=staff_user(request), measure=measure, done=not measure.done
    )
    return redirect("web:case_plan", pk=case.pk)


@login_required
def plan_print(request: HttpRequest, pk: str) -> HttpResponse:
    case = _case(request, pk)
    goals = case.goals.prefetch_related("measures__organisation")
    return render(request, "cases/plan_print.html", {"case": case, "goals": goals})


@login_required
@require_POST
def contact_add(request: HttpRequest, pk: str) -> HttpResponse:
    case = _case(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            casework.record_contact(acting_user=staff_user(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contact has been recorded."))
            return redirect("web:case_detail", pk=case.pk)
    return render_case(request, case, status=400, contact_form=form)


@login_required
@require_POST
def follow_up_add(request: HttpRequest, pk: str) -> HttpResponse:
    case = _case(request, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            casework.add_follow_up(acting_user=staff_user(request), case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been set."))
            return redirect("web:case_detail", pk=case.pk)
    return render_case(request, case, status=400, follow_up_form=form)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: str, follow_up_id: int) -> HttpResponse:
    case = _case(request, pk)
    try:
        follow_up = case.follow_ups.get(pk=int(follow_up_id))
    except (FollowUp.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    casework.complete_follow_up(acting_user=staff_user(request), follow_up=follow_up)
    messages.success(request, _("The follow-up is done."))
    if request.POST.get("next") == "home":
        return redirect("web:home")
    return redirect("web:case_detail", pk=case.pk)
