"""Structural issues: the coordinators' list, counts without names, tags on cases."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotse.cases import issues
from lotse.cases import queries as case_queries
from lotse.cases.models import StructuralIssue
from lotse.web.views.common import own_municipality, require, staff_user


class IssueForm(forms.ModelForm):
    class Meta:
        model = StructuralIssue
        fields = ["title", "description"]


class TagForm(forms.Form):
    issue = forms.ModelChoiceField(
        label=gettext_lazy("Structural issue"), queryset=StructuralIssue.objects.none()
    )


@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    require(request, "cases.view_structuralissue")
    municipality = own_municipality(request)
    form = IssueForm(request.POST or None)
    if request.method == "POST":
        require(request, "cases.add_structuralissue")
        if form.is_valid():
            try:
                issues.create_structural_issue(
                    acting_user=staff_user(request),
                    municipality=municipality,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The structural issue has been added."))
                return redirect("web:structural_issues")
    return render(
        request,
        "cases/structural_issues.html",
        {"issues": issues.issues_with_counts(municipality.pk), "form": form},
        status=400 if form.errors else 200,
    )


def _issue(request: HttpRequest, issue_id: int) -> StructuralIssue:
    try:
        issue = StructuralIssue.objects.select_related("municipality").get(
            pk=int(issue_id), municipality=own_municipality(request)
        )
    except (StructuralIssue.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return issue


@login_required
@require_POST
def issue_toggle(request: HttpRequest, issue_id: int) -> HttpResponse:
    require(request, "cases.add_structuralissue")
    issue = _issue(request, issue_id)
    if not request.user.has_perm("cases.change_structuralissue", issue):
        raise PermissionDenied
    issues.set_structural_issue_active(
        acting_user=staff_user(request), issue=issue, active=not issue.active
    )
    return redirect("web:structural_issues")


@login_required
@require_POST
def case_tag(request: HttpRequest, pk: str) -> HttpResponse:
    case = case_queries.get_case_for(request.user, pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    form = TagForm(request.POST)
    field = form.fields["issue"]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
    field.queryset = StructuralIssue.objects.filter(
        municipality_id=case.municipality_id, active=True
    )
    if form.is_valid():
        try:
            issues.tag_case(
                acting_user=staff_user(request), case=case, issue=form.cleaned_data["issue"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The structural issue has been noted on the case."))
    else:
        messages.error(request, _("Please choose a structural issue from the list."))
    return redirect("web:case_detail", pk=case.pk)


@login_required
@require_POST
def case_untag(request: HttpRequest, pk: str, issue_id: int) -> HttpResponse:
    case = case_queries.get_case_for(request.user, pk)
    if not request.user.has_perm("cases.change_case", case):
        raise PermissionDenied
    issues.untag_case(acting_user=staff_user(request), case=case, issue=_issue(request, issue_id))
    return redirect("web:case_detail", pk=case.pk)
