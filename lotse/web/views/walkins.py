"""The walk-in queue of a site's open office hours."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotse.cases import walkins
from lotse.cases.models import WalkIn, WalkInStatus
from lotse.people import queries as people_queries
from lotse.people.validators import NAME_MAX, validate_name
from lotse.tenancy import queries as tenancy_queries
from lotse.tenancy.hours import hours_status
from lotse.tenancy.models import Site
from lotse.web.views.common import record_listed, require, staff_user


class RegisterForm(forms.Form):
    # The person forms' name rule (people.validators): the names become the person's.
    given_name = forms.CharField(
        label=gettext_lazy("Given name"), max_length=NAME_MAX, validators=[validate_name]
    )
    family_name = forms.CharField(
        label=gettext_lazy("Family name"), max_length=NAME_MAX, validators=[validate_name]
    )
    person = forms.CharField(required=False, widget=forms.HiddenInput)


def _site(request: HttpRequest, pk: str) -> Site:
    require(request, "cases.list_case")
    return tenancy_queries.get_site_for(request.user, pk)


def _queue_page(
    request: HttpRequest, site: Site, form: RegisterForm, matches: list, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    waiting = WalkIn.objects.filter(site=site, status=WalkInStatus.WAITING).select_related("person")
    called = (
        WalkIn.objects.filter(site=site, status=WalkInStatus.CALLED, called_at__date=today)
        .select_related("person", "called_by")
        .order_by("-called_at")
    )
    now = timezone.now()
    shown = (walk_in.person_id for walk_in in (*waiting, *called) if walk_in.person_id)
    record_listed(request, shown, "walk-ins")  # also shown again: who arrived since
    return render(
        request,
        "cases/walk_ins.html",
        {
            "site": site,
            "status": hours_status(site, now=now),
            "waiting": [(w, int((now - w.arrived_at).total_seconds() // 60)) for w in waiting],
            "called": called,
            "form": form,
            "matches": matches,
        },
        status=status,
    )


@login_required
def queue(request: HttpRequest, pk: str) -> HttpResponse:
    site = _site(request, pk)
    return _queue_page(request, site, RegisterForm(), [])


@login_required
@require_POST
def register(request: HttpRequest, pk: str) -> HttpResponse:
    site = _site(request, pk)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        return _queue_page(request, site, form, [], status=400)
    user = staff_user(request)
    choice = form.cleaned_data["person"]
    person = None
    if choice and choice != "new":
        person = people_queries.get_person_for(user, choice)
    elif not choice:
        matches = people_queries.possible_duplicates(
            user,
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
        )
        if matches:
            record_listed(request, (match.person.pk for match in matches), "warning")
            return _queue_page(request, site, form, matches)
    try:
        walkins.register_walk_in(
            acting_user=user,
            site=site,
            person=person,
            given_name=form.cleaned_data["given_name"],
            family_name=form.cleaned_data["family_name"],
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _queue_page(request, site, form, [], status=400)
    messages.success(request, _("The arrival has been registered."))
    return redirect("web:walk_ins", pk=site.pk)


@login_required
@require_POST
def call(request: HttpRequest, pk: str) -> HttpResponse:
    site = _site(request, pk)
    walk_in = walkins.call_next(acting_user=staff_user(request), site=site)
    if walk_in is None:
        messages.info(request, _("Nobody is waiting."))
    else:
        messages.success(
            request,
            _("Please call %(name)s (waited %(minutes)s minutes).")
            % {"name": walk_in, "minutes": walk_in.waiting_minutes},
        )
    return redirect("web:walk_ins", pk=site.pk)


@login_required
@require_POST
def left(request: HttpRequest, pk: str, walk_in_id: int) -> HttpResponse:
    site = _site(request, pk)
    try:
        walk_in = WalkIn.objects.get(pk=int(walk_in_id), site=site)
    except (WalkIn.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    try:
        walkins.mark_walk_in_left(acting_user=staff_user(request), walk_in=walk_in)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("web:walk_ins", pk=site.pk)
