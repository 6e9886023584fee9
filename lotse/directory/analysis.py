"""Gaps and overlaps in the service landscape of one municipality: demand from the cases
against supply from the directory. Read-only; callers check ``directory.view_analysis``.

Definitions (docs/decisions/0011-service-landscape.md):

- **Demand** counts open cases by the needs ("some", "urgent") of their latest assessment.
  A case counts once in each first language and age band of its persons; its district is
  the district of its household (or of its person's household).
- **In reach** of a district is a service with a site in that district; a service without a
  site (telephone, outreach) is in reach everywhere. Only services valid today count.
- **Gap**: a (life domain, district, first language) with demand and no service in reach
  that offers the domain in that language ("no offer"), or only services whose waiting time
  exceeds ``LONG_WAIT_DAYS`` ("long wait"); also a life domain for which at least
  ``DECLINED_LIMIT`` referrals in the period were declined for lack of capacity or
  responsibility ("declined").
- **Overlap**: two or more services that share a district, a life domain, a target group and
  a language. Services that overlap in several of these form one row that lists them all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from lotse.cases.enums import GoalStatus, Phase
from lotse.cases.models import Assessment, AssessmentItem, Case, Goal
from lotse.core.catalogues import LanguageLevel, LifeDomain, NeedLevel
from lotse.directory.models import Service
from lotse.directory.queries import current_q
from lotse.people.models import Person
from lotse.referrals.enums import DeclineReason, ReferralStatus
from lotse.referrals.models import Referral
from lotse.tenancy.enums import HoursKind
from lotse.tenancy.models import Municipality, OpeningHours

LONG_WAIT_DAYS = 28
DECLINED_LIMIT = 3
NO_DISTRICT = ""

# Age bands (first and last year of age, inclusive), chosen along the services' usual
# limits: children 6–12, young people 12–27, adults from 27, seniors from 60.
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-5": (0, 5),
    "6-11": (6, 11),
    "12-17": (12, 17),
    "18-26": (18, 26),
    "27-59": (27, 59),
    "60+": (60, None),
}
UNKNOWN_AGE = "unknown"


@dataclass(frozen=True)
class Filters:
    district: str = ""
    life_domain: str = ""
    language: str = ""
    age_band: str = ""
    target_group: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass
class Need:
    some: int = 0
    urgent: int = 0

    @property
    def total(self) -> int:
        return self.some + self.urgent

    def add(self, level: str, cases: int = 1) -> None:
        if level == NeedLevel.URGENT:
            self.urgent += cases
        else:
            self.some += cases


@dataclass(frozen=True)
class Offer:
    """A service as the analysis sees it."""

    id: str
    name: str
    organisation: str
    life_domains: frozenset[str]
    target_groups: frozenset[str]
    languages: frozenset[str]
    districts: frozenset[str]  # empty: in reach everywhere
    age_min: int | None
    age_max: int | None
    capacity: int | None
    waiting_days: int | None
    office_minutes: int  # open office hours per week, over all sites

    def reaches(self, district: str) -> bool:
        return not self.districts or district in self.districts

    def fits_age(self, band: str) -> bool:
        if band not in AGE_BANDS:
            return True
        low, high = AGE_BANDS[band]
        return (self.age_max is None or self.age_max >= low) and (
            self.age_min is None or high is None or self.age_min <= high
        )


@dataclass(frozen=True)
class Gap:
    kind: str  # "no_offer", "long_wait", "declined"
    life_domain: str
    district: str
    language: str
    urgent: int
    some: int
    offers: tuple[str, ...] = ()
    declined: int = 0


@dataclass(frozen=True)
class Overlap:
    district: str
    services: tuple[Offer, ...]
    life_domains: tuple[str, ...]
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    referrals: int  # referrals in the period to the organisations of these services


@dataclass(frozen=True)
class Declined:
    life_domain: str
    organisation: str
    reason: str
    count: int


@dataclass
class Analysis:
    filters: Filters
    districts: list[str]
    need_by_place: dict[tuple[str, str], Need] = field(default_factory=dict)
    need_by_language: dict[tuple[str, str], Need] = field(default_factory=dict)
    need_by_age: dict[tuple[str, str], Need] = field(default_factory=dict)
    need_by_domain: dict[str, Need] = field(default_factory=dict)
    offers: list[Offer] = field(default_factory=list)
    supply_by_place: dict[tuple[str, str], int] = field(default_factory=dict)
    declined: list[Declined] = field(default_factory=list)
    goals_not_reached: dict[str, int] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)


def _age_band_expression(today: dt.date, prefix: str) -> SqlCase:
    """SQL that puts a birth date into an age band (the date's precision is ignored)."""
    whens = []
    for label, (_low, high) in AGE_BANDS.items():
        if high is None:
            whens.append(When(**{f"{prefix}__isnull": False}, then=Value(label)))
        else:
            # Age <= high  <=>  born after the day ``high + 1`` years ago.
            whens.append(When(**{f"{prefix}__gt": _years_ago(today, high + 1)}, then=Value(label)))
    return SqlCase(*whens, default=Value(UNKNOWN_AGE), output_field=CharField())


def _offers(municipality: Municipality, today: dt.date, filters: Filters) -> list[Offer]:
    """Current services as plain tuples: three small queries, no model instances."""
    services = (
        Service.objects.filter(municipality=municipality).filter(current_q(today)).order_by("name")
    )
    links = Service.sites.through.objects.filter(service__in=services.values("pk"))
    districts: dict[Any, set[str]] = defaultdict(set)
    sites_of: dict[Any, list[Any]] = defaultdict(list)
    for service_id, site_id, district in links.values_list(
        "service_id", "site_id", "site__district"
    ):
        districts[service_id].add(district)
        sites_of[service_id].append(site_id)
    minutes: dict[Any, int] = defaultdict(int)
    hours = OpeningHours.objects.filter(
        kind=HoursKind.OFFICE_HOURS, site__in=links.values("site_id")
    ).values_list("site_id", "opens", "closes")
    for site_id, opens, closes in hours:
        minutes[site_id] += (closes.hour - opens.hour) * 60 + closes.minute - opens.minute
    offers = []
    for row in services.values_list(
        "pk",
        "name",
        "organisation__name",
        "life_domains",
        "target_groups",
        "languages",
        "age_min",
        "age_max",
        "capacity",
        "waiting_days",
    ):
        pk, name, organisation, domains, groups, languages, low, high, capacity, wait = row
        offer = Offer(
            id=str(pk),
            name=name,
            organisation=organisation,
            life_domains=frozenset(domains),
            target_groups=frozenset(groups or ["everyone"]),
            languages=frozenset(languages),
            districts=frozenset(districts[pk]),
            age_min=low,
            age_max=high,
            capacity=capacity,
            waiting_days=wait,
            office_minutes=sum(minutes[site] for site in sites_of[pk]),
        )
        if filters.target_group and filters.target_group not in offer.target_groups:
            continue
        if filters.age_band and not offer.fits_age(filters.age_band):
            continue
        offers.append(offer)
    return offers


def _latest_needs(municipality: Municipality, filters: Filters, today: dt.date) -> QuerySet[Any]:
    """Items with a need of the latest assessment of each open case, filtered."""
    case = "assessment__case"
    later = Assessment.objects.filter(case_id=OuterRef(f"{case}_id")).filter(
        Q(assessed_on__gt=OuterRef("assessment__assessed_on"))
        | Q(
            assessed_on=OuterRef("assessment__assessed_on"),
            created_at__gt=OuterRef("assessment__created_at"),
        )
        | Q(
            assessed_on=OuterRef("assessment__assessed_on"),
            created_at=OuterRef("assessment__created_at"),
            id__gt=OuterRef("assessment_id"),
        )
    )
    items = (
        AssessmentItem.objects.filter(
            **{f"{case}__municipality": municipality},
            need__in=[NeedLevel.SOME, NeedLevel.URGENT],
        )
        .exclude(**{f"{case}__phase": Phase.CLOSED})
        .filter(~Exists(later))
    )
    if filters.life_domain:
        items = items.filter(life_domain=filters.life_domain)
    if filters.district:
        items = items.filter(
            Q(**{f"{case}__household__district": filters.district})
            | Q(**{f"{case}__person__household__district": filters.district})
        )
    if filters.language:
        speaking = Case.objects.filter(
            Q(
                household__members__languages__language=filters.language,
                household__members__languages__level=LanguageLevel.NATIVE,
            )
            | Q(
                person__languages__language=filters.language,
                person__languages__level=LanguageLevel.NATIVE,
            )
        )
        items = items.filter(**{f"{case}__in": speaking.values("id")})
    if filters.age_band in AGE_BANDS:
        low, high = AGE_BANDS[filters.age_band]
        born = Q(**_born_between(today, low, high, "household__members__birth_date")) | Q(
            **_born_between(today, low, high, "person__birth_date")
        )
        items = items.filter(**{f"{case}__in": Case.objects.filter(born).values("id")})
    return items


def _years_ago(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _born_between(today: dt.date, low: int, high: int | None, field: str) -> dict[str, dt.date]:
    """Lookups for an age from ``low`` to ``high`` years (inclusive) on a birth date field."""
    lookups = {f"{field}__lte": _years_ago(today, low)}
    if high is not None:
        lookups[f"{field}__gt"] = _years_ago(today, high + 1)
    return lookups


def _members(municipality: Municipality, today: dt.date) -> QuerySet[Any]:
    """(case, first language or NULL, age band) for every person of every open case: one
    pass over the persons for both the language and the age breakdown."""
    cases = Case.objects.filter(municipality=municipality).exclude(phase=Phase.CLOSED)
    paths = []
    for members in ("household__members", "person"):
        native = FilteredRelation(
            f"{members}__languages",
            condition=Q(**{f"{members}__languages__level": LanguageLevel.NATIVE}),
        )
        paths.append(
            cases.filter(**{f"{members}__isnull": False})
            .annotate(native=native)
            .values(
                case_ref=F("id"),
                language=F("native__language"),
                age_band=_age_band_expression(today, f"{members}__birth_date"),
            )
            .order_by()
        )
    return paths[0].union(paths[1], all=True)


def _demand(
    analysis: Analysis, municipality: Municipality, today: dt.date
) -> dict[tuple[str, str, str], Need]:
    """Fill the demand tables; returns demand by (life domain, district, language).

    One statement, grouped and counted in the database whatever the size: the need items
    are selected once (a common table expression) and counted by place, by first language
    and by age band. Each (case, language) and (case, band) pair appears once, and a case
    has one item per life domain, so plain counts are counts of cases.
    """
    case = "assessment__case"
    items = (
        _latest_needs(municipality, analysis.filters, today)
        .values(
            "life_domain",
            "need",
            case_ref=F(f"{case}_id"),
            # A person's household is looked up only for cases without a household.
            district=Coalesce(
                f"{case}__household__district",
                Subquery(
                    Person.objects.filter(pk=OuterRef(f"{case}__person_id")).values(
                        "household__district"
                    )[:1]
                ),
                Value(""),
            ),
        )
        .order_by()
    )
    filters = analysis.filters
    members = _members(municipality, today)
    parts = [q.query.sql_with_params() for q in (items, members)]
    language_only = "AND language = %s" if filters.language else ""
    band_only = "WHERE age_band = %s" if filters.age_band else ""
    extra = [filters.language] if filters.language else []
    extra_band = [filters.age_band] if filters.age_band else []
    # Only fixed SQL of our own around the compiled querysets; all values stay parameters.
    sql = f"""
        WITH need_items AS ({parts[0][0]}),
             members (case_ref, language, age_band) AS ({parts[1][0]}),
             case_languages AS (
                 SELECT DISTINCT case_ref, language FROM members
                  WHERE language IS NOT NULL {language_only}),
             case_bands AS (SELECT DISTINCT case_ref, age_band FROM members {band_only})
        SELECT 'place', life_domain, district, '', need, COUNT(*)
          FROM need_items GROUP BY life_domain, district, need
        UNION ALL
        SELECT 'language', n.life_domain, n.district, l.language, n.need, COUNT(*)
          FROM need_items n JOIN case_languages l ON l.case_ref = n.case_ref
         GROUP BY n.life_domain, n.district, l.language, n.need
        UNION ALL
        SELECT 'band', n.life_domain, '', b.age_band, n.need, COUNT(*)
          FROM need_items n JOIN case_bands b ON b.case_ref = n.case_ref
         GROUP BY n.life_domain, b.age_band, n.need
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*parts[0][1], *parts[1][1], *extra, *extra_band])
        rows = cursor.fetchall()
    by_key: dict[tuple[str, str, str], Need] = defaultdict(Need)
    for kind, domain, district, key, level, cases in rows:
        where = district or NO_DISTRICT
        if kind == "place":
            analysis.need_by_place.setdefault((domain, where), Need()).add(level, cases)
            analysis.need_by_domain.setdefault(domain, Need()).add(level, cases)
        elif kind == "language":
            by_key[(domain, where, key)].add(level, cases)
            analysis.need_by_language.setdefault((domain, key), Need()).add(level, cases)
        else:
            analysis.need_by_age.setdefault((domain, key), Need()).add(level, cases)
    return by_key


def _period(filters: Filters, today: dt.date) -> tuple[dt.date, dt.date]:
    until = filters.until or today
    since = filters.since or until - dt.timedelta(days=365)
    return since, until


def _referral_figures(
    analysis: Analysis, municipality: Municipality, since: dt.date, until: dt.date
) -> dict[str, int]:
    """Declined referrals by domain and organisation; returns referrals per organisation."""
    zone = municipality.zone
    start = dt.datetime.combine(since, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    referrals = Referral.objects.filter(municipality=municipality)
    declined = referrals.filter(
        status=ReferralStatus.DECLINED,
        decline_reason__in=[DeclineReason.NO_CAPACITY, DeclineReason.NOT_RESPONSIBLE],
        answered_at__gte=start,
        answered_at__lt=end,
    )
    if analysis.filters.life_domain:
        declined = declined.filter(life_domain=analysis.filters.life_domain)
    if analysis.filters.district:
        district = analysis.filters.district
        declined = declined.filter(
            Q(case__household__district=district) | Q(case__person__household__district=district)
        )
    analysis.declined = [
        Declined(row["life_domain"], row["organisation__name"], row["decline_reason"], row["n"])
        for row in declined.values("life_domain", "organisation__name", "decline_reason")
        .annotate(n=Count("id"))
        .order_by("-n", "life_domain", "organisation__name")
    ]
    sent = referrals.filter(sent_at__gte=start, sent_at__lt=end)
    return dict(sent.values_list("organisation__name").annotate(n=Count("id")).order_by())


def _goals_not_reached(
    analysis: Analysis, municipality: Municipality, since: dt.date, until: dt.date
) -> None:
    goals = Goal.objects.filter(
        case__municipality=municipality,
        status=GoalStatus.NOT_REACHED,
        target_date__gte=since,
        target_date__lte=until,
    )
    if analysis.filters.life_domain:
        goals = goals.filter(life_domain=analysis.filters.life_domain)
    analysis.goals_not_reached = dict(
        goals.values_list("life_domain").annotate(n=Count("id")).order_by()
    )


def _gaps(analysis: Analysis, demand: dict[tuple[str, str, str], Need]) -> list[Gap]:
    gaps = []
    speaking: dict[tuple[str, str], list[Offer]] = defaultdict(list)
    for offer in analysis.offers:
        for domain in offer.life_domains:
            for language in offer.languages:
                speaking[(domain, language)].append(offer)
    for (domain, district, language), need in demand.items():
        if not language:
            continue  # nobody recorded a first language: no language to miss
        offers = [o for o in speaking.get((domain, language), ()) if o.reaches(district)]
        if not offers:
            gaps.append(Gap("no_offer", domain, district, language, need.urgent, need.some))
        elif all((o.waiting_days or 0) > LONG_WAIT_DAYS for o in offers):
            names = tuple(o.name for o in offers)
            gaps.append(Gap("long_wait", domain, district, language, need.urgent, need.some, names))
    declined_by_domain: dict[str, int] = defaultdict(int)
    for row in analysis.declined:
        declined_by_domain[row.life_domain] += row.count
    for domain, count in declined_by_domain.items():
        if domain and count >= DECLINED_LIMIT:
            gaps.append(Gap("declined", domain, "", "", 0, 0, declined=count))
    order = {"no_offer": 0, "long_wait": 1, "declined": 2}
    return sorted(
        gaps,
        key=lambda g: (-g.urgent, -g.some, -g.declined, order[g.kind], g.life_domain, g.district),
    )


def _overlaps(analysis: Analysis, referrals_by_organisation: dict[str, int]) -> list[Overlap]:
    filters = analysis.filters
    cells: dict[tuple[str, str, str, str], list[Offer]] = defaultdict(list)
    for offer in analysis.offers:
        for district in offer.districts:  # services without a site are not placed anywhere
            for domain in offer.life_domains:
                for group in offer.target_groups:
                    for language in offer.languages:
                        cells[(district, domain, group, language)].append(offer)
    groups: dict[tuple[str, tuple[str, ...]], dict[str, set[str]]] = {}
    for (district, domain, group, language), offers in cells.items():
        if len(offers) < 2:
            continue
        if filters.district and district != filters.district:
            continue
        if filters.life_domain and domain != filters.life_domain:
            continue
        if filters.language and language != filters.language:
            continue
        key = (district, tuple(sorted(o.id for o in offers)))
        entry = groups.setdefault(key, {"domains": set(), "groups": set(), "languages": set()})
        entry["domains"].add(domain)
        entry["groups"].add(group)
        entry["languages"].add(language)
    by_id = {o.id: o for o in analysis.offers}
    overlaps = []
    for (district, ids), entry in groups.items():
        members = tuple(by_id[i] for i in ids)
        organisations = {o.organisation for o in members}
        overlaps.append(
            Overlap(
                district=district,
                services=tuple(sorted(members, key=lambda o: o.name)),
                life_domains=tuple(d for d in LifeDomain.values if d in entry["domains"]),
                target_groups=tuple(sorted(entry["groups"])),
                languages=tuple(sorted(entry["languages"])),
                referrals=sum(referrals_by_organisation.get(name, 0) for name in organisations),
            )
        )
    return sorted(
        overlaps,
        key=lambda o: (-len(o.services), -len(o.life_domains), o.district, o.services[0].name),
    )


def analyse(municipality: Municipality, filters: Filters | None = None) -> Analysis:
    """Demand, supply, gaps and overlaps of one municipality, as of today."""
    filters = filters or Filters()
    today = timezone.localdate()
    analysis = Analysis(filters=filters, districts=[])
    demand = _demand(analysis, municipality, today)
    analysis.offers = _offers(municipality, today, filters)
    if filters.language:
        analysis.offers = [o for o in analysis.offers if filters.language in o.languages]
    if filters.district:
        analysis.offers = [o for o in analysis.offers if o.reaches(filters.district)]
    since, until = _period(filters, today)
    referrals_by_organisation = _referral_figures(analysis, municipality, since, until)
    _goals_not_reached(analysis, municipality, since, until)
    districts = {d for (_domain, d) in analysis.need_by_place} | {
        d for o in analysis.offers for d in o.districts
    }
    if filters.district:
        districts &= {filters.district}
    analysis.districts = sorted(d for d in districts if d)
    for offer in analysis.offers:
        for domain in offer.life_domains:
            if filters.life_domain and domain != filters.life_domain:
                continue
            for district in analysis.districts:
                if offer.reaches(district):
                    key = (domain, district)
                    analysis.supply_by_place[key] = analysis.supply_by_place.get(key, 0) + 1
    analysis.gaps = _gaps(analysis, demand)
    analysis.overlaps = _overlaps(analysis, referrals_by_organisation)
    return analysis
