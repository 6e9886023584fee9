"""The review queue of possible duplicates: detect, compare side by side, merge, confirm
(a coordinator: the same person, for a case manager to merge) or reject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lotse.core.catalogues import Gender
from lotse.people import pair_review, queries, services
from lotse.people.enums import DatePrecision, PairStatus
from lotse.people.models import DuplicatePair, Person
from lotse.web.views.common import own_municipality, record_listed, staff_user

SIDES = (("first", gettext_lazy("Record A")), ("second", gettext_lazy("Record B")))


def _display(person: Person, name: str) -> str:
    if name in ("birth_date", "birth_date_precision"):
        return person.birth_date_display if name == "birth_date" else ""
    if name == "household":
        return _household(person)
    if name in ("nationality", "country_of_origin"):
        country = getattr(person, name)
        return str(country.name) if country else ""
    value = getattr(person, name)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    display = getattr(person, f"get_{name}_display", None)
    return str(display()) if display and value else str(value or "")


def _household(person: Person) -> str:
    """The household by its name and address: households are often named after the family,
    so two of the same name may live at two addresses."""
    household = person.household
    if household is None:
        return ""
    place = " ".join(part for part in (household.postcode, household.city) if part)
    return ", ".join(part for part in (str(household), household.street, place) if part)


# What a coordinator, who confirms or rejects a pair but merges nothing, is shown of both
# records: what tells whether they are one person, not the rest of the record (email,
# arrival, country of origin, interpreter).
IDENTITY_FIELDS = (
    "given_name",
    "family_name",
    "name_original",
    "birth_date",
    "gender",
    "nationality",
    "phone",
    "household",
)


def _rows(pair: DuplicatePair, user: Any) -> list[dict[str, Any]]:
    """The fields of both records side by side: all that a merge may take for those who
    merge, the identity fields for the others (coordinators)."""
    rows = []
    may_merge = user.has_perm("people.merge_person", pair.first)
    for name in services.MERGE_FIELDS if may_merge else IDENTITY_FIELDS:
        if name == "birth_date_precision":
            continue  # shown with the date of birth and taken with it
        field: Any = Person._meta.get_field(name)
        first, second = _display(pair.first, name), _display(pair.second, name)
        rows.append(
            {
                "name": name,
                "label": field.verbose_name,
                "first": first,
                "second": second,
                "differs": first != second,
                "better": "second"
                if _known(pair.second, name) > _known(pair.first, name)
                else "first",
            }
        )
    return rows


_PRECISION: dict[str, int] = {DatePrecision.YEAR: 1, DatePrecision.MONTH: 2, DatePrecision.DAY: 3}


def _known(person: Person, name: str) -> int:
    """How much a record knows of a field, to offer the better value first: nothing (0), a
    value (1); a date of birth by its precision; a gender not stated is nothing."""
    if name == "birth_date":
        return _PRECISION.get(person.birth_date_precision, 0) if person.birth_date else 0
    if name == "gender":
        return int(person.gender != Gender.NOT_STATED)
    return int(bool(_display(person, name)))


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label=gettext_lazy("Record to keep"),
        choices=SIDES,
        initial="first",
        widget=forms.RadioSelect,
    )

    # The versions of both records as the reviewer saw them: a merge of records changed
    # since is refused (``services.merge_persons``).
    first_version = forms.IntegerField(widget=forms.HiddenInput)
    second_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rows: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if row["differs"]:
                # The value that knows more is offered first (a value over none, a date to
                # the day over a year, a gender over "not stated"); the reviewer decides.
                self.fields[f"use_{row['name']}"] = forms.ChoiceField(
                    label=row["label"],
                    choices=SIDES,
                    initial=row["better"],
                    widget=forms.RadioSelect,
                )

    def take_from_other(self) -> list[str]:
        keep = self.cleaned_data["keep"]
        taken = []
        for key, side in self.cleaned_data.items():
            if key.startswith("use_") and side != keep:
                name = key.removeprefix("use_")
                taken.append(name)
                if name == "birth_date":
                    taken.append("birth_date_precision")
        return taken


@login_required
def duplicate_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    may_review = user.has_perm("people.review_duplicates")
    may_detect = user.has_perm("people.detect_duplicates")
    if not (may_review or may_detect):
        raise PermissionDenied
    context: dict[str, Any] = {
        "may_detect": may_detect,
        "may_review": may_review,
        "may_confirm": user.has_perm("people.confirm_duplicate"),
    }
    if may_review:
        pairs = queries.duplicate_pairs_for(user)
        page = context["page"] = Paginator(pairs, 50).get_page(request.GET.get("page"))
        shown = (pk for pair in page for pk in (pair.first_id, pair.second_id))
        record_listed(request, shown, "duplicates")
    else:
        context["waiting"] = queries.open_pair_count(user)
    return render(request, "people/duplicate_list.html", context)


@login_required
@require_POST
def duplicate_detect(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.detect_duplicates"):
        raise PermissionDenied
    summary = services.detect_duplicates(
        acting_user=staff_user(request), municipality=own_municipality(request)
    )
    messages.success(
        request,
        _("%(persons)d persons compared: %(found)d possible duplicates, %(new)d of them new.")
        % {"persons": summary.persons, "found": summary.found, "new": summary.new},
    )
    return redirect("web:duplicate_list")


@login_required
def duplicate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pair = queries.get_pair_for(request.user, pk)
    rows = _rows(pair, request.user)
    form = MergeForm(rows=rows, initial=_versions(pair))
    for person in (pair.first, pair.second):
        services.record_person_viewed(
            acting_user=staff_user(request), person=person, context="duplicate review"
        )
    return _detail(request, pair, rows, form, 200)


@login_required
@require_POST
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    pair = queries.get_pair_for(request.user, pk)
    if not request.user.has_perm("people.merge_person", pair.first):
        raise PermissionDenied
    rows = _rows(pair, request.user)
    if _changed_since_shown(request, pair):  # before the form: its fields may differ now
        messages.error(request, services.MergeConflictError.CHANGED)
        return _detail(request, pair, rows, MergeForm(rows=rows, initial=_versions(pair)), 409)
    form = MergeForm(request.POST, rows=rows)
    if not form.is_valid():
        return _detail(request, pair, rows, form, 400)
    keep_first = form.cleaned_data["keep"] == "first"
    survivor, other = (pair.first, pair.second) if keep_first else (pair.second, pair.first)
    seen = (form.cleaned_data["first_version"], form.cleaned_data["second_version"])
    try:
        survivor = services.merge_persons(
            acting_user=staff_user(request),
            survivor=survivor,
            other=other,
            take_from_other=form.take_from_other(),
            expected_versions=seen if keep_first else seen[::-1],
        )
    except ValidationError as error:  # the values picked do not fit together
        messages.error(request, " ".join(error.messages))
        return _detail(request, pair, rows, form, 400)
    except services.MergeConflictError as error:
        messages.error(request, str(error))
        try:  # the pair as it is now, to be compared again
            pair = queries.get_pair_for(request.user, pk)
        except Http404:  # gone with a record merged or deleted meanwhile (by a second
            # reviewer, or by this form sent twice at once)
            return redirect("web:duplicate_list")
        rows = _rows(pair, request.user)
        return _detail(request, pair, rows, MergeForm(rows=rows, initial=_versions(pair)), 409)
    messages.success(request, _("The two records have been merged into one."))
    return redirect("web:person_detail", pk=survivor.pk)


def _changed_since_shown(request: HttpRequest, pair: DuplicatePair) -> bool:
    """Whether the versions the page was shown with are not the records' any more."""
    shown = (request.POST.get("first_version", ""), request.POST.get("second_version", ""))
    if not all(version.isdigit() for version in shown):
        return False  # no versions sent: the form refuses that
    return shown != (str(pair.first.version), str(pair.second.version))


