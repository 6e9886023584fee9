"""API of the service directory: public reading (no token; never the internal note),
authenticated writing through the directory's services, and the gap-and-overlap analysis."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from lotse.api.common import CONFLICTS, ERRORS, Day, acting_user, municipality_of, require
from lotse.core.catalogues import Language, LifeDomain
from lotse.directory import analysis as landscape
from lotse.directory import queries, services
from lotse.directory.enums import Cost, TargetGroup
from lotse.directory.models import Service
from lotse.tenancy import queries as tenancy_queries
from lotse.tenancy.models import Site

public_router = Router(tags=["directory (public)"], auth=None)
router = Router(tags=["directory"])


class HoursOut(Schema):
    kind: str
    weekday: int
    opens: dt.time
    closes: dt.time


class PublicSiteOut(Schema):
    id: uuid.UUID
    name: str
    street: str
    postcode: str
    city: str
    district: str
    hours: list[HoursOut]

    @staticmethod
    def resolve_hours(obj: Any) -> list[Any]:
        return list(obj.hours.all())


class PublicServiceOut(Schema):
    """A service as anybody may see it: no internal note."""

    id: uuid.UUID
    organisation: str
    name: str
    description: str
    translations: dict[str, dict[str, str]]
    life_domains: list[str]
    target_groups: list[str]
    languages: list[str]
    age_min: int | None
    age_max: int | None
    cost: str
    waiting_days: int | None
    phone: str
    email: str
    website: str
    eligibility: str
    valid_from: Day | None
    valid_until: Day | None
    sites: list[PublicSiteOut]

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return str(obj.organisation.name)

    @staticmethod
    def resolve_sites(obj: Any) -> list[Any]:
        return list(obj.sites.all())


class ServiceOut(PublicServiceOut):
    version: int
    organisation_id: uuid.UUID
    capacity: int | None
    internal_note: str
    site_ids: list[uuid.UUID]

    @staticmethod
    def resolve_site_ids(obj: Any) -> list[Any]:
        return [site.pk for site in obj.sites.all()]


class ServiceFilters(Schema):
    domain: str = ""
    language: str = ""
    district: str = ""
    age: str = ""
    group: str = ""
    open: str = Field("", description="'today' or 'now'")
    q: str = ""


class ServiceIn(Schema):
    organisation_id: uuid.UUID
    name: str
    description: str
    translations: dict[str, dict[str, str]] = {}
    life_domains: list[LifeDomain]
    target_groups: list[TargetGroup] = []
    languages: list[Language] = []
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    site_ids: list[uuid.UUID] = []
    cost: Cost = Cost.FREE
    capacity: int | None = Field(None, ge=0)
    waiting_days: int | None = Field(None, ge=0, le=32000)
    phone: str = ""
    email: str = ""
    website: str = ""
    eligibility: str = ""
    internal_note: str = ""
    valid_from: Day | None = None
    valid_until: Day | None = None


class ServicePatch(Schema):
    version: int
    name: str | None = None
    description: str | None = None
    translations: dict[str, dict[str, str]] | None = None
    life_domains: list[LifeDomain] | None = None
    target_groups: list[TargetGroup] | None = None
    languages: list[Language] | None = None
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    site_ids: list[uuid.UUID] | None = None
    cost: Cost | None = None
    capacity: int | None = Field(None, ge=0)
    waiting_days: int | None = Field(None, ge=0, le=32000)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    eligibility: str | None = None
    internal_note: str | None = None
    valid_from: Day | None = None
    valid_until: Day | None = None


@public_router.get("/public/{slug}/services", response={200: list[PublicServiceOut], 404: Any})
@paginate(LimitOffsetPagination)
def public_services(request: HttpRequest, slug: str, filters: Query[ServiceFilters]) -> Any:
    """The current offers of a municipality, as in the public finder. No token needed.
    Unknown filter values give an empty list."""
    municipality = tenancy_queries.public_municipality(slug)
    query = queries.FinderQuery(
        life_domain=filters.domain,
        language=filters.language,
        district=filters.district,
        age=filters.age,
        target_group=filters.group,
        open=filters.open,
        text=filters.q,
    )
    ids = queries.find_service_ids(municipality, query, language="de")
    # A queryset: the pagination slices it, and sites and hours load for that page only.
    return queries.get_public_services(municipality).filter(pk__in=ids)


@public_router.get(
    "/public/{slug}/services/{service_id}", response={200: PublicServiceOut, 404: Any}
)
def public_service(request: HttpRequest, slug: str, service_id: uuid.UUID) -> Any:
    """One current offer of a municipality. No token needed."""
    municipality = tenancy_queries.public_municipality(slug)
    return queries.get_public_service(municipality, service_id)


def _sites(request: HttpRequest, ids: list[uuid.UUID]) -> list[Site]:
    return [tenancy_queries.get_site_for(request.user, pk) for pk in ids]


def _fields(payload: Schema, *, partial: bool) -> dict[str, Any]:
    data = payload.dict(exclude_unset=partial)
    data.pop("version", None)
    data.pop("organisation_id", None)
    data.pop("site_ids", None)
    for name in ("life_domains", "target_groups", "languages"):
        if data.get(name) is not None:
            data[name] = [str(code) for code in data[name]]
    if data.get("cost") is not None:
        data["cost"] = str(data["cost"])
    return data


@router.get("/services", response={200: list[ServiceOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_services(request: HttpRequest) -> Any:
    """Every service of the user's municipality, with capacity and internal note."""
    require(request, "directory.list_service")
    return queries.services_for(request.user).prefetch_related("sites__hours")


