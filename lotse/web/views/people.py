"""Pages for persons and households: thin views over the people services and queries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.cases import queries as case_queries
from lotse.cases import walkins
from lotse.cases.models import WalkIn
from lotse.clearing import queries as clearing_queries
from lotse.consents import queries as consent_queries
from lotse.core.concurrency import ConflictError
from lotse.people import queries, services
from lotse.people.forms import (
    EditPersonForm,
    HouseholdForm,
    InsuranceStatusForm,
    NewPersonForm,
    PersonSearchForm,
    ResidenceStatusForm,
)
from lotse.people.models import Person
from lotse.web.views.common import (
    add_service_errors,
    own_municipality,
    record_listed,
    require,
    staff_user,
)

# The search shows this many persons, best first, without further pages: a search that
# finds more asks to be narrowed.
SEARCH_SHOWN = 50

# The form takes the date of birth and its precision in one field.
BIRTH_ALIASES = {"birth_date": "birth", "birth_date_precision": "birth"}


def _apply_errors(form: Any, error: ValidationError) -> None:
    add_service_errors(form, error, BIRTH_ALIASES)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """All persons, or those matching a name search, best first with the reason. The search is
    posted, so that names and dates of birth never appear in URLs or access logs."""
    require(request, "people.list_person")
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "shown": SEARCH_SHOWN}
    if form.is_bound:
        # Only a search that ran has found nobody; a refused one shows just its error.
        if form.is_valid():
            # One more than is shown tells whether more persons match than the page holds.
            found = queries.search_persons(
                request.user, **form.search_arguments(), limit=SEARCH_SHOWN + 1
            )
            context["found"] = found[:SEARCH_SHOWN]
            context["more_found"] = len(found) > SEARCH_SHOWN
            context["searched"] = True
            record_listed(request, (hit.person.pk for hit in context["found"]), "search")
    else:
        persons = queries.persons_for(request.user).order_by("family_name", "given_name", "id")
        page = context["page"] = Paginator(persons, 50).get_page(request.GET.get("page"))
        record_listed(request, (person.pk for person in page), "list")
    return render(
        request, "people/person_list.html", context, status=200 if not form.errors else 400
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require(request, "people.add_person")
    household = None
    household_id = request.GET.get("household") or request.POST.get("household")
    if household_id:
        household = queries.get_household_for(request.user, household_id)
    walk_in = None
    walk_in_id = request.GET.get("walk_in") or request.POST.get("walk_in")
    if walk_in_id:
        walk_in = _walk_in_for(request, walk_in_id)
    initial = (
        {"given_name": walk_in.given_name, "family_name": walk_in.family_name} if walk_in else {}
    )
    form = NewPersonForm(request.POST or None, initial=initial)
    matches: list[queries.PossibleMatch] = []
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        matches = queries.possible_duplicates_of(request.user, fields)
        if not matches or form.cleaned_data["confirm_new"]:
            try:
                person = services.create_person(
                    acting_user=staff_user(request),
                    municipality=own_municipality(request),
                    household=household,
                    languages=form.languages(),
                    residence_status=form.cleaned_data["residence_status"] or None,
                    insurance_status=form.cleaned_data["insurance_status"] or None,
                    **fields,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                if walk_in is not None:
                    walkins.link_walk_in(
                        acting_user=staff_user(request), walk_in=walk_in, person=person
                    )
                messages.success(request, _("The person has been created."))
                return redirect("web:person_detail", pk=person.pk)
    record_listed(request, (match.person.pk for match in matches), "warning")
    return render(
        request,
        "people/person_form.html",
        {"form": form, "matches": matches, "household": household, "walk_in": walk_in},
    )


def _walk_in_for(request: HttpRequest, walk_in_id: str) -> WalkIn:
    try:
        return WalkIn.objects.get(
            pk=int(walk_in_id),
            municipality=own_municipality(request),
            person__isnull=True,
        )
    except (WalkIn.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
def person_detail(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    services.record_person_viewed(acting_user=staff_user(request), person=person, context="page")
    return _detail(request, person)


def _detail(request: HttpRequest, person: Person, status: int = 200, **forms: Any) -> HttpResponse:
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "residence_form": forms.get("residence_form") or ResidenceStatusForm(),
            "insurance_form": forms.get("insurance_form") or InsuranceStatusForm(),
            "cases": case_queries.cases_for(request.user).filter(person=person),
            "consents": consent_queries.consents_for(request.user).filter(person=person),
            "clearing_cases": clearing_queries.clearing_cases_of_person(request.user, person),
        },
        status=status,
    )


def _initial(person: Person) -> dict[str, Any]:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name_original": person.name_original,
        "other_names": person.other_names,
        "birth": person.birth_date_display,
        "gender": person.gender,
        "nationality": person.nationality.code if person.nationality else "",
        "country_of_origin": person.country_of_origin.code if person.country_of_origin else "",
        "arrival_date": person.arrival_date.strftime("%d.%m.%Y") if person.arrival_date else "",
        "phone": person.phone,
        "email": person.email,
        "interpreter_needed": person.interpreter_needed,
        "interpreter_language": person.interpreter_language,
        "version": person.version,
    }


@login_required
def person_edit(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    if request.method != "POST":
        # The form shows the whole record, so opening it is a read like the detail page's;
        # a re-rendered POST shows what the editor sent and is not recorded again.
        services.record_person_viewed(
            acting_user=staff_user(request), person=person, context="edit page"
        )
    form = EditPersonForm(request.POST or None, initial=_initial(person))
    conflict = None
    matches: list[queries.PossibleMatch] = []
    if request.method == "POST" and form.is_valid():
        matches = queries.possible_duplicates_of(request.user, form.person_fields(), person=person)
        if matches and not form.cleaned_data["confirm_new"]:
            record_listed(request, (match.person.pk for match in matches), "warning")
            return render(
                request,
                "people/person_form.html",
                {"form": form, "person": person, "matches": matches},
            )
        try:
            services.update_person(
                acting_user=staff_user(request),
                person=person,
                expected_version=form.cleaned_data["version"],
                **form.person_fields(),
            )
        except ConflictError as error:
            conflict = error
            # The page shows the values someone else saved meanwhile: a read of the record.
            services.record_person_viewed(
                acting_user=staff_user(request), person=person, context="edit page, conflict"
            )
            # The editor now sees the current version; saving again is a deliberate choice.
            data = request.POST.copy()
            data["version"] = str(error.instance.version)  # type: ignore[attr-defined]
            form = EditPersonForm(data, initial=_initial(person))
            form.is_valid()
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("web:person_detail", pk=person.pk)
    status = 409 if conflict else 200
    return render(
        request,
        "people/person_form.html",
        {"form": form, "person": person, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def residence_status_add(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    form = ResidenceStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_residence_status(
                acting_user=staff_user(request),
                person=person,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The residence status has been recorded."))
            return redirect("web:person_detail", pk=person.pk)
    return _detail(request, person, status=400, residence_form=form)


@login_required
@require_POST
def insurance_status_add(request: HttpRequest, pk: str) -> HttpResponse:
    person = queries.get_person_for(request.user, pk)
    if not request.user.has_perm("people.change_person", person):
        raise PermissionDenied
    form = InsuranceStatusForm(request.POST)
    if form.is_valid():
        services.set_insurance_status(
            acting_user=staff_user(request),
            person=person,
            **form.cleaned_data,
        )
        messages.success(request, _("The health-insurance status has been recorded."))
        return redirect("web:person_detail", pk=person.pk)
    return _detail(request, person, status=400, insurance_form=form)


@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    require(request, "people.add_person")
    person_id = request.POST.get("person") or request.GET.get("person")
    person = queries.get_person_for(request.user, person_id) if person_id else None
    initial = {"name": _("Family %(name)s") % {"name": person.family_name}} if person else {}
    form = HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.create_household(
                acting_user=staff_user(request),
                municipality=own_municipality(request),
                first_member=person,
                first_member_version=_int_or_none(request.POST.get("person_version")),
                **form.cleaned_data,
            )
        except ConflictError as error:
            messages.warning(request, error.message)
            return redirect("web:person_detail", pk=person.pk if person else None)
        messages.success(request, _("The household has been created."))
        return redirect("web:household_detail", pk=household.pk)
    return render(
        request,
        "people/household_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def household_detail(request: HttpRequest, pk: str) -> HttpResponse:
    household = queries.get_household_for(request.user, pk)
    cases = case_queries.cases_for(request.user).filter(household=household)
    record_listed(request, (member.pk for member in household.members.all()), "household")
    return render(request, "people/household_detail.html", {"household": household, "cases": cases})
