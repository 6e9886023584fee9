"""Pages for referrals: the case manager refers and follows up; the receiving organisation
answers from its inbox and sees the shared summary, reduced to what consent covers."""

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

from lotse.cases import queries as case_queries
from lotse.core.concurrency import ConflictError
from lotse.core.exports import csv_response, xlsx_response
from lotse.referrals import exports, queries, services
from lotse.referrals.enums import OPEN_STATUSES, ReferralStatus, Side
from lotse.referrals.forms import AnswerForm, ReferralForm
from lotse.referrals.models import Referral
from lotse.web.views.common import add_service_errors, require, staff_user


@login_required
def referral_create(request: HttpRequest, pk: str) -> HttpResponse:
    require(request, "referrals.add_referral")
    case = case_queries.get_case_for(request.user, pk)
    if not request.user.has_perm("cases.change_case", case):
        raise Http404
    persons = queries.persons_of_case(case)
    form = ReferralForm(
        request.POST or None,
        persons=persons,
        municipality_id=case.municipality_id,
        may_override=request.user.has_perm("referrals.override_consent"),
        initial={"categories": ["identity"], "persons": list(persons[:1])},
    )
    consent_missing = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            referral = services.create_referral(
                acting_user=staff_user(request),
                case=case,
                persons=data.pop("persons"),
                organisation=data.pop("organisation"),
                question=data.pop("question"),
                categories=data.pop("categories"),
                urgency=data.pop("urgency"),
                service=data.pop("service"),
                life_domain=data.pop("life_domain"),
                override=bool(data.get("override")),
                override_reason=data.get("override_reason") or "",
            )
        except services.ConsentMissingError as error:
            consent_missing = True
            add_service_errors(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The referral has been sent."))
            return redirect("web:referral_detail", pk=referral.pk)
    return render(
        request,
        "referrals/referral_form.html",
        {"form": form, "case": case, "persons": persons, "consent_missing": consent_missing},
        status=400 if form.errors else 200,
    )


def _detail(request: HttpRequest, referral: Referral, status: int = 200, **extra: Any) -> Any:
    user = staff_user(request)
    side = services.side_of(user, referral)
    summaries = None
    if side == Side.RECEIVER:
        summaries = queries.shared_summary(referral)
        services.record_summary_viewed(acting_user=user, referral=referral, context="page")
    version = referral.version
    return render(
        request,
        "referrals/referral_detail.html",
        {
            "referral": referral,
            "side": side,
            "summaries": summaries,
            "moves": services.allowed_moves(user, referral),
            "answer_form": extra.get("answer_form") or AnswerForm(initial={"version": version}),
            "events": referral.events.select_related("actor"),
            "persons": referral.persons.all() if side == Side.SENDER else None,
            "statuses": ReferralStatus,
        },
        status=status,
    )


@login_required
def referral_detail(request: HttpRequest, pk: str) -> HttpResponse:
    return _detail(request, queries.get_referral_for(request.user, pk))


@login_required
@require_POST
def referral_move(request: HttpRequest, pk: str) -> HttpResponse:
    referral = queries.get_referral_for(request.user, pk)
    form = AnswerForm(request.POST)
    target = request.POST.get("to", "")
    if not form.is_valid():
        return _detail(request, referral, status=400, answer_form=form)
    try:
        services.transition_referral(
            acting_user=staff_user(request),
            referral=referral,
            to_status=target,
            expected_version=form.cleaned_data["version"],
            decline_reason=form.cleaned_data["decline_reason"] or "",
            appointment_at=form.cleaned_data["appointment_at"],
            feedback=form.cleaned_data["feedback"],
        )
    except ConflictError as error:
        messages.warning(request, error.message)
        return _detail(request, queries.get_referral_for(request.user, pk), status=409)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Your role does not allow this step."))
        return _detail(request, referral, status=403)
    except ValidationError as error:
        add_service_errors(form, error)
        return _detail(request, referral, status=400, answer_form=form)
    messages.success(
        request, _("The referral is now: %(status)s.") % {"status": ReferralStatus(target).label}
    )
    return redirect("web:referral_detail", pk=referral.pk)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    require(request, "referrals.view_inbox")
    referrals = queries.inbox_for(request.user)
    status = request.GET.get("status", "")
    if status == "open":
        referrals = referrals.filter(status__in=OPEN_STATUSES)
    elif status in ReferralStatus.values:
        referrals = referrals.filter(status=status)
    return render(
        request,
        "referrals/inbox.html",
        {"referrals": referrals[:200], "status": status, "statuses": ReferralStatus},
    )


@login_required
def inbox_export(request: HttpRequest, file_format: str) -> HttpResponse:
    require(request, "referrals.view_inbox")
    if file_format not in {"csv", "xlsx"}:
        raise Http404
    referrals = list(queries.inbox_for(request.user))
    rows = list(exports.rows(referrals))
    user = staff_user(request)
    membership = user.membership_or_none
    services.record_referrals_exported(
        acting_user=user,
        municipality=membership.municipality if membership else None,
        count=len(rows),
        file_format=file_format,
    )
    name = f"vermittlungen-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "csv":
        return csv_response(name, exports.header(), rows)
    return xlsx_response(name, _("Referrals"), exports.header(), rows)
