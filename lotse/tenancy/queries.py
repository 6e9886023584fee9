"""Reads of organisations and sites, scoped to what a user may see.

Another municipality's object and a missing one both raise ``Http404``.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from lotse.core.access import get_scoped, permitted_municipality_id
from lotse.core.errors import NotFound
from lotse.tenancy.models import Municipality, OpeningHours, Organisation, Site


def organisations_for(user: Any) -> QuerySet[Organisation]:
    municipality_id = permitted_municipality_id(user, "tenancy.list_directory")
    if municipality_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(municipality_id=municipality_id)


def sites_for(user: Any) -> QuerySet[Site]:
    municipality_id = permitted_municipality_id(user, "tenancy.list_directory")
    if municipality_id is None:
        return Site.objects.none()
    return (
        Site.objects.filter(municipality_id=municipality_id)
        .select_related("organisation", "municipality")
        .prefetch_related(Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday")))
    )


def get_organisation_for(user: Any, pk: Any) -> Organisation:
    return get_scoped(organisations_for(user), user, pk, "tenancy.view_organisation")


def get_site_for(user: Any, pk: Any) -> Site:
    return get_scoped(sites_for(user), user, pk, "tenancy.view_site")


def public_municipality(slug: str) -> Municipality:
    """A municipality for the public pages, by its slug."""
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise NotFound(_("We do not know a municipality with this address.")) from exc


def public_support_centres(municipality: Municipality) -> QuerySet[Site]:
    return (
        Site.objects.filter(municipality=municipality, is_support_centre=True)
        .select_related("organisation", "municipality")
        .prefetch_related(Prefetch("hours", queryset=OpeningHours.objects.order_by("weekday")))
    )
