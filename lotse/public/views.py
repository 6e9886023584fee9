"""Public pages: no login, no personal data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lotse.tenancy import queries
from lotse.tenancy.hours import hours_status
from lotse.tenancy.models import Municipality


def index(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.order_by("name")
    return render(request, "public/index.html", {"municipalities": municipalities})


def support_centres(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = queries.public_municipality(slug)
    now = timezone.now()
    centres = [
        (site, hours_status(site, now=now)) for site in queries.public_support_centres(municipality)
    ]
    local_now = timezone.localtime(now, municipality.zone)
    return render(
        request,
        "public/support_centres.html",
        {"municipality": municipality, "centres": centres, "now": local_now},
    )
