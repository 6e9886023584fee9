"""Staff pages: thin views over the scoped queries of each domain."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lotse.audit import queries as audit_queries
from lotse.tenancy import queries as tenancy_queries
from lotse.tenancy.hours import hours_status
from lotse.web.views.common import require, staff_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request, "web.view_home")
    return render(request, "web/home.html", {"membership": staff_user(request).membership_or_none})


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
