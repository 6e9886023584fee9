"""Pages for consents: record, read, print the form, open the scan, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotse.consents import queries, services
from lotse.consents.forms import ConsentForm, WithdrawForm
from lotse.consents.printing import FORM_LANGUAGES, default_language, form_text
from lotse.core.concurrency import ConflictError
from lotse.people import queries as people_queries
from lotse.web.views.common import add_service_errors, require, staff_user

SCAN_SUFFIX = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


@login_required
def consent_create(request: HttpRequest, pk: str) -> HttpResponse:
    require(request, "consents.add_consent")
    person = people_queries.get_person_for(request.user, pk)
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        municipality_id=person.municipality_id,
        initial={"given_on": timezone.localdate(), "categories": ["identity"]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.record_consent(
                acting_user=staff_user(request), person=person, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("web:consent_detail", pk=consent.pk)
    return render(
        request,
        "consents/consent_form.html",
        {"form": form, "person": person},
        status=400 if form.errors else 200,
    )


def _page(
    request: HttpRequest,
    consent_pk: str,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    consent = queries.get_consent_for(request.user, consent_pk)
    form = withdraw_form or WithdrawForm(
        initial={"version": consent.version, "withdrawn_on": timezone.localdate()}
    )
    return render(
        request,
        "consents/consent_detail.html",
        {
            "consent": consent,
            "withdraw_form": form,
            "languages": FORM_LANGUAGES.items(),
            "default_language": default_language(consent),
            "referrals": consent.person.referrals.filter(
                organisation_id=consent.organisation_id
            ).select_related("case"),
        },
        status=status,
    )


@login_required
def consent_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _page(request, pk)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: str) -> HttpResponse:
    consent = queries.get_consent_for(request.user, pk)
    if not request.user.has_perm("consents.change_consent", consent):
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_consent(
                acting_user=staff_user(request),
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ConflictError as error:
            messages.warning(request, error.message)
            return _page(request, pk, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The consent has been withdrawn. It no longer covers anything.")
            )
            return redirect("web:consent_detail", pk=consent.pk)
    return _page(request, pk, withdraw_form=form, status=400)


@login_required
def consent_scan(request: HttpRequest, pk: str) -> HttpResponse:
    consent = queries.get_consent_for(request.user, pk)
    if not consent.scan:
        raise Http404
    services.record_scan_viewed(acting_user=staff_user(request), consent=consent)
    suffix = SCAN_SUFFIX.get(consent.scan_type, "bin")
    # At most a few MB (checked on upload): read whole, so no file handle outlives the request.
    with consent.scan.open("rb") as scan:
        response = HttpResponse(scan.read(), content_type=consent.scan_type)
    response["Content-Disposition"] = (
        f'inline; filename="einwilligung-{consent.given_on:%Y-%m-%d}.{suffix}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def consent_print(request: HttpRequest, pk: str) -> HttpResponse:
    consent = queries.get_consent_for(request.user, pk)
    language = request.GET.get("language") or default_language(consent)
    if language not in FORM_LANGUAGES:
        language = "en"
    services.record_form_printed(
        acting_user=staff_user(request), consent=consent, language=language
    )
    return render(
        request,
        "consents/consent_print.html",
        {
            "consent": consent,
            "columns": [form_text(consent, "de"), form_text(consent, language)],
            "languages": FORM_LANGUAGES.items(),
            "language": language,
        },
    )
