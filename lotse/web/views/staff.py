"""Staff pages: thin views over the scoped queries of each domain."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lotse.accounts.enums import Role
from lotse.audit import queries as audit_queries
from lotse.cases import queries as case_queries
from lotse.clearing import queries as clearing_queries
from lotse.referrals import queries as referral_queries
from lotse.referrals.enums import OPEN_STATUSES
from lotse.tenancy import queries as tenancy_queries
from lotse.tenancy.hours import hours_status
from lotse.web.views.common import record_listed, require, staff_user

# The home page lists the most urgent follow-ups; the rest are counted.
HOME_FOLLOW_UPS = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request, "web.view_home")
    user = staff_user(request)
    membership = user.membership_or_none
    context: dict[str, Any] = {"membership": membership}
    if membership is not None and membership.role == Role.CASE_MANAGER:
        mine = case_queries.cases_for(user).filter(owner=user)
        due = case_queries.due_follow_ups(user)
        context |= {
            "phase_counts": case_queries.phase_counts(mine),
            # The twenty most urgent, and how many there are in all.
            "follow_ups": due[:HOME_FOLLOW_UPS],
            "follow_up_count": due.count(),
            "caseload": case_queries.caseload(user),
            "today": timezone.localdate(),
            "waiting": case_queries.waiting_at(membership.site_id) if membership.site_id else None,
            "overdue_referrals": list(referral_queries.overdue_for(user)[:HOME_FOLLOW_UPS]),
        }
    elif membership is not None and membership.role == Role.CLEARING_COUNSELLOR:
        open_cases = clearing_queries.open_cases_of(user)
        shown = list(open_cases[: clearing_queries.HOME_LIMIT])
        record_listed(request, (clearing.person_id for clearing in shown), "clearing")
        context |= {"clearing_open": shown, "clearing_open_count": open_cases.count()}
    elif user.has_perm("referrals.view_overrides") and membership is not None:
        context["overrides"] = list(
            referral_queries.open_overrides(membership.municipality_id)[:HOME_FOLLOW_UPS]
        )
    elif user.has_perm("referrals.view_inbox"):
        context["open_referrals"] = (
            referral_queries.inbox_for(user).filter(status__in=OPEN_STATUSES).count()
        )
    return render(request, "web/home.html", context)


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    require(request, "tenancy.list_directory")
    organisations = tenancy_queries.organisations_for(request.user)
    return render(request, "web/organisation_list.html", {"organisations": organisations})


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    require(request, "tenancy.list_directory")
    now = timezone.now()
    sites = [
        (site, hours_status(site, now=now)) for site in tenancy_queries.sites_for(request.user)
    ]
    return render(request, "web/site_list.html", {"sites": sites})


@login_required
def site_detail(request: HttpRequest, pk: str) -> HttpResponse:
    site = tenancy_queries.get_site_for(request.user, pk)
    return render(request, "web/site_detail.html", {"site": site, "status": hours_status(site)})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request, "audit.view_auditevent")
    page = Paginator(audit_queries.events_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "web/audit_log.html", {"page": page})