@router.post("/services", response={201: ServiceOut, **ERRORS})
def create_service(request: HttpRequest, payload: ServiceIn) -> Any:
    """Add a service. Coordinators for any organisation of their municipality, partner
    staff only for their own organisation (else 403)."""
    require(request, "directory.add_service")
    organisation = tenancy_queries.get_organisation_for(request.user, payload.organisation_id)
    # The same rule as for changes: partner staff only for their own organisation.
    require(
        request,
        "directory.change_service",
        Service(municipality_id=organisation.municipality_id, organisation=organisation),
    )
    service = services.create_service(
        acting_user=acting_user(request),
        organisation=organisation,
        sites=_sites(request, payload.site_ids),
        **_fields(payload, partial=False),
    )
    return Status(201, queries.get_service_for(request.user, service.pk))


@router.patch("/services/{service_id}", response={200: ServiceOut, **CONFLICTS})
def update_service(request: HttpRequest, service_id: uuid.UUID, payload: ServicePatch) -> Any:
    """Change a service; `version` must be the one read (else 409)."""
    service = queries.get_service_for(request.user, service_id)
    require(request, "directory.change_service", service)
    sites = _sites(request, payload.site_ids) if payload.site_ids is not None else None
    services.update_service(
        acting_user=acting_user(request),
        service=service,
        expected_version=payload.version,
        sites=sites,
        **_fields(payload, partial=True),
    )
    return queries.get_service_for(request.user, service_id)


class GapOut(Schema):
    kind: str
    life_domain: str
    district: str
    language: str
    urgent: int
    some: int
    declined: int
    offers: list[str]


class OverlapOut(Schema):
    district: str
    services: list[str]
    organisations: list[str]
    life_domains: list[str]
    target_groups: list[str]
    languages: list[str]
    referrals: int


class LandscapeOut(Schema):
    as_of: Day
    districts: list[str]
    gaps: list[GapOut]
    overlaps: list[OverlapOut]


class LandscapeFilters(Schema):
    district: str = ""
    life_domain: str = ""
    language: str = ""
    age_band: str = ""
    target_group: str = ""
    since: Day | None = None
    until: Day | None = None


@router.get("/landscape", response={200: LandscapeOut, **ERRORS})
def landscape_analysis(request: HttpRequest, filters: Query[LandscapeFilters]) -> Any:
    """Gaps and overlaps of the user's municipality (coordinators and centre lead)."""
    require(request, "directory.view_analysis")
    municipality = municipality_of(request)
    result = landscape.analyse(municipality, landscape.Filters(**filters.dict()))
    services.record_analysis_viewed(
        acting_user=acting_user(request),
        municipality=municipality,
        filters={k: str(v) for k, v in filters.dict().items() if v},
    )
    return {
        "as_of": timezone.localdate(),
        "districts": result.districts,
        "gaps": [{**gap.__dict__, "offers": list(gap.offers)} for gap in result.gaps],
        "overlaps": [
            {
                "district": o.district,
                "services": [s.name for s in o.services],
                "organisations": sorted({s.organisation for s in o.services}),
                "life_domains": list(o.life_domains),
                "target_groups": list(o.target_groups),
                "languages": list(o.languages),
                "referrals": o.referrals,
            }
            for o in result.overlaps
        ],
    }