def _versions(pair: DuplicatePair) -> dict[str, int]:
    return {"first_version": pair.first.version, "second_version": pair.second.version}


def _detail(
    request: HttpRequest, pair: DuplicatePair, rows: list[dict[str, Any]], form: Any, status: int
) -> HttpResponse:
    """The comparison page: with the merge form for those who may merge (case managers),
    else with the confirmation of an open pair (coordinators)."""
    user = request.user
    context = {
        "pair": pair,
        "rows": rows,
        "form": form if user.has_perm("people.merge_person", pair.first) else None,
        "may_confirm": user.has_perm("people.confirm_duplicate") and pair.status == PairStatus.OPEN,
        "confirmed": pair.status == PairStatus.CONFIRMED,
    }
    return render(request, "people/duplicate_detail.html", context, status=status)


@login_required
@require_POST
def duplicate_reject(request: HttpRequest, pk: int) -> HttpResponse:
    pair = queries.get_pair_for(request.user, pk)
    try:
        pair_review.reject_pair(acting_user=staff_user(request), pair=pair)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Noted: these are two different persons."))
    return redirect("web:duplicate_list")


@login_required
@require_POST
def duplicate_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pair = queries.get_pair_for(request.user, pk)
    if not request.user.has_perm("people.confirm_duplicate"):
        raise PermissionDenied
    try:
        pair_review.confirm_pair(acting_user=staff_user(request), pair=pair)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Noted: the same person. A case manager will merge the two records.")
        )
    return redirect("web:duplicate_list")
